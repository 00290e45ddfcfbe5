//! Wrong answer to mutex3: uses `tokio::sync::Mutex`, but locks it anew for
//! each write. Each write is safe on its own, yet between two of them another
//! sender's line slips in and cuts the message.
//!
//! Rejected by: tests::concurrent_messages_never_interleave

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

/// A fake connection that remembers what went over the wire, in order.
#[derive(Default)]
pub struct Connection {
    wire: Vec<String>,
}

impl Connection {
    async fn write(&mut self, line: String) {
        tokio::time::sleep(Duration::from_millis(5)).await;
        self.wire.push(line);
    }
}

pub type SharedConnection = Arc<Mutex<Connection>>;

pub fn shared_connection() -> SharedConnection {
    Arc::new(Mutex::new(Connection::default()))
}

/// Sends `body` from `sender` as one message: a header, the body, an end mark.
pub async fn send_message(connection: &SharedConnection, sender: &str, body: &str) {
    let lines = [
        format!("{sender}: BEGIN"),
        format!("{sender}: {body}"),
        format!("{sender}: END"),
    ];
    for line in lines {
        connection.lock().await.write(line).await;
    }
}

/// Everything written so far.
pub async fn wire(connection: &SharedConnection) -> Vec<String> {
    connection.lock().await.wire.clone()
}

#[tokio::main]
async fn main() {
    let connection = shared_connection();
    let mut senders = Vec::new();
    for (sender, body) in [("ada", "hello"), ("bob", "hi there")] {
        let connection = connection.clone();
        senders.push(tokio::spawn(async move {
            send_message(&connection, sender, body).await;
        }));
    }
    for sender in senders {
        sender.await.unwrap();
    }
    println!("{:#?}", wire(&connection).await);
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn send_all(connection: &SharedConnection, messages: &[(&'static str, &'static str)]) {
        let mut senders = Vec::new();
        for &(sender, body) in messages {
            let connection = connection.clone();
            senders.push(tokio::spawn(async move {
                send_message(&connection, sender, body).await;
            }));
        }
        for sender in senders {
            sender.await.unwrap();
        }
    }

    #[tokio::test(start_paused = true)]
    async fn one_message_is_three_lines() {
        let connection = shared_connection();
        send_all(&connection, &[("ada", "hello")]).await;
        assert_eq!(
            wire(&connection).await,
            ["ada: BEGIN", "ada: hello", "ada: END"]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_messages_never_interleave() {
        let connection = shared_connection();
        let messages = [("ada", "hello"), ("bob", "hi there"), ("cy", "hey")];
        send_all(&connection, &messages).await;

        let wire = wire(&connection).await;
        assert_eq!(wire.len(), 9, "every line must arrive: {wire:#?}");
        for message in wire.chunks(3) {
            let sender = message[0].split(':').next().unwrap();
            let expected = messages.iter().find(|m| m.0 == sender).unwrap();
            assert_eq!(
                message,
                [
                    format!("{sender}: BEGIN"),
                    format!("{sender}: {}", expected.1),
                    format!("{sender}: END"),
                ],
                "a message was cut by another one; the wire was {wire:#?}"
            );
        }
    }
}
