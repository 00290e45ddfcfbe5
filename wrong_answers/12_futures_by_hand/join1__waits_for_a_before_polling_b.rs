//! Wrong answer to join1: returns Pending as soon as `a` is not done, without
//! polling `b`, so `b` only starts once `a` has finished and the two waits add
//! up.
//!
//! Rejected by: tests::both_futures_wait_at_the_same_time, tests::the_first_poll_starts_both_futures

use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

enum Slot<F: Future> {
    Running(F),
    Done(F::Output),
    Taken,
}

impl<F: Future + Unpin> Slot<F> {
    /// Polls the future if it still runs; true once its output is stored.
    fn poll_done(&mut self, cx: &mut Context<'_>) -> bool {
        if let Slot::Running(future) = self
            && let Poll::Ready(output) = Pin::new(future).poll(cx)
        {
            *self = Slot::Done(output);
        }
        matches!(self, Slot::Done(_))
    }

    fn take_output(&mut self) -> F::Output {
        match mem::replace(self, Slot::Taken) {
            Slot::Done(output) => output,
            _ => panic!("take_output called before the future finished"),
        }
    }
}

/// Ready with both outputs once both futures are.
struct Join<A: Future, B: Future> {
    a: Slot<A>,
    b: Slot<B>,
}

// The outputs are only ever moved, never pinned, so a `Join` may move freely
// even when an output type is not `Unpin` (chapter 13 explains pinning).
impl<A: Future, B: Future> Unpin for Join<A, B> {}

fn join<A: Future + Unpin, B: Future + Unpin>(a: A, b: B) -> Join<A, B> {
    Join {
        a: Slot::Running(a),
        b: Slot::Running(b),
    }
}

impl<A: Future + Unpin, B: Future + Unpin> Future for Join<A, B> {
    type Output = (A::Output, B::Output);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        // Both are polled before either result is looked at: `a && b` would
        // skip `b` until `a` is done and make the join sequential.
        if !this.a.poll_done(cx) {
            return Poll::Pending;
        }
        if this.b.poll_done(cx) {
            Poll::Ready((this.a.take_output(), this.b.take_output()))
        } else {
            Poll::Pending
        }
    }
}

async fn slow_number(number: u32) -> u32 {
    tokio::time::sleep(Duration::from_millis(100)).await;
    number
}

#[tokio::main]
async fn main() {
    let both = join(Box::pin(slow_number(1)), Box::pin(slow_number(2))).await;
    println!("{both:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn returns_both_outputs_in_order() {
        let both = join(Box::pin(slow_number(1)), Box::pin(slow_number(2))).await;
        assert_eq!(both, (1, 2));
    }

    #[tokio::test(start_paused = true)]
    async fn both_futures_wait_at_the_same_time() {
        let timeline = timeline::Timeline::new();
        let (first, second) = (timeline.clone(), timeline.clone());
        let start = Instant::now();
        join(
            Box::pin(async move {
                let _span = first.start("a");
                slow_number(1).await
            }),
            Box::pin(async move {
                let _span = second.start("b");
                slow_number(2).await
            }),
        )
        .await;
        println!("{timeline}");
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(100),
            "two 100 ms waits joined should take 100 ms, not one after the other"
        );
    }

    #[test]
    fn the_first_poll_starts_both_futures() {
        let started = [
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicBool::new(false)),
        ];
        let [a_flag, b_flag] = started.clone();
        let mut joined = join(
            Box::pin(async move {
                a_flag.store(true, Ordering::SeqCst);
                std::future::pending::<()>().await
            }),
            Box::pin(async move {
                b_flag.store(true, Ordering::SeqCst);
                std::future::pending::<()>().await
            }),
        );
        let waker = futures::task::noop_waker();
        assert!(
            Pin::new(&mut joined)
                .poll(&mut Context::from_waker(&waker))
                .is_pending()
        );
        assert!(started[0].load(Ordering::SeqCst), "a was not polled");
        assert!(
            started[1].load(Ordering::SeqCst),
            "b was not polled on the same poll"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_finished_future_is_not_polled_again() {
        // `Ready` panics if it is polled after it returned its value.
        let both = join(std::future::ready("now"), Box::pin(slow_number(2))).await;
        assert_eq!(both, ("now", 2));
    }
}
