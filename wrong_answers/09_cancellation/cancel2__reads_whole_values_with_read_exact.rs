//! Wrong answer to cancel2: reads each value with `read_exact` into an
//! 8-byte buffer instead of `read_u64`. It is the same mistake: `read_exact`
//! is not cancellation safe either, and the bytes it took before the report
//! timer won are dropped with the future.
//!
//! Rejected by: tests::value_split_across_a_report_is_not_lost

use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::time::{Instant, interval_at};

const REPORT_EVERY: Duration = Duration::from_millis(100);

/// Reads values until the connection closes, reporting while it waits.
/// Returns the values read and the number of reports sent.
async fn monitor<R>(mut gauge: R) -> (Vec<u64>, u32)
where
    R: AsyncRead + Unpin + Send + 'static,
{
    let mut value = [0u8; 8];
    let mut report_timer = interval_at(Instant::now() + REPORT_EVERY, REPORT_EVERY);
    let (mut readings, mut reports) = (Vec::new(), 0);
    loop {
        tokio::select! {
            read = gauge.read_exact(&mut value) => match read {
                Ok(_) => readings.push(u64::from_be_bytes(value)),
                Err(_closed) => break,
            },
            _ = report_timer.tick() => reports += 1,
        }
    }
    (readings, reports)
}

#[tokio::main]
async fn main() {
    let (mut device, connection) = tokio::io::duplex(64);
    tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        device.write_u64(42).await.unwrap();
    });
    println!("{:?}", monitor(connection).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;
    use tokio::time::{sleep, timeout};

    #[tokio::test(start_paused = true)]
    async fn value_split_across_a_report_is_not_lost() {
        let (mut device, connection) = tokio::io::duplex(64);
        tokio::spawn(async move {
            let first = 1u64.to_be_bytes();
            device.write_all(&first[..4]).await.unwrap();
            // The report at 100 ms fires while half of the first value is in.
            sleep(Duration::from_millis(150)).await;
            device.write_all(&first[4..]).await.unwrap();
            device.write_u64(2).await.unwrap();
        });
        let (readings, reports) = timeout(Duration::from_secs(5), monitor(connection))
            .await
            .expect("monitor never returned");
        assert_eq!(
            readings,
            [1, 2],
            "bytes were lost when a read was cancelled"
        );
        assert_eq!(reports, 1);
    }

    #[tokio::test(start_paused = true)]
    async fn reports_keep_coming_while_the_gauge_is_quiet() {
        let (mut device, connection) = tokio::io::duplex(64);
        tokio::spawn(async move {
            sleep(Duration::from_millis(350)).await;
            device.write_u64(7).await.unwrap();
        });
        let (readings, reports) = timeout(Duration::from_secs(5), monitor(connection))
            .await
            .expect("monitor never returned");
        assert_eq!(readings, [7]);
        assert_eq!(reports, 3);
    }
}
