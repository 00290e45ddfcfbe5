//! select2: keep one future alive across the rounds of a `select!` loop.
//!
//! We collect messages for a fixed time budget. The deadline must be created
//! once, before the loop: a `sleep` created inside `select!` would start
//! over on every message, and a steady trickle of messages would keep the
//! loop going forever. To poll the same future again and again, `select!`
//! borrows it (`&mut deadline`), and polling through a `&mut` needs the
//! future to be pinned first.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;

/// Collects messages until `budget` has passed or the senders are gone.
async fn collect_for(mut inbox: mpsc::Receiver<String>, budget: Duration) -> Vec<String> {
    let mut collected = Vec::new();
    let deadline = sleep(budget);
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            _ = &mut deadline => break,
            message = inbox.recv() => match message {
                Some(message) => collected.push(message),
                None => break,
            },
        }
    }
    collected
}

#[tokio::main]
async fn main() {
    let (sender, inbox) = mpsc::channel(8);
    sender.send("hello".to_string()).await.unwrap();
    drop(sender);
    let collected = collect_for(inbox, Duration::from_millis(100)).await;
    println!("{collected:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    /// Sends a message every 50 ms for a whole second.
    fn chatty_sender() -> mpsc::Receiver<String> {
        let (sender, inbox) = mpsc::channel(1);
        tokio::spawn(async move {
            for n in 0..20 {
                if sender.send(format!("message {n}")).await.is_err() {
                    return;
                }
                sleep(Duration::from_millis(50)).await;
            }
        });
        inbox
    }

    #[tokio::test(start_paused = true)]
    async fn stops_when_the_budget_is_spent_even_if_messages_keep_coming() {
        let start = Instant::now();
        let collected = collect_for(chatty_sender(), Duration::from_millis(120)).await;
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(120),
            "the deadline must not restart on each message"
        );
        assert_eq!(collected, ["message 0", "message 1", "message 2"]);
    }

    #[tokio::test(start_paused = true)]
    async fn stops_early_when_the_senders_are_gone() {
        let (sender, inbox) = mpsc::channel(4);
        sender.send("only".to_string()).await.unwrap();
        drop(sender);
        let start = Instant::now();
        let collected = collect_for(inbox, Duration::from_secs(10)).await;
        assert_eq!(collected, ["only"]);
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
