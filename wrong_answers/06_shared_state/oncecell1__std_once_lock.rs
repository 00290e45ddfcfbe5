//! Wrong answer to oncecell1: `std::sync::OnceLock` takes a plain closure,
//! so the request is run with `Handle::block_on`, which panics inside a
//! runtime ("Cannot start a runtime from within a runtime").
//!
//! Rejected by: tests::many_callers_at_once_make_one_request, tests::a_kept_token_is_handed_out_at_once, tests::a_failure_is_not_kept, tests::when_the_request_fails_a_waiting_caller_tries_again

use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unavailable;

/// The login service. Each token it issues takes 100 ms, and the first
/// `failures` requests fail.
pub struct AuthServer {
    requests: AtomicUsize,
    failures: usize,
}

impl AuthServer {
    pub fn new(failures: usize) -> AuthServer {
        AuthServer {
            requests: AtomicUsize::new(0),
            failures,
        }
    }

    /// How many tokens were asked for so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    async fn issue_token(&self) -> Result<String, Unavailable> {
        let request = self.requests.fetch_add(1, Ordering::SeqCst) + 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
        if request <= self.failures {
            return Err(Unavailable);
        }
        Ok(format!("token-{request}"))
    }
}

/// A client that logs in on first use and keeps its token.
pub struct Client {
    auth: Arc<AuthServer>,
    token: OnceLock<String>,
}

impl Client {
    pub fn new(auth: Arc<AuthServer>) -> Client {
        Client {
            auth,
            token: OnceLock::new(),
        }
    }

    /// The access token, asked for on first use. However many callers want it
    /// at once, the server is asked once, unless that fails: an error is
    /// returned, not kept, and the next attempt asks again.
    pub async fn token(&self) -> Result<&str, Unavailable> {
        let runtime = tokio::runtime::Handle::current();
        let token = self.token.get_or_init(|| {
            runtime
                .block_on(self.auth.issue_token())
                .unwrap_or_default()
        });
        Ok(token)
    }
}

#[tokio::main]
async fn main() {
    let auth = Arc::new(AuthServer::new(1));
    let client = Client::new(auth.clone());
    println!("first try: {:?}", client.token().await);
    println!("second try: {:?}", client.token().await);
    println!("and again: {:?}", client.token().await);
    println!("the server was asked {} times", auth.requests());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    /// `callers` tasks ask `client` for its token at the same time.
    async fn ask_at_once(client: &Arc<Client>, callers: usize) -> Vec<Result<String, Unavailable>> {
        let mut tasks = Vec::new();
        for _ in 0..callers {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                client.token().await.map(str::to_string)
            }));
        }
        let mut tokens = Vec::new();
        for task in tasks {
            tokens.push(task.await.expect("a caller panicked"));
        }
        tokens
    }

    #[tokio::test(start_paused = true)]
    async fn many_callers_at_once_make_one_request() {
        let auth = Arc::new(AuthServer::new(0));
        let client = Arc::new(Client::new(auth.clone()));
        let start = Instant::now();
        let tokens = ask_at_once(&client, 10).await;
        assert_eq!(tokens, vec![Ok("token-1".to_string()); 10]);
        assert_eq!(
            auth.requests(),
            1,
            "10 callers at once: the server was asked {} times",
            auth.requests()
        );
        assert_eq!(start.elapsed(), Duration::from_millis(100));
    }

    #[tokio::test(start_paused = true)]
    async fn a_kept_token_is_handed_out_at_once() {
        let auth = Arc::new(AuthServer::new(0));
        let client = Client::new(auth.clone());
        assert_eq!(client.token().await, Ok("token-1"));
        let start = Instant::now();
        assert_eq!(client.token().await, Ok("token-1"));
        assert_eq!(client.token().await, Ok("token-1"));
        assert_eq!(start.elapsed(), Duration::ZERO);
        assert_eq!(auth.requests(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failure_is_not_kept() {
        let auth = Arc::new(AuthServer::new(1));
        let client = Client::new(auth.clone());
        assert_eq!(client.token().await, Err(Unavailable));
        assert_eq!(client.token().await, Ok("token-2"));
        assert_eq!(client.token().await, Ok("token-2"));
        assert_eq!(auth.requests(), 2);
    }

    // The first request fails at 100 ms; one of the callers waiting for it
    // then asks again, and every other caller gets that second token.
    #[tokio::test(start_paused = true)]
    async fn when_the_request_fails_a_waiting_caller_tries_again() {
        let auth = Arc::new(AuthServer::new(1));
        let client = Arc::new(Client::new(auth.clone()));
        let start = Instant::now();
        let mut tokens = ask_at_once(&client, 5).await;
        tokens.sort_by_key(|token| token.is_ok());
        let mut expected = vec![Ok("token-2".to_string()); 5];
        expected[0] = Err(Unavailable);
        assert_eq!(tokens, expected);
        assert_eq!(
            auth.requests(),
            2,
            "5 callers at once, the first request fails: one failed request and \
             one retry, yet the server was asked {} times",
            auth.requests()
        );
        assert_eq!(start.elapsed(), Duration::from_millis(200));
    }
}
