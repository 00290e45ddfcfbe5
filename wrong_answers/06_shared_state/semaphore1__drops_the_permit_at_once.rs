//! Wrong answer to semaphore1: `let _ = ...` does not bind the permit, so it
//! is dropped on the spot and every download runs at once.
//!
//! Rejected by: tests::cap_of_three_is_never_exceeded, tests::a_freed_permit_starts_the_next_download_at_once, tests::a_cap_of_one_downloads_one_by_one

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Downloads every url, each in its own task, never more than `limit` at once.
/// The pages come back in the order of `urls`.
pub async fn download_all<F, Fut>(urls: Vec<String>, limit: usize, download: F) -> Vec<String>
where
    F: Fn(String) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = String> + Send + 'static,
{
    let permits = Arc::new(Semaphore::new(limit));
    let mut tasks = Vec::new();
    for url in urls {
        let download = download.clone();
        let permits = permits.clone();
        tasks.push(tokio::spawn(async move {
            let _ = permits.acquire().await.unwrap();
            download(url).await
        }));
    }

    let mut pages = Vec::new();
    for task in tasks {
        pages.push(task.await.unwrap());
    }
    pages
}

#[tokio::main]
async fn main() {
    let urls = (1..=5)
        .map(|n| format!("https://example.com/{n}"))
        .collect();
    let pages = download_all(urls, 2, |url| async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        format!("<html>{url}</html>")
    })
    .await;
    println!("{pages:#?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::time::Instant;

    /// Counts the downloads in flight and remembers the highest count seen.
    #[derive(Default)]
    struct FakeServer {
        in_flight: AtomicUsize,
        most_at_once: AtomicUsize,
    }

    /// Downloads `/page/0`, `/page/1`, ... where page n takes `millis[n]` ms.
    async fn run(millis: &[u64], limit: usize) -> (Vec<String>, usize, Duration) {
        let server = Arc::new(FakeServer::default());
        let urls = (0..millis.len()).map(|n| format!("/page/{n}")).collect();
        let millis = Arc::new(millis.to_vec());
        let start = Instant::now();
        let download = {
            let server = server.clone();
            move |url: String| {
                let (server, millis) = (server.clone(), millis.clone());
                async move {
                    let page: usize = url["/page/".len()..].parse().unwrap();
                    let now = server.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    server.most_at_once.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(millis[page])).await;
                    server.in_flight.fetch_sub(1, Ordering::SeqCst);
                    format!("body of {url}")
                }
            }
        };
        // A wrong permit count could leave every task waiting for ever.
        let pages =
            tokio::time::timeout(Duration::from_secs(60), download_all(urls, limit, download))
                .await
                .expect("the downloads never finished: are permits ever given back?");
        (
            pages,
            server.most_at_once.load(Ordering::SeqCst),
            start.elapsed(),
        )
    }

    fn bodies(count: usize) -> Vec<String> {
        (0..count).map(|n| format!("body of /page/{n}")).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn cap_of_three_is_never_exceeded() {
        let millis = [300, 100, 100, 100, 100, 200, 50, 250, 150, 100];
        let (pages, most_at_once, _) = run(&millis, 3).await;
        assert_eq!(pages, bodies(10), "pages in the order of the urls");
        assert!(
            most_at_once <= 3,
            "{most_at_once} downloads ran at once, the cap is 3"
        );
    }

    // Page 0 takes 300 ms, page 5 200 ms, the others 100 ms. With 2 permits,
    // each one freed goes to the next page at once: 1, 2, 3 follow each other
    // beside page 0, then 4 and 5 start together at 300 ms.
    #[tokio::test(start_paused = true)]
    async fn a_freed_permit_starts_the_next_download_at_once() {
        let (pages, most_at_once, elapsed) = run(&[300, 100, 100, 100, 100, 200], 2).await;
        assert_eq!(pages, bodies(6));
        assert_eq!(
            most_at_once, 2,
            "up to 2 downloads may run at once, so 2 should"
        );
        assert_eq!(
            elapsed,
            Duration::from_millis(500),
            "a download should start as soon as any permit is free, not when a whole group is done"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_cap_of_one_downloads_one_by_one() {
        let (pages, most_at_once, elapsed) = run(&[30, 10, 20, 40], 1).await;
        assert_eq!(pages, bodies(4));
        assert_eq!(most_at_once, 1);
        assert_eq!(elapsed, Duration::from_millis(100));
    }

    #[tokio::test(start_paused = true)]
    async fn a_cap_above_the_number_of_urls_runs_them_all_at_once() {
        let (pages, most_at_once, elapsed) = run(&[40, 70, 10, 20, 30], 20).await;
        assert_eq!(pages, bodies(5));
        assert_eq!(most_at_once, 5);
        assert_eq!(elapsed, Duration::from_millis(70));
    }
}
