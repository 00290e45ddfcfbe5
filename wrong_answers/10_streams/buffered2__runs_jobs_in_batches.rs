//! Wrong answer to buffered2: fills the set with `CAP` jobs, drains it
//! completely, then starts the next `CAP`. Never more than two at once, but a
//! short job's slot stays empty until its partner has finished too.
//!
//! Rejected by: tests::never_more_than_two_jobs_at_once, tests::a_freed_slot_is_reused_at_once

use futures::stream::{FuturesUnordered, StreamExt};
use std::time::Duration;
use timeline::Timeline;
use tokio::time::sleep;

/// The most jobs that may run at once.
const CAP: usize = 2;

/// Runs one job for `millis` and returns its name.
async fn run(name: &'static str, millis: u64, timeline: &Timeline) -> &'static str {
    let _span = timeline.start(name);
    sleep(Duration::from_millis(millis)).await;
    name
}

/// Runs every job, at most `CAP` at a time, in queue order; returns the names
/// in the order the jobs finished.
async fn run_all(jobs: &[(&'static str, u64)], timeline: &Timeline) -> Vec<&'static str> {
    let mut finished = Vec::new();
    for batch in jobs.chunks(CAP) {
        let mut running = FuturesUnordered::new();
        for &(name, millis) in batch {
            running.push(run(name, millis, timeline));
        }
        while let Some(name) = running.next().await {
            finished.push(name);
        }
    }
    finished
}

#[tokio::main]
async fn main() {
    let timeline = Timeline::new();
    let finished = run_all(
        &[("backup", 300), ("email", 100), ("report", 200)],
        &timeline,
    )
    .await;
    println!("{finished:?}\n{timeline}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    /// The most spans of the timeline that were running at the same moment.
    fn peak_overlap(timeline: &Timeline) -> usize {
        let spans = timeline.spans();
        spans
            .iter()
            .map(|(_, start, _)| {
                spans
                    .iter()
                    .filter(|(_, s, e)| s <= start && start < e)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    #[tokio::test(start_paused = true)]
    async fn never_more_than_two_jobs_at_once() {
        let timeline = Timeline::new();
        let jobs = [("a", 300), ("b", 100), ("c", 100), ("d", 200), ("e", 100)];
        let start = Instant::now();
        let finished = run_all(&jobs, &timeline).await;
        println!("{timeline}");
        assert_eq!(peak_overlap(&timeline), CAP);
        // b ends at 100 and c takes its place; c ends at 200 and d starts;
        // a ends at 300 and e starts; d and e end together at 400.
        assert_eq!(&finished[..3], ["b", "c", "a"]);
        assert_eq!(finished.len(), 5);
        assert_eq!(start.elapsed(), Duration::from_millis(400));
    }

    #[tokio::test(start_paused = true)]
    async fn a_freed_slot_is_reused_at_once() {
        let timeline = Timeline::new();
        let finished = run_all(&[("long", 500), ("short", 100), ("next", 100)], &timeline).await;
        println!("{timeline}");
        let started: Vec<_> = timeline
            .spans()
            .into_iter()
            .map(|(name, start, _)| (name, start.as_millis()))
            .collect();
        assert_eq!(
            started,
            [
                ("long".to_string(), 0),
                ("short".to_string(), 0),
                ("next".to_string(), 100)
            ]
        );
        assert_eq!(finished, ["short", "next", "long"]);
    }
}
