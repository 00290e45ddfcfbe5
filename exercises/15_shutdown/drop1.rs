//! drop1: there is no async `Drop`, so close explicitly.
//!
//! A buffered writer keeps small writes in memory and sends them in one go.
//! Before it goes away, what is still buffered must be written out, and the
//! stream shut down so the reader sees the end. That is I/O, which in async
//! code means `.await`, and `Drop::drop` is a plain `fn`: it cannot await.
//! The ways around it that look tempting all fail: blocking on the write
//! inside `drop` panics on a runtime thread (or deadlocks, with another
//! executor), and spawning it is fire-and-forget: nobody learns when, or
//! whether, it worked.
//!
//! The async answer is an explicit `close(self).await` that does the work
//! and returns its error, called before the value is dropped. `Drop` may only
//! do what needs no I/O.

use std::io;
use tokio::io::{AsyncWrite, AsyncWriteExt, BufWriter};

/// Writes a report line by line, through a buffer.
struct ReportWriter<W: AsyncWrite + Unpin> {
    out: BufWriter<W>,
}

impl<W: AsyncWrite + Unpin> ReportWriter<W> {
    fn new(out: W) -> Self {
        ReportWriter {
            out: BufWriter::new(out),
        }
    }

    async fn line(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes()).await?;
        self.out.write_all(b"\n").await
    }

    // TODO: give the writer an explicit, async end that writes out what is
    // buffered, shuts the stream down and returns any error.
}

impl<W: AsyncWrite + Unpin> Drop for ReportWriter<W> {
    fn drop(&mut self) {
        // TODO: `drop` cannot `.await`, and blocking here, on a thread that
        // runs tasks, panics. This cannot stay.
        let _ = tokio::runtime::Handle::current().block_on(self.out.shutdown());
    }
}

/// Writes `lines` to `out` as a report, then ends the stream.
async fn write_report<W: AsyncWrite + Unpin>(out: W, lines: &[&str]) -> io::Result<()> {
    let mut report = ReportWriter::new(out);
    for line in lines {
        report.line(line).await?;
    }
    // TODO: end the report here, explicitly, and pass on its error.
    Ok(())
}

#[tokio::main]
async fn main() -> io::Result<()> {
    write_report(tokio::io::stdout(), &["all systems go", "3 tasks running"]).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::RecvTimeoutError;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, duplex};
    use tokio::time::timeout;

    /// Runs `test` on a current-thread runtime (paused clock) in a thread of
    /// its own, so that a writer that blocks the thread fails the test after
    /// a second instead of hanging it.
    fn within_a_second(test: impl Future<Output = ()> + Send + 'static) {
        let (done, finished) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .start_paused(true)
                .build()
                .unwrap();
            runtime.block_on(test);
            let _ = done.send(());
        });
        match finished.recv_timeout(Duration::from_secs(1)) {
            Ok(()) => {}
            Err(RecvTimeoutError::Disconnected) => {
                std::panic::resume_unwind(thread.join().unwrap_err())
            }
            Err(RecvTimeoutError::Timeout) => panic!(
                "the report never finished: something blocks the runtime's only thread \
                 (waiting in `drop` for I/O that needs that thread?)"
            ),
        }
    }

    #[test]
    fn every_line_reaches_the_reader() {
        within_a_second(async {
            // A small pipe: the last write has to wait until the reader reads.
            let (ours, mut theirs) = duplex(16);
            let reader = tokio::spawn(async move {
                let mut text = String::new();
                theirs.read_to_string(&mut text).await.map(|_| text)
            });
            write_report(ours, &["first", "second", "third"])
                .await
                .unwrap();
            assert_eq!(
                reader.await.unwrap().unwrap(),
                "first\nsecond\nthird\n",
                "lines still in the buffer were lost"
            );
        });
    }

    #[test]
    fn the_reader_sees_the_end_while_the_stream_is_still_alive() {
        within_a_second(async {
            let (mut ours, mut theirs) = duplex(64);
            write_report(&mut ours, &["only"]).await.unwrap();
            // `ours` is still alive, so only a shutdown can end the stream.
            let mut text = String::new();
            let read = timeout(Duration::from_secs(5), theirs.read_to_string(&mut text)).await;
            assert!(
                read.is_ok(),
                "the reader never saw the end of the report: flushing is not enough, shut the stream down"
            );
            assert_eq!(text, "only\n");
        });
    }

    #[test]
    fn a_failed_final_write_is_reported() {
        within_a_second(async {
            let (ours, theirs) = duplex(64);
            drop(theirs); // the reader is gone: the final write fails
            let result = write_report(ours, &["lost"]).await;
            assert_eq!(
                result.map_err(|e| e.kind()),
                Err(io::ErrorKind::BrokenPipe),
                "the error of the final write must reach the caller"
            );
        });
    }
}
