//! pin4: a combinator around an `Unpin` future.
//!
//! `CountPolls` wraps a future and reports how many polls it took. Its `poll`
//! gets `self: Pin<&mut Self>`, and to poll the inner future it needs a
//! `Pin<&mut F>`. When `F: Unpin`, moving `F` can never break it, so
//! `Pin::new(&mut inner)` makes that pin safely, and `CountPolls` itself is
//! `Unpin` too, so its fields can be reached through the `Pin` as usual.
//!
//! An `async` block is not `Unpin`: once polled it may hold references into
//! itself, and moving it would leave them dangling. To wrap one, pin it first:
//! `Box::pin(fut)` or `std::pin::pin!(fut)` give a `Pin<Box<F>>` or
//! `Pin<&mut F>`, and those are `Unpin` futures themselves. (Wrapping `!Unpin`
//! futures directly needs "pin projection": that is pin5.)

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Ready with the inner output and the number of polls it took.
struct CountPolls<F> {
    inner: F,
    polls: u32,
}

impl<F> CountPolls<F> {
    fn new(inner: F) -> Self {
        CountPolls { inner, polls: 0 }
    }
}

impl<F: Future + Unpin> Future for CountPolls<F> {
    type Output = (F::Output, u32);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.polls += 1;
        // TODO: `poll` needs a pinned inner future, and `F: Unpin` means you
        // may pin it right here.
        match self.inner.poll(cx) {
            Poll::Ready(output) => Poll::Ready((output, self.polls)),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[tokio::main]
async fn main() {
    let yields_twice = std::pin::pin!(async {
        tokio::task::yield_now().await;
        tokio::task::yield_now().await;
        "done"
    });
    let (output, polls) = CountPolls::new(yields_twice).await;
    println!("{output} after {polls} polls");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_ready_future_takes_one_poll() {
        assert_eq!(CountPolls::new(std::future::ready(5)).await, (5, 1));
    }

    #[tokio::test]
    async fn every_pending_adds_a_poll() {
        let yields_three_times = Box::pin(async {
            for _ in 0..3 {
                tokio::task::yield_now().await;
            }
            'x'
        });
        assert_eq!(CountPolls::new(yields_three_times).await, ('x', 4));
    }

    #[tokio::test(start_paused = true)]
    async fn a_stack_pinned_timer_is_polled_when_it_fires() {
        let sleep = std::pin::pin!(tokio::time::sleep(Duration::from_secs(1)));
        let ((), polls) = CountPolls::new(sleep).await;
        assert_eq!(polls, 2, "one poll to start the timer, one when it fired");
    }
}
