//! intro4: async is worth it when you wait on many things at once.
//!
//! A thread per wait costs an operating-system thread each: its own stack and
//! a place in the OS scheduler. Ten thousand of them is heavy. A waiting
//! async task, by contrast, is a small value in memory, and one thread can
//! keep thousands of them waiting together, resuming each when its reply is
//! ready.
//!
//! Here ten thousand clients each wait between 100 ms and one second for a
//! reply. Served one after the other that takes over an hour and a half;
//! waited on together, as long as the slowest reply: one second.

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
    let mut replies = Vec::new();
    for client in 0..clients {
        // TODO: this waits for one client before the next one even starts.
        // Create all the waiting futures first, then await them together
        // with `futures::future::join_all`.
        replies.push(wait_for_reply(client).await);
    }
    replies
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
