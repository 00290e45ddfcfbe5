//! Wrong answer to timeout1: compares how long the save will take with the
//! deadline and gives up at once when it is too slow. Real work does not say
//! in advance how long it takes, and the caller is told "timed out" before
//! any time has passed.
//!
//! Rejected by: tests::slow_save_gives_up_at_the_deadline

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::time::sleep;

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
    if takes > DEADLINE {
        return Err(SaveError::TimedOut);
    }
    slow_save(saved, takes).await;
    Ok(())
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
