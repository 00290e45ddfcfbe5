//! cancel1: a future is cancelled by dropping it.
//!
//! An upload writes to a temporary file, sends it chunk by chunk, then
//! removes the file. If the caller stops waiting (a timeout, a `select!` that
//! picked another branch) the future is dropped at the `.await` where it was
//! paused: the lines after it never run. Cleanup that must always happen
//! belongs in a `Drop` impl, which runs however the future ends.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::sleep;

type Log = Arc<Mutex<Vec<String>>>;

fn note(log: &Log, line: impl Into<String>) {
    log.lock().unwrap().push(line.into());
}

/// A scratch file on disk; here it only writes to the log.
struct TempFile {
    log: Log,
}

impl TempFile {
    fn create(log: &Log) -> Self {
        note(log, "temp file created");
        TempFile { log: log.clone() }
    }
}

impl TempFile {
    fn remove(self) {
        note(&self.log, "temp file removed");
    }
}

// TODO: removing the file at the end of `upload` is skipped when the upload
// is cancelled. Remove it when a `TempFile` is dropped instead.

/// Uploads `chunks` chunks, each taking 100 ms.
async fn upload(chunks: u32, log: Log) {
    let scratch = TempFile::create(&log);
    for chunk in 1..=chunks {
        sleep(Duration::from_millis(100)).await;
        note(&log, format!("chunk {chunk} sent"));
    }
    note(&log, "upload finished");
    scratch.remove();
}

#[tokio::main]
async fn main() {
    let log = Log::default();
    let _ = tokio::time::timeout(Duration::from_millis(150), upload(3, log.clone())).await;
    println!("{:#?}", log.lock().unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::timeout;

    fn lines(log: &Log) -> Vec<String> {
        log.lock().unwrap().clone()
    }

    #[tokio::test(start_paused = true)]
    async fn finished_upload_removes_its_temp_file_once() {
        let log = Log::default();
        upload(2, log.clone()).await;
        let expected = [
            "temp file created",
            "chunk 1 sent",
            "chunk 2 sent",
            "upload finished",
            "temp file removed",
        ];
        assert_eq!(lines(&log), expected);
    }

    #[tokio::test(start_paused = true)]
    async fn cancelled_upload_still_removes_its_temp_file() {
        let log = Log::default();
        let outcome = timeout(Duration::from_millis(250), upload(5, log.clone())).await;
        assert!(outcome.is_err(), "five chunks cannot be sent in 250 ms");
        assert_eq!(
            lines(&log),
            [
                "temp file created",
                "chunk 1 sent",
                "chunk 2 sent",
                "temp file removed"
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn cancelled_upload_sends_nothing_more() {
        let log = Log::default();
        let _ = timeout(Duration::from_millis(250), upload(5, log.clone())).await;
        let at_cancel = lines(&log);
        sleep(Duration::from_secs(1)).await;
        assert_eq!(lines(&log), at_cancel, "a dropped future never runs again");
        assert!(!at_cancel.iter().any(|line| line == "chunk 3 sent"));
    }
}
