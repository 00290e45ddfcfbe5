//! Wrong answer to pin5: projects by hand with `Pin::map_unchecked_mut`, which
//! is `unsafe` (forbidden here): nothing then checks that `inner` is never
//! moved out or handed out unpinned elsewhere.
//!
//! Rejected by: compile

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::Instant;

/// Ready with the inner output and the time since the first poll.
struct Timed<F> {
    inner: F,
    started: Option<Instant>,
}

impl<F> Timed<F> {
    fn new(inner: F) -> Self {
        Timed {
            inner,
            started: None,
        }
    }
}

impl<F: Future> Future for Timed<F> {
    type Output = (F::Output, Duration);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // `started` is Unpin, so reaching it through the pin is fine...
        let started = unsafe {
            *self
                .as_mut()
                .get_unchecked_mut()
                .started
                .get_or_insert_with(Instant::now)
        };
        // ...and `inner` is never moved, so this should be too.
        let inner = unsafe { self.map_unchecked_mut(|timed| &mut timed.inner) };
        match inner.poll(cx) {
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
