//! stream2: implement `Stream` by hand.
//!
//! `Stream::poll_next` is `Future::poll` for a sequence: return
//! `Poll::Ready(Some(item))` for the next item, `Poll::Ready(None)` when the
//! stream is over, and `Poll::Pending` when the next item is not there yet.
//! Returning `Pending` is only allowed if something will wake the task later;
//! here the inner `Sleep` does that when we poll it and it is not done.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Sleep, sleep};
use tokio_stream::{Stream, StreamExt};

/// Yields `from`, `from - 1`, ..., `1`, one number every `period`.
struct Countdown {
    next: u32,
    period: Duration,
    timer: Pin<Box<Sleep>>,
}

impl Countdown {
    fn new(from: u32, period: Duration) -> Self {
        Countdown {
            next: from,
            period,
            timer: Box::pin(sleep(period)),
        }
    }
}

impl Stream for Countdown {
    type Item = u32;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        // TODO: end the stream after 1. Otherwise poll the timer: while it is
        // pending, so is the stream; once it fires, yield the next number and
        // `reset` the timer one `period` from now.
        let _ = (cx, self.period);
        Poll::Ready(None)
    }
}

#[tokio::main]
async fn main() {
    let mut countdown = Countdown::new(3, Duration::from_millis(100));
    while let Some(n) = countdown.next().await {
        println!("{n}...");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, timeout};

    #[tokio::test(start_paused = true)]
    async fn counts_down_one_number_per_period() {
        let start = Instant::now();
        let mut countdown = Countdown::new(3, Duration::from_millis(100));
        let mut seen = Vec::new();
        while let Some(n) = timeout(Duration::from_secs(5), countdown.next())
            .await
            .expect("the stream never woke up")
        {
            seen.push((n, start.elapsed().as_millis()));
        }
        assert_eq!(seen, [(3, 100), (2, 200), (1, 300)]);
    }

    #[tokio::test(start_paused = true)]
    async fn stays_finished() {
        let mut countdown = Countdown::new(1, Duration::from_millis(10));
        assert_eq!(countdown.next().await, Some(1));
        assert_eq!(countdown.next().await, None);
        assert_eq!(countdown.next().await, None);
    }
}
