//! blocking1: `std::thread::sleep` stops every task on the thread.
//!
//! Tasks share their runtime's threads by taking turns: a task runs until it
//! reaches an `.await` that has to wait, and that is when another task gets
//! the thread. `std::thread::sleep` never reaches such an `.await`: it parks
//! the whole thread, so on a current-thread runtime *nothing* else runs while
//! it sleeps. `tokio::time::sleep(..).await` waits the same time and lets the
//! other tasks run meanwhile.

use std::time::Duration;

/// Calls `attempt` until it gives a value, waiting `backoff` between tries.
async fn fetch_with_retry(
    mut attempt: impl FnMut() -> Option<String>,
    backoff: Duration,
) -> String {
    loop {
        if let Some(value) = attempt() {
            return value;
        }
        // TODO: this parks the runtime's thread, and every other task with it.
        std::thread::sleep(backoff);
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut tries = 0;
    let flaky = || {
        tries += 1;
        (tries == 3).then(|| "finally".to_string())
    };
    println!(
        "{}",
        fetch_with_retry(flaky, Duration::from_millis(20)).await
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};
    use tokio::time::Instant;

    /// Fails twice, then answers.
    fn third_time_lucky() -> impl FnMut() -> Option<String> {
        let mut tries = 0;
        move || {
            tries += 1;
            (tries == 3).then(|| "answer".to_string())
        }
    }

    #[tokio::test(start_paused = true)]
    async fn retries_wait_the_backoff_between_attempts() {
        let start = Instant::now();
        let value = fetch_with_retry(third_time_lucky(), Duration::from_millis(20)).await;
        assert_eq!(value, "answer");
        assert_eq!(start.elapsed(), Duration::from_millis(40));
    }

    #[tokio::test(start_paused = true)]
    async fn a_ticker_keeps_ticking_during_the_backoff() {
        let ticks = Arc::new(AtomicU32::new(0));
        let ticker = tokio::spawn({
            let ticks = ticks.clone();
            async move {
                let mut every_5ms = tokio::time::interval(Duration::from_millis(5));
                loop {
                    every_5ms.tick().await;
                    ticks.fetch_add(1, Ordering::SeqCst);
                }
            }
        });
        tokio::task::yield_now().await; // let the ticker take its first tick
        let before = ticks.load(Ordering::SeqCst);
        fetch_with_retry(third_time_lucky(), Duration::from_millis(20)).await;
        let during = ticks.load(Ordering::SeqCst) - before;
        ticker.abort();
        // 40 ms of backoff is 8 ticks; the last may land just after we return.
        assert!(
            during >= 7,
            "the ticker ticked {during} times during 40 ms of backoff"
        );
    }
}
