//! Wrong answer to buffered1: uses `buffered(CAP)` instead of
//! `buffer_unordered(CAP)`. The cap holds, but results come out in the order
//! the downloads started, so a finished download waits behind a slower one
//! that started before it.
//!
//! Rejected by: tests::nine_downloads_three_at_a_time_each_slot_reused_at_once, tests::fewer_files_than_the_cap_all_run_together

use futures::stream::{self, StreamExt};
use std::time::Duration;
use timeline::Timeline;
use tokio::time::sleep;

/// The most downloads the server allows at once.
const CAP: usize = 3;

/// A file on the server; it takes one millisecond per KB to download.
#[derive(Clone, Copy)]
struct File {
    id: u32,
    size_kb: u64,
}

/// Downloads one file and returns its id.
async fn download(file: File, timeline: &Timeline) -> u32 {
    let _span = timeline.start(format!("file {}", file.id));
    sleep(Duration::from_millis(file.size_kb)).await;
    file.id
}

/// Downloads every file, at most `CAP` at a time, starting them in list
/// order; returns the ids in the order the downloads finished.
async fn download_all(files: Vec<File>, timeline: &Timeline) -> Vec<u32> {
    stream::iter(files)
        .map(|file| download(file, timeline))
        .buffered(CAP)
        .collect()
        .await
}

#[tokio::main]
async fn main() {
    let timeline = Timeline::new();
    let files = [(1, 300), (2, 100), (3, 250), (4, 120), (5, 60)]
        .map(|(id, size_kb)| File { id, size_kb })
        .to_vec();
    let done = download_all(files, &timeline).await;
    println!("{done:?}\n{timeline}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    fn files(list: &[(u32, u64)]) -> Vec<File> {
        list.iter()
            .map(|&(id, size_kb)| File { id, size_kb })
            .collect()
    }

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

    /// When each download started, in ms, in start order.
    fn starts(timeline: &Timeline) -> Vec<(String, u128)> {
        let spans = timeline.spans();
        spans
            .into_iter()
            .map(|(label, start, _)| (label, start.as_millis()))
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn nine_downloads_three_at_a_time_each_slot_reused_at_once() {
        let timeline = Timeline::new();
        let start = Instant::now();
        let nine = files(&[
            (1, 300),
            (2, 100),
            (3, 250),
            (4, 120),
            (5, 60),
            (6, 210),
            (7, 90),
            (8, 40),
            (9, 170),
        ]);
        let done = download_all(nine, &timeline).await;
        println!("{timeline}");
        assert_eq!(
            peak_overlap(&timeline),
            CAP,
            "at most (and at best) CAP downloads at a time"
        );
        let expected_starts = [
            (1, 0),
            (2, 0),
            (3, 0),
            (4, 100),
            (5, 220),
            (6, 250),
            (7, 280),
            (8, 300),
            (9, 340),
        ]
        .map(|(id, at)| (format!("file {id}"), at));
        assert_eq!(
            starts(&timeline),
            expected_starts,
            "each download should start the moment a slot frees up"
        );
        assert_eq!(
            done,
            [2, 4, 3, 5, 1, 8, 7, 6, 9],
            "ids in the order the downloads finished"
        );
        assert_eq!(start.elapsed(), Duration::from_millis(510));
    }

    #[tokio::test(start_paused = true)]
    async fn fewer_files_than_the_cap_all_run_together() {
        let timeline = Timeline::new();
        let start = Instant::now();
        let done = download_all(files(&[(7, 80), (8, 30)]), &timeline).await;
        println!("{timeline}");
        assert_eq!(done, [8, 7], "the smaller file finishes first");
        assert_eq!(start.elapsed(), Duration::from_millis(80));
    }
}
