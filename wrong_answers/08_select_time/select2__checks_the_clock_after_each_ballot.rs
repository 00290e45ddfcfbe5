//! Wrong answer to select2: computes the closing time once but only looks at
//! the clock when a ballot arrives. Nothing wakes the loop at the deadline:
//! the poll closes at the first ballot after it, or never if nobody votes.
//!
//! Rejected by: tests::closes_on_time_even_if_ballots_keep_coming, tests::a_late_ballot_is_not_counted, tests::a_quiet_poll_closes_on_time

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// Collects the ballots cast until the poll closes, `open_for` from now, or
/// until every voter has gone.
async fn collect_ballots(mut ballots: mpsc::Receiver<String>, open_for: Duration) -> Vec<String> {
    let mut cast = Vec::new();
    let closes_at = Instant::now() + open_for;
    while let Some(ballot) = ballots.recv().await {
        if Instant::now() >= closes_at {
            break;
        }
        cast.push(ballot);
    }
    cast
}

#[tokio::main]
async fn main() {
    let (voter, ballots) = mpsc::channel(8);
    voter.send("yes".to_string()).await.unwrap();
    drop(voter);
    let cast = collect_ballots(ballots, Duration::from_millis(100)).await;
    println!("{cast:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, sleep, sleep_until, timeout};

    /// Voters who cast a ballot at each of the given times (ms from now),
    /// then stay connected for a long while.
    fn voters_at(times: &'static [u64]) -> mpsc::Receiver<String> {
        let (voter, ballots) = mpsc::channel(1);
        tokio::spawn(async move {
            let start = Instant::now();
            for &at in times {
                sleep_until(start + Duration::from_millis(at)).await;
                if voter.send(format!("ballot at {at}")).await.is_err() {
                    return;
                }
            }
            sleep(Duration::from_secs(3600)).await;
        });
        ballots
    }

    /// Runs the poll; a poll that never closes fails instead of hanging.
    async fn run_poll(
        ballots: mpsc::Receiver<String>,
        open_for: Duration,
    ) -> (Vec<String>, Duration) {
        let start = Instant::now();
        let cast = timeout(Duration::from_secs(60), collect_ballots(ballots, open_for))
            .await
            .expect("the poll never closed");
        (cast, start.elapsed())
    }

    #[tokio::test(start_paused = true)]
    async fn closes_on_time_even_if_ballots_keep_coming() {
        let steady: &[u64] = &[0, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500];
        let (cast, open) = run_poll(voters_at(steady), Duration::from_millis(120)).await;
        assert_eq!(
            open,
            Duration::from_millis(120),
            "the deadline must not start over with each ballot"
        );
        assert_eq!(cast, ["ballot at 0", "ballot at 50", "ballot at 100"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_ballot_is_not_counted() {
        let (cast, open) =
            run_poll(voters_at(&[10, 40, 90, 230]), Duration::from_millis(200)).await;
        assert_eq!(
            open,
            Duration::from_millis(200),
            "the poll closes 200 ms after it opened, whatever the ballots do"
        );
        assert_eq!(
            cast,
            ["ballot at 10", "ballot at 40", "ballot at 90"],
            "the ballot at 230 ms came after the poll closed"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_quiet_poll_closes_on_time() {
        let (cast, open) = run_poll(voters_at(&[]), Duration::from_millis(300)).await;
        assert!(cast.is_empty());
        assert_eq!(open, Duration::from_millis(300));
    }

    #[tokio::test(start_paused = true)]
    async fn closes_early_when_every_voter_has_gone() {
        let (voter, ballots) = mpsc::channel(4);
        voter.send("only".to_string()).await.unwrap();
        drop(voter);
        let (cast, open) = run_poll(ballots, Duration::from_secs(10)).await;
        assert_eq!(cast, ["only"]);
        assert_eq!(open, Duration::ZERO);
    }
}
