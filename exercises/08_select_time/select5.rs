//! select5: switch a branch off with a precondition.
//!
//! A printer prints queued jobs one at a time, and an operator can pause it
//! (to refill the paper) and resume it. While it is paused, jobs must stay in
//! the queue: a job taken out of the channel has to go somewhere, and a job
//! put aside can be lost. A `select!` branch can carry a precondition,
//! `pattern = future, if condition => handler`. While the condition is false
//! the branch is disabled: `select!` does not poll its future at all, so the
//! channel keeps its jobs until the branch is enabled again.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};

/// Printing takes this long per page.
const PAGE_TIME: Duration = Duration::from_millis(10);

enum Command {
    Pause,
    Resume,
}

struct Job {
    name: &'static str,
    pages: u32,
}

/// Prints jobs until the queue is closed and empty, or until the printer is
/// paused with no operator left to resume it (the jobs still queued then stay
/// with the caller). Returns each printed job with the time (ms) its printing
/// started.
async fn run_printer(
    jobs: &mut mpsc::Receiver<Job>,
    mut operator: mpsc::Receiver<Command>,
) -> Vec<(&'static str, u128)> {
    let start = Instant::now();
    let mut paused = false;
    let mut printed = Vec::new();
    loop {
        tokio::select! {
            biased;
            Some(command) = operator.recv() => paused = matches!(command, Command::Pause),
            // TODO: while paused, this still takes the next job out of the
            // queue, and then has nowhere to put it. Give the branch a
            // precondition, so that it is not polled while paused.
            job = jobs.recv() => match job {
                Some(job) if paused => drop(job),
                Some(job) => {
                    printed.push((job.name, start.elapsed().as_millis()));
                    sleep(PAGE_TIME * job.pages).await;
                }
                None => break,
            },
            else => break,
        }
    }
    printed
}

#[tokio::main]
async fn main() {
    let (queue, mut jobs) = mpsc::channel(8);
    let (operator, commands) = mpsc::channel(1);
    queue
        .send(Job {
            name: "invoice",
            pages: 2,
        })
        .await
        .unwrap();
    queue
        .send(Job {
            name: "poster",
            pages: 1,
        })
        .await
        .unwrap();
    drop(queue);
    tokio::spawn(async move {
        operator.send(Command::Pause).await.unwrap();
        sleep(Duration::from_millis(100)).await;
        operator.send(Command::Resume).await.unwrap();
    });
    println!("{:?}", run_printer(&mut jobs, commands).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{sleep_until, timeout};

    async fn queue(jobs: &[(&'static str, u32)]) -> (mpsc::Sender<Job>, mpsc::Receiver<Job>) {
        let (queue, receiver) = mpsc::channel(8);
        for &(name, pages) in jobs {
            queue.send(Job { name, pages }).await.unwrap();
        }
        (queue, receiver)
    }

    /// Jobs still waiting in the queue.
    fn waiting(queue: &mpsc::Sender<Job>) -> usize {
        queue.max_capacity() - queue.capacity()
    }

    async fn run(
        jobs: &mut mpsc::Receiver<Job>,
        operator: mpsc::Receiver<Command>,
    ) -> Vec<(&'static str, u128)> {
        timeout(Duration::from_secs(60), run_printer(jobs, operator))
            .await
            .expect("the printer never returned")
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_leaves_the_jobs_in_the_queue() {
        let (queue, mut jobs) = queue(&[("a", 3), ("b", 5), ("c", 2), ("d", 1)]).await;
        let (operator, commands) = mpsc::channel(4);
        let start = Instant::now();
        let ms = move |ms| start + Duration::from_millis(ms);
        let operator = tokio::spawn(async move {
            sleep_until(ms(40)).await;
            operator.send(Command::Pause).await.unwrap();
            sleep_until(ms(120)).await;
            let waiting_while_paused = waiting(&queue);
            sleep_until(ms(200)).await;
            operator.send(Command::Resume).await.unwrap();
            waiting_while_paused
        });
        let printed = run(&mut jobs, commands).await;
        assert_eq!(
            operator.await.unwrap(),
            2,
            "while paused, c and d should still be waiting in the queue"
        );
        // b is printing when the pause arrives; c waits for the resume.
        assert_eq!(printed, [("a", 0), ("b", 30), ("c", 200), ("d", 220)]);
    }

    #[tokio::test(start_paused = true)]
    async fn without_pauses_jobs_print_back_to_back() {
        let (queue, mut jobs) = queue(&[("a", 3), ("b", 5), ("c", 2)]).await;
        drop(queue);
        let (_operator, commands) = mpsc::channel(1);
        let printed = run(&mut jobs, commands).await;
        assert_eq!(printed, [("a", 0), ("b", 30), ("c", 80)]);
    }

    #[tokio::test(start_paused = true)]
    async fn paused_with_no_operator_left_it_stops_and_keeps_the_jobs() {
        let (_queue, mut jobs) = queue(&[("a", 3), ("b", 5)]).await;
        let (operator, commands) = mpsc::channel(1);
        operator.send(Command::Pause).await.unwrap();
        drop(operator);
        let printed = run(&mut jobs, commands).await;
        assert!(printed.is_empty(), "nothing is printed while paused");
        assert_eq!(jobs.len(), 2, "both jobs are still in the queue");
    }
}
