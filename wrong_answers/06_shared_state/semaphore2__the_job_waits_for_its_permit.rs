//! Wrong answer to semaphore2: the job takes its own permit, waiting for it
//! on its blocking thread. At most `max_jobs` jobs compute at once, but every
//! waiting job has already been given a thread: the cap limits the work, not
//! the threads.
//!
//! Rejected by: tests::a_burst_starts_no_more_threads_than_the_cap, tests::a_cancelled_request_keeps_its_permit_until_its_job_ends

use std::sync::Arc;
use tokio::sync::Semaphore;

/// Runs CPU-heavy jobs on the blocking pool, never more than `max_jobs` at once.
#[derive(Clone)]
pub struct CpuPool {
    permits: Arc<Semaphore>,
}

impl CpuPool {
    pub fn new(max_jobs: usize) -> CpuPool {
        CpuPool {
            permits: Arc::new(Semaphore::new(max_jobs)),
        }
    }

    /// Runs `job` on the blocking pool once a permit is free; returns its result.
    pub async fn run<T: Send + 'static>(&self, job: impl FnOnce() -> T + Send + 'static) -> T {
        let permits = self.permits.clone();
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            let _permit = runtime.block_on(permits.acquire_owned()).unwrap();
            job()
        })
        .await
        .expect("a job panicked")
    }
}

/// Stands in for hashing a big upload: a moment of pure CPU work.
fn checksum(seed: u64) -> u64 {
    (0..200_000u64).fold(seed, |hash, i| hash.wrapping_mul(31).wrapping_add(i))
}

#[tokio::main]
async fn main() {
    let pool = CpuPool::new(2);
    let mut requests = Vec::new();
    for upload in 0..8 {
        let pool = pool.clone();
        requests.push(tokio::spawn(async move {
            pool.run(move || checksum(upload)).await
        }));
    }
    for request in requests {
        println!("{:016x}", request.await.unwrap());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc as std_mpsc;
    use std::time::Duration;
    use tokio::runtime::Runtime;
    use tokio::sync::mpsc;

    /// A current-thread runtime that counts the threads its blocking pool
    /// starts: the pool names each new thread as it starts it, and the naming
    /// function counts.
    fn counting_runtime() -> (Runtime, Arc<AtomicUsize>) {
        let threads = Arc::new(AtomicUsize::new(0));
        let counter = threads.clone();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .thread_name_fn(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                "cpu-pool".to_string()
            })
            .build()
            .unwrap();
        (runtime, threads)
    }

    /// Jobs the test controls. Each reports its number when it starts, waits
    /// for its own go-ahead (dropping the sender lets it through), and
    /// returns its number. The most that ran at once is kept.
    struct Jobs {
        started: mpsc::UnboundedSender<usize>,
        running: Arc<AtomicUsize>,
        most_at_once: Arc<AtomicUsize>,
    }

    impl Jobs {
        fn new() -> (Jobs, mpsc::UnboundedReceiver<usize>) {
            let (started, starts) = mpsc::unbounded_channel();
            let jobs = Jobs {
                started,
                running: Arc::default(),
                most_at_once: Arc::default(),
            };
            (jobs, starts)
        }

        fn job(
            &self,
            n: usize,
        ) -> (
            impl FnOnce() -> usize + Send + 'static,
            std_mpsc::Sender<()>,
        ) {
            let (go_ahead, go) = std_mpsc::channel::<()>();
            let started = self.started.clone();
            let (running, most) = (self.running.clone(), self.most_at_once.clone());
            let job = move || {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                let _ = started.send(n);
                if let Err(std_mpsc::RecvTimeoutError::Timeout) =
                    go.recv_timeout(Duration::from_secs(2))
                {
                    panic!("job {n} waited two seconds for the test's go-ahead");
                }
                running.fetch_sub(1, Ordering::SeqCst);
                n
            };
            (job, go_ahead)
        }
    }

    #[test]
    fn a_burst_starts_no_more_threads_than_the_cap() {
        let (runtime, threads) = counting_runtime();
        let (jobs, mut starts) = Jobs::new();
        runtime.block_on(async {
            let pool = CpuPool::new(2);
            let asked = Arc::new(AtomicUsize::new(0));
            let (mut requests, mut go_aheads) = (Vec::new(), Vec::new());
            for n in 0..8 {
                let (job, go_ahead) = jobs.job(n);
                go_aheads.push(go_ahead);
                let (pool, asked) = (pool.clone(), asked.clone());
                requests.push(tokio::spawn(async move {
                    asked.fetch_add(1, Ordering::SeqCst);
                    pool.run(job).await
                }));
            }
            // A request's first turn runs until its first wait, so once all
            // eight have asked, every thread they could start is started.
            while asked.load(Ordering::SeqCst) < 8 {
                tokio::task::yield_now().await;
            }
            let started = threads.load(Ordering::SeqCst);
            assert_eq!(
                started, 2,
                "8 requests and a cap of 2: the blocking pool started {started} threads"
            );
            // Two jobs run, each waiting for its go-ahead. Let every job through.
            starts.recv().await;
            starts.recv().await;
            drop(go_aheads);
            let mut results = Vec::new();
            for request in requests {
                results.push(request.await.unwrap());
            }
            assert_eq!(results, (0..8).collect::<Vec<_>>());
        });
        assert_eq!(jobs.most_at_once.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_cancelled_request_keeps_its_permit_until_its_job_ends() {
        let (runtime, threads) = counting_runtime();
        let (jobs, mut starts) = Jobs::new();
        runtime.block_on(async {
            let pool = CpuPool::new(1);
            let (first_job, first_go_ahead) = jobs.job(1);
            let first = tokio::spawn({
                let pool = pool.clone();
                async move { pool.run(first_job).await }
            });
            assert_eq!(starts.recv().await, Some(1));
            // Cancel the request. Its job cannot be aborted and runs on.
            first.abort();
            assert!(first.await.unwrap_err().is_cancelled());

            let (second_job, second_go_ahead) = jobs.job(2);
            let asked = Arc::new(AtomicUsize::new(0));
            let second = tokio::spawn({
                let asked = asked.clone();
                async move {
                    asked.fetch_add(1, Ordering::SeqCst);
                    pool.run(second_job).await
                }
            });
            while asked.load(Ordering::SeqCst) < 1 {
                tokio::task::yield_now().await;
            }
            assert_eq!(
                threads.load(Ordering::SeqCst),
                1,
                "the first job still runs after its request was cancelled, \
                 yet a second job got a thread beside it: the cap of 1 was broken"
            );
            drop(first_go_ahead);
            assert_eq!(starts.recv().await, Some(2));
            drop(second_go_ahead);
            assert_eq!(second.await.unwrap(), 2);
        });
        assert_eq!(jobs.most_at_once.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn every_job_runs_and_returns_its_result() {
        let pool = CpuPool::new(3);
        let mut requests = Vec::new();
        for seed in 0..6 {
            let pool = pool.clone();
            requests.push(tokio::spawn(async move {
                pool.run(move || checksum(seed)).await
            }));
        }
        for (seed, request) in (0..6).zip(requests) {
            assert_eq!(request.await.unwrap(), checksum(seed));
        }
    }
}
