//! futures1: `.await` turns a future into its value.
//!
//! Calling an `async fn` gives back a future of its result, not the result.
//! `fetch_stock` below returns "a future that will produce a `u32`"; to get
//! the `u32` itself you `.await` the future, which runs it to completion
//! (pausing the caller, not the thread, while it waits).

use std::time::Duration;

/// Asks the warehouse how many of `item` are in stock.
async fn fetch_stock(item: &str) -> u32 {
    // Pretend this is a network round trip.
    tokio::time::sleep(Duration::from_millis(50)).await;
    match item {
        "apples" => 12,
        "pears" => 7,
        _ => 0,
    }
}

/// Adds up the stock of every item.
async fn total_stock(items: &[&str]) -> u32 {
    let mut total = 0;
    for item in items {
        // TODO: `fetch_stock(item)` is a future of a `u32`, not a `u32`.
        let count: u32 = fetch_stock(item);
        total += count;
    }
    total
}

#[tokio::main]
async fn main() {
    println!("in stock: {}", total_stock(&["apples", "pears"]).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn adds_up_every_item() {
        assert_eq!(total_stock(&["apples", "pears", "plums"]).await, 19);
        assert_eq!(total_stock(&["pears", "pears"]).await, 14);
    }

    // Each question to the warehouse takes 50 ms of the paused clock, so the
    // time a total took tells how many questions were really asked.
    #[tokio::test(start_paused = true)]
    async fn asks_the_warehouse_about_each_item_in_turn() {
        let start = Instant::now();
        total_stock(&["apples", "pears", "plums", "figs"]).await;
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(200),
            "four items, 50 ms per question: was the warehouse asked about each one?"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_to_count_is_zero() {
        assert_eq!(total_stock(&[]).await, 0);
    }
}
