//! select3: a `select!` loop that ends when every branch is done.
//!
//! We merge two feeds, alerts and logs, into one list. A branch written as
//! `Some(x) = feed.recv()` is disabled as soon as its feed returns `None`
//! (closed). Once *both* feeds are closed every branch is disabled, and
//! `select!` has nothing left to wait for: without an `else` branch it
//! panics with "all branches are disabled and there is no else branch".

use tokio::sync::mpsc;

/// Merges both feeds, in arrival order, until both are closed.
async fn merge(
    mut alerts: mpsc::Receiver<String>,
    mut logs: mpsc::Receiver<String>,
) -> Vec<String> {
    let mut merged = Vec::new();
    loop {
        tokio::select! {
            Some(alert) = alerts.recv() => merged.push(format!("alert: {alert}")),
            Some(line) = logs.recv() => merged.push(format!("log: {line}")),
            else => break,
        }
    }
    merged
}

#[tokio::main]
async fn main() {
    let (alert_tx, alerts) = mpsc::channel(4);
    let (log_tx, logs) = mpsc::channel(4);
    alert_tx.send("disk full".to_string()).await.unwrap();
    log_tx.send("started".to_string()).await.unwrap();
    drop((alert_tx, log_tx));
    println!("{:?}", merge(alerts, logs).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::time::{sleep, timeout};

    async fn send_at(feed: mpsc::Sender<String>, items: &'static [(u64, &'static str)]) {
        for &(at_ms, item) in items {
            sleep(Duration::from_millis(at_ms)).await;
            feed.send(item.to_string()).await.unwrap();
        }
    }

    #[tokio::test(start_paused = true)]
    async fn returns_everything_once_both_feeds_close() {
        let (alert_tx, alerts) = mpsc::channel(8);
        let (log_tx, logs) = mpsc::channel(8);
        tokio::spawn(send_at(alert_tx, &[(10, "cpu hot")]));
        tokio::spawn(send_at(log_tx, &[(20, "boot"), (20, "ready")]));
        let merged = timeout(Duration::from_secs(5), merge(alerts, logs))
            .await
            .expect("merge never returned");
        assert_eq!(merged, ["alert: cpu hot", "log: boot", "log: ready"]);
    }

    #[tokio::test(start_paused = true)]
    async fn keeps_reading_one_feed_after_the_other_closed() {
        let (alert_tx, alerts) = mpsc::channel(8);
        let (log_tx, logs) = mpsc::channel(8);
        drop(alert_tx);
        tokio::spawn(send_at(log_tx, &[(10, "a"), (10, "b"), (10, "c")]));
        let merged = timeout(Duration::from_secs(5), merge(alerts, logs))
            .await
            .expect("merge never returned");
        assert_eq!(merged, ["log: a", "log: b", "log: c"]);
    }

    #[tokio::test(start_paused = true)]
    async fn keeps_messages_still_queued_when_the_senders_left() {
        let (alert_tx, alerts) = mpsc::channel(8);
        let (log_tx, logs) = mpsc::channel(8);
        alert_tx.send("queued".to_string()).await.unwrap();
        drop((alert_tx, log_tx));
        let merged = timeout(Duration::from_secs(5), merge(alerts, logs))
            .await
            .expect("merge never returned");
        assert_eq!(merged, ["alert: queued"]);
    }
}
