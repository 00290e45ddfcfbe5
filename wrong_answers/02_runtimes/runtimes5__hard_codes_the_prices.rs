//! Wrong answer to runtimes5: gets rid of the blocking call by writing the
//! prices into the wrapper, so the pricing service is never asked.
//!
//! Rejected by: tests::asks_the_pricing_service_for_each_item

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

/// A synchronous wrapper, written for a caller that had no runtime.
fn fetch_price_blocking(item: &str) -> u32 {
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
        total += fetch_price_blocking(item);
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
    use std::future::Future;
    use std::sync::mpsc::RecvTimeoutError;
    use tokio::time::Instant;

    /// Runs `work` on a current-thread runtime with a paused clock, in a
    /// thread of its own. An answer that blocks that thread instead of
    /// awaiting then fails here with a message instead of hanging the test.
    fn run_async<T: Send + 'static>(work: impl Future<Output = T> + Send + 'static) -> T {
        let (done, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .start_paused(true)
                .build()
                .unwrap();
            let _ = done.send(runtime.block_on(work));
        });
        match outcome.recv_timeout(Duration::from_secs(2)) {
            Ok(value) => value,
            Err(RecvTimeoutError::Timeout) => {
                panic!("still running after 2 s: something blocks the thread instead of awaiting")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the async code panicked (its message is above)")
            }
        }
    }

    #[test]
    fn totals_every_item() {
        assert_eq!(run_async(order_total(&["coffee", "cake", "water"])), 750);
        assert_eq!(run_async(order_total(&["cake", "cake"])), 800);
    }

    // The pricing service answers in 100 ms of the paused clock; a blocked
    // thread or a price that was never asked for shows as missing time.
    #[test]
    fn asks_the_pricing_service_for_each_item() {
        let took = run_async(async {
            let start = Instant::now();
            order_total(&["tea", "coffee", "cake"]).await;
            start.elapsed()
        });
        assert_eq!(
            took,
            Duration::from_millis(300),
            "three items, 100 ms per price, asked one after the other"
        );
    }

    #[test]
    fn an_empty_order_costs_nothing() {
        assert_eq!(run_async(order_total(&[])), 0);
    }
}
