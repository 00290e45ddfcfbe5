//! Wrong answer to panic1: reports a panic with the `JoinError`'s own text,
//! which is a sentence about the task ("task 3 panicked with message ..."),
//! not the message the job panicked with.
//!
//! Rejected by: tests::a_panic_is_reported_with_its_message

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
    match job.await {
        Ok(value) => Outcome::Finished(value),
        Err(error) if error.is_cancelled() => Outcome::Cancelled,
        Err(error) => Outcome::Panicked(error.to_string()),
    }
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
