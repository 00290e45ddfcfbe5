//! Wrong answer to paused1: swaps `Instant` for `SystemTime`, the wall clock.
//! It is still the operating system's clock, which does not move when a test
//! advances tokio's paused clock.
//!
//! Rejected by: tests::token_expires_after_an_hour

use std::time::Duration;
use std::time::SystemTime;

const TTL: Duration = Duration::from_secs(60 * 60);

/// A session token that expires `TTL` after it was issued.
struct Session {
    token: String,
    issued_at: SystemTime,
}

impl Session {
    fn issue(token: &str) -> Self {
        Session {
            token: token.to_string(),
            issued_at: SystemTime::now(),
        }
    }

    /// The token, while the session is younger than `TTL`.
    fn token(&self) -> Option<&str> {
        let age = self.issued_at.elapsed().unwrap_or_default();
        (age < TTL).then_some(self.token.as_str())
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
