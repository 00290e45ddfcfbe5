//! read1: read until end of file, write everything back.
//!
//! `read` returns whatever bytes have arrived so far, which may be part of
//! what the client sent, or more than one of its writes glued together. A
//! handler keeps reading until `read` returns `Ok(0)`: end of file, the client
//! closed its side. `write_all` keeps writing until every byte is out, where a
//! single `write` may write only some.

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

#[tokio::main]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let mut client = TcpStream::connect(listener.local_addr()?).await?;
    let (socket, _) = listener.accept().await?;
    tokio::spawn(echo(socket));
    client.write_all(b"ping").await?;
    client.shutdown().await?;
    let mut answer = String::new();
    client.read_to_string(&mut answer).await?;
    println!("{answer}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;
    use std::time::Duration;
    use tokio::time::timeout;

    /// Starts an echo server on a free loopback port.
    async fn start_server() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(echo(socket));
            }
        });
        addr
    }

    #[tokio::test]
    async fn echoes_every_message_until_the_client_closes() {
        let mut client = TcpStream::connect(start_server().await).await.unwrap();
        let conversation = async {
            let mut first = [0; 6];
            client.write_all(b"hello ").await?;
            client.read_exact(&mut first).await?;
            client.write_all(b"world").await?;
            client.shutdown().await?;
            let mut rest = Vec::new();
            client.read_to_end(&mut rest).await?;
            io::Result::Ok((first, rest))
        };
        let (first, rest) = timeout(Duration::from_secs(2), conversation)
            .await
            .expect("no answer in time")
            .unwrap();
        assert_eq!(&first, b"hello ");
        assert_eq!(rest, b"world", "the second message should be echoed too");
    }

    #[tokio::test]
    async fn echoes_a_message_larger_than_the_buffer() {
        let client = TcpStream::connect(start_server().await).await.unwrap();
        let (mut reader, mut writer) = client.into_split();
        let message: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let to_send = message.clone();
        tokio::spawn(async move {
            writer.write_all(&to_send).await.unwrap();
            writer.shutdown().await.unwrap();
        });
        let mut echoed = Vec::new();
        timeout(Duration::from_secs(2), reader.read_to_end(&mut echoed))
            .await
            .expect("the server never closed the connection")
            .unwrap();
        assert_eq!(echoed.len(), message.len());
        assert!(echoed == message);
    }
}
