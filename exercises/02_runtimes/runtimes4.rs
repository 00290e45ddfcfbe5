//! runtimes4: `!Send` state stays on one thread: `LocalSet` and `spawn_local`.
//!
//! `tokio::spawn` only takes `Send` futures, because a multi-thread runtime
//! may move a task to another worker thread whenever it is suspended. Some
//! state must not move: `Rc`, `RefCell`, handles from libraries that are not
//! thread-safe. Work built on such state belongs on one thread: a
//! current-thread runtime with a `tokio::task::LocalSet` on it, where
//! `tokio::task::spawn_local` starts tasks that never leave the thread and so
//! need not be `Send`. Outside a `LocalSet`, `spawn_local` panics:
//! "`spawn_local` called from outside of a `task::LocalSet` or
//! `runtime::LocalRuntime`".

use std::future::Future;
use std::time::Duration;
use tokio::task::JoinHandle;

/// A chat room from a library we cannot change. Its handles share one
/// history through `Rc<RefCell<..>>`: cheap to clone, and not thread-safe.
mod chat {
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::Duration;

    #[derive(Clone, Default)]
    pub struct Room {
        history: Rc<RefCell<Vec<String>>>,
    }

    impl Room {
        /// Types `text` (which takes `typing`), then posts it as `author`.
        pub async fn say(&self, author: &str, text: &str, typing: Duration) {
            tokio::time::sleep(typing).await;
            self.history.borrow_mut().push(format!("{author}: {text}"));
        }

        pub fn history(&self) -> Vec<String> {
            self.history.borrow().clone()
        }
    }
}

use chat::Room;

/// A bot says its lines one after the other, typing each for `typing`.
struct Bot {
    name: &'static str,
    typing: Duration,
    lines: Vec<&'static str>,
}

/// Starts one task per bot, all chatting in `room` at once.
fn start_bots(room: &Room, bots: Vec<Bot>) -> Vec<JoinHandle<()>> {
    bots.into_iter()
        .map(|bot| {
            let room = room.clone();
            // TODO: a `Room` must stay on this thread, so `tokio::spawn`
            // refuses this task. Start it as a local task instead.
            tokio::spawn(async move {
                for line in bot.lines {
                    room.say(bot.name, line, bot.typing).await;
                }
            })
        })
        .collect()
}

/// Runs `work`, which starts `!Send` tasks, to completion.
fn run_on_this_thread<F: Future>(work: F) -> F::Output {
    // TODO: a multi-thread runtime starts worker threads that these tasks
    // could never use. Pick the runtime that fits, and give the local tasks
    // a `LocalSet` to run in.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("could not build the runtime");
    runtime.block_on(work)
}

fn main() {
    let room = Room::default();
    let history = run_on_this_thread(async {
        let bots = vec![
            Bot {
                name: "ferris",
                typing: Duration::from_millis(30),
                lines: vec!["anyone up for some async?", "great"],
            },
            Bot {
                name: "corro",
                typing: Duration::from_millis(40),
                lines: vec!["always"],
            },
        ];
        for bot in start_bots(&room, bots) {
            bot.await.expect("a bot's task panicked");
        }
        room.history()
    });
    for line in history {
        println!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::{Handle, RuntimeFlavor};

    // Ann types a line in 25 ms, Bob in 20 ms: chatting at the same time,
    // their lines interleave.
    fn bots() -> Vec<Bot> {
        vec![
            Bot {
                name: "ann",
                typing: Duration::from_millis(25),
                lines: vec!["hi", "anyone here?"],
            },
            Bot {
                name: "bob",
                typing: Duration::from_millis(20),
                lines: vec!["hello", "yes", "bye"],
            },
        ]
    }

    #[test]
    fn runs_on_a_current_thread_runtime() {
        let flavor = run_on_this_thread(async { Handle::current().runtime_flavor() });
        assert_eq!(
            flavor,
            RuntimeFlavor::CurrentThread,
            "`Rc` state never leaves its thread: worker threads would sit idle"
        );
    }

    // One bot after the other would post all of one bot's lines first.
    #[test]
    fn bots_chat_at_the_same_time() {
        let history = run_on_this_thread(async {
            // The paused clock makes typing take no real time; only a
            // current-thread runtime can pause it.
            tokio::time::pause();
            let room = Room::default();
            let handles = start_bots(&room, bots());
            assert_eq!(handles.len(), 2, "one task per bot");
            for handle in handles {
                handle.await.expect("a bot's task panicked");
            }
            room.history()
        });
        assert_eq!(
            history,
            [
                "bob: hello",
                "ann: hi",
                "bob: yes",
                "ann: anyone here?",
                "bob: bye"
            ]
        );
    }
}
