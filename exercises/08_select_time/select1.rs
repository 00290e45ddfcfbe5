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
    // TODO: this waits for one mirror, then the other, and always keeps the
    // EU answer. Race the two fetches with `tokio::select!` instead.
    let from_eu = fetch("eu", eu_delay, timeline).await;
    let _from_us = fetch("us", us_delay, timeline).await;
    from_eu
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

    #[tokio::test(start_paused = true)]
    async fn faster_mirror_wins_and_the_loser_is_dropped() {
        let timeline = Timeline::new();
        let start = Instant::now();
        let package = fetch_from_fastest(SLOW, FAST, &timeline).await;
        println!("{timeline}");
        assert_eq!(package, "package from us");
        assert_eq!(
            start.elapsed(),
            FAST,
            "the answer should arrive as soon as the faster mirror answers"
        );
        // The loser's span ends when select! drops its future, not when it would have finished.
        for (mirror, started, ended) in timeline.spans() {
            assert_eq!(
                started,
                Duration::ZERO,
                "{mirror} should be asked right away"
            );
            assert_eq!(ended, FAST, "{mirror} should stop when the race is decided");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn either_mirror_can_win() {
        let timeline = Timeline::new();
        let start = Instant::now();
        let package = fetch_from_fastest(FAST, SLOW, &timeline).await;
        println!("{timeline}");
        assert_eq!(package, "package from eu");
        assert_eq!(start.elapsed(), FAST);
    }
}
