//! futures5: one after the other, or both at once with `join!`.
//!
//! `a.await; b.await;` runs `b` only after `a` has finished: the waits add
//! up. When two pieces of work do not depend on each other, `tokio::join!`
//! polls both futures together, so their waits overlap and the whole takes
//! as long as the slower one. No threads or tasks are involved: one task
//! simply takes turns between the two futures whenever one is waiting.

use std::time::Duration;
use timeline::Timeline;

async fn fetch_profile(timeline: &Timeline) -> String {
    let _span = timeline.start("profile");
    tokio::time::sleep(Duration::from_millis(300)).await;
    "Ferris, crab".to_string()
}

async fn fetch_orders(timeline: &Timeline) -> Vec<u32> {
    let _span = timeline.start("orders");
    tokio::time::sleep(Duration::from_millis(200)).await;
    vec![1001, 1002]
}

/// Everything the dashboard page shows.
struct Dashboard {
    profile: String,
    orders: Vec<u32>,
}

async fn load_dashboard(timeline: &Timeline) -> Dashboard {
    // TODO: neither fetch needs the other's result, yet the orders are only
    // requested once the profile has arrived. Run both at once.
    let profile = fetch_profile(timeline).await;
    let orders = fetch_orders(timeline).await;
    Dashboard { profile, orders }
}

#[tokio::main]
async fn main() {
    let timeline = Timeline::new();
    let dashboard = load_dashboard(&timeline).await;
    println!("{}: orders {:?}", dashboard.profile, dashboard.orders);
    println!("{timeline}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn dashboard_has_profile_and_orders() {
        let dashboard = load_dashboard(&Timeline::new()).await;
        assert_eq!(dashboard.profile, "Ferris, crab");
        assert_eq!(dashboard.orders, [1001, 1002]);
    }

    // With the paused clock, elapsed time is exact: 300 ms means the two
    // waits overlapped, 500 ms means one waited for the other.
    #[tokio::test(start_paused = true)]
    async fn fetches_overlap() {
        let timeline = Timeline::new();
        let start = Instant::now();
        load_dashboard(&timeline).await;
        println!("{timeline}");
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(300),
            "the dashboard should take as long as the slower fetch, not the sum of both"
        );
    }
}
