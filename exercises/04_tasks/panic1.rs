//! panic1: a panicking task becomes a `JoinError`.
//!
//! A panic inside a spawned task does not crash the program: the runtime
//! catches it, the task ends, and whoever awaits its `JoinHandle` gets
//! `Err(JoinError)`. The same error type reports a task that was aborted
//! before it finished. `is_panic()` and `is_cancelled()` tell them apart, and
//! `into_panic()` gives back the value the task panicked with.

use tokio::task::JoinHandle;

/// How a background job ended.
#[derive(Debug, PartialEq)]
enum Outcome {
    Finished(u32),
    /// The job panicked; holds the panic message.
    Panicked(String),
    Cancelled,
}

/// Waits for `job` and reports how it ended, whatever happened to it.
async fn outcome(job: JoinHandle<u32>) -> Outcome {
    // TODO: `unwrap` turns the job's failure into a panic of our own. Match on
    // the `Result` and report each way the job can end.
    Outcome::Finished(job.await.unwrap())
}

#[tokio::main]
async fn main() {
    let job = tokio::spawn(async { panic!("out of disk") });
    println!("the job ended: {:?}", outcome(job).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_finished_job_reports_its_value() {
        let job = tokio::spawn(async { 6 * 7 });
        assert_eq!(outcome(job).await, Outcome::Finished(42));
    }

    #[tokio::test]
    async fn a_panic_is_reported_with_its_message() {
        let job = tokio::spawn(async { panic!("disk on fire") });
        assert_eq!(outcome(job).await, Outcome::Panicked("disk on fire".into()));

        let disk = 3;
        let job = tokio::spawn(async move { panic!("disk {disk} on fire") });
        assert_eq!(
            outcome(job).await,
            Outcome::Panicked("disk 3 on fire".into())
        );
    }

    #[tokio::test(start_paused = true)]
    async fn an_aborted_job_is_reported_cancelled() {
        let job = tokio::spawn(async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            1
        });
        job.abort();
        assert_eq!(outcome(job).await, Outcome::Cancelled);
    }
}
