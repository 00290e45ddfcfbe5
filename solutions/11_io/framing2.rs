//! framing2: the same frames with `tokio_util::codec`.
//!
//! framing1 cut length-prefixed frames out of a buffer by hand. tokio-util's
//! `LengthDelimitedCodec` does that job, with the same 4-byte big-endian
//! length by default, and `Framed` puts a codec on any
//! `AsyncRead + AsyncWrite`: the result is a `Stream` of incoming frames and a
//! `Sink` you `send` outgoing frames into, length prefix included.
//!
//! A length prefix comes from the other side, so it is not to be trusted: a
//! peer that announces a huge frame must not make the server wait for it,
//! and buffer it. The codec refuses any frame longer than its
//! `max_frame_length` with an `InvalidData` error.

use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use tokio::io::{self, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio_util::codec::{Framed, LengthDelimitedCodec};

/// The longest request the server accepts, in bytes.
const MAX_REQUEST: usize = 1024;

/// Answers each request frame with a frame holding the request in capitals.
/// Returns when the client closes; a request that is too long is an error.
async fn serve_client<S>(socket: S) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let codec = LengthDelimitedCodec::builder()
        .max_frame_length(MAX_REQUEST)
        .new_codec();
    let mut frames = Framed::new(socket, codec);
    while let Some(request) = frames.next().await {
        let request = request?;
        frames
            .send(Bytes::from(request.to_ascii_uppercase()))
            .await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let (mut client, server_side) = io::duplex(64);
    tokio::spawn(serve_client(server_side));
    client.write_all(&5u32.to_be_bytes()).await?;
    client.write_all(b"hello").await?;
    let mut answer = [0; 9];
    client.read_exact(&mut answer).await?;
    println!("{}", String::from_utf8_lossy(&answer[4..]));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::io::DuplexStream;
    use tokio::task::JoinHandle;
    use tokio::time::{sleep, timeout};

    /// `payload` with its 4-byte big-endian length in front.
    fn frame(payload: &[u8]) -> Vec<u8> {
        let mut frame = (payload.len() as u32).to_be_bytes().to_vec();
        frame.extend_from_slice(payload);
        frame
    }

    /// A client on an in-memory pipe (at most 16 bytes in flight) to a server
    /// running `serve_client`.
    fn connect() -> (DuplexStream, JoinHandle<io::Result<()>>) {
        let (client, server_side) = io::duplex(16);
        (client, tokio::spawn(serve_client(server_side)))
    }

    /// Writes `bytes` to the server (which must keep reading to take them).
    async fn send(client: &mut DuplexStream, bytes: &[u8]) {
        timeout(Duration::from_secs(5), client.write_all(bytes))
            .await
            .expect("the server stopped reading")
            .unwrap();
    }

    /// Reads one answer frame and returns its payload.
    async fn answer(client: &mut DuplexStream) -> Vec<u8> {
        let read_frame = async {
            let mut header = [0; 4];
            client.read_exact(&mut header).await?;
            let mut payload = vec![0; u32::from_be_bytes(header) as usize];
            client.read_exact(&mut payload).await?;
            io::Result::Ok(payload)
        };
        timeout(Duration::from_secs(5), read_frame)
            .await
            .expect("no answer in time")
            .expect("the answer should be a frame: a 4-byte length, then the payload")
    }

    #[tokio::test(start_paused = true)]
    async fn each_request_is_answered_with_a_frame() {
        let (mut client, _server) = connect();
        send(&mut client, &frame(b"hello")).await;
        assert_eq!(answer(&mut client).await, b"HELLO");
        send(&mut client, &frame(b"codec")).await;
        assert_eq!(answer(&mut client).await, b"CODEC");
    }

    #[tokio::test(start_paused = true)]
    async fn requests_glued_together_or_cut_in_pieces_are_still_frames() {
        let (mut client, _server) = connect();
        let glued = [frame(b"one"), frame(b"two")].concat();
        send(&mut client, &glued).await;
        assert_eq!(answer(&mut client).await, b"ONE");
        assert_eq!(answer(&mut client).await, b"TWO");
        for piece in frame(b"three").chunks(3) {
            send(&mut client, piece).await;
            sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(answer(&mut client).await, b"THREE");
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_over_the_limit_is_refused_at_once() {
        let (mut client, server) = connect();
        let longest: Vec<u8> = (0..MAX_REQUEST).map(|i| b'a' + (i % 26) as u8).collect();
        send(&mut client, &frame(&longest)).await;
        assert_eq!(
            answer(&mut client).await,
            longest.to_ascii_uppercase(),
            "a request of exactly MAX_REQUEST bytes is fine"
        );
        // This request announces a megabyte and sends the first few bytes.
        send(&mut client, &1_000_000u32.to_be_bytes()).await;
        send(&mut client, b"aaaa").await;
        let outcome = timeout(Duration::from_secs(5), server)
            .await
            .expect("the server is still waiting for the rest of a megabyte")
            .unwrap();
        let error = outcome.expect_err("a request over the limit is an error");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
    }
}
