//! Wrong answer to yield1: `tokio::task::coop::consume_budget()` yields only
//! once the task has used up its whole budget (128 units), not every
//! `YIELD_EVERY` documents.
//!
//! Rejected by: tests::a_progress_task_sees_the_count_move_often

use std::sync::atomic::{AtomicUsize, Ordering};

/// Other tasks must get a turn at least this often (in documents).
const YIELD_EVERY: usize = 100;

/// Counts the words of every document, storing how many documents are done in
/// `progress` so that other tasks can show it.
async fn count_words(documents: &[String], progress: &AtomicUsize) -> usize {
    let mut words = 0;
    for (index, document) in documents.iter().enumerate() {
        words += document.split_whitespace().count();
        progress.store(index + 1, Ordering::SeqCst);
        tokio::task::coop::consume_budget().await;
    }
    words
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let documents = vec!["a few words here".to_string(); 1000];
    let progress = AtomicUsize::new(0);
    println!("{} words", count_words(&documents, &progress).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test]
    async fn every_word_is_counted() {
        let documents = vec!["one two".to_string(), "three".to_string(), String::new()];
        assert_eq!(count_words(&documents, &AtomicUsize::new(0)).await, 3);
    }

    #[tokio::test]
    async fn a_progress_task_sees_the_count_move_often() {
        let documents = vec!["lorem ipsum dolor".to_string(); 1000];
        let progress = Arc::new(AtomicUsize::new(0));
        // Another task, on the same thread, notes the progress at each turn it gets.
        let watcher = tokio::spawn({
            let progress = progress.clone();
            async move {
                let mut seen = vec![0];
                while *seen.last().unwrap() < 1000 {
                    seen.push(progress.load(Ordering::SeqCst));
                    tokio::task::yield_now().await;
                }
                seen
            }
        });
        assert_eq!(count_words(&documents, &progress).await, 3000);
        let seen = watcher.await.unwrap();
        let longest_wait = seen.windows(2).map(|w| w[1] - w[0]).max().unwrap();
        assert!(
            longest_wait <= YIELD_EVERY,
            "the progress task got no turn for {longest_wait} documents (it saw {seen:?})"
        );
    }
}
