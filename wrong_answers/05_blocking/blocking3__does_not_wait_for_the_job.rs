//! Wrong answer to blocking3: asks the job to stop, then answers from a
//! shared counter at once, without waiting for the job to stop. The row being
//! written is missed, and the job is still running when `cancel` returns.
//!
//! Rejected by: tests::cancel_stops_the_export_after_the_row_being_written

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use tokio::task::JoinHandle;

/// An export running on the blocking pool.
pub struct Export {
    job: JoinHandle<usize>,
    stop: Arc<AtomicBool>,
    written: Arc<AtomicUsize>,
}

/// Writes `rows` one by one with `write_row`, a slow blocking call, on the
/// blocking pool. The job's result is the number of rows it wrote.
pub fn start_export(rows: Vec<String>, mut write_row: impl FnMut(&str) + Send + 'static) -> Export {
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let job = tokio::task::spawn_blocking({
        let (stop, written) = (stop.clone(), written.clone());
        move || {
            for row in &rows {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                write_row(row);
                written.fetch_add(1, Ordering::SeqCst);
            }
            written.load(Ordering::SeqCst)
        }
    });
    Export { job, stop, written }
}

impl Export {
    /// Waits until every row is written; returns how many were.
    pub async fn finish(self) -> usize {
        self.job.await.expect("the export job panicked")
    }

    /// Stops the export after the row it is writing, waits until the job has
    /// really stopped, and returns how many rows were written.
    pub async fn cancel(self) -> usize {
        self.stop.store(true, Ordering::SeqCst);
        self.written.load(Ordering::SeqCst)
    }
}

#[tokio::main]
async fn main() {
    let rows = (1..=1000).map(|n| format!("row {n}")).collect();
    let export = start_export(rows, |_row| {
        std::thread::sleep(std::time::Duration::from_millis(2));
    });
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    println!("cancelled after {} rows", export.cancel().await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc as std_mpsc;
    use std::time::Duration;
    use tokio::sync::mpsc;

    fn rows(count: usize) -> Vec<String> {
        (1..=count).map(|n| format!("row {n}")).collect()
    }

    /// A slow disk the test controls. Each row the job starts to write is
    /// reported on the returned receiver, then waits for a go-ahead on the
    /// returned sender (dropping the sender lets every row through at once).
    fn disk() -> (
        impl FnMut(&str) + Send + 'static,
        std_mpsc::Sender<()>,
        mpsc::UnboundedReceiver<String>,
    ) {
        let (go_ahead, go) = std_mpsc::channel::<()>();
        let (report, started) = mpsc::unbounded_channel();
        let write_row = move |row: &str| {
            let _ = report.send(row.to_string());
            if let Err(std_mpsc::RecvTimeoutError::Timeout) =
                go.recv_timeout(Duration::from_secs(2))
            {
                panic!("{row} waited two seconds for the test's go-ahead");
            }
        };
        (write_row, go_ahead, started)
    }

    #[tokio::test]
    async fn a_finished_export_writes_every_row() {
        let (write_row, go_ahead, mut started) = disk();
        drop(go_ahead);
        let export = start_export(rows(5), write_row);
        assert_eq!(export.finish().await, 5);
        let mut seen = Vec::new();
        while let Some(row) = started.recv().await {
            seen.push(row);
        }
        assert_eq!(seen, rows(5));
    }

    #[tokio::test]
    async fn cancel_stops_the_export_after_the_row_being_written() {
        let (write_row, go_ahead, mut started) = disk();
        let export = start_export(rows(10), write_row);
        for row in rows(3) {
            assert_eq!(started.recv().await, Some(row));
            go_ahead.send(()).unwrap();
        }
        // The job is writing row 4 and waits for its go-ahead. Ask it to stop
        // first, then let that row (and any other) through.
        assert_eq!(started.recv().await.as_deref(), Some("row 4"));
        let (count, ()) = tokio::join!(export.cancel(), async move { drop(go_ahead) });
        assert_eq!(
            count, 4,
            "asked to stop while writing row 4, the export went on to row {count}"
        );
        assert_eq!(
            started.try_recv(),
            Err(mpsc::error::TryRecvError::Disconnected),
            "cancel returned while the job was still running"
        );
    }

    #[tokio::test]
    async fn cancelling_a_finished_export_reports_every_row() {
        let (write_row, go_ahead, mut started) = disk();
        drop(go_ahead);
        let export = start_export(rows(2), write_row);
        // The disk is dropped, closing the channel, once the job has ended.
        while started.recv().await.is_some() {}
        assert_eq!(export.cancel().await, 2);
    }
}
