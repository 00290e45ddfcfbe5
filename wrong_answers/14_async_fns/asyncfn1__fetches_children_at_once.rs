//! Wrong answer to asyncfn1: boxes the recursive calls and joins them, so a
//! directory fetches all its children at the same time instead of one entry at
//! a time as the tree requires.
//!
//! Rejected by: tests::each_file_is_fetched_once

use std::time::Duration;

/// A directory tree whose sizes must be fetched one entry at a time.
enum Entry {
    File { size: u64 },
    Dir(Vec<Entry>),
}

/// Pretends to ask a slow disk for one file's size.
async fn fetch_size(size: u64) -> u64 {
    tokio::time::sleep(Duration::from_millis(10)).await;
    size
}

async fn total_size(entry: &Entry) -> u64 {
    match entry {
        Entry::File { size } => fetch_size(*size).await,
        Entry::Dir(children) => {
            let sizes = children.iter().map(|child| Box::pin(total_size(child)));
            futures::future::join_all(sizes).await.into_iter().sum()
        }
    }
}

#[tokio::main]
async fn main() {
    let tree = Entry::Dir(vec![
        Entry::File { size: 3 },
        Entry::Dir(vec![Entry::File { size: 4 }]),
    ]);
    println!("{} bytes", total_size(&tree).await);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_single_file_is_its_own_size() {
        assert_eq!(total_size(&Entry::File { size: 7 }).await, 7);
    }

    #[tokio::test(start_paused = true)]
    async fn nested_directories_add_up() {
        let tree = Entry::Dir(vec![
            Entry::File { size: 1 },
            Entry::Dir(vec![
                Entry::File { size: 20 },
                Entry::Dir(vec![Entry::File { size: 300 }]),
            ]),
            Entry::Dir(vec![]),
        ]);
        assert_eq!(total_size(&tree).await, 321);
    }

    #[tokio::test(start_paused = true)]
    async fn each_file_is_fetched_once() {
        let tree = Entry::Dir(vec![
            Entry::File { size: 1 },
            Entry::Dir(vec![Entry::File { size: 2 }]),
        ]);
        let start = tokio::time::Instant::now();
        assert_eq!(total_size(&tree).await, 3);
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(20),
            "two files fetched one at a time take 20 ms"
        );
    }
}
