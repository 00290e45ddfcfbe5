//! Wrong answer to quiz1: the client increments with a `get` and then a `set`.
//! Each command is handled alone, but between the two other clients read the
//! same number, and increments are lost.
//!
//! Rejected by: tests::concurrent_increments_are_not_lost

use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

pub type Map = BTreeMap<String, String>;

/// Writes a snapshot somewhere safe. It blocks the thread it runs on.
pub type Saver = Arc<dyn Fn(&Map) + Send + Sync>;

enum Command {
    Get {
        key: String,
        reply: oneshot::Sender<Option<String>>,
    },
    /// Answers with the value that was replaced, if any.
    Set {
        key: String,
        value: String,
        reply: oneshot::Sender<Option<String>>,
    },
    /// Adds one to the number stored under `key` (a missing key counts as 0)
    /// and answers with the new number.
    Increment {
        key: String,
        reply: oneshot::Sender<u64>,
    },
    /// Answers once the snapshot has been saved.
    Save { reply: oneshot::Sender<()> },
}

/// The actor: handles commands until every `Store` handle is gone, then
/// returns the final map.
async fn run_store(mut commands: mpsc::Receiver<Command>, saver: Saver) -> Map {
    let mut map = Map::new();
    while let Some(command) = commands.recv().await {
        match command {
            Command::Get { key, reply } => {
                let _ = reply.send(map.get(&key).cloned());
            }
            Command::Set { key, value, reply } => {
                let _ = reply.send(map.insert(key, value));
            }
            Command::Increment { key, reply } => {
                // Read and write in one command: no other command can run
                // in between, so concurrent increments cannot lose updates.
                let count = map
                    .get(&key)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0)
                    + 1;
                map.insert(key, count.to_string());
                let _ = reply.send(count);
            }
            Command::Save { reply } => {
                // A copy taken now: later commands must not change what is saved.
                let snapshot = map.clone();
                let saver = saver.clone();
                // Not awaited: the actor goes back to its commands at once, and
                // the blocking thread answers the client when the save is done.
                tokio::task::spawn_blocking(move || {
                    saver(&snapshot);
                    let _ = reply.send(());
                });
            }
        }
    }
    map
}

#[derive(Clone)]
pub struct Store {
    commands: mpsc::Sender<Command>,
}

impl Store {
    /// Starts the actor. Its `JoinHandle` gives the final map once every
    /// clone of the returned `Store` has been dropped.
    pub fn spawn(saver: Saver) -> (Store, JoinHandle<Map>) {
        let (commands, receiver) = mpsc::channel(64);
        let actor = tokio::spawn(run_store(receiver, saver));
        (Store { commands }, actor)
    }

    pub async fn get(&self, key: &str) -> Option<String> {
        let (reply, answer) = oneshot::channel();
        let key = key.to_string();
        self.commands
            .send(Command::Get { key, reply })
            .await
            .unwrap();
        answer.await.unwrap()
    }

    pub async fn set(&self, key: &str, value: &str) -> Option<String> {
        let (reply, answer) = oneshot::channel();
        let (key, value) = (key.to_string(), value.to_string());
        self.commands
            .send(Command::Set { key, value, reply })
            .await
            .unwrap();
        answer.await.unwrap()
    }

    pub async fn increment(&self, key: &str) -> u64 {
        let current = self.get(key).await;
        let count = current.and_then(|v| v.parse::<u64>().ok()).unwrap_or(0) + 1;
        self.set(key, &count.to_string()).await;
        count
    }

    pub async fn save(&self) {
        let (reply, answer) = oneshot::channel();
        self.commands.send(Command::Save { reply }).await.unwrap();
        answer.await.unwrap()
    }
}

#[tokio::main]
async fn main() {
    let saver: Saver = Arc::new(|map: &Map| println!("saving {} keys", map.len()));
    let (store, actor) = Store::spawn(saver);

    let mut clients = Vec::new();
    for client in 0..4 {
        let store = store.clone();
        clients.push(tokio::spawn(async move {
            store.set(&format!("client {client}"), "hello").await;
            store.increment("visits").await
        }));
    }
    for client in clients {
        client.await.unwrap();
    }
    store.save().await;
    println!("visits: {:?}", store.get("visits").await);

    drop(store);
    println!("final map: {:?}", actor.await.unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;
    use tokio::time::timeout;

    /// Turns a hang into a failure with a message.
    async fn within<T>(what: &str, work: impl Future<Output = T>) -> T {
        match timeout(Duration::from_secs(5), work).await {
            Ok(value) => value,
            Err(_) => panic!("{what} never finished"),
        }
    }

    fn no_saver() -> Saver {
        Arc::new(|_: &Map| {})
    }

    #[tokio::test(start_paused = true)]
    async fn set_answers_with_the_replaced_value_and_get_reads_it() {
        let (store, _actor) = Store::spawn(no_saver());
        assert_eq!(within("set", store.set("colour", "red")).await, None);
        assert_eq!(
            within("set", store.set("colour", "blue")).await.as_deref(),
            Some("red")
        );
        assert_eq!(
            within("get", store.get("colour")).await.as_deref(),
            Some("blue")
        );
        assert_eq!(within("get", store.get("size")).await, None);
    }

    #[tokio::test(start_paused = true)]
    async fn many_clients_each_see_their_own_writes() {
        let (store, actor) = Store::spawn(no_saver());
        let mut clients = Vec::new();
        for client in 0..100 {
            let store = store.clone();
            clients.push(tokio::spawn(async move {
                let key = format!("key {client}");
                store.set(&key, &format!("value {client}")).await;
                store.get(&key).await == Some(format!("value {client}"))
            }));
        }
        for client in clients {
            assert!(within("a client", client).await.unwrap());
        }
        drop(store);
        let map = within("the actor", actor).await.unwrap();
        assert_eq!(map.len(), 100);
        assert_eq!(map["key 42"], "value 42");
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_increments_are_not_lost() {
        let (store, _actor) = Store::spawn(no_saver());
        store.set("hits", "10").await;
        let mut clients = Vec::new();
        for _ in 0..50 {
            let store = store.clone();
            clients.push(tokio::spawn(async move { store.increment("hits").await }));
        }
        let mut answers = Vec::new();
        for client in clients {
            answers.push(within("an increment", client).await.unwrap());
        }
        answers.sort();
        assert_eq!(
            answers,
            (11..=60).collect::<Vec<u64>>(),
            "each increment sees the one before"
        );
        assert_eq!(store.get("hits").await.as_deref(), Some("60"));
        assert_eq!(within("an increment", store.increment("new")).await, 1);
    }

    #[tokio::test(start_paused = true)]
    async fn the_actor_stops_with_the_last_handle_and_returns_the_map() {
        let (store, actor) = Store::spawn(no_saver());
        let other = store.clone();
        store.set("a", "1").await;
        other.set("b", "2").await;
        drop(store);
        drop(other);
        let map = within("the actor after the last handle was dropped", actor)
            .await
            .unwrap();
        assert_eq!(
            map,
            Map::from([("a".into(), "1".into()), ("b".into(), "2".into())])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_save_writes_the_map_as_it_was_when_asked() {
        let saved = Arc::new(Mutex::new(Vec::new()));
        let saver: Saver = {
            let saved = saved.clone();
            Arc::new(move |map: &Map| saved.lock().unwrap().push(map.clone()))
        };
        let (store, _actor) = Store::spawn(saver);
        store.set("a", "1").await;
        within("save", store.save()).await;
        assert_eq!(
            saved.lock().unwrap().len(),
            1,
            "save returns once the saver has run"
        );
        store.set("a", "2").await;
        within("save", store.save()).await;
        let saved = saved.lock().unwrap();
        assert_eq!(saved[0]["a"], "1");
        assert_eq!(saved[1]["a"], "2");
    }

    #[tokio::test(start_paused = true)]
    async fn the_store_keeps_answering_while_a_save_blocks() {
        // The saver blocks its thread until the test opens the gate (or gives
        // up after a while, so that a wrong answer fails instead of hanging).
        let (open_gate, gate) = std::sync::mpsc::channel::<()>();
        let gate = Mutex::new(gate);
        let save_done = Arc::new(AtomicBool::new(false));
        let saved = Arc::new(Mutex::new(Vec::new()));
        let saver: Saver = {
            let (save_done, saved) = (save_done.clone(), saved.clone());
            Arc::new(move |map: &Map| {
                saved.lock().unwrap().push(map.clone());
                let _ = gate
                    .lock()
                    .unwrap()
                    .recv_timeout(Duration::from_millis(300));
                save_done.store(true, Ordering::SeqCst);
            })
        };
        let (store, _actor) = Store::spawn(saver);
        store.set("a", "1").await;

        let save = tokio::spawn({
            let store = store.clone();
            async move { store.save().await }
        });
        // While the save blocks, the store must still answer.
        assert_eq!(
            within("get during a save", store.get("a")).await.as_deref(),
            Some("1")
        );
        within("set during a save", store.set("a", "2")).await;
        assert!(
            !save_done.load(Ordering::SeqCst),
            "the get was only answered after the save finished: the actor was blocked"
        );

        open_gate.send(()).unwrap();
        within("save", save).await.unwrap();
        assert!(save_done.load(Ordering::SeqCst));
        assert_eq!(
            saved.lock().unwrap()[0]["a"],
            "1",
            "the snapshot is from the time of the save"
        );
    }
}
