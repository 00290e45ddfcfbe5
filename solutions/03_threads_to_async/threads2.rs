//! threads2: `thread::sleep` stops everyone; `tokio::time::sleep` only you.
//!
//! Many tasks share each runtime thread, and a task gives the thread back
//! only at an `.await` that has to wait. `std::thread::sleep` never reaches
//! one: it blocks the whole thread, so every other task on it stops too.
//! `tokio::time::sleep` returns a future instead; awaiting it parks just this
//! task and lets the others run. A test also sees the difference on Tokio's
//! paused clock: a Tokio sleep moves that clock forward, a thread sleep just
//! burns real time.

use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What happened, in order, shared by both gadgets.
type Log = Arc<Mutex<Vec<&'static str>>>;

/// Blinks the light `times` times, one blink every `every`.
async fn blink(log: Log, times: u32, every: Duration) {
    for _ in 0..times {
        tokio::time::sleep(every).await;
        log.lock().unwrap().push("blink");
    }
}

/// Beeps `times` times, one beep every `every`.
async fn beep(log: Log, times: u32, every: Duration) {
    for _ in 0..times {
        tokio::time::sleep(every).await;
        log.lock().unwrap().push("beep");
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let log = Log::default();
    let every = Duration::from_millis(200);
    tokio::join!(
        blink(log.clone(), 3, every),
        beep(log.clone(), 3, every * 3 / 4)
    );
    println!("{:?}", log.lock().unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use timeline::Timeline;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn blinking_waits_on_the_tokio_clock() {
        let start = Instant::now();
        blink(Log::default(), 3, Duration::from_millis(5)).await;
        assert_eq!(start.elapsed(), Duration::from_millis(15));
    }

    // Blinks are due at 20, 40, 60 ms and beeps at 15, 30, 45 ms, so if
    // neither blocks the other they must alternate.
    #[tokio::test(start_paused = true)]
    async fn beeps_happen_between_blinks() {
        let (log, timeline) = (Log::default(), Timeline::new());
        let blinking = async {
            let _span = timeline.start("blink");
            blink(log.clone(), 3, Duration::from_millis(20)).await;
        };
        let beeping = async {
            let _span = timeline.start("beep");
            beep(log.clone(), 3, Duration::from_millis(15)).await;
        };
        tokio::join!(blinking, beeping);
        println!("{timeline}");
        assert_eq!(
            *log.lock().unwrap(),
            ["beep", "blink", "beep", "blink", "beep", "blink"]
        );
    }
}
