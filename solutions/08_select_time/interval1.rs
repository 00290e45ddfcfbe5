//! interval1: a steady beat with `tokio::time::interval`.
//!
//! A heartbeat should start every `PERIOD`. Sleeping for `PERIOD` after each
//! beat waits that long *after the work*, so every beat is late by the time
//! the previous one took. An `Interval` remembers when the next tick is due
//! and subtracts the time the work took. A beat that overruns its period is
//! followed by the missed tick at once, after which the beat is back on its
//! grid: that is the interval's default `MissedTickBehavior::Burst`.

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
    let mut ticker = interval(PERIOD);
    for &takes in work {
        ticker.tick().await;
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
