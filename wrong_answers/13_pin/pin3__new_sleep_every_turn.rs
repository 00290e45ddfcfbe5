//! Wrong answer to pin3: writes `tokio::time::sleep(window)` inside the
//! `select!`, which compiles without pinning but starts a fresh timer on every
//! turn of the loop, so each message extends the window.
//!
//! Rejected by: tests::collects_what_arrives_inside_the_window, tests::the_window_is_not_extended_by_each_message

use std::time::Duration;
use tokio::sync::mpsc;

/// Gathers messages for one window of time that starts now; the window is not
/// extended when a message arrives.
async fn collect_for(window: Duration, messages: &mut mpsc::Receiver<String>) -> Vec<String> {
    let mut batch = Vec::new();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(window) => break,
            message = messages.recv() => match message {
                Some(message) => batch.push(message),
                None => break,
            },
        }
    }
    batch
}

#[tokio::main]
async fn main() {
    let (sender, mut receiver) = mpsc::channel(8);
    sender.send("hello".to_string()).await.unwrap();
    let batch = collect_for(Duration::from_millis(50), &mut receiver).await;
    println!("{batch:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    /// Sends `count` messages, one every `every`.
    fn send_every(every: Duration, count: usize) -> mpsc::Receiver<String> {
        let (sender, receiver) = mpsc::channel(8);
        tokio::spawn(async move {
            for n in 0..count {
                tokio::time::sleep(every).await;
                if sender.send(format!("m{n}")).await.is_err() {
                    return;
                }
            }
            std::future::pending::<()>().await
        });
        receiver
    }

    #[tokio::test(start_paused = true)]
    async fn collects_what_arrives_inside_the_window() {
        let mut messages = send_every(Duration::from_millis(30), 10);
        let batch = collect_for(Duration::from_millis(100), &mut messages).await;
        assert_eq!(batch, ["m0", "m1", "m2"]);
    }

    #[tokio::test(start_paused = true)]
    async fn the_window_is_not_extended_by_each_message() {
        let mut messages = send_every(Duration::from_millis(60), 10);
        let start = Instant::now();
        let batch = collect_for(Duration::from_millis(100), &mut messages).await;
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(100),
            "the window must end 100 ms after it began"
        );
        assert_eq!(batch, ["m0"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_closed_channel_ends_the_batch_early() {
        let (sender, mut receiver) = mpsc::channel(8);
        sender.send("last".to_string()).await.unwrap();
        drop(sender);
        let start = Instant::now();
        assert_eq!(
            collect_for(Duration::from_secs(5), &mut receiver).await,
            ["last"]
        );
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
