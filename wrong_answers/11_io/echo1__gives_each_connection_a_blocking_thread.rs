//! Wrong answer to echo1: hands each connection to `spawn_blocking`, which
//! runs the echo on a thread of tokio's blocking pool with
//! `Handle::block_on`. It serves clients side by side only while there are
//! blocking threads to spare, and it holds one for as long as each client
//! stays connected; on a runtime with a single blocking thread, the second
//! client waits for the first to leave.
//!
//! Rejected by: tests::a_later_client_is_served_while_the_first_stays_connected, tests::every_open_connection_has_a_task_of_its_own

use tokio::io::{self, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_stream::wrappers::TcpListenerStream;
use tokio_stream::{Stream, StreamExt};

/// Sends back everything the client sends, until the client is done.
async fn echo<S>(mut socket: S) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut buf = vec![0; 1024];
    loop {
        let n = socket.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        socket.write_all(&buf[..n]).await?;
    }
}

/// Echoes on every connection that comes in, until there are no more.
async fn serve<S>(mut connections: impl Stream<Item = io::Result<S>> + Unpin) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    while let Some(socket) = connections.next().await {
        let socket = socket?;
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            if let Err(error) = runtime.block_on(echo(socket)) {
                eprintln!("connection ended with an error: {error}");
            }
        });
    }
    Ok(())
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(serve(TcpListenerStream::new(listener)));
    let mut client = TcpStream::connect(addr).await?;
    client.write_all(b"ping").await?;
    let mut answer = [0; 4];
    client.read_exact(&mut answer).await?;
    println!("{}", String::from_utf8_lossy(&answer));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::io::DuplexStream;
    use tokio::runtime::{Builder, Handle, Runtime};
    use tokio::sync::mpsc;
    use tokio::time::timeout;
    use tokio_stream::wrappers::ReceiverStream;

    /// One thread, and one thread for blocking work: a server that gives
    /// each connection a blocking thread can serve only one client here.
    fn runtime() -> Runtime {
        Builder::new_current_thread()
            .enable_all()
            .max_blocking_threads(1)
            .build()
            .unwrap()
    }

    /// Hands in-memory connections to a running server.
    struct Server {
        incoming: mpsc::Sender<io::Result<DuplexStream>>,
    }

    impl Server {
        fn start() -> Server {
            let (incoming, connections) = mpsc::channel(16);
            tokio::spawn(serve(ReceiverStream::new(connections)));
            Server { incoming }
        }

        async fn connect(&self) -> DuplexStream {
            let (client, server_side) = io::duplex(64);
            self.incoming.send(Ok(server_side)).await.unwrap();
            client
        }
    }

    /// Sends `message` and waits (at most a second) for its echo.
    async fn round_trip(client: &mut DuplexStream, message: &str) -> String {
        let exchange = async {
            client.write_all(message.as_bytes()).await?;
            let mut answer = vec![0; message.len()];
            client.read_exact(&mut answer).await?;
            io::Result::Ok(String::from_utf8_lossy(&answer).into_owned())
        };
        timeout(Duration::from_secs(1), exchange)
            .await
            .unwrap_or_else(|_| panic!("no echo of {message:?} within a second"))
            .unwrap()
    }

    #[test]
    fn a_later_client_is_served_while_the_first_stays_connected() {
        runtime().block_on(async {
            let server = Server::start();
            let mut first = server.connect().await;
            let mut second = server.connect().await;
            assert_eq!(round_trip(&mut second, "second").await, "second");
            assert_eq!(round_trip(&mut first, "first").await, "first");
        });
    }

    #[test]
    fn every_open_connection_has_a_task_of_its_own() {
        runtime().block_on(async {
            let server = Server::start();
            let mut clients = Vec::new();
            for _ in 0..5 {
                clients.push(server.connect().await);
            }
            // The last to connect speaks first.
            for (n, client) in clients.iter_mut().enumerate().rev() {
                let message = format!("client {n}");
                assert_eq!(round_trip(client, &message).await, message);
            }
            assert_eq!(
                Handle::current().metrics().num_alive_tasks(),
                1 + 5,
                "the server's task, plus one task per open connection"
            );
        });
    }
}
