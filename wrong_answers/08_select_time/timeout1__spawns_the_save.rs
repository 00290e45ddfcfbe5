//! Wrong answer to timeout1: spawns the save and puts the timeout on its
//! `JoinHandle`. The caller stops waiting at the deadline, but dropping a
//! `JoinHandle` does not stop its task: the save still completes later.
//!
//! Rejected by: tests::abandoned_save_never_completes

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::time::{sleep, timeout};

/// The longest a save may take before we give up on it.
const DEADLINE: Duration = Duration::from_secs(1);

#[derive(Debug, PartialEq)]
enum SaveError {
    TimedOut,
}

/// Writes the report to a slow disk that needs `takes`, then marks it saved.
async fn slow_save(saved: Arc<AtomicBool>, takes: Duration) {
    sleep(takes).await;
    saved.store(true, Ordering::SeqCst);
}

/// Saves the report, or gives up with `SaveError::TimedOut` after `DEADLINE`.
async fn save_with_deadline(saved: Arc<AtomicBool>, takes: Duration) -> Result<(), SaveError> {
    match timeout(DEADLINE, tokio::spawn(slow_save(saved, takes))).await {
        Ok(_joined) => Ok(()),
        Err(_elapsed) => Err(SaveError::TimedOut),
    }
}

#[tokio::main]
async fn main() {
    let saved = Arc::new(AtomicBool::new(false));
    let outcome = save_with_deadline(saved.clone(), Duration::from_millis(10)).await;
    println!("{outcome:?}, saved: {}", saved.load(Ordering::SeqCst));
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn quick_save_finishes() {
        let saved = Arc::new(AtomicBool::new(false));
        let outcome = save_with_deadline(saved.clone(), Duration::from_millis(200)).await;
        assert_eq!(outcome, Ok(()));
        assert!(saved.load(Ordering::SeqCst));
    }

    #[tokio::test(start_paused = true)]
    async fn slow_save_gives_up_at_the_deadline() {
        let saved = Arc::new(AtomicBool::new(false));
        let start = Instant::now();
        let outcome = save_with_deadline(saved.clone(), Duration::from_secs(5)).await;
        assert_eq!(outcome, Err(SaveError::TimedOut));
        assert_eq!(start.elapsed(), DEADLINE, "give up exactly at the deadline");
    }

    #[tokio::test(start_paused = true)]
    async fn abandoned_save_never_completes() {
        let saved = Arc::new(AtomicBool::new(false));
        let _ = save_with_deadline(saved.clone(), Duration::from_secs(5)).await;
        // Long after the slow save would have finished, it still has not:
        // the future was dropped, not left running in the background.
        sleep(Duration::from_secs(10)).await;
        assert!(
            !saved.load(Ordering::SeqCst),
            "the timed-out save kept running"
        );
    }
}
