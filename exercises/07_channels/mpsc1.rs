//! mpsc1: many producers, one consumer.
//!
//! Instead of sharing a value behind a lock, tasks can send messages. An
//! `mpsc` channel has many senders and one receiver: each sensor task sends its
//! reading, and the collector takes them in the order they arrive. Every
//! producer needs its own `Sender`; a sender is cheap to clone, and all clones
//! feed the same receiver.

use std::time::Duration;
use tokio::sync::mpsc;

#[derive(Debug, PartialEq)]
pub struct Reading {
    pub sensor: String,
    pub celsius: i32,
}

/// Measuring takes a while, and some sensors are slower than others.
async fn measure(sensor: String, delay_ms: u64, celsius: i32, readings: mpsc::Sender<Reading>) {
    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
    readings.send(Reading { sensor, celsius }).await.unwrap();
}

/// Starts one task per `(sensor, delay_ms, celsius)` and returns the readings
/// in the order they arrived.
pub async fn read_all(sensors: Vec<(String, u64, i32)>) -> Vec<Reading> {
    let (tx, mut rx) = mpsc::channel(8);
    let count = sensors.len();
    for (sensor, delay_ms, celsius) in sensors {
        // TODO: `tx` is moved into the first task; give every task a sender.
        tokio::spawn(measure(sensor, delay_ms, celsius, tx));
    }

    let mut readings = Vec::new();
    for _ in 0..count {
        readings.push(rx.recv().await.expect("a sensor task died"));
    }
    readings
}

#[tokio::main]
async fn main() {
    let sensors = vec![
        ("attic".to_string(), 30, 24),
        ("cellar".to_string(), 10, 12),
    ];
    for reading in read_all(sensors).await {
        println!("{reading:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    fn sensor(name: &str, delay_ms: u64, celsius: i32) -> (String, u64, i32) {
        (name.to_string(), delay_ms, celsius)
    }

    #[tokio::test(start_paused = true)]
    async fn every_sensor_is_read() {
        let readings = read_all(vec![sensor("attic", 5, 24), sensor("porch", 5, 9)]).await;
        assert_eq!(readings.len(), 2);
        assert!(readings.contains(&Reading {
            sensor: "attic".into(),
            celsius: 24
        }));
        assert!(readings.contains(&Reading {
            sensor: "porch".into(),
            celsius: 9
        }));
    }

    #[tokio::test(start_paused = true)]
    async fn sensors_measure_at_the_same_time_and_the_fastest_arrives_first() {
        let start = Instant::now();
        let sensors = vec![
            sensor("attic", 30, 24),
            sensor("cellar", 10, 12),
            sensor("porch", 20, 9),
        ];
        let readings = read_all(sensors).await;
        let order: Vec<&str> = readings.iter().map(|r| r.sensor.as_str()).collect();
        assert_eq!(
            order,
            ["cellar", "porch", "attic"],
            "readings arrive as they are ready"
        );
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(30),
            "all sensors measure at once"
        );
    }
}
