//! shutdown2: a deadline for stragglers.
//!
//! Waiting for in-flight work is polite, but a single stuck request must not
//! keep the server alive forever. After the shutdown signal the server gives
//! its requests a grace period; whatever is still running then is aborted,
//! and the server reports how many requests it finished and how many it cut
//! off. A `JoinSet` owns its tasks: `join_next` collects them one by one, and
//! `shutdown` aborts the rest and waits until they are gone.

use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;

/// How long requests in flight may still run after the signal.
const GRACE: Duration = Duration::from_secs(1);

struct Request {
    id: u32,
    work: Duration,
    reply: oneshot::Sender<u32>,
}

async fn handle(request: Request) {
    tokio::time::sleep(request.work).await;
    let _ = request.reply.send(request.id);
}

#[derive(Debug, PartialEq)]
struct Report {
    finished: usize,
    aborted: usize,
}

async fn serve(mut requests: mpsc::Receiver<Request>, mut ctrl_c: oneshot::Receiver<()>) -> Report {
    let mut in_flight = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut ctrl_c => break,
            request = requests.recv() => match request {
                Some(request) => {
                    in_flight.spawn(handle(request));
                }
                None => break,
            },
        }
    }
    // TODO: give the requests in flight `GRACE` to finish after the signal;
    // then abort whatever still runs and count it in `aborted`.
    let mut finished = 0;
    while in_flight.join_next().await.is_some() {
        finished += 1;
    }
    let aborted = 0;
    Report { finished, aborted }
}

#[tokio::main]
async fn main() {
    let (clients, requests) = mpsc::channel(8);
    let (fire, ctrl_c) = oneshot::channel();
    let server = tokio::spawn(serve(requests, ctrl_c));
    for (id, work) in [(1, 100), (2, 60_000)] {
        let (reply, _answer) = oneshot::channel();
        let work = Duration::from_millis(work);
        clients.send(Request { id, work, reply }).await.unwrap();
    }
    fire.send(()).unwrap();
    println!("{:?}", server.await.unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use oneshot::error::TryRecvError;
    use tokio::time::{Instant, sleep, timeout};

    async fn send(
        clients: &mpsc::Sender<Request>,
        id: u32,
        work_ms: u64,
    ) -> oneshot::Receiver<u32> {
        let (reply, answer) = oneshot::channel();
        let request = Request {
            id,
            work: Duration::from_millis(work_ms),
            reply,
        };
        clients.send(request).await.unwrap();
        answer
    }

    #[tokio::test(start_paused = true)]
    async fn stragglers_are_aborted_when_the_grace_period_ends() {
        let (clients, requests) = mpsc::channel(8);
        let (fire, ctrl_c) = oneshot::channel();
        let start = Instant::now();
        let client = async {
            let in_time = send(&clients, 1, 1_200).await;
            let stuck = send(&clients, 2, 60_000).await;
            sleep(Duration::from_millis(500)).await;
            fire.send(()).unwrap();
            (in_time, stuck)
        };
        // `serve` runs in this test's own task, not spawned: nothing else runs
        // between its return and the checks below, so a request that was only
        // told to abort, and is not gone yet, is still visible here.
        let (report, (mut in_time, mut stuck)) = timeout(Duration::from_secs(5), async {
            tokio::join!(serve(requests, ctrl_c), client)
        })
        .await
        .expect("serve waited for the stuck request");
        assert_eq!(
            report,
            Report {
                finished: 1,
                aborted: 1
            }
        );
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(1_500),
            "the grace period starts at the signal"
        );
        assert_eq!(in_time.try_recv(), Ok(1));
        // An aborted request is dropped, which closes its reply channel.
        assert_eq!(
            stuck.try_recv(),
            Err(TryRecvError::Closed),
            "serve returned while the stuck request was still there: abort it and wait until it is gone"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn quick_requests_let_the_server_exit_early() {
        let (clients, requests) = mpsc::channel(8);
        let (fire, ctrl_c) = oneshot::channel();
        let server = tokio::spawn(serve(requests, ctrl_c));
        let mut first = send(&clients, 1, 100).await;
        let mut second = send(&clients, 2, 200).await;
        sleep(Duration::from_millis(10)).await;
        let start = Instant::now();
        fire.send(()).unwrap();
        let report = timeout(Duration::from_secs(5), server)
            .await
            .expect("serve never returned");
        assert_eq!(
            report.unwrap(),
            Report {
                finished: 2,
                aborted: 0
            }
        );
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(190),
            "no need to wait out the grace period"
        );
        assert_eq!((first.try_recv(), second.try_recv()), (Ok(1), Ok(2)));
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_server_exits_at_once() {
        let (_clients, requests) = mpsc::channel(8);
        let (fire, ctrl_c) = oneshot::channel();
        let server = tokio::spawn(serve(requests, ctrl_c));
        let start = Instant::now();
        fire.send(()).unwrap();
        let report = timeout(Duration::from_secs(5), server)
            .await
            .expect("serve never returned");
        assert_eq!(
            report.unwrap(),
            Report {
                finished: 0,
                aborted: 0
            }
        );
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
