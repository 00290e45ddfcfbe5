//! threads7: a plain thread starts async work: a runtime `Handle`.
//!
//! A synchronous library may call your code back on a thread of its own: a
//! file watcher, a device driver, a GUI toolkit. That thread belongs to no
//! runtime, so `tokio::spawn` there panics: "there is no reactor running,
//! must be called from the context of a Tokio 1.x runtime" (and so does
//! `Handle::current()`, asked on that thread). A `tokio::runtime::Handle`
//! taken *inside* the runtime, with `Handle::current()`, can be moved to any
//! thread: `handle.spawn(future)` starts a task on that runtime from there,
//! and the callback returns at once, as a library's callback should.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// A file-watching library: it runs on a thread of its own and calls
/// `on_change` there for each changed file, one after the other.
mod watcher {
    use std::thread::{self, JoinHandle};

    pub fn watch(
        changes: Vec<String>,
        on_change: impl Fn(String) + Send + 'static,
    ) -> JoinHandle<()> {
        thread::spawn(move || {
            for path in changes {
                on_change(path);
            }
        })
    }
}

/// The search index: every file indexed so far.
type Index = Arc<Mutex<Vec<String>>>;

/// Reads a changed file again and updates the index: async work.
async fn reindex(path: String, index: Index) {
    // Pretend this reads the file.
    tokio::time::sleep(Duration::from_millis(10)).await;
    index.lock().unwrap().push(path);
}

/// Starts watching; each change is reindexed by a task of its own, on the
/// runtime this is called from. Returns the watcher's thread.
fn start_watching(changes: Vec<String>, index: Index) -> JoinHandle<()> {
    // TODO: this callback runs on the watcher's thread, where there is no
    // runtime for `tokio::spawn` to find.
    watcher::watch(changes, move |path| {
        tokio::spawn(reindex(path, index.clone()));
    })
}

#[tokio::main]
async fn main() {
    let index = Index::default();
    let changes = vec!["src/main.rs".to_string(), "src/lib.rs".to_string()];
    let watcher = start_watching(changes, index.clone());
    // Joining blocks, so it goes to a thread meant for blocking.
    let joined = tokio::task::spawn_blocking(move || watcher.join()).await;
    joined
        .expect("the joining task failed")
        .expect("the watcher's thread panicked");
    tokio::time::sleep(Duration::from_millis(50)).await;
    println!("indexed: {:?}", index.lock().unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::RecvTimeoutError;
    use tokio::runtime::{Builder, Runtime};

    /// Starts watching `files` from inside a paused current-thread runtime
    /// that is not running, then waits (a second at most) for the watcher's
    /// thread to end. Returns the runtime and how many tasks it then holds:
    /// tasks started meanwhile wait for the runtime to run again.
    fn watch_and_wait(files: &[&str], index: &Index) -> (Runtime, usize) {
        let runtime = Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .build()
            .unwrap();
        let watcher = {
            // In the runtime's context, as the app's async code would be.
            let _inside = runtime.enter();
            start_watching(files.iter().map(|f| f.to_string()).collect(), index.clone())
        };
        let (done, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = done.send(watcher.join().is_ok());
        });
        match outcome.recv_timeout(Duration::from_secs(1)) {
            Ok(ended_well) => assert!(ended_well, "the watcher's thread panicked"),
            Err(RecvTimeoutError::Timeout) => {
                panic!(
                    "the watcher's thread is stuck in a callback: a callback must return quickly"
                )
            }
            Err(RecvTimeoutError::Disconnected) => {
                unreachable!("the joining thread always reports")
            }
        }
        let alive = runtime.metrics().num_alive_tasks();
        (runtime, alive)
    }

    #[test]
    fn each_change_starts_a_task_on_the_apps_runtime() {
        let index = Index::default();
        let (_runtime, alive) = watch_and_wait(&["a.rs", "b.rs", "c.rs"], &index);
        assert_eq!(alive, 3, "one task per change, on the runtime the app runs");
        assert!(
            index.lock().unwrap().is_empty(),
            "a callback should start the reindexing, not do it on the watcher's thread"
        );
    }

    #[test]
    fn every_changed_file_gets_reindexed() {
        let index = Index::default();
        let (runtime, _) = watch_and_wait(&["main.rs", "lib.rs"], &index);
        // Running the runtime again lets the waiting tasks do their work.
        runtime.block_on(async { tokio::time::sleep(Duration::from_millis(50)).await });
        let mut indexed = index.lock().unwrap().clone();
        indexed.sort();
        assert_eq!(indexed, ["lib.rs", "main.rs"]);
    }
}
