//! pin1: awaiting a boxed future.
//!
//! To return "some future" whose concrete type depends on a runtime choice,
//! you box it: each `async` block has its own type, but all of them fit in a
//! `Box<dyn Future<Output = T>>`. To be polled, though, a future must be
//! pinned: it must promise never to move again, because an `async` block may
//! hold references into itself. A plain `Box<dyn Future>` makes no such promise
//! (the box could be unwrapped and its contents moved), so it cannot be
//! awaited. `Pin<Box<dyn Future>>`, made with `Box::pin`, can.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A greeting that takes a moment to look up, done differently per language.
fn look_up_greeting(language: &str) -> Pin<Box<dyn Future<Output = String> + Send>> {
    match language {
        "fr" => Box::pin(async {
            tokio::time::sleep(Duration::from_millis(10)).await;
            String::from("bonjour")
        }),
        other => {
            let other = other.to_string();
            Box::pin(async move { format!("hello (no greeting for {other:?} yet)") })
        }
    }
}

async fn greet(language: &str) -> String {
    look_up_greeting(language).await
}

#[tokio::main]
async fn main() {
    println!("{}", greet("fr").await);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn french_waits_for_its_lookup() {
        let start = tokio::time::Instant::now();
        assert_eq!(greet("fr").await, "bonjour");
        assert_eq!(start.elapsed(), Duration::from_millis(10));
    }

    #[tokio::test(start_paused = true)]
    async fn unknown_languages_fall_back_to_english() {
        assert_eq!(greet("xx").await, "hello (no greeting for \"xx\" yet)");
    }

    #[tokio::test(start_paused = true)]
    async fn the_boxed_future_can_be_sent_to_a_task() {
        let task = tokio::spawn(look_up_greeting("fr"));
        assert_eq!(task.await.unwrap(), "bonjour");
    }
}
