//! Wrong answer to rwlock1: switches to `RwLock` but prices orders under
//! `write()`, which is as exclusive as the `Mutex` was: orders wait for each
//! other although none of them changes the catalog.
//!
//! Rejected by: tests::orders_are_priced_at_the_same_time

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use timeline::Timeline;
use tokio::sync::RwLock;

pub struct Catalog {
    prices: HashMap<String, u32>,
}

pub type SharedCatalog = Arc<RwLock<Catalog>>;

pub fn shared_catalog(prices: &[(&str, u32)]) -> SharedCatalog {
    let prices = prices
        .iter()
        .map(|(item, price)| (item.to_string(), *price));
    Arc::new(RwLock::new(Catalog {
        prices: prices.collect(),
    }))
}

/// The total price of `items`, all taken from one version of the catalog.
pub async fn price_order(catalog: &SharedCatalog, items: &[&str], timeline: &Timeline) -> u32 {
    let catalog = catalog.write().await;
    let _span = timeline.start(items.join("+"));
    let mut total = 0;
    for item in items {
        total += catalog.prices[*item];
        // Is it in stock? Asking the warehouse takes a moment.
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    total
}

pub async fn set_price(catalog: &SharedCatalog, item: &str, price: u32) {
    // A writer waits until no reader holds the lock, then has it alone.
    catalog.write().await.prices.insert(item.to_string(), price);
}

#[tokio::main]
async fn main() {
    let catalog = shared_catalog(&[("tea", 4), ("cake", 3)]);
    let timeline = Timeline::new();
    set_price(&catalog, "cake", 5).await;
    println!(
        "{}",
        price_order(&catalog, &["tea", "cake"], &timeline).await
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn orders_are_priced_at_the_same_time() {
        let catalog = shared_catalog(&[("tea", 4), ("cake", 3), ("jam", 2)]);
        let timeline = Timeline::new();
        let start = Instant::now();
        let orders: [&[&'static str]; 4] = [
            &["tea", "cake", "jam"],
            &["jam", "jam", "tea"],
            &["cake", "tea", "tea"],
            &["jam", "cake", "cake"],
        ];
        let mut handles = Vec::new();
        for items in orders {
            let (catalog, timeline) = (catalog.clone(), timeline.clone());
            handles.push(tokio::spawn(async move {
                price_order(&catalog, items, &timeline).await
            }));
        }
        let mut totals = Vec::new();
        for handle in handles {
            totals.push(handle.await.unwrap());
        }
        println!("{timeline}");
        assert_eq!(totals, [9, 8, 11, 8]);
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(30),
            "4 orders of 3 lines (10 ms each) should overlap and all be done after 30 ms"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_new_price_is_used_by_later_orders() {
        let catalog = shared_catalog(&[("tea", 4), ("cake", 3)]);
        let timeline = Timeline::new();
        assert_eq!(price_order(&catalog, &["tea", "cake"], &timeline).await, 7);
        set_price(&catalog, "cake", 5).await;
        assert_eq!(price_order(&catalog, &["tea", "cake"], &timeline).await, 9);
    }

    #[tokio::test(start_paused = true)]
    async fn a_price_change_waits_for_orders_being_priced() {
        let catalog = shared_catalog(&[("tea", 4), ("cake", 3)]);
        let timeline = Timeline::new();
        let order = {
            let (catalog, timeline) = (catalog.clone(), timeline.clone());
            tokio::spawn(async move { price_order(&catalog, &["cake", "cake"], &timeline).await })
        };
        // Let the order start (and take its lock) before the price changes.
        tokio::task::yield_now().await;
        set_price(&catalog, "cake", 100).await;
        assert_eq!(
            order.await.unwrap(),
            6,
            "one order, one version of the catalog"
        );
    }
}
