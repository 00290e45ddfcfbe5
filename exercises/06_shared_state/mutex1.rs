//! mutex1: one piece of state, many tasks: `Arc<Mutex<_>>`.
//!
//! Every visit to the site is handled by its own task, and every task adds one
//! to the page's counter. A spawned task must own what it uses (`'static`), so
//! the tasks cannot borrow one local map; and a value moved into the first task
//! is gone for the second. `Arc` gives each task its own handle to the *same*
//! map, and the `Mutex` lets one task at a time change it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// Serves every visit in its own task and returns how often each page was seen.
pub async fn count_visits(visits: Vec<String>) -> HashMap<String, usize> {
    // TODO: share one map between all the tasks: wrap it in an `Arc` and give
    // each task a clone of that `Arc` (the map itself is never cloned).
    let counts = Mutex::new(HashMap::new());

    let mut handles = Vec::new();
    for page in visits {
        handles.push(tokio::spawn(async move {
            // Serving the page takes a while; the visits are served at once.
            tokio::time::sleep(Duration::from_millis(10)).await;
            *counts.lock().unwrap().entry(page).or_insert(0) += 1;
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }

    let counts = counts.lock().unwrap();
    counts.clone()
}

#[tokio::main]
async fn main() {
    let visits = ["/", "/about", "/", "/blog", "/"]
        .map(String::from)
        .to_vec();
    let counts = count_visits(visits).await;
    println!("{counts:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    fn visits(pages: &[(&str, usize)]) -> Vec<String> {
        let mut visits = Vec::new();
        for (page, times) in pages {
            visits.extend(std::iter::repeat_n(page.to_string(), *times));
        }
        visits
    }

    #[tokio::test(start_paused = true)]
    async fn every_visit_is_counted_once() {
        let counts = count_visits(visits(&[("/", 40), ("/blog", 25), ("/about", 1)])).await;
        assert_eq!(counts.len(), 3, "one entry per page: {counts:?}");
        assert_eq!(counts["/"], 40);
        assert_eq!(counts["/blog"], 25);
        assert_eq!(counts["/about"], 1);
    }

    #[tokio::test(start_paused = true)]
    async fn visits_are_served_concurrently() {
        let start = Instant::now();
        let counts = count_visits(visits(&[("/", 100)])).await;
        assert_eq!(counts["/"], 100);
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(10),
            "100 visits of 10 ms each should be served at the same time, in 10 ms"
        );
    }
}
