//! Wrong answer to countdown1: clones the waker, as if holding a copy asked for
//! another poll; nothing ever calls wake, so the task is never polled again.
//!
//! Rejected by: tests::tokio_can_await_it_to_the_end, tests::wakes_itself_every_time_it_is_pending

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Ready with `"liftoff"` after `remaining` polls that return `Pending`.
struct Countdown {
    remaining: u32,
}

impl Future for Countdown {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.remaining == 0 {
            return Poll::Ready("liftoff");
        }
        self.remaining -= 1;
        let _again = cx.waker().clone();
        Poll::Pending
    }
}

#[tokio::main]
async fn main() {
    let word = Countdown { remaining: 3 }.await;
    println!("{word}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::{Wake, Waker};
    use std::time::Duration;

    /// A waker that only counts how often it was woken.
    #[derive(Default)]
    struct CountingWaker(AtomicUsize);

    impl Wake for CountingWaker {
        fn wake(self: Arc<Self>) {
            self.wake_by_ref();
        }
        fn wake_by_ref(self: &Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn is_pending_exactly_remaining_times_then_ready() {
        let mut countdown = Countdown { remaining: 3 };
        let waker = Waker::from(Arc::new(CountingWaker::default()));
        let mut cx = Context::from_waker(&waker);
        for poll in 1..=3 {
            let result = Pin::new(&mut countdown).poll(&mut cx);
            assert_eq!(result, Poll::Pending, "poll {poll} of 3 should be Pending");
        }
        assert_eq!(
            Pin::new(&mut countdown).poll(&mut cx),
            Poll::Ready("liftoff")
        );
    }

    #[test]
    fn wakes_itself_every_time_it_is_pending() {
        let counter = Arc::new(CountingWaker::default());
        let waker = Waker::from(counter.clone());
        let mut cx = Context::from_waker(&waker);
        let mut countdown = Countdown { remaining: 2 };
        for _ in 0..10 {
            if Pin::new(&mut countdown).poll(&mut cx).is_ready() {
                break;
            }
        }
        assert_eq!(
            counter.0.load(Ordering::SeqCst),
            2,
            "each Pending must be paired with exactly one wake"
        );
    }

    #[test]
    fn zero_is_ready_at_once() {
        let waker = futures::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        let mut countdown = Countdown { remaining: 0 };
        assert_eq!(
            Pin::new(&mut countdown).poll(&mut cx),
            Poll::Ready("liftoff")
        );
    }

    #[tokio::test(start_paused = true)]
    async fn tokio_can_await_it_to_the_end() {
        let countdown = Countdown { remaining: 5 };
        let awaited = tokio::time::timeout(Duration::from_secs(1), countdown).await;
        assert_eq!(
            awaited,
            Ok("liftoff"),
            "timed out: a Pending future that never wakes is never polled again"
        );
    }
}
