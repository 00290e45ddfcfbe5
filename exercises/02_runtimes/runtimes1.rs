//! runtimes1: a future needs a runtime to run it.
//!
//! Rust's standard library defines what a future is, but not how to run one:
//! that is the job of an executor, usually part of a *runtime* (Tokio here)
//! which also provides timers and network I/O. So `main` cannot simply be an
//! `async fn`: something has to start the runtime and run `main`'s future on
//! it. Tokio's `#[tokio::main]` attribute writes that code for you: it turns
//! `async fn main` into a plain `fn main` that builds a runtime and blocks on
//! the body.
//!
//! The test calls `main` the way the program's start-up code does, as a plain
//! function, and checks that the countdown really ran.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Every tick of every countdown so far.
static TICKS: AtomicU32 = AtomicU32::new(0);

/// Counts down one step per tick.
async fn countdown(from: u32) {
    for n in (1..=from).rev() {
        println!("{n}...");
        tokio::time::sleep(Duration::from_millis(5)).await;
        TICKS.fetch_add(1, Ordering::SeqCst);
    }
}

// TODO: calling this `main` only builds a future, and nothing runs it. Let
// Tokio provide a runtime for it.
async fn main() {
    countdown(3).await;
    println!("liftoff!");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calling_main_runs_the_countdown_to_liftoff() {
        main();
        assert_eq!(
            TICKS.load(Ordering::SeqCst),
            3,
            "`main()` returned but the countdown did not tick three times: was its future ever run?"
        );
    }
}
