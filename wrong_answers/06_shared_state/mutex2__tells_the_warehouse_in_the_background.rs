//! Wrong answer to mutex2: hands the warehouse call to a task of its own and
//! returns at once. `sell` no longer awaits while holding the guard, so it
//! compiles, but it reports the sale before the warehouse has been told.
//!
//! Rejected by: tests::the_lock_is_free_while_the_warehouse_is_told

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub type Stock = Arc<Mutex<HashMap<String, u32>>>;

pub fn new_stock(items: &[(&str, u32)]) -> Stock {
    let stock = items.iter().map(|(name, count)| (name.to_string(), *count));
    Arc::new(Mutex::new(stock.collect()))
}

/// Tells the warehouse that an item left; a slow network call.
async fn notify_warehouse(_item: &str) {
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Takes one `item` out of stock and reports the sale; `false` if sold out.
pub async fn sell(stock: Stock, item: String) -> bool {
    // TODO: the guard is still alive at the `.await` below. Make sure it is
    // gone by then. (Careful: on today's compiler `drop(items)` is not enough;
    // the compiler only trusts a guard that went out of scope.)
    let mut items = stock.lock().unwrap();
    match items.get_mut(&item) {
        Some(count) if *count > 0 => *count -= 1,
        _ => return false,
    }

    tokio::spawn(async move { notify_warehouse(&item).await });
    true
}

#[tokio::main]
async fn main() {
    let stock = new_stock(&[("kettle", 2)]);
    let mut sales = Vec::new();
    for _ in 0..3 {
        sales.push(tokio::spawn(sell(stock.clone(), "kettle".to_string())));
    }
    for sale in sales {
        println!("sold: {}", sale.await.unwrap());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn never_sells_more_than_the_stock() {
        let stock = new_stock(&[("kettle", 3), ("lamp", 1)]);
        let mut sales = Vec::new();
        for _ in 0..5 {
            sales.push(tokio::spawn(sell(stock.clone(), "kettle".to_string())));
        }
        let mut sold = 0;
        for sale in sales {
            sold += sale.await.unwrap() as u32;
        }
        assert_eq!(sold, 3, "3 kettles in stock, 5 buyers");
        let left = stock.lock().unwrap().clone();
        assert_eq!(left["kettle"], 0);
        assert_eq!(left["lamp"], 1, "selling kettles must not touch lamps");
        assert!(
            !sell(stock.clone(), "sofa".to_string()).await,
            "no sofas at all"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_lock_is_free_while_the_warehouse_is_told() {
        let stock = new_stock(&[("kettle", 10)]);
        let start = Instant::now();
        let mut sales = Vec::new();
        for _ in 0..10 {
            sales.push(tokio::spawn(sell(stock.clone(), "kettle".to_string())));
        }
        for sale in sales {
            assert!(sale.await.unwrap());
        }
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(50),
            "the 10 warehouse calls should overlap: nobody may hold the lock while waiting"
        );
    }
}
