//! Wrong answer to split1: avoids the double borrow by not copying at all:
//! reads everything to the end, then writes it back. It compiles, and the
//! bytes do come back, but only once the client has closed its side; a client
//! waiting for the echo of its first message waits forever.
//!
//! Rejected by: tests::echoes_and_counts_every_byte

use tokio::io::{self, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Echoes everything until the client is done; returns the bytes echoed.
async fn echo(mut socket: TcpStream) -> io::Result<u64> {
    let mut everything = Vec::new();
    socket.read_to_end(&mut everything).await?;
    socket.write_all(&everything).await?;
    Ok(everything.len() as u64)
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let mut client = TcpStream::connect(listener.local_addr()?).await?;
    let (socket, _) = listener.accept().await?;
    let server = tokio::spawn(echo(socket));
    client.write_all(b"ping").await?;
    client.shutdown().await?;
    let mut answer = String::new();
    client.read_to_string(&mut answer).await?;
    println!("{answer} ({} bytes)", server.await??);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::time::timeout;

    #[tokio::test]
    async fn echoes_and_counts_every_byte() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (socket, _) = listener.accept().await.unwrap();
        let server = tokio::spawn(echo(socket));
        let conversation = async {
            let mut first = [0; 5];
            client.write_all(b"hello").await?;
            client.read_exact(&mut first).await?;
            client.write_all(b", again").await?;
            client.shutdown().await?;
            let mut rest = Vec::new();
            client.read_to_end(&mut rest).await?;
            io::Result::Ok((first, rest))
        };
        let (first, rest) = timeout(Duration::from_secs(2), conversation)
            .await
            .expect("no answer in time")
            .unwrap();
        assert_eq!(&first, b"hello");
        assert_eq!(rest, b", again");
        assert_eq!(server.await.unwrap().unwrap(), 12);
    }
}
