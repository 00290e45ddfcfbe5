//! buffered1: bounded concurrency with `buffer_unordered`.
//!
//! Nine files to download. One at a time is slow; all nine at once may
//! overload the server. `buffer_unordered(n)` turns a stream of futures into
//! a stream of their outputs, running at most `n` of them at any moment and
//! starting the next one as soon as one finishes.

use futures::stream::{self, StreamExt};
use std::time::Duration;
use timeline::Timeline;
use tokio::time::sleep;

/// The most downloads the server allows at once.
const CAP: usize = 3;

/// Downloads one file (100 ms each) and returns its id.
async fn download(id: u32, timeline: &Timeline) -> u32 {
    let _span = timeline.start(format!("file {id}"));
    sleep(Duration::from_millis(100)).await;
    id
}

/// Downloads every file, at most `CAP` at a time; returns the ids in the
/// order the downloads finished.
async fn download_all(ids: Vec<u32>, timeline: &Timeline) -> Vec<u32> {
    stream::iter(ids)
        .map(|id| download(id, timeline))
        .buffer_unordered(CAP)
        .collect()
        .await
}

#[tokio::main]
async fn main() {
    let timeline = Timeline::new();
    let done = download_all((1..=6).collect(), &timeline).await;
    println!("{done:?}\n{timeline}");
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
    async fn nine_downloads_run_three_at_a_time() {
        let timeline = Timeline::new();
        let start = Instant::now();
        let mut done = download_all((1..=9).collect(), &timeline).await;
        println!("{timeline}");
        done.sort();
        assert_eq!(done, (1..=9).collect::<Vec<_>>());
        assert_eq!(
            peak_overlap(&timeline),
            CAP,
            "at most (and at best) CAP downloads at a time"
        );
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(300),
            "three rounds of three"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn fewer_files_than_the_cap_all_run_together() {
        let timeline = Timeline::new();
        let start = Instant::now();
        let done = download_all(vec![7, 8], &timeline).await;
        println!("{timeline}");
        assert_eq!(done.len(), 2);
        assert_eq!(start.elapsed(), Duration::from_millis(100));
    }
}
