//! stream2: make a stream with `futures::stream::unfold`.
//!
//! A stream does not have to come from a channel or a wrapper: `unfold`
//! builds one from a starting state and an async step. Each time the consumer
//! asks for the next item, the stream runs `step(state)`, whose future gives
//! `Some((item, next_state))` to yield an item, or `None` to end the stream.
//! Like a future, a stream is lazy: nothing runs until someone asks for an
//! item, so the wait for each number starts when the consumer asks for it.

use futures::stream::{self, Stream, StreamExt};
use std::time::Duration;
use tokio::time::sleep;

/// Yields `from`, `from - 1`, ..., `1`: each number `period` after the
/// consumer asked for it. Ends right after `1`.
fn countdown(from: u32, period: Duration) -> impl Stream<Item = u32> {
    // TODO: this stream is empty. Build it with `stream::unfold`, with the
    // next number to yield as its state.
    let _ = (from, period);
    stream::empty()
}

#[tokio::main]
async fn main() {
    countdown(3, Duration::from_millis(100))
        .for_each(|n| async move { println!("{n}...") })
        .await;
    println!("liftoff");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, timeout};

    /// Collects the numbers with the time (ms) each arrived, counted from
    /// `start`; a stream that never ends fails instead of hanging.
    async fn collect_timed(numbers: impl Stream<Item = u32>, start: Instant) -> Vec<(u32, u128)> {
        let timed = numbers.map(|n| (n, start.elapsed().as_millis())).collect();
        timeout(Duration::from_secs(60), timed)
            .await
            .expect("the stream never ended")
    }

    #[tokio::test(start_paused = true)]
    async fn counts_down_one_number_per_period_and_ends_after_one() {
        let start = Instant::now();
        let seen = collect_timed(countdown(3, Duration::from_millis(100)), start).await;
        assert_eq!(seen, [(3, 100), (2, 200), (1, 300)]);
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(300),
            "the stream should end as soon as 1 is out, without another wait"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_happens_until_the_consumer_asks() {
        let start = Instant::now();
        let numbers = countdown(2, Duration::from_millis(100));
        sleep(Duration::from_secs(1)).await;
        let seen = collect_timed(numbers, start).await;
        assert_eq!(
            seen,
            [(2, 1100), (1, 1200)],
            "each wait starts when the consumer asks, not when the stream is made"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_consumer_sets_the_pace() {
        let start = Instant::now();
        let numbers = countdown(3, Duration::from_millis(100)).then(|n| async move {
            // The consumer needs 250 ms for each number before asking again.
            sleep(Duration::from_millis(250)).await;
            n
        });
        let seen = collect_timed(numbers, start).await;
        assert_eq!(seen, [(3, 350), (2, 700), (1, 1050)]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_countdown_from_zero_is_empty() {
        let start = Instant::now();
        assert!(
            collect_timed(countdown(0, Duration::from_secs(5)), start)
                .await
                .is_empty()
        );
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
