//! Wrong answer to threads3: keeps the std channel and polls it with
//! `try_recv`, yielding between tries. The runtime never gets to rest, so the
//! paused clock never moves on and the sensors' timers never fire.
//!
//! Rejected by: tests::every_reading_arrives, tests::sensors_send_at_the_same_time

use std::sync::mpsc;
use std::time::Duration;

/// A sensor that sends `count` readings, one every 100 ms.
async fn sensor(id: u32, count: u32, readings: mpsc::Sender<u32>) {
    for n in 0..count {
        tokio::time::sleep(Duration::from_millis(100)).await;
        readings.send(id * 100 + n).unwrap();
    }
}

/// Starts `sensors` sensor tasks and gathers every reading, sorted.
async fn gather_readings(sensors: u32, count: u32) -> Vec<u32> {
    let (sender, receiver) = mpsc::channel();
    for id in 0..sensors {
        tokio::spawn(sensor(id, count, sender.clone()));
    }
    // Only the sensors' clones may keep the channel open.
    drop(sender);

    let mut all = Vec::new();
    loop {
        match receiver.try_recv() {
            Ok(reading) => all.push(reading),
            Err(mpsc::TryRecvError::Empty) => tokio::task::yield_now().await,
            Err(mpsc::TryRecvError::Disconnected) => break,
        }
    }
    all.sort();
    all
}

#[tokio::main]
async fn main() {
    println!("{:?}", gather_readings(3, 2).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::RecvTimeoutError;
    use tokio::time::Instant;

    /// Runs `gather_readings` on a paused current-thread runtime in a thread
    /// of its own, so that a blocked thread fails the test instead of
    /// hanging it. Returns the readings and the paused time they took.
    fn gather_with_deadline(sensors: u32, count: u32) -> (Vec<u32>, Duration) {
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .start_paused(true)
                .build()
                .unwrap();
            let outcome = runtime.block_on(async {
                let start = Instant::now();
                let gathering = gather_readings(sensors, count);
                let readings = tokio::time::timeout(Duration::from_secs(60), gathering).await;
                readings.map(|readings| (readings, start.elapsed()))
            });
            let _ = done.send(outcome);
        });
        match result.recv_timeout(Duration::from_secs(1)) {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(_)) => panic!("gather_readings never finished: is a sender still alive?"),
            Err(RecvTimeoutError::Timeout) => {
                panic!("gather_readings blocked its thread: is it still waiting the std way?")
            }
            Err(RecvTimeoutError::Disconnected) => panic!("gather_readings panicked"),
        }
    }

    #[test]
    fn every_reading_arrives() {
        let (readings, _) = gather_with_deadline(3, 2);
        assert_eq!(readings, [0, 1, 100, 101, 200, 201]);
    }

    #[test]
    fn sensors_send_at_the_same_time() {
        let (readings, took) = gather_with_deadline(4, 3);
        assert_eq!(readings.len(), 12);
        assert_eq!(took, Duration::from_millis(300));
    }
}
