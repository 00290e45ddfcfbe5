//! runtimes2: not every executor can run every future.
//!
//! `futures::executor::block_on` is a tiny executor: it polls one future on
//! the current thread until it is done. That is enough for a future that
//! only computes or waits on other plain futures. But Tokio's timers, sockets
//! and `tokio::spawn` need a *Tokio* runtime running underneath them; under
//! another executor they panic with "there is no reactor running, must be
//! called from the context of a Tokio 1.x runtime".
//!
//! When synchronous code needs the result of such a future, build a Tokio
//! runtime with `tokio::runtime::Builder` and block on the future with it.

use std::time::Duration;

/// Pure computation: any executor can run it.
async fn add(a: u32, b: u32) -> u32 {
    a + b
}

/// Waits on a Tokio timer first, so only a Tokio runtime can drive it.
async fn add_after_a_pause(a: u32, b: u32) -> u32 {
    tokio::time::sleep(Duration::from_millis(1)).await;
    a + b
}

/// Called from plain synchronous code, where no runtime exists yet.
fn add_now(a: u32, b: u32) -> u32 {
    futures::executor::block_on(add(a, b))
}

/// Also called from synchronous code, but its future uses a Tokio timer.
fn add_after_a_pause_now(a: u32, b: u32) -> u32 {
    // A current-thread runtime is enough to drive one future; its timer
    // driver has to be switched on.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("could not build a Tokio runtime");
    runtime.block_on(add_after_a_pause(a, b))
}

fn main() {
    println!("2 + 3 = {}", add_now(2, 3));
    println!("4 + 5 = {}", add_after_a_pause_now(4, 5));
}

#[cfg(test)]
mod tests {
    use super::*;

    // Plain `#[test]`s: like `main`, they start outside any runtime.
    #[test]
    fn plain_futures_run_on_any_executor() {
        assert_eq!(add_now(2, 3), 5);
    }

    #[test]
    fn tokio_timers_need_a_tokio_runtime() {
        assert_eq!(add_after_a_pause_now(4, 5), 9);
        assert_eq!(add_after_a_pause_now(0, 0), 0);
    }
}
