//! Wrong answer to shutdown1: stops on the signal but spawns the handlers with
//! `tokio::spawn` and returns at once, so requests in flight are dropped when
//! the program ends.
//!
//! Rejected by: tests::requests_in_flight_are_answered_before_serve_returns, tests::serve_returns_when_every_client_is_gone

use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// A piece of client work and where its answer goes.
struct Request {
    id: u32,
    work: Duration,
    reply: oneshot::Sender<u32>,
}

async fn handle(request: Request) {
    tokio::time::sleep(request.work).await;
    let _ = request.reply.send(request.id);
}

/// Serves requests concurrently until `ctrl_c` fires or every client is gone,
/// then returns once the requests already started have been answered.
async fn serve(mut requests: mpsc::Receiver<Request>, mut ctrl_c: oneshot::Receiver<()>) {
    loop {
        tokio::select! {
            _ = &mut ctrl_c => break,
            request = requests.recv() => match request {
                Some(request) => {
                    tokio::spawn(handle(request));
                }
                None => break,
            },
        }
    }
}

#[tokio::main]
async fn main() {
    let (clients, requests) = mpsc::channel(8);
    let (fire, ctrl_c) = oneshot::channel();
    let server = tokio::spawn(serve(requests, ctrl_c));
    let (reply, answer) = oneshot::channel();
    let request = Request {
        id: 1,
        work: Duration::from_millis(20),
        reply,
    };
    clients.send(request).await.unwrap();
    fire.send(()).unwrap();
    server.await.unwrap();
    println!("answered before exit: {:?}", answer.await);
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
        // Once the server has returned, the request is refused here: fine.
        let _ = clients.send(request).await;
        answer
    }

    #[tokio::test(start_paused = true)]
    async fn ctrl_c_stops_the_server_while_clients_are_connected() {
        let (clients, requests) = mpsc::channel(8);
        let (fire, ctrl_c) = oneshot::channel();
        let server = tokio::spawn(serve(requests, ctrl_c));
        fire.send(()).unwrap();
        let stopped = timeout(Duration::from_secs(10), server).await;
        assert!(stopped.is_ok(), "serve kept running after Ctrl-C");
        drop(clients);
    }

    #[tokio::test(start_paused = true)]
    async fn requests_in_flight_are_answered_before_serve_returns() {
        let (clients, requests) = mpsc::channel(8);
        let (fire, ctrl_c) = oneshot::channel();
        let server = tokio::spawn(serve(requests, ctrl_c));
        let mut quick = send(&clients, 1, 100).await;
        let mut slow = send(&clients, 2, 300).await;
        sleep(Duration::from_millis(10)).await;
        let start = Instant::now();
        fire.send(()).unwrap();
        timeout(Duration::from_secs(10), server)
            .await
            .expect("serve never returned")
            .unwrap();
        assert_eq!(
            quick.try_recv(),
            Ok(1),
            "request 1 was dropped by the shutdown"
        );
        assert_eq!(
            slow.try_recv(),
            Ok(2),
            "request 2 was dropped by the shutdown"
        );
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(290),
            "serve should return as soon as the last request is done"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn requests_after_ctrl_c_are_not_started() {
        let (clients, requests) = mpsc::channel(8);
        let (fire, ctrl_c) = oneshot::channel();
        let server = tokio::spawn(serve(requests, ctrl_c));
        let _in_flight = send(&clients, 1, 200).await;
        sleep(Duration::from_millis(10)).await;
        fire.send(()).unwrap();
        sleep(Duration::from_millis(10)).await;
        let mut late = send(&clients, 2, 10).await;
        timeout(Duration::from_secs(10), server)
            .await
            .expect("serve never returned")
            .unwrap();
        assert_eq!(
            late.try_recv(),
            Err(TryRecvError::Closed),
            "a request sent after Ctrl-C was served"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn serve_returns_when_every_client_is_gone() {
        let (clients, requests) = mpsc::channel(8);
        let (_fire, ctrl_c) = oneshot::channel();
        let server = tokio::spawn(serve(requests, ctrl_c));
        let mut last = send(&clients, 7, 50).await;
        drop(clients);
        timeout(Duration::from_secs(10), server)
            .await
            .expect("serve never returned")
            .unwrap();
        assert_eq!(last.try_recv(), Ok(7));
    }
}
