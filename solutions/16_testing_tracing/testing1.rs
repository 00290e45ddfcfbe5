//! testing1: write a test on tokio's paused clock.
//!
//! So far the course wrote the tests. Here you write one. `debounce` passes
//! on the latest value of its input once the input has been quiet for
//! `QUIET` (2 s): the usual way to turn a burst of keystrokes or file events
//! into one action. Its bugs are all about time (too early, too late, a wait
//! that does not restart), and a test with real sleeps would take seconds
//! and still be flaky. On tokio's paused clock it takes no real time and is
//! exact:
//!
//! - `#[tokio::test(start_paused = true)]` (or `tokio::time::pause()`) stops
//!   the clock. It then moves when you call `advance`, or by itself when
//!   every task is waiting on a timer: it jumps straight to the next one
//!   ("auto-advance").
//! - So `sleep(d).await` in a test moves time by exactly `d`, and every task
//!   due on the way runs first; `timeout` bounds a wait without real waiting.
//! - `try_recv()` tells what has come out *so far*: that is how you check
//!   that nothing came out too early.
//!
//! Write `check_debounce`, a check that passes for a correct debouncer and
//! panics for a wrong one. The tests run it against several debouncers, some
//! of them with bugs, each on a fresh runtime whose clock starts paused, as
//! `start_paused = true` gives you.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep, timeout};

/// How long the input must stay quiet before the latest value goes out.
const QUIET: Duration = Duration::from_secs(2);

/// A debouncer: takes the input, returns the output.
type Debounce = fn(mpsc::Receiver<u32>) -> mpsc::Receiver<u32>;

/// Sends out the latest value once no new value has arrived for `QUIET`.
/// When the input closes, a value still waiting goes out at once, then the
/// output closes.
fn debounce(mut input: mpsc::Receiver<u32>) -> mpsc::Receiver<u32> {
    let (output, debounced) = mpsc::channel(16);
    tokio::spawn(async move {
        let mut latest = None;
        loop {
            let waiting = latest.is_some();
            tokio::select! {
                biased;
                value = input.recv() => match value {
                    Some(value) => latest = Some(value),
                    None => break,
                },
                // A new timer on every turn: each value restarts the wait.
                () = sleep(QUIET), if waiting => {
                    if output.send(latest.take().unwrap()).await.is_err() {
                        return;
                    }
                }
            }
        }
        if let Some(value) = latest {
            let _ = output.send(value).await;
        }
    });
    debounced
}

/// Panics unless `debounce` behaves as described on `debounce` above.
async fn check_debounce(debounce: Debounce) {
    let (input, received) = mpsc::channel(16);
    let mut output = debounce(received);
    let start = Instant::now();

    // A burst: 1, then 2 a second later. Each value restarts the wait.
    input.send(1).await.unwrap();
    sleep(Duration::from_secs(1)).await;
    input.send(2).await.unwrap();
    // At 2.5 s: 2 s after the 1, but only 1.5 s after the 2. (Look between
    // deadlines, never exactly on one: two timers due at the same instant
    // may fire in either order.)
    sleep(Duration::from_millis(1_500)).await;
    assert!(
        output.try_recv().is_err(),
        "a value went out while the input was still busy"
    );
    let sent = timeout(Duration::from_secs(10), output.recv()).await;
    assert_eq!(sent, Ok(Some(2)), "the latest value should go out");
    assert_eq!(
        start.elapsed(),
        Duration::from_secs(3),
        "it should go out QUIET after the last value"
    );

    // A value still waiting when the input closes goes out at once.
    input.send(3).await.unwrap();
    drop(input);
    let last = timeout(QUIET / 2, output.recv()).await;
    assert_eq!(
        last,
        Ok(Some(3)),
        "the waiting value should go out at close"
    );
    let end = timeout(QUIET, output.recv()).await;
    assert_eq!(end, Ok(None), "the output should close after the input");
}

fn main() {
    // A check is a function like any other: run it on the debouncer above.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap();
    runtime.block_on(check_debounce(debounce));
    println!("check_debounce passed for `debounce`");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::any::Any;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use tokio::time::timeout;

    /// Runs `check_debounce(debounce)` on a fresh current-thread runtime
    /// whose clock starts paused, in a thread of its own: `Err` with the
    /// reason if the check panicked or took more than a second of real time.
    fn run_check(debounce: Debounce) -> Result<(), String> {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .start_paused(true)
                .build()
                .unwrap();
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                runtime.block_on(check_debounce(debounce))
            }));
            let _ = done.send(outcome.map_err(|panic| message(&*panic)));
        });
        finished
            .recv_timeout(Duration::from_secs(1))
            .unwrap_or_else(|_| {
                Err("it took more than a second of real time: does it wait for \
                     something that never comes? Bound such waits with `timeout`"
                    .to_string())
            })
    }

    fn message(panic: &(dyn Any + Send)) -> String {
        match (panic.downcast_ref::<String>(), panic.downcast_ref::<&str>()) {
            (Some(text), _) => text.clone(),
            (None, Some(text)) => text.to_string(),
            (None, None) => "a panic".to_string(),
        }
    }

    fn expect_caught(buggy: Debounce, bug: &str) {
        assert!(
            run_check(buggy).is_err(),
            "check_debounce passed a debouncer that {bug}; make it fail for that too"
        );
    }

    /// Correct too, built differently: each wait for the next value is bounded
    /// by `QUIET`.
    fn debounce_with_timeout(mut input: mpsc::Receiver<u32>) -> mpsc::Receiver<u32> {
        let (output, debounced) = mpsc::channel(16);
        tokio::spawn(async move {
            while let Some(mut latest) = input.recv().await {
                loop {
                    match timeout(QUIET, input.recv()).await {
                        Ok(Some(value)) => latest = value,
                        Ok(None) => {
                            let _ = output.send(latest).await;
                            return;
                        }
                        Err(_quiet) => break,
                    }
                }
                if output.send(latest).await.is_err() {
                    return;
                }
            }
        });
        debounced
    }

    /// Bug: the wait starts at the first value of a burst and never restarts.
    fn never_restarts_its_wait(mut input: mpsc::Receiver<u32>) -> mpsc::Receiver<u32> {
        let (output, debounced) = mpsc::channel(16);
        tokio::spawn(async move {
            while let Some(mut latest) = input.recv().await {
                let quiet_over = sleep(QUIET);
                tokio::pin!(quiet_over);
                loop {
                    tokio::select! {
                        biased;
                        value = input.recv() => match value {
                            Some(value) => latest = value,
                            None => {
                                let _ = output.send(latest).await;
                                return;
                            }
                        },
                        () = &mut quiet_over => break,
                    }
                }
                if output.send(latest).await.is_err() {
                    return;
                }
            }
        });
        debounced
    }

    /// Bug: no debouncing at all, every value goes out at once.
    fn forwards_every_value(mut input: mpsc::Receiver<u32>) -> mpsc::Receiver<u32> {
        let (output, debounced) = mpsc::channel(16);
        tokio::spawn(async move {
            while let Some(value) = input.recv().await {
                if output.send(value).await.is_err() {
                    return;
                }
            }
        });
        debounced
    }

    /// Bug: waits twice as long as it should.
    fn waits_too_long(mut input: mpsc::Receiver<u32>) -> mpsc::Receiver<u32> {
        let (output, debounced) = mpsc::channel(16);
        tokio::spawn(async move {
            while let Some(mut latest) = input.recv().await {
                loop {
                    match timeout(QUIET * 2, input.recv()).await {
                        Ok(Some(value)) => latest = value,
                        Ok(None) => {
                            let _ = output.send(latest).await;
                            return;
                        }
                        Err(_quiet) => break,
                    }
                }
                if output.send(latest).await.is_err() {
                    return;
                }
            }
        });
        debounced
    }

    /// Bug: restarts the wait, but sends the first value of the burst.
    fn sends_the_first_value(mut input: mpsc::Receiver<u32>) -> mpsc::Receiver<u32> {
        let (output, debounced) = mpsc::channel(16);
        tokio::spawn(async move {
            while let Some(first) = input.recv().await {
                loop {
                    match timeout(QUIET, input.recv()).await {
                        Ok(Some(_later)) => {}
                        Ok(None) => {
                            let _ = output.send(first).await;
                            return;
                        }
                        Err(_quiet) => break,
                    }
                }
                if output.send(first).await.is_err() {
                    return;
                }
            }
        });
        debounced
    }

    /// Bug: a value still waiting when the input closes is lost.
    fn loses_the_last_value(mut input: mpsc::Receiver<u32>) -> mpsc::Receiver<u32> {
        let (output, debounced) = mpsc::channel(16);
        tokio::spawn(async move {
            while let Some(mut latest) = input.recv().await {
                loop {
                    match timeout(QUIET, input.recv()).await {
                        Ok(Some(value)) => latest = value,
                        Ok(None) => return,
                        Err(_quiet) => break,
                    }
                }
                if output.send(latest).await.is_err() {
                    return;
                }
            }
        });
        debounced
    }

    #[test]
    fn passes_correct_debouncers() {
        let correct: [(&str, Debounce); 2] = [
            ("`debounce` in this file", debounce),
            ("one built on `timeout`", debounce_with_timeout),
        ];
        for (which, debounce) in correct {
            if let Err(why) = run_check(debounce) {
                panic!("check_debounce failed {which}, which is correct: {why}");
            }
        }
    }

    #[test]
    fn catches_a_wait_that_does_not_restart() {
        expect_caught(
            never_restarts_its_wait,
            "sends a value QUIET after the first value of a burst, even if more came since",
        );
    }

    #[test]
    fn catches_no_debouncing_at_all() {
        expect_caught(forwards_every_value, "sends every value out at once");
    }

    #[test]
    fn catches_a_debouncer_that_is_late() {
        expect_caught(waits_too_long, "waits twice as long as QUIET");
    }

    #[test]
    fn catches_a_debouncer_that_sends_the_wrong_value() {
        expect_caught(
            sends_the_first_value,
            "sends the first value of a burst instead of the latest",
        );
    }

    #[test]
    fn catches_a_value_lost_when_the_input_closes() {
        expect_caught(
            loses_the_last_value,
            "drops a value still waiting when the input closes",
        );
    }
}
