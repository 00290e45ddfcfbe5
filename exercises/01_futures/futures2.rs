//! futures2: a future has none of its output's methods.
//!
//! `fetch_username(id)` is a future of a `String`. Until it is awaited there
//! is no `String` yet, so `String`'s methods are not there to call. Remember
//! that `.await` is a postfix operator: it can sit in the middle of a method
//! chain, exactly where the value is needed.

use std::time::Duration;

/// Looks a user up by id; unknown ids get a placeholder name.
async fn fetch_username(id: u32) -> String {
    // Pretend this is a database query.
    tokio::time::sleep(Duration::from_millis(20)).await;
    match id {
        1 => "ferris".to_string(),
        2 => "corro".to_string(),
        _ => "anonymous".to_string(),
    }
}

/// The user's name in capitals, for a banner.
async fn banner_name(id: u32) -> String {
    // TODO: the name has to arrive before it can be upper-cased.
    fetch_username(id).to_uppercase()
}

#[tokio::main]
async fn main() {
    println!("*** {} ***", banner_name(1).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn known_users_are_shouted() {
        assert_eq!(banner_name(1).await, "FERRIS");
        assert_eq!(banner_name(2).await, "CORRO");
    }

    #[tokio::test(start_paused = true)]
    async fn unknown_users_get_a_placeholder() {
        assert_eq!(banner_name(99).await, "ANONYMOUS");
        assert_eq!(banner_name(0).await, "ANONYMOUS");
    }

    // The database takes 20 ms of the paused clock per query: a banner that
    // took no time never asked it.
    #[tokio::test(start_paused = true)]
    async fn every_banner_queries_the_database() {
        let start = Instant::now();
        for id in [2, 1, 7] {
            banner_name(id).await;
        }
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(60),
            "three banners, 20 ms per query: was the name really fetched?"
        );
    }
}
