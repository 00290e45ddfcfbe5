//! Wrong answer to barrier1: waits at the barrier, but ignores which waiter
//! leads, so every worker saves the same snapshot.
//!
//! Rejected by: tests::no_step_starts_before_every_worker_finished_the_last, tests::each_step_takes_as_long_as_its_slowest_worker

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Barrier;

/// What happened, in order.
type Log = Arc<Mutex<Vec<String>>>;

/// Worker `id` computes its share of a step: 10 ms for worker 0, 20 ms for
/// worker 1, and so on.
async fn compute(id: usize, step: usize, log: &Log) {
    tokio::time::sleep(Duration::from_millis(10 * (id as u64 + 1))).await;
    log.lock()
        .unwrap()
        .push(format!("worker {id}: step {step}"));
}

/// One worker: `steps` steps, in step with all the others.
async fn worker(id: usize, steps: usize, barrier: Arc<Barrier>, log: Log) {
    for step in 0..steps {
        compute(id, step, &log).await;
        barrier.wait().await;
        log.lock().unwrap().push(format!("snapshot {step}"));
    }
}

/// Runs `workers` workers for `steps` steps; returns what happened, in order.
pub async fn simulate(workers: usize, steps: usize) -> Vec<String> {
    let log = Log::default();
    let barrier = Arc::new(Barrier::new(workers));
    let mut tasks = Vec::new();
    for id in 0..workers {
        tasks.push(tokio::spawn(worker(
            id,
            steps,
            barrier.clone(),
            log.clone(),
        )));
    }
    for task in tasks {
        task.await.expect("a worker panicked");
    }
    let log = log.lock().unwrap();
    log.clone()
}

#[tokio::main]
async fn main() {
    for line in simulate(3, 2).await {
        println!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    /// Runs `simulate` on a paused current-thread runtime in a thread of its
    /// own and gives up after two seconds, so that a worker that blocks the
    /// runtime's thread fails the test instead of hanging it.
    fn simulate_within_two_seconds(workers: usize, steps: usize) -> (Vec<String>, Duration) {
        let (done, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .start_paused(true)
                .build()
                .unwrap();
            let result = runtime.block_on(async {
                let start = Instant::now();
                let log = simulate(workers, steps).await;
                (log, start.elapsed())
            });
            let _ = done.send(result);
        });
        outcome.recv_timeout(Duration::from_secs(2)).expect(
            "the simulation did not finish: a worker panicked, or one blocks the runtime's thread",
        )
    }

    /// The log of a simulation that runs in step: every worker's share of a
    /// step (the fastest first), then one snapshot, then the next step.
    fn in_step(workers: usize, steps: usize) -> Vec<String> {
        let mut log = Vec::new();
        for step in 0..steps {
            for id in 0..workers {
                log.push(format!("worker {id}: step {step}"));
            }
            log.push(format!("snapshot {step}"));
        }
        log
    }

    #[test]
    fn no_step_starts_before_every_worker_finished_the_last() {
        let (log, _) = simulate_within_two_seconds(3, 3);
        assert_eq!(
            log,
            in_step(3, 3),
            "every worker should finish a step before any starts the next, \
             with one snapshot per step"
        );
    }

    #[test]
    fn each_step_takes_as_long_as_its_slowest_worker() {
        let (log, elapsed) = simulate_within_two_seconds(4, 2);
        assert_eq!(log, in_step(4, 2), "the workers did not keep in step");
        assert_eq!(
            elapsed,
            Duration::from_millis(80),
            "two steps whose slowest share takes 40 ms"
        );
    }

    #[test]
    fn a_lone_worker_never_waits() {
        let (log, elapsed) = simulate_within_two_seconds(1, 3);
        assert_eq!(log, in_step(1, 3));
        assert_eq!(elapsed, Duration::from_millis(30));
    }
}
