//! mpsc2: the receive loop ends only when every sender is gone.
//!
//! `while let Some(line) = rx.recv().await` is the usual way to drain a
//! channel: `recv` returns `None` once the channel is empty *and* no `Sender`
//! is left. Here each worker sends log lines, as many as it likes, and the
//! collector gathers them all. But the loop never ends.

use std::time::Duration;
use tokio::sync::mpsc;

/// A worker that does `jobs` jobs, 10 ms each, and logs a line for each.
/// Some jobs fail at their first try (10 ms lost, and a line logged) and are
/// done again.
async fn worker(id: usize, jobs: usize, log: mpsc::Sender<String>) {
    for job in 0..jobs {
        if (id + job) % 3 == 2 {
            tokio::time::sleep(Duration::from_millis(10)).await;
            let failed = format!("worker {id}: job {job} failed, retrying");
            log.send(failed).await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        log.send(format!("worker {id}: job {job} done"))
            .await
            .unwrap();
    }
}

/// Runs one worker per entry of `jobs_per_worker` and returns every log line.
pub async fn collect_logs(jobs_per_worker: Vec<usize>) -> Vec<String> {
    let (tx, mut rx) = mpsc::channel(16);
    for (id, jobs) in jobs_per_worker.into_iter().enumerate() {
        tokio::spawn(worker(id, jobs, tx.clone()));
    }
    // TODO: the loop below waits for more lines as long as any sender exists.
    // Which sender is still alive after the workers are done?

    let mut lines = Vec::new();
    while let Some(line) = rx.recv().await {
        lines.push(line);
    }
    lines
}

#[tokio::main]
async fn main() {
    for line in collect_logs(vec![2, 1]).await {
        println!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, timeout};

    async fn collect_or_fail(jobs_per_worker: Vec<usize>) -> Vec<String> {
        timeout(Duration::from_secs(5), collect_logs(jobs_per_worker))
            .await
            .expect("collect_logs never returned: the receive loop is still waiting")
    }

    // Worker 0 retries its job 2 and worker 2 its job 0: 3 + 1 + 2 jobs and
    // 2 retries make 8 lines.
    #[tokio::test(start_paused = true)]
    async fn collecting_ends_when_the_workers_are_done() {
        let lines = collect_or_fail(vec![3, 1, 2]).await;
        assert_eq!(lines.len(), 8, "every line, retries included: {lines:#?}");
    }

    #[tokio::test(start_paused = true)]
    async fn no_line_is_lost() {
        let mut lines = collect_or_fail(vec![2, 0, 3]).await;
        lines.sort();
        assert_eq!(
            lines,
            [
                "worker 0: job 0 done",
                "worker 0: job 1 done",
                "worker 2: job 0 done",
                "worker 2: job 0 failed, retrying",
                "worker 2: job 1 done",
                "worker 2: job 2 done",
            ]
        );
    }

    // Worker 0 takes 40 ms (3 jobs, 1 retry), worker 2 30 ms, worker 1 10 ms.
    #[tokio::test(start_paused = true)]
    async fn collecting_ends_as_soon_as_the_last_worker_is_done() {
        let start = Instant::now();
        collect_or_fail(vec![3, 1, 2]).await;
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(40),
            "the last worker finished at 40 ms; collecting should end right then"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn no_workers_no_lines() {
        assert!(collect_or_fail(vec![]).await.is_empty());
    }
}
