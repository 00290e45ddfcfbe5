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
use tokio::time::{Instant, Sleep, sleep};
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

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if self.next == 0 {
            return Poll::Ready(None);
        }
        // Not due yet: `Sleep` has registered our waker and returned Pending.
        if self.timer.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        let item = self.next;
        self.next -= 1;
        let next_deadline = Instant::now() + self.period;
        self.timer.as_mut().reset(next_deadline);
        Poll::Ready(Some(item))
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
