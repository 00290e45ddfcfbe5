//! Wrong answer to pin5: stores the future as `Pin<Box<F>>`, which is `Unpin`,
//! so no projection is needed; it works, but allocates for every `Timed`, which
//! pin projection exists to avoid.
//!
//! Rejected by: tests::holds_the_future_in_place_without_a_box

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::Instant;

/// Ready with the inner output and the time since the first poll.
struct Timed<F> {
    inner: Pin<Box<F>>,
    started: Option<Instant>,
}

impl<F> Timed<F> {
    fn new(inner: F) -> Self {
        Timed {
            inner: Box::pin(inner),
            started: None,
        }
    }
}

impl<F: Future> Future for Timed<F> {
    type Output = (F::Output, Duration);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let started = *this.started.get_or_insert_with(Instant::now);
        match this.inner.as_mut().poll(cx) {
            Poll::Ready(output) => Poll::Ready((output, started.elapsed())),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[tokio::main]
async fn main() {
    let (word, took) = Timed::new(async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        "done"
    })
    .await;
    println!("{word} in {took:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::sleep;

    #[tokio::test(start_paused = true)]
    async fn times_a_sleep_it_wraps_directly() {
        let ((), took) = Timed::new(sleep(Duration::from_millis(250))).await;
        assert_eq!(took, Duration::from_millis(250));
    }

    #[tokio::test(start_paused = true)]
    async fn times_an_async_block() {
        let two_steps = async {
            sleep(Duration::from_millis(100)).await;
            sleep(Duration::from_millis(50)).await;
            'x'
        };
        assert_eq!(
            Timed::new(two_steps).await,
            ('x', Duration::from_millis(150))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_clock_starts_at_the_first_poll() {
        let timed = Timed::new(async { sleep(Duration::from_millis(100)).await });
        sleep(Duration::from_millis(40)).await;
        let ((), took) = timed.await;
        assert_eq!(
            took,
            Duration::from_millis(100),
            "the 40 ms before the first poll are not part of the work"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn works_with_unpin_futures_too() {
        assert_eq!(Timed::new(std::future::ready(3)).await, (3, Duration::ZERO));
    }

    #[test]
    fn holds_the_future_in_place_without_a_box() {
        type Big = std::future::Ready<[u8; 256]>;
        assert!(
            std::mem::size_of::<Timed<Big>>() >= std::mem::size_of::<Big>(),
            "Timed should hold the future itself, pinned where it is, not a box of it"
        );
    }
}
