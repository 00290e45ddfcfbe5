//! framing1: cut frames out of a byte stream with a buffer.
//!
//! On this connection a message is a frame: a 4-byte big-endian length, then
//! that many bytes. A read returns whatever has arrived, which may be half a
//! frame, or a frame and a half. So a frame reader keeps what it has read in
//! a `BytesMut`: `read_buf` appends whatever arrives, a frame is cut off the
//! front only once all of it is there, and whatever follows (the start of the
//! next frame) stays in the buffer for the next call.
//!
//! Because the bytes live in the reader and not in a local variable of
//! `read_frame`, `read_frame` is also safe to cancel: if a timeout or a
//! `select!` drops it halfway, what it read is still in the buffer.

use bytes::{Buf, Bytes, BytesMut};
use tokio::io::{self, AsyncRead, AsyncReadExt, AsyncWriteExt};

/// Reads the frames of one connection.
struct FrameReader<R> {
    reader: R,
    buffer: BytesMut,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    fn new(reader: R) -> Self {
        FrameReader {
            reader,
            buffer: BytesMut::with_capacity(4096),
        }
    }

    /// The next frame's payload, or `None` when the stream ends between frames.
    async fn read_frame(&mut self) -> io::Result<Option<Bytes>> {
        loop {
            if let Some(frame) = self.take_frame() {
                return Ok(Some(frame));
            }
            if self.reader.read_buf(&mut self.buffer).await? == 0 {
                if self.buffer.is_empty() {
                    return Ok(None);
                }
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the stream ended in the middle of a frame",
                ));
            }
        }
    }

    /// Cuts the first frame off the buffer, if the buffer holds all of it.
    fn take_frame(&mut self) -> Option<Bytes> {
        let header: [u8; 4] = self.buffer.get(..4)?.try_into().ok()?;
        let length = u32::from_be_bytes(header) as usize;
        if self.buffer.len() < 4 + length {
            return None;
        }
        self.buffer.advance(4);
        Some(self.buffer.split_to(length).freeze())
    }
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let (mut sender, receiver) = io::duplex(8);
    tokio::spawn(async move {
        for message in ["hello", "frames"] {
            let length = message.len() as u32;
            sender.write_all(&length.to_be_bytes()).await?;
            sender.write_all(message.as_bytes()).await?;
        }
        io::Result::Ok(())
    });
    let mut frames = FrameReader::new(receiver);
    while let Some(frame) = frames.read_frame().await? {
        println!("{}", String::from_utf8_lossy(&frame));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::io::DuplexStream;
    use tokio::time::{sleep, timeout};

    /// `payload` with its 4-byte big-endian length in front.
    fn frame(payload: &[u8]) -> Vec<u8> {
        let mut frame = (payload.len() as u32).to_be_bytes().to_vec();
        frame.extend_from_slice(payload);
        frame
    }

    /// A frame reader on an in-memory pipe that holds at most 16 bytes in
    /// flight, and the pipe's writing end.
    fn connection() -> (FrameReader<DuplexStream>, DuplexStream) {
        let (writer, reader) = io::duplex(16);
        (FrameReader::new(reader), writer)
    }

    async fn next(frames: &mut FrameReader<DuplexStream>) -> io::Result<Option<Bytes>> {
        timeout(Duration::from_secs(5), frames.read_frame())
            .await
            .expect("read_frame never returned")
    }

    #[tokio::test(start_paused = true)]
    async fn a_frame_split_across_writes_is_put_back_together() {
        let (mut frames, mut writer) = connection();
        let hello = frame(b"hello");
        writer.write_all(&hello[..7]).await.unwrap();
        tokio::spawn(async move {
            sleep(Duration::from_millis(10)).await;
            writer.write_all(&hello[7..]).await.unwrap();
        });
        assert_eq!(
            next(&mut frames).await.unwrap().as_deref(),
            Some(&b"hello"[..])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn two_frames_in_one_write_are_two_frames() {
        let (mut frames, mut writer) = connection();
        writer
            .write_all(&[frame(b"one"), frame(b"two")].concat())
            .await
            .unwrap();
        assert_eq!(
            next(&mut frames).await.unwrap().as_deref(),
            Some(&b"one"[..])
        );
        assert_eq!(
            next(&mut frames).await.unwrap().as_deref(),
            Some(&b"two"[..])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_frame_larger_than_the_pipe_arrives_whole() {
        let (mut frames, mut writer) = connection();
        let payload: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let big = frame(&payload);
        tokio::spawn(async move { writer.write_all(&big).await });
        let received = next(&mut frames).await.unwrap().expect("no frame");
        assert!(
            received == payload,
            "the payload should arrive whole and unchanged"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_read_cancelled_halfway_loses_nothing() {
        let (mut frames, mut writer) = connection();
        let data = frame(b"no byte left behind");
        writer.write_all(&data[..10]).await.unwrap();
        let cut_short = timeout(Duration::from_millis(50), frames.read_frame()).await;
        assert!(cut_short.is_err(), "only half a frame has arrived");
        writer.write_all(&data[10..]).await.unwrap();
        assert_eq!(
            next(&mut frames).await.unwrap().as_deref(),
            Some(&b"no byte left behind"[..]),
            "the bytes read before the timeout must not be lost"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_stream_may_end_between_frames_but_not_inside_one() {
        let (mut frames, mut writer) = connection();
        writer.write_all(&frame(b"last")).await.unwrap();
        drop(writer);
        assert_eq!(
            next(&mut frames).await.unwrap().as_deref(),
            Some(&b"last"[..])
        );
        assert_eq!(next(&mut frames).await.unwrap(), None);

        let (mut frames, mut writer) = connection();
        writer.write_all(&frame(b"cut short")[..7]).await.unwrap();
        drop(writer);
        let error = next(&mut frames).await.expect_err("a frame was cut off");
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
    }
}
