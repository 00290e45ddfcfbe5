//! Wrong answer to stream3: joins the two streams with `chain`. A chained
//! stream yields everything from the first stream and only then starts the
//! second, so no redraw happens until the sensor has gone.
//!
//! Rejected by: tests::readings_and_redraws_arrive_in_time_order

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::interval;
use tokio_stream::wrappers::{IntervalStream, ReceiverStream};
use tokio_stream::{Stream, StreamExt};

#[derive(Debug, PartialEq)]
enum Event {
    Reading(u32),
    Redraw,
}

/// Every reading from `readings`, plus a `Redraw` every `period` (the first
/// one at once).
fn dashboard_events(readings: mpsc::Receiver<u32>, period: Duration) -> impl Stream<Item = Event> {
    let readings = ReceiverStream::new(readings).map(Event::Reading);
    let redraws = IntervalStream::new(interval(period)).map(|_| Event::Redraw);
    readings.chain(redraws)
}

#[tokio::main]
async fn main() {
    let (sensor, readings) = mpsc::channel(4);
    sensor.send(21).await.unwrap();
    let events = dashboard_events(readings, Duration::from_millis(100));
    let first: Vec<Event> = events.take(3).collect().await;
    println!("{first:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, sleep, timeout};

    #[tokio::test(start_paused = true)]
    async fn readings_and_redraws_arrive_in_time_order() {
        let (sensor, readings) = mpsc::channel(4);
        tokio::spawn(async move {
            sleep(Duration::from_millis(50)).await;
            sensor.send(20).await.unwrap();
            sleep(Duration::from_millis(100)).await;
            sensor.send(23).await.unwrap();
        });
        let start = Instant::now();
        let events = dashboard_events(readings, Duration::from_millis(100));
        let seen: Vec<(Event, u128)> = timeout(
            Duration::from_secs(5),
            events
                .take(5)
                .map(|e| (e, start.elapsed().as_millis()))
                .collect(),
        )
        .await
        .expect("the stream stopped yielding");
        let expected = [
            (Event::Redraw, 0),
            (Event::Reading(20), 50),
            (Event::Redraw, 100),
            (Event::Reading(23), 150),
            (Event::Redraw, 200),
        ];
        assert_eq!(seen, expected);
    }

    #[tokio::test(start_paused = true)]
    async fn redraws_go_on_after_the_sensor_is_gone() {
        let (sensor, readings) = mpsc::channel(4);
        drop(sensor);
        let events = dashboard_events(readings, Duration::from_millis(100));
        let seen: Vec<Event> = timeout(Duration::from_secs(5), events.take(3).collect())
            .await
            .expect("the stream stopped yielding");
        assert_eq!(seen, [Event::Redraw, Event::Redraw, Event::Redraw]);
    }
}
