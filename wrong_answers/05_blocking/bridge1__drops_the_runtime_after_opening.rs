//! Wrong answer to bridge1: builds a runtime only to start the store, then
//! lets it go at the end of `open`. The store's background task dies with the
//! runtime, so the first command finds nobody listening.
//!
//! Rejected by: tests::values_set_can_be_read_back, tests::each_store_keeps_its_own_values

use std::collections::HashMap;
use tokio::sync::{mpsc, oneshot};

/// The async library we are given. Do not change it.
mod store {
    use super::*;

    enum Command {
        Set(String, String),
        Get(String, oneshot::Sender<Option<String>>),
    }

    pub struct Store {
        commands: mpsc::UnboundedSender<Command>,
    }

    impl Store {
        /// Starts the store's background task; call it inside a runtime.
        pub fn start() -> Store {
            let (commands, mut incoming) = mpsc::unbounded_channel();
            tokio::spawn(async move {
                let mut values = HashMap::new();
                while let Some(command) = incoming.recv().await {
                    match command {
                        Command::Set(key, value) => drop(values.insert(key, value)),
                        Command::Get(key, reply) => drop(reply.send(values.get(&key).cloned())),
                    }
                }
            });
            Store { commands }
        }

        pub async fn set(&self, key: &str, value: &str) {
            let command = Command::Set(key.into(), value.into());
            self.commands.send(command).expect("the store has stopped");
        }

        pub async fn get(&self, key: &str) -> Option<String> {
            let (reply, answer) = oneshot::channel();
            let command = Command::Get(key.into(), reply);
            self.commands.send(command).expect("the store has stopped");
            answer.await.expect("the store has stopped")
        }
    }
}

/// The same store for callers that are not async.
pub struct BlockingStore {
    inner: store::Store,
}

impl BlockingStore {
    pub fn open() -> BlockingStore {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("could not build a runtime");
        let inner = runtime.block_on(async { store::Store::start() });
        BlockingStore { inner }
    }

    pub fn set(&self, key: &str, value: &str) {
        futures::executor::block_on(self.inner.set(key, value));
    }

    pub fn get(&self, key: &str) -> Option<String> {
        futures::executor::block_on(self.inner.get(key))
    }
}

fn main() {
    let store = BlockingStore::open();
    store.set("language", "rust");
    println!("language = {:?}", store.get("language"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    /// Runs `body` on a thread of its own and fails if it takes over a second
    /// (a store nobody drives would otherwise hang the test).
    fn within_a_second<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = mpsc::channel();
        std::thread::spawn(move || done.send(body()));
        result
            .recv_timeout(Duration::from_secs(1))
            .expect("the store did not answer within a second (or panicked)")
    }

    #[test]
    fn values_set_can_be_read_back() {
        within_a_second(|| {
            let store = BlockingStore::open();
            store.set("answer", "42");
            store.set("question", "unknown");
            store.set("answer", "forty-two");
            assert_eq!(store.get("answer").as_deref(), Some("forty-two"));
            assert_eq!(store.get("question").as_deref(), Some("unknown"));
            assert_eq!(store.get("nothing"), None);
        });
    }

    #[test]
    fn each_store_keeps_its_own_values() {
        within_a_second(|| {
            let (first, second) = (BlockingStore::open(), BlockingStore::open());
            first.set("owner", "first");
            second.set("owner", "second");
            assert_eq!(first.get("owner").as_deref(), Some("first"));
            assert_eq!(second.get("owner").as_deref(), Some("second"));
        });
    }
}
