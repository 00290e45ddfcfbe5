//! Wrong answer to cancel1: adds a `Drop` impl that removes the file, but
//! keeps the explicit removal at the end of `upload` too. A finished upload
//! then removes its file twice: once by hand, once when the value is dropped.
//!
//! Rejected by: tests::finished_upload_removes_its_temp_file_once

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

impl Drop for TempFile {
    fn drop(&mut self) {
        note(&self.log, "temp file removed");
    }
}

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
