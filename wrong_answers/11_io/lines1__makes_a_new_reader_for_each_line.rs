//! Wrong answer to lines1: wraps the socket in a new `BufReader` for every
//! line. A `BufReader` reads ahead: whatever it took from the socket after
//! the newline is thrown away with it, so the start of the next line (or
//! the next lines) is lost.
//!
//! Rejected by: tests::a_line_split_across_writes_is_answered_whole, tests::several_lines_in_one_write_get_one_answer_each

use tokio::io::{
    self, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::net::{TcpListener, TcpStream};

/// Answers each line the client sends with the same line in capitals.
async fn shout<S>(mut socket: S) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    loop {
        let mut line = String::new();
        if BufReader::new(&mut socket).read_line(&mut line).await? == 0 {
            return Ok(());
        }
        socket
            .write_all(format!("{}\n", line.trim_end().to_uppercase()).as_bytes())
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
    use tokio::io::{AsyncBufReadExt, BufReader, DuplexStream, ReadHalf, WriteHalf};
    use tokio::time::timeout;

    type Answers = BufReader<ReadHalf<DuplexStream>>;

    /// Connects a client to a `shout` server over an in-memory pipe.
    fn connect() -> (Answers, WriteHalf<DuplexStream>) {
        let (client, server_side) = io::duplex(64);
        tokio::spawn(shout(server_side));
        let (reader, writer) = io::split(client);
        (BufReader::new(reader), writer)
    }

    async fn answer(answers: &mut Answers) -> String {
        let mut line = String::new();
        timeout(Duration::from_secs(5), answers.read_line(&mut line))
            .await
            .expect("no answer in time")
            .unwrap();
        line
    }

    #[tokio::test(start_paused = true)]
    async fn a_line_split_across_writes_is_answered_whole() {
        let (mut answers, mut writer) = connect();
        writer.write_all(b"hello\nwor").await.unwrap();
        assert_eq!(answer(&mut answers).await, "HELLO\n");
        writer.write_all(b"ld\n").await.unwrap();
        assert_eq!(
            answer(&mut answers).await,
            "WORLD\n",
            "half a line is not a line"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn several_lines_in_one_write_get_one_answer_each() {
        let (mut answers, mut writer) = connect();
        writer.write_all(b"one\ntwo\nthree\n").await.unwrap();
        for expected in ["ONE\n", "TWO\n", "THREE\n"] {
            assert_eq!(answer(&mut answers).await, expected);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_line_that_arrives_byte_by_byte_is_answered_once() {
        let (mut answers, mut writer) = connect();
        for byte in b"slowly\n" {
            writer.write_all(&[*byte]).await.unwrap();
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        writer.write_all(b"done\n").await.unwrap();
        assert_eq!(answer(&mut answers).await, "SLOWLY\n");
        assert_eq!(answer(&mut answers).await, "DONE\n");
    }
}
