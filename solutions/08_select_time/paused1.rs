//! paused1: time-based code that a test can fast-forward.
//!
//! A session token is valid for `TTL` (an hour). Testing that by waiting an
//! hour is out of the question. `#[tokio::test(start_paused = true)]` freezes
//! tokio's clock, and `tokio::time::advance` moves it forward at once. But
//! only code that reads *tokio's* clock sees the jump: `std::time::Instant`
//! keeps following the wall clock, which has barely moved.

use std::time::Duration;
use tokio::time::Instant;

const TTL: Duration = Duration::from_secs(60 * 60);

/// A session token that expires `TTL` after it was issued.
struct Session {
    token: String,
    issued_at: Instant,
}

impl Session {
    fn issue(token: &str) -> Self {
        Session {
            token: token.to_string(),
            issued_at: Instant::now(),
        }
    }

    /// The token, while the session is younger than `TTL`.
    fn token(&self) -> Option<&str> {
        (self.issued_at.elapsed() < TTL).then_some(self.token.as_str())
    }
}

#[tokio::main]
async fn main() {
    let session = Session::issue("abc123");
    println!("fresh session: {:?}", session.token());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::advance;

    #[tokio::test(start_paused = true)]
    async fn token_is_valid_for_most_of_an_hour() {
        let session = Session::issue("abc123");
        advance(TTL - Duration::from_secs(1)).await;
        assert_eq!(session.token(), Some("abc123"));
    }

    #[tokio::test(start_paused = true)]
    async fn token_expires_after_an_hour() {
        let session = Session::issue("abc123");
        advance(TTL).await;
        assert_eq!(session.token(), None, "an hour has passed on tokio's clock");
    }
}
