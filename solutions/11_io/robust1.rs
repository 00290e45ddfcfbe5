//! robust1: a server that survives a misbehaving client.
//!
//! Clients send numbers, one per line; the server adds each to a total shared
//! by all clients and answers with the new total. Input from the network is
//! never trusted: a line that is not a number gets an `ERR` answer and the
//! connection carries on. Panicking instead is worse than it looks: the panic
//! happens while the total's `std::sync::Mutex` is locked, which *poisons* it,
//! and from then on every other client's `lock().unwrap()` panics too.

use std::sync::{Arc, Mutex};
use tokio::io::{self, AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

type Total = Arc<Mutex<i64>>;

/// Adds each number the client sends to `total` and answers with the total.
async fn add_numbers<S>(socket: S, total: Total) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite,
{
    let (reader, mut writer) = io::split(socket);
    let mut lines = BufReader::new(reader).lines();
    while let Some(line) = lines.next_line().await? {
        let reply = match line.trim().parse::<i64>() {
            Ok(number) => {
                let mut total = total.lock().unwrap();
                *total += number;
                format!("{total}\n")
            }
            Err(_) => format!("ERR not a number: {line}\n"),
        };
        writer.write_all(reply.as_bytes()).await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let mut client = TcpStream::connect(listener.local_addr()?).await?;
    let total = Total::default();
    tokio::spawn(async move {
        // One task per client, all adding to the same total.
        while let Ok((socket, _peer)) = listener.accept().await {
            tokio::spawn(add_numbers(socket, total.clone()));
        }
    });
    client.write_all(b"40\n2\n").await?;
    let mut answers = BufReader::new(client).lines();
    while let Some(answer) = answers.next_line().await? {
        println!("{answer}");
        if answer == "42" {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, DuplexStream, Lines, ReadHalf, WriteHalf};
    use tokio::time::timeout;

    /// A client connected to its own `add_numbers` task over an in-memory
    /// pipe, as the server does for every connection.
    struct Client {
        answers: Lines<BufReader<ReadHalf<DuplexStream>>>,
        writer: WriteHalf<DuplexStream>,
    }

    impl Client {
        fn connect(total: &Total) -> Client {
            let (client, server_side) = io::duplex(64);
            tokio::spawn(add_numbers(server_side, total.clone()));
            let (reader, writer) = io::split(client);
            Client {
                answers: BufReader::new(reader).lines(),
                writer,
            }
        }

        /// Sends one line; returns the answer, or None if the server hung up.
        async fn send(&mut self, line: &str) -> Option<String> {
            self.writer
                .write_all(format!("{line}\n").as_bytes())
                .await
                .ok()?;
            timeout(Duration::from_secs(5), self.answers.next_line())
                .await
                .expect("no answer in time")
                .ok()
                .flatten()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn garbage_gets_an_error_and_the_connection_carries_on() {
        let total = Total::default();
        let mut client = Client::connect(&total);
        assert_eq!(client.send("2").await.as_deref(), Some("2"));
        assert_eq!(
            client.send("banana").await.as_deref(),
            Some("ERR not a number: banana")
        );
        assert_eq!(
            client.send("3").await.as_deref(),
            Some("5"),
            "the connection should still work"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn one_bad_client_does_not_break_the_others() {
        let total = Total::default();
        let mut careless = Client::connect(&total);
        careless.send("banana").await;
        let mut careful = Client::connect(&total);
        assert_eq!(
            careful.send("4").await.as_deref(),
            Some("4"),
            "the other clients should still be served after one bad line"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_client_sending_bytes_that_are_not_text_only_loses_its_own_connection() {
        let total = Total::default();
        let (mut raw, server_side) = io::duplex(64);
        tokio::spawn(add_numbers(server_side, total.clone()));
        raw.write_all(&[0xff, 0xfe, b'\n']).await.unwrap();
        let mut rest = Vec::new();
        // Whatever the server answers, the connection must end, not hang.
        let _ = timeout(Duration::from_secs(5), raw.read_to_end(&mut rest))
            .await
            .expect("connection left hanging");
        let mut next = Client::connect(&total);
        assert_eq!(next.send("7").await.as_deref(), Some("7"));
    }
}
