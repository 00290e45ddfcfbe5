//! Wrong answer to oneshot1: unwraps the reply's `send`. It fails when the
//! asker has stopped waiting, and then the panic kills the actor, and with it
//! the counter every other client uses.
//!
//! Rejected by: tests::a_client_that_stops_waiting_does_not_stop_the_counter

use tokio::sync::{mpsc, oneshot};

enum Command {
    Add(u64),
    Total { reply: oneshot::Sender<u64> },
}

/// The actor: owns `total`, handles commands until every handle is gone.
async fn run_counter(mut commands: mpsc::Receiver<Command>) {
    let mut total = 0;
    while let Some(command) = commands.recv().await {
        match command {
            Command::Add(amount) => total += amount,
            Command::Total { reply } => {
                reply.send(total).unwrap();
            }
        }
    }
}

#[derive(Clone)]
pub struct Counter {
    commands: mpsc::Sender<Command>,
}

impl Counter {
    pub fn spawn() -> Counter {
        let (commands, receiver) = mpsc::channel(32);
        tokio::spawn(run_counter(receiver));
        Counter { commands }
    }

    pub async fn add(&self, amount: u64) {
        self.commands.send(Command::Add(amount)).await.unwrap();
    }

    pub async fn total(&self) -> u64 {
        let (reply, answer) = oneshot::channel();
        self.commands.send(Command::Total { reply }).await.unwrap();
        answer.await.unwrap()
    }
}

#[tokio::main]
async fn main() {
    let counter = Counter::spawn();
    counter.add(40).await;
    counter.add(2).await;
    println!("total: {}", counter.total().await);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn total_answers_with_the_sum_so_far() {
        let counter = Counter::spawn();
        assert_eq!(counter.total().await, 0);
        counter.add(5).await;
        counter.add(7).await;
        assert_eq!(counter.total().await, 12);
    }

    #[tokio::test]
    async fn a_client_that_stops_waiting_does_not_stop_the_counter() {
        use futures::FutureExt;
        let counter = Counter::spawn();
        counter.add(3).await;
        // Polled once and dropped: the question is sent, the answer never read.
        assert_eq!(counter.total().now_or_never(), None);
        counter.add(4).await;
        assert_eq!(counter.total().await, 7);
    }

    #[tokio::test]
    async fn many_clients_share_one_counter() {
        let counter = Counter::spawn();
        let mut clients = Vec::new();
        for client in 1..=50 {
            let counter = counter.clone();
            clients.push(tokio::spawn(async move {
                counter.add(client).await;
                // Every client gets an answer of its own, never below its own add.
                counter.total().await >= client
            }));
        }
        for client in clients {
            assert!(client.await.unwrap());
        }
        assert_eq!(counter.total().await, (1..=50).sum::<u64>());
    }
}
