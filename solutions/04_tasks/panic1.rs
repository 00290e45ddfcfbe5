//! panic1: a panicking task becomes a `JoinError`.
//!
//! A panic inside a spawned task does not crash the program: the runtime
//! catches it, the task ends, and whoever awaits its `JoinHandle` gets
//! `Err(JoinError)`. The same error type reports a task that was aborted
//! before it finished. `is_panic()` and `is_cancelled()` tell them apart, and
//! `into_panic()` gives back the value the task panicked with.

use tokio::task::{JoinError, JoinHandle};

/// How a background job ended.
#[derive(Debug, PartialEq)]
enum Outcome {
    Finished(u32),
    /// The job panicked; holds the panic message.
    Panicked(String),
    Cancelled,
}

/// The message of a `panic!`: a `&'static str` for a literal message, a
/// `String` when the message was formatted.
fn panic_message(error: JoinError) -> String {
    let payload = error.into_panic();
    if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Waits for `job` and reports how it ended, whatever happened to it.
async fn outcome(job: JoinHandle<u32>) -> Outcome {
    match job.await {
        Ok(value) => Outcome::Finished(value),
        Err(error) if error.is_cancelled() => Outcome::Cancelled,
        Err(error) => Outcome::Panicked(panic_message(error)),
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
