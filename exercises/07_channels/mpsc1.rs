//! mpsc1: a send fails once nobody receives.
//!
//! An `mpsc` channel has two ends, and each end learns when the other is
//! gone. `recv()` returns `None` once every `Sender` has been dropped (that is
//! mpsc2). `send(value).await` returns `Err(SendError(value))` once the
//! `Receiver` has been dropped or closed, and hands the unsent value back.
//! That error is not a crash to `unwrap` away nor noise to ignore: it is how a
//! producer learns that its work is no longer wanted, and the moment to stop.

use std::time::Duration;
use tokio::sync::mpsc;

#[derive(Debug, PartialEq)]
pub struct Quote {
    pub symbol: String,
    pub cents: u64,
}

/// Asks the exchange for the price of `symbol`: 100 ms a round trip.
async fn fetch_quote(symbol: &str, round: u64) -> Quote {
    tokio::time::sleep(Duration::from_millis(100)).await;
    Quote {
        symbol: symbol.to_string(),
        cents: 10_000 + 25 * round,
    }
}

/// Streams fresh quotes for `symbol` to `subscriber`, one after the other,
/// until the subscriber goes away; returns how many quotes it delivered.
pub async fn stream_quotes(symbol: String, subscriber: mpsc::Sender<Quote>) -> u64 {
    let mut delivered = 0;
    loop {
        let quote = fetch_quote(&symbol, delivered).await;
        // TODO: once the subscriber has gone, this send fails, the error is
        // ignored, and the loop fetches quotes for nobody, for ever. Stop
        // when a quote can no longer be delivered.
        let _ = subscriber.send(quote).await;
        delivered += 1;
    }
}

#[tokio::main]
async fn main() {
    let (subscriber, mut quotes) = mpsc::channel(4);
    let stream = tokio::spawn(stream_quotes("RUST".to_string(), subscriber));
    for _ in 0..3 {
        println!("{:?}", quotes.recv().await);
    }
    drop(quotes);
    println!("quotes delivered: {}", stream.await.unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, timeout};

    /// Subscribes to `symbol`, takes `wanted` quotes, then hangs up. Returns
    /// the quotes, and what the stream said and when, once it has ended.
    async fn take_quotes(symbol: &str, wanted: usize) -> (Vec<Quote>, u64, Duration) {
        let start = Instant::now();
        let (subscriber, mut quotes) = mpsc::channel(1);
        let symbol = symbol.to_string();
        let stream = tokio::spawn(async move {
            let delivered = stream_quotes(symbol, subscriber).await;
            (delivered, start.elapsed())
        });
        let mut taken = Vec::new();
        for _ in 0..wanted {
            taken.push(quotes.recv().await.expect("the stream ended early"));
        }
        drop(quotes);
        let (delivered, ended_at) = timeout(Duration::from_secs(10), stream)
            .await
            .expect("the stream is still running long after its subscriber left")
            .expect("the stream panicked");
        (taken, delivered, ended_at)
    }

    #[tokio::test(start_paused = true)]
    async fn quotes_arrive_in_order() {
        let (subscriber, mut quotes) = mpsc::channel(1);
        tokio::spawn(stream_quotes("RUST".to_string(), subscriber));
        for cents in [10_000, 10_025, 10_050] {
            let quote = quotes.recv().await.expect("the stream ended early");
            assert_eq!(
                quote,
                Quote {
                    symbol: "RUST".to_string(),
                    cents
                }
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_stream_stops_once_its_subscriber_has_gone() {
        for wanted in [1, 4] {
            let (_, delivered, ended_at) = take_quotes("TOKIO", wanted).await;
            assert_eq!(
                delivered, wanted as u64,
                "the subscriber took {wanted} quotes before it left"
            );
            // The quote fetched after the subscriber left cannot be delivered:
            // the stream ends when it tries.
            assert!(
                ended_at <= Duration::from_millis(100 * (wanted as u64 + 1)),
                "the stream ran on until {ended_at:?} after its subscriber left"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_stream_nobody_listens_to_ends_at_its_first_quote() {
        let (subscriber, quotes) = mpsc::channel(1);
        drop(quotes);
        let delivered = timeout(
            Duration::from_secs(1),
            stream_quotes("NOBODY".to_string(), subscriber),
        )
        .await
        .expect("the stream never noticed that nobody listens");
        assert_eq!(delivered, 0);
    }
}
