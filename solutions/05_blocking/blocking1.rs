//! blocking1: a blocking loop that never ends gets a thread of its own.
//!
//! Some code only comes in a blocking flavour: a serial-port driver, a sync
//! library's event loop, a keypad that waits for the next key press. Put such
//! a loop in a task and it holds a runtime thread for as long as it runs; on
//! a current-thread runtime nothing else ever runs again. Tokio's blocking
//! pool (`spawn_blocking`, next exercise) is meant for blocking work that
//! *ends*: a loop that lasts as long as the program would keep one of its
//! threads for good, and a runtime that shuts down waits for every blocking
//! job it has started. A plain `std::thread` is the right home for it, and a
//! Tokio channel carries each item over: the thread calls `blocking_send`,
//! the async side awaits `recv()`.

use std::sync::mpsc as std_mpsc;
use tokio::sync::mpsc;

/// A keypad driver from a library we cannot change: `read_key` blocks the
/// calling thread until a key is pressed, and gives `None` once the keypad
/// has been unplugged.
pub struct Keypad {
    presses: std_mpsc::Receiver<char>,
}

impl Keypad {
    pub fn read_key(&mut self) -> Option<char> {
        self.presses.recv().ok()
    }
}

/// The keys themselves (in the tests: the test's fingers). Dropping them
/// unplugs the keypad.
pub struct Keys {
    presses: std_mpsc::Sender<char>,
}

impl Keys {
    pub fn press(&self, key: char) {
        let _ = self.presses.send(key);
    }
}

pub fn keypad() -> (Keypad, Keys) {
    let (presses, received) = std_mpsc::channel();
    (Keypad { presses: received }, Keys { presses })
}

/// Forwards every key pressed on `keypad` to the returned receiver, until the
/// keypad is unplugged or nobody listens any more.
pub fn listen(mut keypad: Keypad) -> mpsc::Receiver<char> {
    let (forward, listener) = mpsc::channel(16);
    // A thread of its own may block in `read_key` for as long as it likes.
    std::thread::spawn(move || {
        while let Some(key) = keypad.read_key() {
            // Blocks this thread (never the runtime's) while the channel is
            // full, and fails once the listener has been dropped.
            if forward.blocking_send(key).is_err() {
                break;
            }
        }
    });
    listener
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (keypad, keys) = keypad();
    std::thread::spawn(move || {
        for key in "tokio".chars() {
            keys.press(key);
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    });
    let mut listener = listen(keypad);
    while let Some(key) = listener.recv().await {
        println!("pressed {key}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::runtime::Runtime;

    fn runtime() -> Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    /// Runs `test` on a thread of its own and gives up after two seconds, so
    /// that a thread stuck in `read_key` fails the test instead of hanging it.
    #[track_caller]
    fn within_two_seconds<T: Send + 'static>(
        stuck: &str,
        test: impl FnOnce() -> T + Send + 'static,
    ) -> T {
        let (done, result) = std_mpsc::channel();
        std::thread::spawn(move || done.send(test()));
        match result.recv_timeout(Duration::from_secs(2)) {
            Ok(value) => value,
            Err(std_mpsc::RecvTimeoutError::Timeout) => panic!("{stuck}"),
            Err(std_mpsc::RecvTimeoutError::Disconnected) => {
                panic!("the test's runtime thread panicked (see above)")
            }
        }
    }

    #[test]
    fn every_key_is_forwarded_in_order() {
        let (keypad, keys) = keypad();
        for key in "hello".chars() {
            keys.press(key);
        }
        drop(keys);
        let seen = within_two_seconds("the keys never all arrived", || {
            runtime().block_on(async {
                let mut listener = listen(keypad);
                let mut seen = String::new();
                while let Some(key) = listener.recv().await {
                    seen.push(key);
                }
                seen
            })
        });
        assert_eq!(seen, "hello");
    }

    #[test]
    fn the_runtime_keeps_running_while_the_keypad_waits() {
        let (keypad, keys) = keypad();
        let stuck = "the runtime's only thread is stuck waiting for a key press, \
                     so the task that presses the keys never runs";
        let seen = within_two_seconds(stuck, || {
            runtime().block_on(async {
                let mut listener = listen(keypad);
                // The fingers are a task on the same runtime: they only get to
                // press while the runtime's thread is free.
                let fingers = tokio::spawn(async move {
                    for key in "abc".chars() {
                        keys.press(key);
                        tokio::task::yield_now().await;
                    }
                });
                let mut seen = String::new();
                while let Some(key) = listener.recv().await {
                    seen.push(key);
                }
                fingers.await.unwrap();
                seen
            })
        });
        assert_eq!(seen, "abc");
    }

    #[test]
    fn the_runtime_can_shut_down_while_the_keypad_is_plugged_in() {
        let (keypad, keys) = keypad();
        keys.press('x');
        let stuck = "the runtime is stuck: something it runs (a task, or a job on \
                     its blocking pool, which shutdown waits for) is still waiting \
                     for the next key press";
        let first = within_two_seconds(stuck, || {
            let runtime = runtime();
            let first = runtime.block_on(async { listen(keypad).recv().await });
            drop(runtime);
            first
        });
        assert_eq!(first, Some('x'));
        // Still plugged in until here; dropping the keys lets the reader end.
        drop(keys);
    }
}
