//! Wrong answer to backpressure1: keeps the unbounded queue and slows the
//! renderer down with a fixed sleep per frame. That guesses the encoder's
//! pace instead of following it: the queue still grows whenever the encoder
//! is slower than the guess.
//!
//! Rejected by: tests::the_queue_fills_up_to_its_capacity_and_no_further, tests::a_slow_encoder_slows_the_renderer_down

use std::time::Duration;
use tokio::sync::mpsc;

/// How many rendered frames may wait for the encoder.
pub const QUEUE_CAPACITY: usize = 3;

// TODO: make the queue bounded (`mpsc::channel(QUEUE_CAPACITY)`), and let the
// renderer wait for room in it.
pub type FrameSender = mpsc::UnboundedSender<u32>;
pub type FrameReceiver = mpsc::UnboundedReceiver<u32>;

pub fn frame_queue() -> (FrameSender, FrameReceiver) {
    mpsc::unbounded_channel()
}

/// Renders frames `0..count` as fast as it can and queues them in order.
pub async fn render(queue: FrameSender, count: u32) {
    for frame in 0..count {
        queue.send(frame).unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::main]
async fn main() {
    let (queue, mut frames) = frame_queue();
    let renderer = tokio::spawn(render(queue, 10));
    while let Some(frame) = frames.recv().await {
        // Encoding is the slow part.
        tokio::time::sleep(Duration::from_millis(20)).await;
        println!("encoded frame {frame}");
    }
    renderer.await.unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    /// Lets every task run until it waits; the paused clock then moves 1 ms.
    async fn let_tasks_run() {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }

    #[tokio::test(start_paused = true)]
    async fn the_queue_fills_up_to_its_capacity_and_no_further() {
        let (queue, mut frames) = frame_queue();
        let renderer = tokio::spawn(render(queue, 20));
        let_tasks_run().await;
        assert_eq!(frames.len(), QUEUE_CAPACITY, "frames waiting in the queue");
        assert!(!renderer.is_finished(), "the renderer must wait for room");

        // Taking one frame makes room for exactly one more.
        assert_eq!(frames.recv().await, Some(0));
        let_tasks_run().await;
        assert_eq!(frames.len(), QUEUE_CAPACITY);
        assert!(!renderer.is_finished());
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_encoder_slows_the_renderer_down() {
        let start = Instant::now();
        let (queue, mut frames) = frame_queue();
        let renderer = tokio::spawn(async move {
            render(queue, 20).await;
            start.elapsed()
        });

        let mut encoded = Vec::new();
        while let Some(frame) = frames.recv().await {
            tokio::time::sleep(Duration::from_millis(10)).await;
            encoded.push(frame);
        }
        let rendered_after = renderer.await.unwrap();

        assert_eq!(
            encoded,
            (0..20).collect::<Vec<_>>(),
            "every frame, in order"
        );
        // The last frame fits in the queue once frame 16 is taken, at 160 ms.
        assert_eq!(
            rendered_after,
            Duration::from_millis(160),
            "the renderer should finish only when the encoder has made room"
        );
    }
}
