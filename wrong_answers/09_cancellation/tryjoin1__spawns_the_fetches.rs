//! Wrong answer to tryjoin1: spawns the three fetches and `try_join!`s their
//! handles. The page fails at the right moment, but dropping a `JoinHandle`
//! does not stop its task: the other fetches keep running after the page
//! has given up on them.
//!
//! Rejected by: tests::the_first_failure_fails_the_page_at_once, tests::the_earliest_failure_is_the_one_reported

use std::time::Duration;
use timeline::Timeline;
use tokio::time::sleep;

#[derive(Debug, PartialEq)]
struct FetchError(&'static str);

#[derive(Debug, PartialEq)]
struct Page {
    user: String,
    orders: String,
    recommendations: String,
}

/// What a backend service will do when asked: answer after `after`, or fail.
#[derive(Clone, Copy)]
struct Reply {
    after: Duration,
    fails: bool,
}

struct Backend {
    user: Reply,
    orders: Reply,
    recommendations: Reply,
}

/// Asks the service for `part`.
async fn fetch(
    part: &'static str,
    reply: Reply,
    timeline: &Timeline,
) -> Result<String, FetchError> {
    let _span = timeline.start(part);
    sleep(reply.after).await;
    if reply.fails {
        Err(FetchError(part))
    } else {
        Ok(format!("{part} data"))
    }
}

/// Fetches the three parts at once; fails as soon as any of them fails.
async fn load_page(backend: &Backend, timeline: &Timeline) -> Result<Page, FetchError> {
    let spawn_fetch = |part: &'static str, reply: Reply| {
        let timeline = timeline.clone();
        let task = tokio::spawn(async move { fetch(part, reply, &timeline).await });
        async move { task.await.expect("the fetch panicked") }
    };
    let (user, orders, recommendations) = tokio::try_join!(
        spawn_fetch("user", backend.user),
        spawn_fetch("orders", backend.orders),
        spawn_fetch("recommendations", backend.recommendations),
    )?;
    Ok(Page {
        user,
        orders,
        recommendations,
    })
}

#[tokio::main]
async fn main() {
    let ok = |ms| Reply {
        after: Duration::from_millis(ms),
        fails: false,
    };
    let backend = Backend {
        user: ok(120),
        orders: Reply {
            after: Duration::from_millis(80),
            fails: true,
        },
        recommendations: ok(300),
    };
    let timeline = Timeline::new();
    println!("{:?}\n{timeline}", load_page(&backend, &timeline).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    fn ok(ms: u64) -> Reply {
        Reply {
            after: Duration::from_millis(ms),
            fails: false,
        }
    }

    fn fails(ms: u64) -> Reply {
        Reply {
            after: Duration::from_millis(ms),
            fails: true,
        }
    }

    /// Loads the page, then waits until every fetch would have finished, so
    /// that a fetch left running shows up in the timeline.
    async fn load(backend: Backend) -> (Result<Page, FetchError>, Duration, Timeline) {
        let timeline = Timeline::new();
        let start = Instant::now();
        let page = load_page(&backend, &timeline).await;
        let answered_after = start.elapsed();
        sleep(Duration::from_secs(1)).await;
        println!("{timeline}");
        (page, answered_after, timeline)
    }

    /// Every part was asked for at once, and every fetch ended at `ended`.
    fn assert_all_started_together_and_ended_at(timeline: &Timeline, ended: Duration) {
        let spans = timeline.spans();
        assert_eq!(spans.len(), 3, "all three parts should be fetched");
        for (part, start, end) in spans {
            assert_eq!(start, Duration::ZERO, "{part} should be fetched right away");
            assert_eq!(
                end, ended,
                "{part} should stop when the page has its answer, not run on"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_page_needs_all_three_parts() {
        let backend = Backend {
            user: ok(120),
            orders: ok(80),
            recommendations: ok(300),
        };
        let (page, answered_after, timeline) = load(backend).await;
        let expected = Page {
            user: "user data".into(),
            orders: "orders data".into(),
            recommendations: "recommendations data".into(),
        };
        assert_eq!(page, Ok(expected));
        assert_eq!(
            answered_after,
            Duration::from_millis(300),
            "the slowest part decides"
        );
        let spans = timeline.spans();
        assert_eq!(spans.len(), 3);
        assert!(
            spans.iter().all(|(_, start, _)| start.is_zero()),
            "the parts should be fetched at the same time"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_first_failure_fails_the_page_at_once() {
        let backend = Backend {
            user: ok(120),
            orders: fails(80),
            recommendations: ok(300),
        };
        let (page, answered_after, timeline) = load(backend).await;
        assert_eq!(page, Err(FetchError("orders")));
        assert_eq!(
            answered_after,
            Duration::from_millis(80),
            "the page fails as soon as the orders fail"
        );
        assert_all_started_together_and_ended_at(&timeline, Duration::from_millis(80));
    }

    #[tokio::test(start_paused = true)]
    async fn the_earliest_failure_is_the_one_reported() {
        let backend = Backend {
            user: fails(200),
            orders: ok(150),
            recommendations: fails(50),
        };
        let (page, answered_after, timeline) = load(backend).await;
        assert_eq!(page, Err(FetchError("recommendations")));
        assert_eq!(answered_after, Duration::from_millis(50));
        assert_all_started_together_and_ended_at(&timeline, Duration::from_millis(50));
    }
}
