//! asyncfn3: `async fn` in a trait, used from spawned tasks.
//!
//! `async fn` works in traits, but the future each implementation returns is
//! an anonymous type the trait says nothing about, in particular not whether
//! it is `Send`. Generic code that hands it to `tokio::spawn` (which may move
//! it to another thread) cannot prove it is, and is refused. The trait can
//! promise it instead: declare the method as
//! `fn name(..) -> impl Future<Output = T> + Send`. Implementations may still
//! be written as `async fn`; each is then checked to really be `Send`.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

trait PriceSource {
    fn price_of(&self, item: &str) -> impl Future<Output = u32> + Send;
}

/// Prices from a remote shop, after a network round trip that takes longer
/// for longer names.
struct RemoteShop;

impl PriceSource for RemoteShop {
    async fn price_of(&self, item: &str) -> u32 {
        tokio::time::sleep(Duration::from_millis(20 * item.len() as u64)).await;
        item.len() as u32 * 10
    }
}

/// Looks up every item in its own task, all at the same time.
async fn total_price<S: PriceSource + Send + Sync + 'static>(
    source: Arc<S>,
    items: &[&str],
) -> u32 {
    let mut tasks = tokio::task::JoinSet::new();
    for item in items {
        let (source, item) = (source.clone(), item.to_string());
        tasks.spawn(async move { source.price_of(&item).await });
    }
    tasks.join_all().await.into_iter().sum()
}

#[tokio::main]
async fn main() {
    let total = total_price(Arc::new(RemoteShop), &["tea", "bread"]).await;
    println!("total: {total}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::Handle;
    use tokio::time::Instant;

    /// Prices from memory; checks generic code is not tied to `RemoteShop`.
    struct FixedPrices;

    impl PriceSource for FixedPrices {
        async fn price_of(&self, item: &str) -> u32 {
            tokio::task::yield_now().await;
            if item == "tea" { 4 } else { 1 }
        }
    }

    fn assert_send<T: Send>(_: &T) {}

    /// Compiles only if the trait itself promises that the future of
    /// `price_of` is `Send`, for every implementation: bounds on `S` cannot.
    fn lookups_are_send<S: PriceSource + Sync>(source: &S) {
        assert_send(&source.price_of("tea"));
    }

    #[test]
    fn the_trait_promises_send_futures() {
        lookups_are_send(&RemoteShop);
        lookups_are_send(&FixedPrices);
    }

    #[tokio::test(start_paused = true)]
    async fn adds_up_the_remote_prices_concurrently() {
        let start = Instant::now();
        assert_eq!(
            total_price(Arc::new(RemoteShop), &["tea", "bread", "jam"]).await,
            110
        );
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(100),
            "the lookups should overlap: as long as the slowest (bread, 100 ms)"
        );
    }

    // The test body is not a task itself, so the runtime's count of live
    // tasks is exactly the lookups still running.
    #[tokio::test(start_paused = true)]
    async fn each_item_is_looked_up_in_its_own_task() {
        let count_tasks_midway = async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Handle::current().metrics().num_alive_tasks()
        };
        let (total, alive) = tokio::join!(
            total_price(Arc::new(RemoteShop), &["tea", "bread", "jam"]),
            count_tasks_midway
        );
        assert_eq!(total, 110);
        assert_eq!(
            alive, 3,
            "50 ms in, each lookup should be running as a task"
        );
    }

    #[tokio::test]
    async fn works_with_any_price_source() {
        assert_eq!(
            total_price(Arc::new(FixedPrices), &["tea", "salt"]).await,
            5
        );
    }
}
