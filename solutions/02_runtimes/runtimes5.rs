//! runtimes5: inside async code, await; do not block_on.
//!
//! `block_on` is the bridge *from* synchronous code *into* async code. Used
//! inside async code it stops the very thread that should be running the
//! runtime's tasks, so Tokio refuses with a panic: "Cannot start a runtime
//! from within a runtime. This happens because a function (like `block_on`)
//! attempted to block the current thread while the thread is being used to
//! drive asynchronous tasks." `futures::executor::block_on` does not check:
//! on a current-thread runtime it blocks the one thread that would fire the
//! timer it waits for, so it waits forever; on a multi-thread runtime the
//! other workers fire the timer and it gets there, but the thread it blocked
//! runs nothing else meanwhile. Async code that needs a future's value
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
