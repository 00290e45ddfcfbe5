//! reserve1: send from a `select!` branch without losing the message.
//!
//! A relay forwards camera frames to a slow display over a small channel.
//! While it waits for room it must keep sending a heartbeat every `BEAT`, or
//! a watchdog restarts it. With `display.send(frame)` as a `select!` branch,
//! the frame is moved into the send future, and when the heartbeat wins that
//! future is dropped, and the frame with it: tokio's docs for `Sender::send`
//! say so under "Cancel safety". `display.reserve()` waits for room without
//! holding the frame. When it wins you get a `Permit`, and `permit.send(frame)`
//! neither waits nor fails.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, interval_at, sleep};

/// The watchdog wants a heartbeat this often.
const BEAT: Duration = Duration::from_millis(100);

/// A camera frame. Frames are large, so they are moved, never copied.
struct Frame {
    seq: u32,
}

/// Forwards every frame to `display`, in order, beating while it waits for
/// room; returns how many heartbeats it sent. Stops if the display is gone.
async fn relay(mut camera: mpsc::Receiver<Frame>, display: mpsc::Sender<Frame>) -> u32 {
    let mut heartbeat = interval_at(Instant::now() + BEAT, BEAT);
    let mut beats = 0;
    while let Some(frame) = camera.recv().await {
        loop {
            tokio::select! {
                room = display.reserve() => {
                    let Ok(permit) = room else { return beats };
                    permit.send(frame);
                    break;
                }
                _ = heartbeat.tick() => beats += 1,
            }
        }
    }
    beats
}

#[tokio::main]
async fn main() {
    let (camera_tx, camera) = mpsc::channel(4);
    let (display, mut screen) = mpsc::channel::<Frame>(1);
    for seq in 1..=3 {
        camera_tx.send(Frame { seq }).await.unwrap();
    }
    drop(camera_tx);
    tokio::spawn(async move {
        while let Some(frame) = screen.recv().await {
            println!("showing frame {}", frame.seq);
            sleep(Duration::from_millis(150)).await;
        }
    });
    println!("{} heartbeats", relay(camera, display).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::task::JoinHandle;

    /// A display that takes a frame every 230 ms; returns the frames it took,
    /// with the time (ms) it took each one.
    fn slow_display(mut frames: mpsc::Receiver<Frame>) -> JoinHandle<Vec<(u32, u128)>> {
        let start = Instant::now();
        tokio::spawn(async move {
            let mut shown = Vec::new();
            loop {
                sleep(Duration::from_millis(230)).await;
                match frames.recv().await {
                    Some(frame) => shown.push((frame.seq, start.elapsed().as_millis())),
                    None => return shown,
                }
            }
        })
    }

    /// A camera with `count` frames waiting.
    async fn camera(count: u32) -> mpsc::Receiver<Frame> {
        let (camera, frames) = mpsc::channel(16);
        for seq in 1..=count {
            camera.send(Frame { seq }).await.unwrap();
        }
        frames
    }

    #[tokio::test(start_paused = true)]
    async fn every_frame_reaches_the_display_in_order() {
        let (display, screen) = mpsc::channel(1);
        let shown = slow_display(screen);
        relay(camera(4).await, display).await;
        assert_eq!(
            shown.await.unwrap(),
            [(1, 230), (2, 460), (3, 690), (4, 920)],
            "every frame should reach the display, in order"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn heartbeats_keep_coming_while_the_display_is_slow() {
        let (display, screen) = mpsc::channel(1);
        let _shown = slow_display(screen);
        let start = Instant::now();
        let beats = relay(camera(4).await, display).await;
        assert_eq!(
            beats, 6,
            "one heartbeat every 100 ms while waiting for room"
        );
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(690),
            "the relay waits for room for each frame: the last one fits when the display takes the third"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_display_that_is_gone_ends_the_relay() {
        let (display, screen) = mpsc::channel(1);
        drop(screen);
        let beats = relay(camera(3).await, display).await;
        assert_eq!(beats, 0);
    }
}
