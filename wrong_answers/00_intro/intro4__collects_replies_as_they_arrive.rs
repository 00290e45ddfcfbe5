//! Wrong answer to intro4: waits on every client at once, but with a
//! `FuturesUnordered`, which hands the replies back in the order they arrive,
//! not in client order.
//!
//! Rejected by: tests::replies_come_back_in_client_order

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::time::Duration;
use tokio::time::Instant;

/// One client waiting for a slow reply: nothing to compute, only to wait.
/// Client 0 waits 100 ms, client 1 200 ms, ... client 9 a whole second,
/// then client 10 starts over at 100 ms.
async fn wait_for_reply(client: usize) -> usize {
    let tenths = 1 + (client % 10) as u64;
    tokio::time::sleep(Duration::from_millis(100 * tenths)).await;
    client
}

/// Waits for a reply from every client; returns who replied, in order.
async fn serve_all(clients: usize) -> Vec<usize> {
    let waits: FuturesUnordered<_> = (0..clients).map(wait_for_reply).collect();
    waits.collect().await
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let replies = serve_all(10_000).await;
    println!(
        "{} replies after {:?}, on one thread",
        replies.len(),
        start.elapsed()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    // The paused clock jumps ahead whenever every task is waiting, so a
    // "one second" wait takes no real time and the elapsed time is exact.
    #[tokio::test(start_paused = true)]
    async fn ten_thousand_waits_take_as_long_as_the_slowest() {
        let start = Instant::now();
        let replies = tokio::time::timeout(Duration::from_secs(5), serve_all(10_000))
            .await
            .expect("serving took over 5 s: are the clients waited on a few at a time?");
        assert_eq!(replies.len(), 10_000);
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn three_clients_take_as_long_as_the_slowest() {
        let start = Instant::now();
        let replies = tokio::time::timeout(Duration::from_secs(5), serve_all(3))
            .await
            .expect("serving took over 5 s: are the clients waited on one at a time?");
        assert_eq!(replies, [0, 1, 2]);
        assert_eq!(start.elapsed(), Duration::from_millis(300));
    }

    // Replies arrive out of order (client 9 is the slowest of the first ten),
    // yet they must come back in client order.
    #[tokio::test(start_paused = true)]
    async fn replies_come_back_in_client_order() {
        let replies = tokio::time::timeout(Duration::from_secs(5), serve_all(50))
            .await
            .expect("serving took over 5 s: are the clients waited on one at a time?");
        assert_eq!(replies, (0..50).collect::<Vec<_>>());
    }
}
