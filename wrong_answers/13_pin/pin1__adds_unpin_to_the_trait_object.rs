//! Wrong answer to pin1: asks for `Box<dyn Future + Send + Unpin>` so the box
//! can be awaited as it is; async blocks are not `Unpin`, so none of them fits.
//!
//! Rejected by: compile

use std::future::Future;
use std::time::Duration;

/// A greeting that takes a moment to look up, done differently per language.
fn look_up_greeting(language: &str) -> Box<dyn Future<Output = String> + Send + Unpin> {
    match language {
        "fr" => Box::new(async {
            tokio::time::sleep(Duration::from_millis(10)).await;
            String::from("bonjour")
        }),
        other => {
            let other = other.to_string();
            Box::new(async move { format!("hello (no greeting for {other:?} yet)") })
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
