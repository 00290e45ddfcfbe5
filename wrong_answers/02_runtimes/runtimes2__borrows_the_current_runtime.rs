//! Wrong answer to runtimes2: asks for the current runtime's handle to block
//! on, but synchronous code called from `main` has no current runtime: it
//! panics.
//!
//! Rejected by: tests::gives_up_on_a_silent_server, tests::reads_what_the_server_sends

use std::io;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// How long to wait for the server's banner before giving up.
const PATIENCE: Duration = Duration::from_millis(100);

/// From an async client library: connects to `server` and reads the banner
/// it sends, giving up after `PATIENCE`.
async fn read_banner(server: SocketAddr) -> io::Result<String> {
    let mut stream = TcpStream::connect(server).await?;
    let mut banner = String::new();
    // The outer `?` turns the timeout's `Elapsed` into `ErrorKind::TimedOut`.
    tokio::time::timeout(PATIENCE, stream.read_to_string(&mut banner)).await??;
    Ok(banner)
}

/// For the synchronous command-line tool: the same, blocking until done.
fn read_banner_blocking(server: SocketAddr) -> io::Result<String> {
    tokio::runtime::Handle::current().block_on(read_banner(server))
}

fn main() -> io::Result<()> {
    // A server of our own to ask, on a plain thread.
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    std::thread::spawn(move || {
        use std::io::Write;
        let (mut client, _) = listener.accept()?;
        client.write_all(b"hello from a plain thread")
    });
    println!("banner: {}", read_banner_blocking(address)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;
    use std::sync::mpsc::RecvTimeoutError;
    use std::time::Instant;

    /// A server on a plain thread: sends `banner` to its first client and
    /// hangs up.
    fn server_sending(banner: &'static str) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (mut client, _) = listener.accept().unwrap();
            client.write_all(banner.as_bytes()).unwrap();
        });
        address
    }

    /// Calls `read_banner_blocking` in a thread of its own, so that a read
    /// that never ends fails the test instead of hanging it. Returns the
    /// result and the (real) time it took.
    fn read_with_deadline(server: SocketAddr) -> (io::Result<String>, Duration) {
        let (done, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let start = Instant::now();
            let banner = read_banner_blocking(server);
            let _ = done.send((banner, start.elapsed()));
        });
        match outcome.recv_timeout(Duration::from_secs(2)) {
            Ok(outcome) => outcome,
            Err(RecvTimeoutError::Timeout) => {
                panic!("still reading after 2 s: does the read still give up after PATIENCE?")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("read_banner_blocking panicked (its message is above)")
            }
        }
    }

    // Plain `#[test]`s: like `main`, they start outside any runtime.
    #[test]
    fn reads_what_the_server_sends() {
        for banner in ["hello", "220 mail.example.com ready"] {
            let (read, _) = read_with_deadline(server_sending(banner));
            assert_eq!(read.unwrap(), banner);
        }
    }

    #[test]
    fn gives_up_on_a_silent_server() {
        // It listens, so connecting succeeds, but it never sends a byte.
        let silent = TcpListener::bind("127.0.0.1:0").unwrap();
        let (read, took) = read_with_deadline(silent.local_addr().unwrap());
        let error = read.expect_err("a silent server has no banner to give");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert!(took >= PATIENCE, "gave up after {took:?}, before PATIENCE");
    }
}
