//! notify1: wake a waiting task with `Notify`.
//!
//! Log lines collect in a buffer, and a writer task flushes them when asked.
//! The writer should neither poll in a loop nor miss a request. `Notify` is a
//! wake-up call without data: one task waits on `notified()`, another calls
//! `notify_one()` or `notify_waiters()`. They differ when nobody waits yet:
//! one of them keeps a permit for the next waiter, the other wakes only the
//! `Notified` futures that already exist (even those not polled yet) and
//! keeps nothing for the ones created later.

use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

#[derive(Default)]
pub struct LogBuffer {
    lines: Mutex<Vec<String>>,
    flush_requested: Notify,
}

impl LogBuffer {
    pub fn log(&self, line: &str) {
        self.lines.lock().unwrap().push(line.to_string());
    }

    /// Asks the writer to flush, whether it is waiting yet or not.
    pub fn request_flush(&self) {
        // TODO: a request made before the writer waits is lost this way.
        // Read the docs of `Notify` and pick the call that keeps it.
        self.flush_requested.notify_waiters();
    }

    /// Waits for a flush request, then takes every buffered line.
    pub async fn next_flush(&self) -> Vec<String> {
        self.flush_requested.notified().await;
        std::mem::take(&mut *self.lines.lock().unwrap())
    }
}

#[tokio::main]
async fn main() {
    let buffer = Arc::new(LogBuffer::default());
    buffer.log("server started");
    buffer.request_flush();

    let writer = tokio::spawn({
        let buffer = buffer.clone();
        async move { buffer.next_flush().await }
    });
    println!("flushed: {:?}", writer.await.unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::time::{Instant, timeout};

    #[tokio::test(start_paused = true)]
    async fn a_request_made_before_the_writer_waits_is_kept() {
        let buffer = LogBuffer::default();
        buffer.log("a");
        buffer.log("b");
        buffer.request_flush();
        let flushed = timeout(Duration::from_secs(1), buffer.next_flush())
            .await
            .expect("the writer never woke up: the flush request was lost");
        assert_eq!(flushed, ["a", "b"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiting_writer_wakes_as_soon_as_asked() {
        let buffer = Arc::new(LogBuffer::default());
        let start = Instant::now();
        let writer = tokio::spawn({
            let buffer = buffer.clone();
            async move { (buffer.next_flush().await, start.elapsed()) }
        });
        tokio::time::sleep(Duration::from_millis(30)).await;
        buffer.log("late line");
        buffer.request_flush();
        let (flushed, woke_at) = timeout(Duration::from_secs(1), writer)
            .await
            .expect("the writer never woke up")
            .unwrap();
        assert_eq!(flushed, ["late line"]);
        assert_eq!(
            woke_at,
            Duration::from_millis(30),
            "no polling: wake when asked"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_writer_waits_until_asked() {
        let buffer = LogBuffer::default();
        buffer.log("not yet");
        let flush = timeout(Duration::from_secs(1), buffer.next_flush()).await;
        assert!(
            flush.is_err(),
            "nobody asked for a flush, yet the writer flushed"
        );
    }
}
