//! Wrong answer to abort1: asks the task to stop but does not wait for it, so
//! `cancel` returns while the task (and its `Connection`) still exist.
//!
//! Rejected by: tests::the_connection_is_closed_when_cancel_returns

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
        let running = !self.task.is_finished();
        self.task.abort();
        running
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
