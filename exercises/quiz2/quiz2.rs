//! quiz2: a telemetry uplink.
//!
//! This quiz puts chapters 08 to 11 together: `select!` and time,
//! cancellation, streams and framing. A device sends sensor readings to a
//! collector over one connection, in batches:
//!
//! - A batch goes out as soon as it holds `BATCH_SIZE` readings, or
//!   `FLUSH_AFTER` after its *first* reading arrived, whichever comes first.
//!   An empty batch is never sent.
//! - A batch is one length-delimited frame (`LengthDelimitedCodec`) holding
//!   the readings as text, comma-separated: `17,4,250`. The collector answers
//!   each batch with a frame `ok`. A batch with no answer after `ACK_TIMEOUT`
//!   is an error, and the uplink gives up.
//! - When the readings end, or when `shutdown` is cancelled, the uplink sends
//!   the batch it has (if any) and returns, which closes the connection.
//!
//! Fill in every `TODO`.

use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use std::time::Duration;
use tokio::io::{self, AsyncRead, AsyncWrite};
use tokio::time::{Instant, sleep_until, timeout};
use tokio_stream::Stream;
use tokio_util::codec::{Framed, LengthDelimitedCodec};
use tokio_util::sync::CancellationToken;

/// A full batch goes out at once.
pub const BATCH_SIZE: usize = 4;
/// A batch that is not full goes out this long after its first reading.
pub const FLUSH_AFTER: Duration = Duration::from_millis(100);
/// How long the collector may take to answer a batch.
pub const ACK_TIMEOUT: Duration = Duration::from_millis(500);

#[derive(Debug)]
pub enum UplinkError {
    /// The collector did not answer a batch within `ACK_TIMEOUT`.
    NoAck,
    /// The collector answered a batch with something other than `ok`, or
    /// hung up.
    Refused,
    /// The connection failed.
    Io(io::Error),
}

type Connection<S> = Framed<S, LengthDelimitedCodec>;

/// Sends one batch as a frame and waits for the collector's `ok`.
async fn send_batch<S>(connection: &mut Connection<S>, batch: &[u32]) -> Result<(), UplinkError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    // TODO: send the batch as one frame holding the readings as text,
    // comma-separated. Then wait at most ACK_TIMEOUT for the collector's
    // answer: `ok` is success; no answer in time is `NoAck`; anything else
    // (another answer, or the connection closing) is `Refused`.
    let _ = (connection, batch);
    Ok(())
}

/// Sends `readings` in batches until they end or `shutdown` is cancelled.
pub async fn run_uplink<S>(
    mut readings: impl Stream<Item = u32> + Unpin,
    connection: S,
    shutdown: CancellationToken,
) -> Result<(), UplinkError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut connection = Framed::new(connection, LengthDelimitedCodec::new());
    let mut batch = Vec::new();
    // TODO: this only ever sends full batches, and ignores `shutdown`. Wait
    // for the next reading, the batch's flush time and the shutdown at the
    // same time with `tokio::select!`:
    // - a reading joins the batch; the first one of a batch sets its flush
    //   time, and a full batch is sent at once;
    // - at the flush time, the batch is sent (but only if it has readings);
    // - the shutdown, or the end of the readings, ends the loop.
    // Afterwards, send what is left.
    while let Some(reading) = readings.next().await {
        batch.push(reading);
        if batch.len() == BATCH_SIZE {
            send_batch(&mut connection, &batch).await?;
            batch.clear();
        }
    }
    let _ = shutdown;
    Ok(())
}

#[tokio::main]
async fn main() {
    let (device_side, collector_side) = tokio::io::duplex(64);
    tokio::spawn(async move {
        let mut frames = Framed::new(collector_side, LengthDelimitedCodec::new());
        while let Some(Ok(batch)) = frames.next().await {
            println!("collector got {}", String::from_utf8_lossy(&batch));
            if frames.send(Bytes::from("ok")).await.is_err() {
                break;
            }
        }
    });
    let readings = tokio_stream::iter([21, 22, 22, 23, 25, 24]);
    let outcome = run_uplink(readings, device_side, CancellationToken::new()).await;
    println!("uplink ended: {outcome:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::DuplexStream;
    use tokio::sync::mpsc;
    use tokio::task::JoinHandle;
    use tokio::time::{Instant, sleep, sleep_until, timeout};
    use tokio_stream::wrappers::ReceiverStream;

    /// Each batch the collector received, with the time (ms) it arrived.
    type Received = Vec<(String, u128)>;

    /// A collector on the other end of an in-memory connection. It answers
    /// `ok` to every batch if `answers` is true, and returns what it received
    /// once the uplink has closed the connection.
    fn collector(answers: bool) -> (DuplexStream, JoinHandle<Received>) {
        let (device_side, collector_side) = tokio::io::duplex(64);
        let start = Instant::now();
        let task = tokio::spawn(async move {
            let mut frames = Framed::new(collector_side, LengthDelimitedCodec::new());
            let mut received = Vec::new();
            while let Some(Ok(batch)) = frames.next().await {
                let text = String::from_utf8_lossy(&batch).into_owned();
                received.push((text, start.elapsed().as_millis()));
                if answers && frames.send(Bytes::from("ok")).await.is_err() {
                    break;
                }
            }
            received
        });
        (device_side, task)
    }

    /// A sensor that sends each `(ms, reading)` at that time. Afterwards it
    /// leaves (ending the readings) if `leaves` is true, or stays connected.
    fn sensor(readings: &'static [(u64, u32)], leaves: bool) -> ReceiverStream<u32> {
        let (sensor, stream) = mpsc::channel(16);
        let start = Instant::now();
        tokio::spawn(async move {
            for &(at, reading) in readings {
                sleep_until(start + Duration::from_millis(at)).await;
                sensor.send(reading).await.unwrap();
            }
            if !leaves {
                sleep(Duration::from_secs(3600)).await;
            }
        });
        ReceiverStream::new(stream)
    }

    /// A shutdown token that is cancelled `after_ms` from now.
    fn shutdown_after(after_ms: u64) -> CancellationToken {
        let token = CancellationToken::new();
        let trigger = token.clone();
        tokio::spawn(async move {
            sleep(Duration::from_millis(after_ms)).await;
            trigger.cancel();
        });
        token
    }

    /// Runs the uplink; returns how it ended, when (ms), and what the
    /// collector received.
    async fn run(
        readings: ReceiverStream<u32>,
        shutdown: CancellationToken,
        answers: bool,
    ) -> (Result<(), UplinkError>, u128, Received) {
        let (connection, collector) = collector(answers);
        let start = Instant::now();
        let outcome = timeout(
            Duration::from_secs(60),
            run_uplink(readings, connection, shutdown),
        )
        .await
        .expect("the uplink never returned: does it stop on shutdown, and when the readings end?");
        let ended_at = start.elapsed().as_millis();
        let received = timeout(Duration::from_secs(60), collector)
            .await
            .expect("the uplink returned but the connection is still open")
            .unwrap();
        (outcome, ended_at, received)
    }

    fn batches(list: &[(&str, u128)]) -> Received {
        list.iter()
            .map(|&(text, at)| (text.to_string(), at))
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_batch_goes_out_at_once() {
        let readings = sensor(&[(0, 1), (10, 2), (20, 3), (30, 4)], false);
        let (outcome, ended_at, received) = run(readings, shutdown_after(500), true).await;
        assert!(outcome.is_ok(), "{outcome:?}");
        assert_eq!(received, batches(&[("1,2,3,4", 30)]));
        assert_eq!(ended_at, 500, "the uplink stops when shutdown is cancelled");
    }

    #[tokio::test(start_paused = true)]
    async fn a_batch_that_is_not_full_goes_out_flush_after_its_first_reading() {
        let readings = sensor(&[(30, 5), (60, 6), (250, 7)], false);
        let (outcome, _, received) = run(readings, shutdown_after(1000), true).await;
        assert!(outcome.is_ok(), "{outcome:?}");
        assert_eq!(
            received,
            batches(&[("5,6", 130), ("7", 350)]),
            "each batch goes out 100 ms after its first reading, and no empty batch is sent"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_sends_what_is_left_then_closes() {
        let readings = sensor(&[(0, 8), (10, 9)], false);
        let (outcome, ended_at, received) = run(readings, shutdown_after(50), true).await;
        assert!(outcome.is_ok(), "{outcome:?}");
        assert_eq!(received, batches(&[("8,9", 50)]));
        assert_eq!(ended_at, 50);
    }

    #[tokio::test(start_paused = true)]
    async fn the_end_of_the_readings_ends_the_uplink() {
        let readings = sensor(&[(0, 1), (10, 2), (20, 3), (30, 4), (40, 5), (50, 6)], true);
        let (outcome, ended_at, received) = run(readings, CancellationToken::new(), true).await;
        assert!(outcome.is_ok(), "{outcome:?}");
        assert_eq!(received, batches(&[("1,2,3,4", 30), ("5,6", 50)]));
        assert_eq!(ended_at, 50);
    }

    #[tokio::test(start_paused = true)]
    async fn a_batch_nobody_answers_is_an_error() {
        let readings = sensor(&[(0, 1), (0, 2), (0, 3), (0, 4), (700, 5)], false);
        let (outcome, ended_at, received) = run(readings, shutdown_after(2000), false).await;
        assert!(
            matches!(outcome, Err(UplinkError::NoAck)),
            "expected Err(NoAck), got {outcome:?}"
        );
        assert_eq!(ended_at, 500, "give up ACK_TIMEOUT after sending the batch");
        assert_eq!(received, batches(&[("1,2,3,4", 0)]));
    }
}
