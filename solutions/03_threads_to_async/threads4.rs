//! threads4: CPU-heavy work does not belong on the async threads.
//!
//! Async pays off when tasks *wait*. A task that computes for a long time
//! without reaching an `.await` holds its runtime thread the whole time, and
//! every other task on that thread stalls: timers fire late, requests go
//! unanswered. Hand such work to `tokio::task::spawn_blocking`, which runs it
//! on a separate pool of threads meant for blocking, and await the result.
//! (And when a program is nothing *but* number crunching, plain threads, or
//! a library like rayon, fit better than async at all.)

/// A deliberately slow checksum: many milliseconds of CPU, no waiting.
fn checksum(data: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for _round in 0..16 {
        for &byte in data {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Checksums an upload without holding up the runtime's other tasks.
async fn checksum_upload(data: Vec<u8>) -> u64 {
    // The closure must own its data: it runs on another thread, maybe after
    // this future is gone.
    tokio::task::spawn_blocking(move || checksum(&data))
        .await
        .expect("the checksum panicked")
}

#[tokio::main]
async fn main() {
    let upload = vec![42; 1 << 20];
    println!("checksum: {:x}", checksum_upload(upload).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn upload() -> Vec<u8> {
        (0..1 << 18).map(|i| (i % 251) as u8).collect()
    }

    #[tokio::test]
    async fn checksum_is_unchanged() {
        assert_eq!(checksum_upload(upload()).await, checksum(&upload()));
    }

    // `#[tokio::test]` runs everything on one thread. A ticker task on that
    // thread can only tick while the checksum runs if the checksum is not
    // occupying the thread.
    #[tokio::test]
    async fn other_tasks_keep_running_during_the_checksum() {
        let ticks = Arc::new(AtomicUsize::new(0));
        let ticker = tokio::spawn({
            let ticks = ticks.clone();
            async move {
                loop {
                    ticks.fetch_add(1, Ordering::Relaxed);
                    tokio::task::yield_now().await;
                }
            }
        });
        checksum_upload(upload()).await;
        let ticked = ticks.load(Ordering::Relaxed);
        ticker.abort();
        assert!(
            ticked >= 10,
            "the ticker ticked only {ticked} times while the checksum ran"
        );
    }
}
