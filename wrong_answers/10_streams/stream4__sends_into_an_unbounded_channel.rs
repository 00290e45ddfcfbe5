//! Wrong answer to stream4: switches to an unbounded channel so that the task
//! never has to wait on `send`. Nothing holds it back any more: it fetches
//! page after page whether or not the consumer reads, and the unread results
//! pile up in memory.
//!
//! Rejected by: tests::the_task_stays_only_a_few_results_ahead

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;
use tokio_stream::wrappers::UnboundedReceiverStream;
use tokio_stream::{Stream, StreamExt};

struct Page {
    results: Vec<String>,
    next: Option<u32>,
}

/// A paged search API: each page holds 4 results and takes 50 ms to arrive.
#[derive(Clone)]
struct SearchApi {
    pages: u32,
    fetched: Arc<AtomicU32>,
}

impl SearchApi {
    /// A search with `pages` pages (`u32::MAX` never runs out).
    fn new(pages: u32) -> Self {
        SearchApi {
            pages,
            fetched: Arc::default(),
        }
    }

    async fn fetch_page(&self, page: u32) -> Page {
        self.fetched.fetch_add(1, Ordering::SeqCst);
        sleep(Duration::from_millis(50)).await;
        Page {
            results: (0..4).map(|i| format!("result {}", page * 4 + i)).collect(),
            next: (page + 1 < self.pages).then_some(page + 1),
        }
    }

    fn pages_fetched(&self) -> u32 {
        self.fetched.load(Ordering::SeqCst)
    }
}

/// Every result of the search, page after page, fetched as the consumer reads.
fn search_results(api: SearchApi) -> impl Stream<Item = String> {
    let (results, stream) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut next_page = Some(0);
        while let Some(page) = next_page {
            let page = api.fetch_page(page).await;
            for result in page.results {
                if results.send(result).is_err() {
                    return; // The consumer dropped the stream.
                }
            }
            next_page = page.next;
        }
    });
    UnboundedReceiverStream::new(stream)
}

#[tokio::main]
async fn main() {
    let api = SearchApi::new(u32::MAX);
    let first: Vec<String> = search_results(api.clone()).take(6).collect().await;
    println!("{first:?} ({} pages fetched)", api.pages_fetched());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::Handle;
    use tokio::time::{Instant, timeout};

    #[tokio::test(start_paused = true)]
    async fn yields_every_result_of_every_page_in_order() {
        let results = search_results(SearchApi::new(3)).collect::<Vec<_>>();
        let results = timeout(Duration::from_secs(60), results)
            .await
            .expect("the stream never ended");
        let expected: Vec<String> = (0..12).map(|n| format!("result {n}")).collect();
        assert_eq!(results, expected);
    }

    #[tokio::test(start_paused = true)]
    async fn results_arrive_as_their_page_does_even_if_the_search_never_ends() {
        let start = Instant::now();
        let first_six = search_results(SearchApi::new(u32::MAX))
            .take(6)
            .map(|result| (result, start.elapsed().as_millis()))
            .collect::<Vec<_>>();
        let first_six = timeout(Duration::from_secs(60), first_six)
            .await
            .expect("no results: is the task fetching every page before sending?");
        let arrived: Vec<u128> = first_six.iter().map(|(_, at)| *at).collect();
        assert_eq!(arrived, [50, 50, 50, 50, 100, 100]);
        assert_eq!(first_six[5].0, "result 5");
    }

    #[tokio::test(start_paused = true)]
    async fn the_task_stops_when_the_stream_is_dropped() {
        let api = SearchApi::new(u32::MAX);
        let first_five = search_results(api.clone()).take(5).collect::<Vec<_>>();
        let first_five = timeout(Duration::from_secs(60), first_five)
            .await
            .expect("no five results in time");
        assert_eq!(first_five.len(), 5, "the search has more than one page");
        sleep(Duration::from_secs(10)).await;
        assert!(
            api.pages_fetched() <= 3,
            "{} pages fetched for 5 results: the task kept fetching after the stream was dropped",
            api.pages_fetched()
        );
        assert_eq!(
            Handle::current().metrics().num_alive_tasks(),
            0,
            "the task should end once nobody reads its results"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_task_stays_only_a_few_results_ahead() {
        let api = SearchApi::new(u32::MAX);
        let mut results = search_results(api.clone());
        let first = timeout(Duration::from_secs(60), results.next()).await;
        assert_eq!(first.expect("no first result").as_deref(), Some("result 0"));
        // The consumer holds on to the stream but reads no more.
        sleep(Duration::from_secs(10)).await;
        assert!(
            api.pages_fetched() <= 2,
            "{} pages fetched while the consumer read one result: the channel should hold the task back",
            api.pages_fetched()
        );
    }
}
