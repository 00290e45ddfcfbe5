//! echo1: a TCP server that serves many clients at once.
//!
//! The accept loop waits for the next connection. If it also *handles* that
//! connection before accepting the next one, every other client waits in the
//! queue until the first one hangs up. Spawning one task per connection lets
//! the accept loop go straight back to accepting.

use tokio::io::{self, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Sends back everything the client sends, until the client is done.
async fn echo(mut socket: TcpStream) -> io::Result<()> {
    let mut buf = vec![0; 1024];
    loop {
        let n = socket.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        socket.write_all(&buf[..n]).await?;
    }
}

/// Accepts connections forever and echoes on each of them.
async fn serve(listener: TcpListener) -> io::Result<()> {
    loop {
        let (socket, _peer) = listener.accept().await?;
        tokio::spawn(async move {
            if let Err(error) = echo(socket).await {
                eprintln!("connection ended with an error: {error}");
            }
        });
    }
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(serve(listener));
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
    use std::net::SocketAddr;
    use std::time::Duration;
    use tokio::time::timeout;

    async fn start_server() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(serve(listener));
        addr
    }

    async fn round_trip(client: &mut TcpStream, message: &[u8]) -> io::Result<Vec<u8>> {
        client.write_all(message).await?;
        let mut answer = vec![0; message.len()];
        client.read_exact(&mut answer).await?;
        Ok(answer)
    }

    #[tokio::test]
    async fn later_client_is_served_while_the_first_stays_connected() {
        let addr = start_server().await;
        let mut first = TcpStream::connect(addr).await.unwrap();
        let mut second = TcpStream::connect(addr).await.unwrap();
        let answer = timeout(Duration::from_secs(1), round_trip(&mut second, b"second"))
            .await
            .expect("the second client got no answer while the first was still connected");
        assert_eq!(answer.unwrap(), b"second");
        assert_eq!(round_trip(&mut first, b"first").await.unwrap(), b"first");
    }

    #[tokio::test]
    async fn five_open_connections_are_served_in_any_order() {
        let addr = start_server().await;
        let mut clients = Vec::new();
        for _ in 0..5 {
            clients.push(TcpStream::connect(addr).await.unwrap());
        }
        // The last to connect speaks first: only a server that serves every
        // connection at once can answer it.
        let all_answered = async {
            for (n, client) in clients.iter_mut().enumerate().rev() {
                let message = format!("client {n}");
                assert_eq!(
                    round_trip(client, message.as_bytes()).await.unwrap(),
                    message.as_bytes()
                );
            }
        };
        timeout(Duration::from_secs(1), all_answered)
            .await
            .expect("some client got no answer");
    }
}
