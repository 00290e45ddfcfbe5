//! read1: read until end of file, write everything back.
//!
//! `read` returns whatever bytes have arrived so far, which may be part of
//! what the client sent, or more than one of its writes glued together. A
//! handler keeps reading until `read` returns `Ok(0)`: end of file, the client
//! closed its side. Writing has the same catch the other way round: `write`
//! may take only part of the buffer when the other side is slow to read, and
//! `write_all` keeps writing until every byte is out.
//!
//! `echo` works on anything that is `AsyncRead + AsyncWrite`: a `TcpStream`
//! in `main`, in-memory pipes in the tests, whose small buffers make partial
//! reads and writes happen every time.

use tokio::io::{self, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

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
    use std::time::Duration;
    use tokio::io::{DuplexStream, Join, ReadHalf, WriteHalf};
    use tokio::time::timeout;

    type Connection = Join<ReadHalf<DuplexStream>, WriteHalf<DuplexStream>>;

    /// One direction of an in-memory connection, holding at most `capacity`
    /// bytes in flight: bytes written to the first end are read from the second.
    fn pipe(capacity: usize) -> (WriteHalf<DuplexStream>, ReadHalf<DuplexStream>) {
        let (writing_end, reading_end) = io::duplex(capacity);
        (io::split(writing_end).1, io::split(reading_end).0)
    }

    /// A client connected to an echo server: up to 64 bytes may be on their
    /// way to the server, but only 4 on their way back, so one `write` of the
    /// server's may not take all it is given.
    fn connect() -> Connection {
        let (client_writes, server_reads) = pipe(64);
        let (server_writes, client_reads) = pipe(4);
        tokio::spawn(echo(io::join(server_reads, server_writes)));
        io::join(client_reads, client_writes)
    }

    #[tokio::test(start_paused = true)]
    async fn echoes_every_message_until_the_client_closes() {
        let mut client = connect();
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
        let (first, rest) = timeout(Duration::from_secs(5), conversation)
            .await
            .expect("no answer in time")
            .expect("the connection broke: did the server hang up before the client was done?");
        assert_eq!(&first, b"hello ");
        assert_eq!(rest, b"world", "the second message should be echoed too");
    }

    #[tokio::test(start_paused = true)]
    async fn echoes_a_message_larger_than_the_buffer() {
        let (mut reader, mut writer) = io::split(connect());
        let message: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let to_send = message.clone();
        tokio::spawn(async move {
            // A server that hangs up early makes these fail; the check below
            // reports it.
            let _ = writer.write_all(&to_send).await;
            let _ = writer.shutdown().await;
        });
        let mut echoed = Vec::new();
        timeout(Duration::from_secs(5), reader.read_to_end(&mut echoed))
            .await
            .expect("the server never closed the connection")
            .unwrap();
        assert_eq!(echoed.len(), message.len(), "every byte should come back");
        assert!(echoed == message, "the bytes should come back unchanged");
    }
}
