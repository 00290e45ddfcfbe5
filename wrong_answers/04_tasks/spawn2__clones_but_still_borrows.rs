//! Wrong answer to spawn2: clones the strings first, but the block still has
//! no `move`, so it borrows the clones, which die with the function just the
//! same.
//!
//! Rejected by: compile

use std::time::Duration;
use tokio::task::JoinHandle;

/// Starts a task that waits `delay`, then returns `greeting` addressed to
/// `name`. The caller gets the handle and decides when to wait for it.
fn greet_later(greeting: String, name: String, delay: Duration) -> JoinHandle<String> {
    let (greeting, name) = (greeting.clone(), name.clone());
    tokio::spawn(async {
        tokio::time::sleep(delay).await;
        format!("{greeting}, {name}!")
    })
}

#[tokio::main]
async fn main() {
    let handle = greet_later("Hello".into(), "task".into(), Duration::from_millis(10));
    println!("{}", handle.await.unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn greeting_arrives_after_the_delay() {
        let start = Instant::now();
        let handle = greet_later("Hi".into(), "Ferris".into(), Duration::from_secs(2));
        assert_eq!(handle.await.unwrap(), "Hi, Ferris!");
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn greetings_wait_side_by_side() {
        let start = Instant::now();
        let first = greet_later("Hi".into(), "one".into(), Duration::from_secs(1));
        let second = greet_later("Hey".into(), "two".into(), Duration::from_secs(1));
        assert_eq!(second.await.unwrap(), "Hey, two!");
        assert_eq!(first.await.unwrap(), "Hi, one!");
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }
}
