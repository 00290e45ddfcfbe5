//! select1: race two futures with `tokio::select!`.
//!
//! The same package is on two mirrors. Asking one, then the other, costs the
//! sum of both delays; asking both at once and taking whichever answers first
//! costs only the faster one. `select!` polls its branches together, runs the
//! handler of the first to finish and drops the others.

use std::time::Duration;
use timeline::Timeline;
use tokio::time::sleep;

/// Downloads the package from `mirror`, which needs `delay` to answer.
async fn fetch(mirror: &str, delay: Duration, timeline: &Timeline) -> String {
    let _span = timeline.start(mirror);
    sleep(delay).await;
    format!("package from {mirror}")
}

/// Asks both mirrors at once and returns the first answer.
async fn fetch_from_fastest(eu_delay: Duration, us_delay: Duration, timeline: &Timeline) -> String {
    tokio::select! {
        package = fetch("eu", eu_delay, timeline) => package,
        package = fetch("us", us_delay, timeline) => package,
    }
}

#[tokio::main]
async fn main() {
    let timeline = Timeline::new();
    let eu = Duration::from_millis(300);
    let us = Duration::from_millis(100);
    let package = fetch_from_fastest(eu, us, &timeline).await;
    println!("{package}\n{timeline}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    const FAST: Duration = Duration::from_millis(100);
    const SLOW: Duration = Duration::from_millis(300);

    /// Races the mirrors, then waits until the slower one would have answered,
    /// so that a loser left running shows up in the timeline.
    async fn race(eu_delay: Duration, us_delay: Duration) -> (String, Duration, Timeline) {
        let timeline = Timeline::new();
        let start = Instant::now();
        let package = fetch_from_fastest(eu_delay, us_delay, &timeline).await;
        let answered_after = start.elapsed();
        sleep(SLOW).await;
        println!("{timeline}");
        (package, answered_after, timeline)
    }

    /// Both mirrors were asked at once, and both stopped when the race was
    /// decided: the loser's span ends when select! drops its future.
    fn assert_both_asked_and_stopped_at(timeline: &Timeline, decided: Duration) {
        let spans = timeline.spans();
        let asked: Vec<&str> = spans.iter().map(|(mirror, _, _)| mirror.as_str()).collect();
        assert_eq!(
            spans.len(),
            2,
            "both mirrors should be asked, but only {asked:?} were"
        );
        for (mirror, started, ended) in &spans {
            assert_eq!(
                *started,
                Duration::ZERO,
                "{mirror} should be asked right away"
            );
            assert_eq!(
                *ended, decided,
                "{mirror} should stop when the race is decided, not run on"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn faster_mirror_wins_and_the_loser_is_dropped() {
        let (package, answered_after, timeline) = race(SLOW, FAST).await;
        assert_eq!(package, "package from us", "the US mirror answers first");
        assert_eq!(
            answered_after, FAST,
            "the answer should arrive as soon as the faster mirror answers"
        );
        assert_both_asked_and_stopped_at(&timeline, FAST);
    }

    #[tokio::test(start_paused = true)]
    async fn either_mirror_can_win() {
        let (package, answered_after, timeline) = race(FAST, SLOW).await;
        assert_eq!(package, "package from eu", "the EU mirror answers first");
        assert_eq!(
            answered_after, FAST,
            "the answer should arrive as soon as the faster mirror answers"
        );
        assert_both_asked_and_stopped_at(&timeline, FAST);
    }
}
