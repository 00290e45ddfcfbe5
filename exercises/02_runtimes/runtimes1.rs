//! runtimes1: a future needs a runtime to run it.
//!
//! Rust's standard library defines what a future is, but not how to run one:
//! that is the job of an executor, usually part of a *runtime* (Tokio here)
//! which also provides timers and network I/O. So `main` cannot simply be an
//! `async fn`: something has to start the runtime and run `main`'s future on
//! it. Tokio's `#[tokio::main]` attribute writes that code for you.
//!
//! This exercise passes when the program compiles and `main` runs to the end.

use std::time::Duration;

/// Counts down one step per tick and returns how many ticks it took.
async fn countdown(from: u32) -> u32 {
    let mut ticks = 0;
    for n in (1..=from).rev() {
        println!("{n}...");
        tokio::time::sleep(Duration::from_millis(20)).await;
        ticks += 1;
    }
    ticks
}

// TODO: nothing runs this async `main`. Let Tokio provide a runtime for it.
async fn main() {
    let ticks = countdown(3).await;
    println!("liftoff after {ticks} ticks");
    assert_eq!(ticks, 3);
}
