//! stream3: turn a channel and an interval into streams, and merge them.
//!
//! A dashboard shows sensor readings as they arrive and redraws on a timer.
//! Both sources become streams with the wrappers in `tokio_stream::wrappers`
//! (`ReceiverStream` for an `mpsc::Receiver`, `IntervalStream` for an
//! `Interval`), get mapped to one `Event` type, and are merged into a single
//! stream that yields from whichever source is ready.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio_stream::{Stream, StreamExt};

#[derive(Debug, PartialEq)]
enum Event {
    Reading(u32),
    Redraw,
}

/// Every reading from `readings`, plus a `Redraw` every `period` (the first
/// one at once).
fn dashboard_events(readings: mpsc::Receiver<u32>, period: Duration) -> impl Stream<Item = Event> {
    // TODO: wrap `readings` in a `ReceiverStream` and `interval(period)` in an
    // `IntervalStream`, map both to `Event`s, and `merge` them.
    let _ = (readings, period);
    tokio_stream::empty()
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
