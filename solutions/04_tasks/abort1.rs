//! abort1: cancel a task with `JoinHandle::abort`.
//!
//! Dropping a `JoinHandle` does *not* stop its task: the handle is only a way
//! to wait for the result. To stop a task, call `abort()`. The task is not
//! interrupted in the middle of its code; it stops at its next `.await` and
//! its future is dropped, so its local values run their `Drop` (that is how
//! the aborted task gets to clean up). Awaiting the handle afterwards waits
//! for that to be done and gives `Err(JoinError)` with `is_cancelled()`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;
use tokio::task::JoinHandle;

/// Marks itself closed when dropped, however the download ends.
struct Connection {
    closed: Arc<AtomicBool>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.closed.store(true, Ordering::SeqCst);
    }
}

struct Download {
    task: JoinHandle<()>,
}

impl Download {
    /// Starts fetching `chunks` chunks, 100 ms each, counting them in `received`.
    fn start(connection: Connection, chunks: u32, received: Arc<AtomicU32>) -> Download {
        let task = tokio::spawn(async move {
            let _connection = connection;
            for _ in 0..chunks {
                tokio::time::sleep(Duration::from_millis(100)).await;
                received.fetch_add(1, Ordering::SeqCst);
            }
        });
        Download { task }
    }

    /// Stops the download; returns whether it was still running.
    async fn cancel(self) -> bool {
        self.task.abort();
        match self.task.await {
            Ok(()) => false,
            Err(error) => error.is_cancelled(),
        }
    }
}

#[tokio::main]
async fn main() {
    let closed = Arc::new(AtomicBool::new(false));
    let received = Arc::new(AtomicU32::new(0));
    let connection = Connection {
        closed: closed.clone(),
    };
    let download = Download::start(connection, 10, received.clone());
    tokio::time::sleep(Duration::from_millis(250)).await;
    println!("cancelled: {}", download.cancel().await);
    println!(
        "chunks: {}, closed: {}",
        received.load(Ordering::SeqCst),
        closed.load(Ordering::SeqCst)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(chunks: u32) -> (Download, Arc<AtomicBool>, Arc<AtomicU32>) {
        let closed = Arc::new(AtomicBool::new(false));
        let received = Arc::new(AtomicU32::new(0));
        let connection = Connection {
            closed: closed.clone(),
        };
        (
            Download::start(connection, chunks, received.clone()),
            closed,
            received,
        )
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_download_receives_nothing_more() {
        let (download, _closed, received) = start(10);
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert!(download.cancel().await, "the download was still running");
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert_eq!(received.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn the_connection_is_closed_when_cancel_returns() {
        let (download, closed, _received) = start(10);
        tokio::time::sleep(Duration::from_millis(250)).await;
        download.cancel().await;
        assert!(
            closed.load(Ordering::SeqCst),
            "the connection is still open"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn cancelling_a_finished_download_says_so() {
        let (download, closed, received) = start(2);
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert!(!download.cancel().await, "it had already finished");
        assert_eq!(received.load(Ordering::SeqCst), 2);
        assert!(closed.load(Ordering::SeqCst));
    }
}
