//! delay1: a future woken from another thread.
//!
//! `Delay` becomes ready when a timer thread fires. Between polls the future
//! keeps the `Waker` of the task that awaits it in state it shares with the
//! timer; when the timer fires it sets `fired` and wakes that waker. This is
//! what tokio's timers and sockets do underneath, with an OS event instead of
//! a sleeping thread.
//!
//! A future may be polled with a different waker each time (it may be moved
//! into another task, or polled by a combinator that gives it a waker of its
//! own), so the waker to keep is the one from the latest poll.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;

/// What the future and its timer share.
#[derive(Default)]
struct Shared {
    fired: bool,
    /// The waker of the latest poll that returned `Pending`.
    waker: Option<Waker>,
}

/// Ready once its timer has fired.
struct Delay {
    shared: Arc<Mutex<Shared>>,
}

/// The timer's end of a `Delay`: firing it completes the delay.
struct Trigger {
    shared: Arc<Mutex<Shared>>,
}

impl Delay {
    /// A delay and the trigger that completes it, with no timer attached.
    fn with_trigger() -> (Delay, Trigger) {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let trigger = Trigger {
            shared: shared.clone(),
        };
        (Delay { shared }, trigger)
    }

    /// A delay completed by a timer thread after `duration`.
    fn new(duration: Duration) -> Delay {
        let (delay, trigger) = Delay::with_trigger();
        thread::spawn(move || {
            thread::sleep(duration);
            trigger.fire();
        });
        delay
    }
}

impl Trigger {
    fn fire(self) {
        let mut shared = self.shared.lock().unwrap();
        shared.fired = true;
        // TODO: the task awaiting the delay is asleep; wake it (if a poll has
        // left a waker here) so that it polls the delay again.
    }
}

impl Future for Delay {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let shared = self.shared.lock().unwrap();
        if shared.fired {
            return Poll::Ready(());
        }
        // TODO: leave this poll's waker where `Trigger::fire` can find it.
        let _ = cx;
        Poll::Pending
    }
}

#[tokio::main]
async fn main() {
    Delay::new(Duration::from_millis(5)).await;
    println!("the timer thread woke us");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    #[derive(Default)]
    struct CountingWaker(AtomicUsize);

    impl Wake for CountingWaker {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn wakes(counter: &Arc<CountingWaker>) -> usize {
        counter.0.load(Ordering::SeqCst)
    }

    #[test]
    fn pending_until_fired_then_ready() {
        let (mut delay, trigger) = Delay::with_trigger();
        let waker = futures::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        assert!(Pin::new(&mut delay).poll(&mut cx).is_pending());
        trigger.fire();
        assert!(Pin::new(&mut delay).poll(&mut cx).is_ready());
    }

    #[test]
    fn firing_wakes_the_waker_of_the_latest_poll() {
        let (mut delay, trigger) = Delay::with_trigger();
        let first = Arc::new(CountingWaker::default());
        let latest = Arc::new(CountingWaker::default());
        let first_waker = Waker::from(first.clone());
        let latest_waker = Waker::from(latest.clone());
        assert!(
            Pin::new(&mut delay)
                .poll(&mut Context::from_waker(&first_waker))
                .is_pending()
        );
        assert!(
            Pin::new(&mut delay)
                .poll(&mut Context::from_waker(&latest_waker))
                .is_pending()
        );
        assert_eq!(
            wakes(&latest),
            0,
            "nothing should be woken before the timer fires"
        );
        trigger.fire();
        assert_eq!(
            wakes(&latest),
            1,
            "the waker from the latest poll must be woken once"
        );
        assert_eq!(wakes(&first), 0, "an outdated waker was woken instead");
    }

    #[tokio::test]
    async fn a_timer_thread_completes_the_await() {
        // As its own task, the delay is only polled again when it is woken.
        let task = tokio::spawn(Delay::new(Duration::from_millis(5)));
        let awaited = tokio::time::timeout(Duration::from_secs(1), task).await;
        assert!(
            awaited.is_ok(),
            "timed out: the timer fired but nobody woke the task"
        );
    }
}
