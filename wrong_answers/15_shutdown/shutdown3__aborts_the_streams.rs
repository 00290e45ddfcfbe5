//! Wrong answer to shutdown3: aborts the stream tasks (a `JoinSet` shut down)
//! instead of telling them to stop, so they vanish without saying "bye".
//!
//! Rejected by: tests::streams_end_with_bye_and_serve_returns_at_once

use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

/// Sends `tick N` every 100 ms until `stop` is cancelled, then `bye`.
async fn stream_ticks(subscriber: mpsc::Sender<String>, stop: CancellationToken) {
    let mut every_100ms = tokio::time::interval(Duration::from_millis(100));
    let mut count = 0;
    loop {
        tokio::select! {
            _ = stop.cancelled() => {
                let _ = subscriber.send("bye".to_string()).await;
                return;
            }
            _ = every_100ms.tick() => {
                count += 1;
                if subscriber.send(format!("tick {count}")).await.is_err() {
                    return; // the subscriber left
                }
            }
        }
    }
}

async fn serve(
    mut subscribers: mpsc::Receiver<mpsc::Sender<String>>,
    mut ctrl_c: oneshot::Receiver<()>,
) {
    let stop = CancellationToken::new();
    let mut streams = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut ctrl_c => break,
            subscriber = subscribers.recv() => match subscriber {
                Some(subscriber) => {
                    streams.spawn(stream_ticks(subscriber, stop.child_token()));
                }
                None => break,
            },
        }
    }
    streams.shutdown().await;
}

#[tokio::main]
async fn main() {
    let (subscribe, subscribers) = mpsc::channel(8);
    let (fire, ctrl_c) = oneshot::channel();
    let server = tokio::spawn(serve(subscribers, ctrl_c));
    let (updates, mut received) = mpsc::channel(8);
    subscribe.send(updates).await.unwrap();
    tokio::time::sleep(Duration::from_millis(250)).await;
    fire.send(()).unwrap();
    server.await.unwrap();
    while let Some(update) = received.recv().await {
        println!("{update}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, sleep, timeout};

    async fn all_received(mut updates: mpsc::Receiver<String>) -> Vec<String> {
        let mut all = Vec::new();
        while let Ok(update) = updates.try_recv() {
            all.push(update);
        }
        all
    }

    #[tokio::test(start_paused = true)]
    async fn streams_end_with_bye_and_serve_returns_at_once() {
        let (subscribe, subscribers) = mpsc::channel(8);
        let (fire, ctrl_c) = oneshot::channel();
        let server = tokio::spawn(serve(subscribers, ctrl_c));
        let (first_updates, first) = mpsc::channel(8);
        let (second_updates, second) = mpsc::channel(8);
        subscribe.send(first_updates).await.unwrap();
        subscribe.send(second_updates).await.unwrap();
        sleep(Duration::from_millis(250)).await;
        let signalled = Instant::now();
        fire.send(()).unwrap();
        timeout(Duration::from_secs(10), server)
            .await
            .expect("serve never returned: were the streams told to stop?")
            .unwrap();
        assert_eq!(
            signalled.elapsed(),
            Duration::ZERO,
            "the streams should stop at the signal"
        );
        for updates in [first, second] {
            assert_eq!(
                all_received(updates).await,
                ["tick 1", "tick 2", "tick 3", "bye"]
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_subscriber_that_left_does_not_hold_up_shutdown() {
        let (subscribe, subscribers) = mpsc::channel(8);
        let (fire, ctrl_c) = oneshot::channel();
        let server = tokio::spawn(serve(subscribers, ctrl_c));
        let (updates, gone) = mpsc::channel(8);
        subscribe.send(updates).await.unwrap();
        sleep(Duration::from_millis(150)).await;
        drop(gone);
        sleep(Duration::from_millis(150)).await;
        fire.send(()).unwrap();
        timeout(Duration::from_secs(10), server)
            .await
            .expect("serve never returned")
            .unwrap();
    }
}
