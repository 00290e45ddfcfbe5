//! Wrong answer to broadcast2: keeps going after a lag, but counts each lag
//! as one missed score. `Lagged(n)` says how many were skipped.
//!
//! Rejected by: tests::a_lagging_follower_skips_ahead_and_counts_what_it_missed, tests::a_follower_can_lag_in_the_middle_and_recover

use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

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
    loop {
        match scores.recv().await {
            Ok(score) => followed.seen.push(score),
            // Still subscribed: the next `recv` gives the oldest score left.
            Err(RecvError::Lagged(_)) => followed.missed += 1,
            Err(RecvError::Closed) => return followed,
        }
    }
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
