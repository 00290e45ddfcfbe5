//! asyncfn2: async closures.
//!
//! A helper that retries an operation takes "something to call that returns a
//! future". Written the old way, `F: FnMut() -> Fut`, the future a call
//! returns may not borrow from the closure, so `|| async { server.fetch().await }`
//! is refused when `fetch` needs `&mut server`. Async closures (`async || ...`,
//! stable since Rust 1.85) and the `AsyncFn`, `AsyncFnMut` and `AsyncFnOnce`
//! traits fix exactly that: each call's future may borrow the closure's state.

use std::time::Duration;

/// Pause between two attempts.
const BACKOFF: Duration = Duration::from_millis(100);

/// Calls `attempt` until it succeeds, or until `max_attempts` calls failed,
/// waiting `BACKOFF` after each failure.
// TODO: with this signature, a call's future may not borrow from the closure.
async fn retry<T, E, F, Fut>(max_attempts: u32, mut attempt: F) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut failures = 0;
    loop {
        match attempt().await {
            Ok(value) => return Ok(value),
            Err(error) => {
                failures += 1;
                if failures == max_attempts {
                    return Err(error);
                }
                tokio::time::sleep(BACKOFF).await;
            }
        }
    }
}

/// A server that fails a few times before it answers.
struct FlakyServer {
    failures_left: u32,
    calls: u32,
}

impl FlakyServer {
    async fn fetch(&mut self) -> Result<String, String> {
        self.calls += 1;
        tokio::time::sleep(Duration::from_millis(10)).await;
        if self.failures_left > 0 {
            self.failures_left -= 1;
            return Err(format!("call {} failed", self.calls));
        }
        Ok(format!("answer on call {}", self.calls))
    }
}

async fn fetch_with_retries(server: &mut FlakyServer, max_attempts: u32) -> Result<String, String> {
    retry(max_attempts, || async { server.fetch().await }).await
}

#[tokio::main]
async fn main() {
    let mut server = FlakyServer {
        failures_left: 2,
        calls: 0,
    };
    println!("{:?}", fetch_with_retries(&mut server, 5).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn succeeds_once_the_server_recovers() {
        let mut server = FlakyServer {
            failures_left: 2,
            calls: 0,
        };
        let start = Instant::now();
        assert_eq!(
            fetch_with_retries(&mut server, 5).await,
            Ok("answer on call 3".to_string())
        );
        assert_eq!(server.calls, 3);
        // Three calls of 10 ms and a backoff after each of the two failures.
        assert_eq!(start.elapsed(), Duration::from_millis(230));
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_max_attempts_with_the_last_error() {
        let mut server = FlakyServer {
            failures_left: 10,
            calls: 0,
        };
        let start = Instant::now();
        assert_eq!(
            fetch_with_retries(&mut server, 3).await,
            Err("call 3 failed".to_string())
        );
        assert_eq!(server.calls, 3, "exactly three attempts, no more");
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(230),
            "three calls of 10 ms, and a backoff between two attempts only"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn retry_works_with_any_async_closure() {
        let mut seen = Vec::new();
        let result: Result<u32, u32> = retry(4, async || {
            seen.push(seen.len() as u32);
            if seen.len() < 2 {
                Err(0)
            } else {
                Ok(seen.len() as u32)
            }
        })
        .await;
        assert_eq!(result, Ok(2));
        assert_eq!(seen, [0, 1]);
    }
}
