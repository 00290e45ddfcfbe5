//! Wrong answer to select3: loops while either feed still has a sender, and
//! checks that before each round. `is_closed()` turns true as soon as the
//! senders are gone, even while messages are still queued, so the last
//! messages may never be read.
//!
//! Rejected by: tests::keeps_messages_still_queued_when_the_senders_left

use tokio::sync::mpsc;

/// Merges both feeds, in arrival order, until both are closed.
async fn merge(
    mut alerts: mpsc::Receiver<String>,
    mut logs: mpsc::Receiver<String>,
) -> Vec<String> {
    let mut merged = Vec::new();
    while !(alerts.is_closed() && logs.is_closed()) {
        tokio::select! {
            Some(alert) = alerts.recv() => merged.push(format!("alert: {alert}")),
            Some(line) = logs.recv() => merged.push(format!("log: {line}")),
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
