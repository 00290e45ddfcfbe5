//! Wrong answer to spawn1: spawns every chapter's download at the start, as
//! if the library lent the whole book at once.
//!
//! Rejected by: tests::each_download_runs_while_the_chapter_before_it_is_read

use std::time::Duration;

struct Chapter {
    number: usize,
    pages: u64,
}

/// Fetches one chapter from the library: 10 ms a page.
async fn download(number: usize, pages: u64) -> Chapter {
    tokio::time::sleep(Duration::from_millis(10 * pages)).await;
    Chapter { number, pages }
}

/// Reads one chapter, 20 ms a page, and notes what was read.
async fn read(chapter: Chapter) -> String {
    tokio::time::sleep(Duration::from_millis(20 * chapter.pages)).await;
    format!("chapter {} ({} pages)", chapter.number, chapter.pages)
}

/// Reads every chapter in order (their page counts are given) and returns the
/// notes, fetching each chapter while the one before it is read.
async fn read_book(page_counts: Vec<u64>) -> Vec<String> {
    let downloads: Vec<_> = page_counts
        .into_iter()
        .enumerate()
        .map(|(index, pages)| tokio::spawn(download(index + 1, pages)))
        .collect();
    let mut notes = Vec::new();
    for download in downloads {
        notes.push(read(download.await.unwrap()).await);
    }
    notes
}

#[tokio::main]
async fn main() {
    for note in read_book(vec![12, 30, 8]).await {
        println!("read {note}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::Handle;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn chapters_are_read_in_order() {
        let notes = read_book(vec![2, 5, 1]).await;
        assert_eq!(
            notes,
            [
                "chapter 1 (2 pages)",
                "chapter 2 (5 pages)",
                "chapter 3 (1 pages)"
            ]
        );
        assert!(read_book(vec![]).await.is_empty());
    }

    // A chapter of p pages downloads in 10p ms and is read in 20p ms. Reading
    // chapter n while chapter n+1 downloads, the book takes the first
    // download, then the longer of each reading and the next download, then
    // the last reading.
    #[tokio::test(start_paused = true)]
    async fn each_download_runs_while_the_chapter_before_it_is_read() {
        let books = [
            (vec![3, 1, 4, 2], 250),
            (vec![1, 6, 2], 230),
            (vec![5], 150),
        ];
        for (page_counts, expected_ms) in books {
            let start = Instant::now();
            read_book(page_counts.clone()).await;
            let elapsed = start.elapsed();
            assert_eq!(
                elapsed,
                Duration::from_millis(expected_ms),
                "the book {page_counts:?} took {elapsed:?}: one chapter ahead, each \
                 download overlapping the reading before it, it takes {expected_ms} ms"
            );
        }
    }

    // The test body is not a task itself, so the runtime's count of live
    // tasks is exactly the tasks `read_book` spawned.
    #[tokio::test(start_paused = true)]
    async fn the_next_download_is_a_task_of_its_own() {
        // Chapter 1 (3 pages) is read from 30 to 90 ms; chapter 2 (1 page)
        // should be downloading from 30 to 40 ms.
        let count_tasks_at_35_ms = async {
            tokio::time::sleep(Duration::from_millis(35)).await;
            Handle::current().metrics().num_alive_tasks()
        };
        let (_, alive) = tokio::join!(read_book(vec![3, 1, 4, 2]), count_tasks_at_35_ms);
        assert_eq!(
            alive, 1,
            "35 ms in, the download of chapter 2 should be running as a task of its own"
        );
    }
}
