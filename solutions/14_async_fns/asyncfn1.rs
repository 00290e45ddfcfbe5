//! asyncfn1: recursion in an `async fn`.
//!
//! An `async fn` returns a state machine that stores everything alive across
//! its `.await`s, including the futures it awaits. If it awaits a call to
//! itself, the state machine would contain itself: a type of infinite size.
//! Boxing the recursive call breaks the cycle, since a box has a fixed size
//! whatever it points to.

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
            let mut total = 0;
            for child in children {
                total += Box::pin(total_size(child)).await;
            }
            total
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
