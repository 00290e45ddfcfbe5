//! runtimes5: inside async code, await; do not block_on.
//!
//! `block_on` is the bridge *from* synchronous code *into* async code. Used
//! inside async code it stops the very thread that should be running the
//! runtime's tasks, so Tokio refuses with a panic: "Cannot start a runtime
//! from within a runtime. This happens because a function (like `block_on`)
//! attempted to block the current thread while the thread is being used to
//! drive asynchronous tasks." (With `futures::executor::block_on` there is no
//! panic: the program just hangs.) Async code that needs a future's value
//! awaits it.

use std::time::Duration;

/// Looks up an item's price, in cents.
async fn fetch_price(item: &str) -> u32 {
    // Pretend this asks the pricing service.
    tokio::time::sleep(Duration::from_millis(100)).await;
    match item {
        "coffee" => 250,
        "cake" => 400,
        _ => 100,
    }
}

/// The price of a whole order, in cents.
async fn order_total(items: &[&str]) -> u32 {
    let mut total = 0;
    for item in items {
        total += fetch_price(item).await;
    }
    total
}

#[tokio::main]
async fn main() {
    println!("total: {} cents", order_total(&["coffee", "cake"]).await);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn totals_every_item() {
        assert_eq!(order_total(&["coffee", "cake", "water"]).await, 750);
    }

    #[tokio::test(start_paused = true)]
    async fn an_empty_order_costs_nothing() {
        assert_eq!(order_total(&[]).await, 0);
    }
}
