//! Wrong answer to interval1: creates the interval inside the loop. A new
//! interval's first tick completes at once, so nothing waits between beats.
//!
//! Rejected by: tests::beats_start_every_period_whatever_the_work_takes, tests::a_beat_that_overruns_is_followed_at_once_then_the_grid_resumes, tests::instant_work_keeps_the_same_beat

use std::time::Duration;
use tokio::time::{Instant, interval, sleep};

const PERIOD: Duration = Duration::from_millis(100);

/// Sends one heartbeat; each takes as long as the network happens to need.
async fn send_beat(takes: Duration) {
    sleep(takes).await;
}

/// Sends one beat per entry of `work` and returns when each beat started,
/// counted from the first one.
async fn heartbeat(work: &[Duration]) -> Vec<Duration> {
    let start = Instant::now();
    let mut started = Vec::new();
    for &takes in work {
        interval(PERIOD).tick().await;
        started.push(start.elapsed());
        send_beat(takes).await;
    }
    started
}

#[tokio::main]
async fn main() {
    let work = [10, 40, 20].map(Duration::from_millis);
    println!("beats started at {:?}", heartbeat(&work).await);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(list: &[u64]) -> Vec<Duration> {
        list.iter().copied().map(Duration::from_millis).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn beats_start_every_period_whatever_the_work_takes() {
        let started = heartbeat(&millis(&[30, 10, 50, 20])).await;
        assert_eq!(started, millis(&[0, 100, 200, 300]));
    }

    #[tokio::test(start_paused = true)]
    async fn a_beat_that_overruns_is_followed_at_once_then_the_grid_resumes() {
        // The second beat takes 150 ms and ends at 250 ms, after the tick due
        // at 200 ms. An interval's default `MissedTickBehavior::Burst` fires
        // that late tick at once, then the next one at 300 ms, on the grid.
        let started = heartbeat(&millis(&[30, 150, 20, 10])).await;
        assert_eq!(started, millis(&[0, 100, 250, 300]));
    }

    #[tokio::test(start_paused = true)]
    async fn instant_work_keeps_the_same_beat() {
        let started = heartbeat(&millis(&[0, 0, 0])).await;
        assert_eq!(started, millis(&[0, 100, 200]));
    }
}
