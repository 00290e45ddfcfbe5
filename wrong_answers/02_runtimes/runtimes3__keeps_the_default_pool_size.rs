//! Wrong answer to runtimes3: builds a multi-thread runtime but leaves the pool
//! at its default size, one worker per CPU core: right on one machine, wrong on
//! the next.
//!
//! Rejected by: tests::service_has_as_many_named_workers_as_asked, tests::service_runs_busy_jobs_in_parallel

use std::future::Future;
use tokio::runtime::Builder;

/// Runs `work` for a command-line tool: one thread is plenty.
fn run_tool<F: Future>(work: F) -> F::Output {
    let runtime = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("could not build the tool's runtime");
    runtime.block_on(work)
}

/// Runs `work` for the service: on a pool of `workers` threads, each named
/// "service-worker" so they are easy to spot in a debugger.
fn run_service<F: Future>(workers: usize, work: F) -> F::Output {
    let _ = workers;
    let runtime = Builder::new_multi_thread()
        .thread_name("service-worker")
        .enable_all()
        .build()
        .expect("could not build the service's runtime");
    runtime.block_on(work)
}

fn main() {
    let count_workers = || async { tokio::runtime::Handle::current().metrics().num_workers() };
    let tool = run_tool(count_workers());
    let service = run_service(4, count_workers());
    println!("tool: {tool} thread, service: {service} worker threads");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::RecvTimeoutError;
    use std::sync::{Arc, Barrier};
    use std::thread;
    use std::time::Duration;
    use tokio::runtime::{Handle, RuntimeFlavor};

    /// Runs inside whichever runtime it is given and reports what it sees.
    async fn inspect_runtime() -> (RuntimeFlavor, usize, Option<String>) {
        let handle = Handle::current();
        let task_thread = tokio::spawn(async { thread::current().name().map(String::from) })
            .await
            .unwrap();
        (
            handle.runtime_flavor(),
            handle.metrics().num_workers(),
            task_thread,
        )
    }

    #[test]
    fn tool_runs_tasks_on_the_calling_thread() {
        let caller = thread::current().name().map(String::from);
        let (flavor, workers, task_thread) = run_tool(inspect_runtime());
        assert_eq!(flavor, RuntimeFlavor::CurrentThread);
        assert_eq!(workers, 1);
        assert_eq!(task_thread, caller);
    }

    #[test]
    fn service_runs_on_a_multi_thread_runtime() {
        let (flavor, _, _) = run_service(2, inspect_runtime());
        assert_eq!(flavor, RuntimeFlavor::MultiThread);
    }

    #[test]
    fn service_has_as_many_named_workers_as_asked() {
        for asked in [2, 3, 5] {
            let (_, workers, task_thread) = run_service(asked, inspect_runtime());
            assert_eq!(
                workers, asked,
                "asked for {asked} workers (without a number, you get one per CPU core)"
            );
            assert_eq!(task_thread.as_deref(), Some("service-worker"));
        }
    }

    // A job here keeps its thread busy until every one of the jobs has
    // started: a barrier for as many parties as there are workers. Only
    // that many jobs running at the same moment, on as many threads, get
    // through. Each service runs in a thread of its own, so one that cannot
    // run them at once fails the test instead of hanging it.
    #[test]
    fn service_runs_busy_jobs_in_parallel() {
        for workers in [2, 3] {
            let (done, outcome) = std::sync::mpsc::channel();
            thread::spawn(move || {
                let seen = run_service(workers, async move {
                    let barrier = Arc::new(Barrier::new(workers));
                    let jobs: Vec<_> = (0..workers)
                        .map(|_| {
                            let barrier = barrier.clone();
                            tokio::spawn(async move {
                                barrier.wait();
                            })
                        })
                        .collect();
                    for job in jobs {
                        job.await.unwrap();
                    }
                    Handle::current().metrics().num_workers()
                });
                let _ = done.send(seen);
            });
            match outcome.recv_timeout(Duration::from_secs(2)) {
                Ok(seen) => assert_eq!(seen, workers, "{workers} jobs need {workers} workers"),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("the {workers} busy jobs never all ran at the same time")
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("run_service panicked (its message is above)")
                }
            }
        }
    }
}
