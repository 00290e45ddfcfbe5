//! Wrong answer to quiz3: polls the deadline before the job, so a job that
//! finishes at the very moment of its deadline is reported as timed out.
//!
//! Rejected by: tests::a_job_done_right_at_the_deadline_counts_as_done

use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;
use tokio::time::Sleep;
use tokio_util::sync::CancellationToken;

pin_project! {
    /// Ready with `Some(output)` if `job` finishes before `deadline` fires,
    /// with `None` if the deadline comes first.
    struct WithDeadline<F> {
        #[pin]
        job: F,
        #[pin]
        deadline: Sleep,
    }
}

fn with_deadline<F: Future>(job: F, limit: Duration) -> WithDeadline<F> {
    WithDeadline {
        job,
        deadline: tokio::time::sleep(limit),
    }
}

impl<F: Future> Future for WithDeadline<F> {
    type Output = Option<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if this.deadline.poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        this.job.poll(cx).map(Some)
    }
}

/// How a job ended.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Outcome {
    Done(u32),
    TimedOut,
}

/// A piece of work: `work` long, answered on `outcome`.
struct Job {
    id: u32,
    work: Duration,
    outcome: oneshot::Sender<Outcome>,
}

/// Runs one job under `limit` and tells its sender how it went.
async fn run(job: Job, limit: Duration) -> Outcome {
    let work = async {
        tokio::time::sleep(job.work).await;
        job.id * 2
    };
    let outcome = match with_deadline(work, limit).await {
        Some(result) => Outcome::Done(result),
        None => Outcome::TimedOut,
    };
    let _ = job.outcome.send(outcome);
    outcome
}

#[derive(Debug, Default, PartialEq)]
struct Summary {
    done: usize,
    timed_out: usize,
}

async fn run_jobs(
    mut jobs: mpsc::Receiver<Job>,
    limit: Duration,
    stop: CancellationToken,
) -> Summary {
    let mut running = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.cancelled() => break,
            job = jobs.recv() => match job {
                Some(job) => {
                    running.spawn(run(job, limit));
                }
                None => break,
            },
        }
    }
    let mut summary = Summary::default();
    while let Some(outcome) = running.join_next().await {
        match outcome.expect("a job panicked") {
            Outcome::Done(_) => summary.done += 1,
            Outcome::TimedOut => summary.timed_out += 1,
        }
    }
    summary
}

#[tokio::main]
async fn main() {
    let (jobs, queue) = mpsc::channel(8);
    let stop = CancellationToken::new();
    let runner = tokio::spawn(run_jobs(queue, Duration::from_millis(100), stop.clone()));
    for (id, work) in [(1, 20), (2, 500)] {
        let (outcome, _) = oneshot::channel();
        let work = Duration::from_millis(work);
        jobs.send(Job { id, work, outcome }).await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(10)).await;
    stop.cancel();
    println!("{:?}", runner.await.unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::Handle;
    use tokio::time::{Instant, sleep, timeout};

    const LIMIT: Duration = Duration::from_millis(200);

    /// Queues a job of `work_ms`; the receiver gets its outcome.
    async fn queue(jobs: &mpsc::Sender<Job>, id: u32, work_ms: u64) -> oneshot::Receiver<Outcome> {
        let (outcome, answer) = oneshot::channel();
        let work = Duration::from_millis(work_ms);
        // Once the runner has stopped, the job is refused here: fine.
        let _ = jobs.send(Job { id, work, outcome }).await;
        answer
    }

    #[tokio::test(start_paused = true)]
    async fn a_job_inside_its_deadline_gives_its_output() {
        let start = Instant::now();
        let job = async {
            sleep(Duration::from_millis(50)).await;
            7
        };
        assert_eq!(with_deadline(job, LIMIT).await, Some(7));
        assert_eq!(start.elapsed(), Duration::from_millis(50));
    }

    #[tokio::test(start_paused = true)]
    async fn a_job_past_its_deadline_ends_at_the_deadline() {
        let start = Instant::now();
        let stuck = std::future::pending::<u32>();
        let ended = timeout(Duration::from_secs(10), with_deadline(stuck, LIMIT)).await;
        assert_eq!(
            ended,
            Ok(None),
            "a job that never finishes should end at its deadline (did the deadline's timer get our waker?)"
        );
        assert_eq!(start.elapsed(), LIMIT);
    }

    #[tokio::test(start_paused = true)]
    async fn a_job_done_right_at_the_deadline_counts_as_done() {
        let job = async {
            sleep(LIMIT).await;
            1
        };
        assert_eq!(with_deadline(job, LIMIT).await, Some(1));
    }

    // The test body is not a task itself, so the runtime's count of live
    // tasks is exactly the jobs still running.
    #[tokio::test(start_paused = true)]
    async fn jobs_run_at_the_same_time_each_in_its_own_task() {
        let (jobs, queued) = mpsc::channel(8);
        let start = Instant::now();
        let client = async {
            let answers = [
                queue(&jobs, 1, 30).await,
                queue(&jobs, 2, 90).await,
                queue(&jobs, 3, 60).await,
            ];
            sleep(Duration::from_millis(20)).await;
            let alive = Handle::current().metrics().num_alive_tasks();
            drop(jobs);
            (answers, alive)
        };
        let (summary, (answers, alive)) =
            tokio::join!(run_jobs(queued, LIMIT, CancellationToken::new()), client);
        assert_eq!(
            alive, 3,
            "20 ms in, each job should be running in its own task"
        );
        assert_eq!(
            summary,
            Summary {
                done: 3,
                timed_out: 0
            }
        );
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(90),
            "the jobs should overlap: as long as the longest one"
        );
        for (answer, id) in answers.into_iter().zip([1, 2, 3]) {
            assert_eq!(answer.await, Ok(Outcome::Done(id * 2)));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_job_is_cut_off_at_its_deadline() {
        let (jobs, queued) = mpsc::channel(8);
        let start = Instant::now();
        let quick = queue(&jobs, 1, 50).await;
        let slow = queue(&jobs, 2, 60_000).await;
        drop(jobs);
        let summary = timeout(
            Duration::from_secs(10),
            run_jobs(queued, LIMIT, CancellationToken::new()),
        )
        .await
        .expect("run_jobs waited for the slow job");
        assert_eq!(
            summary,
            Summary {
                done: 1,
                timed_out: 1
            }
        );
        assert_eq!(start.elapsed(), LIMIT);
        assert_eq!(
            (quick.await, slow.await),
            (Ok(Outcome::Done(2)), Ok(Outcome::TimedOut))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn stop_starts_no_new_job_and_waits_for_the_running_ones() {
        let (jobs, queued) = mpsc::channel(8);
        let stop = CancellationToken::new();
        let start = Instant::now();
        let client = async {
            let running = queue(&jobs, 1, 150).await;
            sleep(Duration::from_millis(100)).await;
            stop.cancel();
            sleep(Duration::from_millis(10)).await;
            let late = queue(&jobs, 2, 10).await;
            (running, late)
        };
        let (summary, (mut running, mut late)) = timeout(Duration::from_secs(10), async {
            tokio::join!(run_jobs(queued, LIMIT, stop.clone()), client)
        })
        .await
        .expect("run_jobs never returned after stop");
        assert_eq!(
            summary,
            Summary {
                done: 1,
                timed_out: 0
            }
        );
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(150),
            "run_jobs should return once the running job is done"
        );
        assert_eq!(
            running.try_recv(),
            Ok(Outcome::Done(2)),
            "the running job was dropped"
        );
        assert_eq!(
            late.try_recv(),
            Err(oneshot::error::TryRecvError::Closed),
            "a job queued after stop was started"
        );
    }
}
