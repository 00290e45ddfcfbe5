//! Wrong answer to watch1: waits for changes but never applies the value the
//! channel held when following began.
//!
//! Rejected by: tests::the_first_config_is_applied_at_once, tests::a_new_config_is_applied_at_once, tests::only_the_latest_of_quick_changes_is_applied

use tokio::sync::{mpsc, watch};

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub version: u32,
    pub max_connections: usize,
}

/// Applies the current config, then every newer one, until the publisher is
/// gone. "Applying" here means handing it to `apply`.
pub async fn follow_config(
    mut config: watch::Receiver<Config>,
    apply: mpsc::UnboundedSender<Config>,
) {
    // `borrow_and_update` marks the value as seen, so `changed()` waits for
    // a newer one. Clone it out: the borrow locks the channel while it lives.
    while config.changed().await.is_ok() {
        let _ = apply.send(config.borrow_and_update().clone());
    }
}

#[tokio::main]
async fn main() {
    let (publish, config) = watch::channel(Config {
        version: 1,
        max_connections: 10,
    });
    let (apply, mut applied) = mpsc::unbounded_channel();
    let follower = tokio::spawn(follow_config(config, apply));
    publish
        .send(Config {
            version: 2,
            max_connections: 50,
        })
        .unwrap();
    drop(publish);
    while let Some(config) = applied.recv().await {
        println!("applied {config:?}");
    }
    follower.await.unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::time::{Instant, timeout};

    fn config(version: u32) -> Config {
        Config {
            version,
            max_connections: version as usize * 10,
        }
    }

    /// The next applied config, if one comes within 10 ms.
    async fn next_applied(applied: &mut mpsc::UnboundedReceiver<Config>) -> Option<Config> {
        timeout(Duration::from_millis(10), applied.recv())
            .await
            .ok()
            .flatten()
    }

    #[tokio::test(start_paused = true)]
    async fn the_first_config_is_applied_at_once() {
        let (_publish, receiver) = watch::channel(config(1));
        let (apply, mut applied) = mpsc::unbounded_channel();
        tokio::spawn(follow_config(receiver, apply));
        assert_eq!(next_applied(&mut applied).await, Some(config(1)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_new_config_is_applied_at_once() {
        let (publish, receiver) = watch::channel(config(1));
        let (apply, mut applied) = mpsc::unbounded_channel();
        tokio::spawn(follow_config(receiver, apply));
        assert_eq!(next_applied(&mut applied).await, Some(config(1)));
        let sent_at = Instant::now();
        publish.send(config(2)).unwrap();
        assert_eq!(next_applied(&mut applied).await, Some(config(2)));
        assert_eq!(
            sent_at.elapsed(),
            Duration::ZERO,
            "no polling: apply as soon as it changes"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn only_the_latest_of_quick_changes_is_applied() {
        let (publish, receiver) = watch::channel(config(1));
        let (apply, mut applied) = mpsc::unbounded_channel();
        tokio::spawn(follow_config(receiver, apply));
        assert_eq!(next_applied(&mut applied).await, Some(config(1)));
        for version in 2..=4 {
            publish.send(config(version)).unwrap();
        }
        assert_eq!(next_applied(&mut applied).await, Some(config(4)));
        assert_eq!(next_applied(&mut applied).await, None, "4 was applied once");
    }

    #[tokio::test(start_paused = true)]
    async fn following_stops_when_the_publisher_is_gone() {
        let (publish, receiver) = watch::channel(config(1));
        let (apply, _applied) = mpsc::unbounded_channel();
        let follower = tokio::spawn(follow_config(receiver, apply));
        drop(publish);
        timeout(Duration::from_millis(10), follower)
            .await
            .expect("follow_config is still running after the publisher was dropped")
            .unwrap();
    }
}
