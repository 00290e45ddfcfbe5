//! broadcast2: a receiver that falls behind is told how much it missed.
//!
//! A broadcast channel keeps a fixed number of messages. When a slow receiver
//! is that far behind, the oldest messages are dropped for it, and its next
//! `recv` returns `Err(RecvError::Lagged(n))`: n messages are gone. The
//! receiver is still subscribed, and the following `recv` returns the oldest
//! message that is left. Only `Err(RecvError::Closed)` means the end.

use tokio::sync::broadcast;

#[derive(Debug, Default, PartialEq)]
pub struct Followed {
    /// The scores this follower received, in order.
    pub seen: Vec<u32>,
    /// How many scores it missed because it was too slow.
    pub missed: u64,
}

/// Follows the live scores until the channel closes.
pub async fn follow(mut scores: broadcast::Receiver<u32>) -> Followed {
    let mut followed = Followed::default();
    // TODO: this loop ends at the first error, also when the follower merely
    // lagged. Keep going after `Lagged` (and count what was missed); stop on
    // `Closed`.
    while let Ok(score) = scores.recv().await {
        followed.seen.push(score);
    }
    followed
}

#[tokio::main]
async fn main() {
    let (scores, receiver) = broadcast::channel(2);
    for score in [10, 20, 30] {
        scores.send(score).unwrap();
    }
    drop(scores);
    println!("{:?}", follow(receiver).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::time::timeout;

    #[tokio::test(start_paused = true)]
    async fn a_follower_that_keeps_up_sees_everything() {
        let (scores, receiver) = broadcast::channel(16);
        for score in 1..=5 {
            scores.send(score).unwrap();
        }
        drop(scores);
        let followed = timeout(Duration::from_secs(1), follow(receiver))
            .await
            .unwrap();
        assert_eq!(
            followed,
            Followed {
                seen: vec![1, 2, 3, 4, 5],
                missed: 0
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_lagging_follower_skips_ahead_and_counts_what_it_missed() {
        let (scores, receiver) = broadcast::channel(4);
        // Ten scores into room for four, before the follower reads any.
        for score in 1..=10 {
            scores.send(score).unwrap();
        }
        drop(scores);
        let followed = timeout(Duration::from_secs(1), follow(receiver))
            .await
            .unwrap();
        assert_eq!(
            followed,
            Followed {
                seen: vec![7, 8, 9, 10],
                missed: 6
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_follower_can_lag_in_the_middle_and_recover() {
        let (scores, receiver) = broadcast::channel(4);
        let follower = tokio::spawn(follow(receiver));
        scores.send(1).unwrap();
        scores.send(2).unwrap();
        // The follower reads 1 and 2, then waits for more.
        tokio::time::sleep(Duration::from_millis(1)).await;
        for score in 3..=12 {
            scores.send(score).unwrap();
        }
        drop(scores);
        let followed = timeout(Duration::from_secs(1), follower)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            followed,
            Followed {
                seen: vec![1, 2, 9, 10, 11, 12],
                missed: 6
            }
        );
    }
}
