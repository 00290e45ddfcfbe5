//! Wrong answer to block_on1: keeps its own "woken" flag and clears it after
//! each poll, so a wake that happens during the poll is forgotten and the
//! thread parks forever.
//!
//! Rejected by: tests::a_wake_during_the_poll_is_not_lost

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

/// Wakes a future by unparking the thread that runs `block_on`.
struct ThreadWaker {
    thread: Thread,
    woken: AtomicBool,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.thread.unpark();
    }
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let state = Arc::new(ThreadWaker {
        thread: thread::current(),
        woken: AtomicBool::new(false),
    });
    let waker = Waker::from(state.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            Poll::Pending => {
                state.woken.store(false, Ordering::SeqCst);
                while !state.woken.load(Ordering::SeqCst) {
                    thread::park();
                }
            }
        }
    }
}

/// A value sent from another thread after `delay`.
fn answer_from_a_thread(delay: Duration, value: u32) -> futures::channel::oneshot::Receiver<u32> {
    let (sender, receiver) = futures::channel::oneshot::channel();
    thread::spawn(move || {
        thread::sleep(delay);
        let _ = sender.send(value);
    });
    receiver
}

fn main() {
    let answer = block_on(answer_from_a_thread(Duration::from_millis(5), 42));
    println!("{answer:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    /// Runs `block_on` on its own thread so a broken executor fails the test
    /// after a second instead of hanging it.
    fn block_on_within_a_second<F>(future: F) -> F::Output
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let (done, result) = mpsc::channel();
        thread::spawn(move || {
            let _ = done.send(block_on(future));
        });
        result
            .recv_timeout(Duration::from_secs(1))
            .expect("block_on did not return within a second: was the waiting thread ever woken?")
    }

    #[test]
    fn returns_the_output_of_a_ready_future() {
        assert_eq!(block_on_within_a_second(async { 7 }), 7);
    }

    #[test]
    fn waits_for_a_value_from_another_thread() {
        let receiver = answer_from_a_thread(Duration::from_millis(5), 42);
        assert_eq!(block_on_within_a_second(receiver), Ok(42));
    }

    /// Wraps `future` so that every poll of it is counted in `polls`.
    fn counting_polls<F: Future + Unpin>(
        mut future: F,
        polls: Arc<AtomicUsize>,
    ) -> impl Future<Output = F::Output> {
        std::future::poll_fn(move |cx| {
            polls.fetch_add(1, Ordering::SeqCst);
            Pin::new(&mut future).poll(cx)
        })
    }

    #[test]
    fn polls_again_only_when_woken() {
        let polls = Arc::new(AtomicUsize::new(0));
        let receiver = answer_from_a_thread(Duration::from_millis(100), 1);
        let counted = counting_polls(receiver, polls.clone());
        assert_eq!(block_on_within_a_second(counted), Ok(1));
        let polls = polls.load(Ordering::SeqCst);
        assert!(
            polls <= 3,
            "the future was polled {polls} times while it waited 100 ms for one wake: \
             park until the waker is used instead of polling again and again"
        );
    }

    /// Pending `times` times, waking its own waker each time, then ready.
    struct WakesItself {
        times: u32,
    }

    impl Future for WakesItself {
        type Output = &'static str;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            if self.times == 0 {
                return Poll::Ready("done");
            }
            self.times -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    #[test]
    fn a_wake_during_the_poll_is_not_lost() {
        let polls = Arc::new(AtomicUsize::new(0));
        let counted = counting_polls(WakesItself { times: 3 }, polls.clone());
        assert_eq!(block_on_within_a_second(counted), "done");
        assert_eq!(
            polls.load(Ordering::SeqCst),
            4,
            "one poll per wake, plus the first"
        );
    }
}
