//! spawn1: hand work to the runtime with `tokio::spawn`.
//!
//! `tokio::spawn` starts a *task*: the runtime drives it on its own, next to
//! everything else, from the moment it is spawned. It gives back a
//! `JoinHandle`; awaiting the handle waits for the task to finish and yields
//! `Result<T, JoinError>` (an error only if the task panicked or was aborted).
//!
//! Here every document is counted by a slow service. One after the other,
//! three documents take three times as long as one.

use std::time::Duration;

/// Stands in for a remote word-count service that takes 100 ms to answer.
async fn word_count(text: String) -> usize {
    tokio::time::sleep(Duration::from_millis(100)).await;
    text.split_whitespace().count()
}

/// Counts the words of every document, one task per document, and returns the
/// counts in document order.
async fn count_all(documents: Vec<String>) -> Vec<usize> {
    // TODO: this waits for each count before asking for the next. Spawn one
    // task per document with `tokio::spawn`, then await the `JoinHandle`s.
    let mut counts = Vec::with_capacity(documents.len());
    for text in documents {
        counts.push(word_count(text).await);
    }
    counts
}

#[tokio::main]
async fn main() {
    let documents = vec!["one two three".to_string(), "four five".to_string()];
    println!("{:?}", count_all(documents).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    fn documents() -> Vec<String> {
        ["the quick brown fox", "jumps over", "the lazy dog today"]
            .map(String::from)
            .to_vec()
    }

    #[tokio::test(start_paused = true)]
    async fn counts_come_back_in_document_order() {
        assert_eq!(count_all(documents()).await, vec![4, 2, 4]);
    }

    #[tokio::test(start_paused = true)]
    async fn documents_are_counted_concurrently() {
        let start = Instant::now();
        let counts = count_all(documents()).await;
        let elapsed = start.elapsed();
        assert_eq!(counts.len(), 3);
        assert_eq!(
            elapsed,
            Duration::from_millis(100),
            "three 100 ms counts took {elapsed:?}: they ran one after the other"
        );
    }
}
