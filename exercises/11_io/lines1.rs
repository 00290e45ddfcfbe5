//! lines1: frame a byte stream into lines.
//!
//! TCP delivers bytes, not messages: one `read` may return half a line, or
//! a line and a half. A line protocol needs a buffer that collects bytes
//! until a newline arrives. `BufReader::lines()` does exactly that; its
//! `next_line().await` yields one whole line at a time, without the newline.

use tokio::io::{self, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Answers each line the client sends with the same line in capitals.
async fn shout(mut socket: TcpStream) -> io::Result<()> {
    // TODO: this treats whatever one `read` returns as one line. Wrap the
    // read half in a `BufReader` and answer line by line with `lines()`.
    let mut buf = vec![0; 1024];
    loop {
        let n = socket.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&buf[..n]);
        socket
            .write_all(format!("{}\n", text.trim_end().to_uppercase()).as_bytes())
            .await?;
    }
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let mut client = TcpStream::connect(listener.local_addr()?).await?;
    let (socket, _) = listener.accept().await?;
    tokio::spawn(shout(socket));
    client.write_all(b"hello\nasync\n").await?;
    client.shutdown().await?;
    let mut answer = String::new();
    client.read_to_string(&mut answer).await?;
    print!("{answer}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::io::BufReader as ClientReader;
    use tokio::time::timeout;

    async fn connect() -> (
        ClientReader<tokio::net::tcp::OwnedReadHalf>,
        tokio::net::tcp::OwnedWriteHalf,
    ) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (socket, _) = listener.accept().await.unwrap();
        tokio::spawn(shout(socket));
        let (reader, writer) = client.into_split();
        (ClientReader::new(reader), writer)
    }

    async fn answer(reader: &mut ClientReader<tokio::net::tcp::OwnedReadHalf>) -> String {
        let mut line = String::new();
        timeout(Duration::from_secs(1), reader.read_line(&mut line))
            .await
            .expect("no answer in time")
            .unwrap();
        line
    }

    #[tokio::test]
    async fn a_line_split_across_writes_is_answered_whole() {
        let (mut reader, mut writer) = connect().await;
        writer.write_all(b"hello\nwor").await.unwrap();
        assert_eq!(answer(&mut reader).await, "HELLO\n");
        writer.write_all(b"ld\n").await.unwrap();
        assert_eq!(
            answer(&mut reader).await,
            "WORLD\n",
            "half a line is not a line"
        );
    }

    #[tokio::test]
    async fn several_lines_in_one_write_get_one_answer_each() {
        let (mut reader, mut writer) = connect().await;
        writer.write_all(b"one\ntwo\nthree\n").await.unwrap();
        for expected in ["ONE\n", "TWO\n", "THREE\n"] {
            assert_eq!(answer(&mut reader).await, expected);
        }
    }
}
