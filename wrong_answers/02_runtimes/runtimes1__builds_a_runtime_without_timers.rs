//! Wrong answer to runtimes1: builds a runtime by hand but switches on none of
//! its drivers, so the countdown's first `sleep` panics: timers are disabled.
//!
//! Rejected by: tests::calling_main_runs_the_countdown_to_liftoff

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

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        countdown(3).await;
        println!("liftoff!");
    });
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
