//! Wrong answer to interval2: keeps the default interval and calls `reset()`
//! after a slow reading so that the missed ticks do not burst. The burst is
//! gone, but the next sample then waits a whole period, and the grid shifts.
//!
//! Rejected by: tests::missed_samples_are_skipped_not_made_up

use std::time::Duration;
use tokio::time::{Instant, interval, sleep};

const PERIOD: Duration = Duration::from_millis(100);

/// Reads the gauge; a reading takes as long as the device needs.
async fn read_gauge(takes: Duration) {
    sleep(takes).await;
}

/// Takes one sample per entry of `work`; returns when each one started.
async fn sample(work: &[Duration]) -> Vec<Duration> {
    let start = Instant::now();
    let mut ticker = interval(PERIOD);
    let mut started = Vec::new();
    for &takes in work {
        ticker.tick().await;
        started.push(start.elapsed());
        read_gauge(takes).await;
        if takes > PERIOD {
            ticker.reset();
        }
    }
    started
}

#[tokio::main]
async fn main() {
    let work = [10, 250, 10, 10, 10].map(Duration::from_millis);
    println!("samples started at {:?}", sample(&work).await);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(list: &[u64]) -> Vec<Duration> {
        list.iter().copied().map(Duration::from_millis).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn quick_samples_follow_the_grid() {
        let started = sample(&millis(&[10, 10, 10])).await;
        assert_eq!(started, millis(&[0, 100, 200]));
    }

    #[tokio::test(start_paused = true)]
    async fn missed_samples_are_skipped_not_made_up() {
        // The second reading runs from 100 ms to 350 ms, past the 200 and 300
        // ms grid points: one late sample at 350 ms, then back on the grid.
        let started = sample(&millis(&[10, 250, 10, 10, 10])).await;
        assert_eq!(started, millis(&[0, 100, 350, 400, 500]));
    }
}
