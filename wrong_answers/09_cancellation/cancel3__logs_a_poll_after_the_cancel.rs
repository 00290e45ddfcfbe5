//! Wrong answer to cancel3: races the tick against `stop.cancelled()`, but
//! logs a poll after the `select!` whichever branch won, and only then checks
//! the token. The workers stop at once, but each logs one poll that never
//! happened.
//!
//! Rejected by: tests::one_cancel_stops_every_worker_at_once

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio::time::interval;
use tokio_util::sync::CancellationToken;

type Log = Arc<Mutex<Vec<String>>>;

/// Polls for jobs every 100 ms until `stop` is cancelled.
async fn worker(name: &'static str, stop: CancellationToken, log: Log) {
    let mut poll = interval(Duration::from_millis(100));
    while !stop.is_cancelled() {
        tokio::select! {
            _ = stop.cancelled() => {}
            _ = poll.tick() => {}
        }
        log.lock().unwrap().push(format!("{name} polled"));
    }
    log.lock().unwrap().push(format!("{name} stopped"));
}

/// Starts one worker per name, all stopped by the same token.
fn start_workers(
    names: &[&'static str],
    stop: &CancellationToken,
    log: &Log,
) -> Vec<JoinHandle<()>> {
    names
        .iter()
        .map(|&name| tokio::spawn(worker(name, stop.clone(), log.clone())))
        .collect()
}

#[tokio::main]
async fn main() {
    let (stop, log) = (CancellationToken::new(), Log::default());
    let workers = start_workers(&["a", "b"], &stop, &log);
    tokio::time::sleep(Duration::from_millis(250)).await;
    stop.cancel();
    for worker in workers {
        worker.await.unwrap();
    }
    println!("{:#?}", log.lock().unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, sleep, timeout};

    fn count(log: &Log, line: &str) -> usize {
        log.lock().unwrap().iter().filter(|l| *l == line).count()
    }

    #[tokio::test(start_paused = true)]
    async fn one_cancel_stops_every_worker_at_once() {
        let (stop, log) = (CancellationToken::new(), Log::default());
        let workers = start_workers(&["a", "b", "c"], &stop, &log);
        sleep(Duration::from_millis(250)).await;
        let cancelled_at = Instant::now();
        stop.cancel();
        for worker in workers {
            timeout(Duration::from_secs(1), worker)
                .await
                .expect("a worker kept running after cancel()")
                .unwrap();
        }
        assert_eq!(
            cancelled_at.elapsed(),
            Duration::ZERO,
            "workers should stop at once, not at their next poll"
        );
        for name in ["a", "b", "c"] {
            assert_eq!(
                count(&log, &format!("{name} polled")),
                3,
                "{name} polls at 0, 100 and 200 ms"
            );
            assert_eq!(count(&log, &format!("{name} stopped")), 1);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn workers_run_until_cancelled() {
        let (stop, log) = (CancellationToken::new(), Log::default());
        let workers = start_workers(&["a"], &stop, &log);
        sleep(Duration::from_millis(1050)).await;
        assert_eq!(count(&log, "a polled"), 11);
        assert!(!workers[0].is_finished());
        stop.cancel();
    }
}
