//! capstone: a chat server that shuts down gracefully.
//!
//! Everything meets here: a `TcpListener` accepting clients, one task per
//! client, a `broadcast` channel carrying every chat line to every client, and
//! a `CancellationToken` that stops the whole thing cleanly.
//!
//! The protocol is line based. A client's first line is its name; the server
//! answers `welcome <name>`. After that, each line a client sends reaches every
//! *other* client as `<name>: <line>`. On shutdown the server stops accepting,
//! sends every client `server shutting down`, closes their connections and
//! returns once every client task has finished.
//!
//! Try it: `cargo run -p exercises --bin capstone`, then connect with
//! `nc 127.0.0.1 <port>` from two terminals. Ctrl-C stops the server.

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// One chat line on its way to every client.
#[derive(Clone, Debug)]
struct ChatLine {
    /// Which client said it, so that client can skip its own line.
    from: u64,
    /// The line as others should see it: `<name>: <text>`.
    text: String,
}

/// Accepts clients until `shutdown` is cancelled, then waits for every client
/// task to say goodbye before returning.
async fn serve(listener: TcpListener, shutdown: CancellationToken) {
    let (chat, _) = broadcast::channel(64);
    let clients = TaskTracker::new();
    let mut next_id = 0;
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.accept() => {
                // A failed accept concerns one client, not the server.
                let Ok((stream, _)) = accepted else { continue };
                next_id += 1;
                clients.spawn(handle_client(next_id, stream, chat.clone(), shutdown.clone()));
            }
        }
    }
    // Nobody can connect from here on.
    drop(listener);
    clients.close();
    clients.wait().await;
}

async fn handle_client(
    id: u64,
    stream: TcpStream,
    chat: broadcast::Sender<ChatLine>,
    shutdown: CancellationToken,
) {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    let name = tokio::select! {
        _ = shutdown.cancelled() => return,
        first = lines.next_line() => match first {
            Ok(Some(name)) => name,
            _ => return,
        },
    };
    // Subscribe before the welcome: a client that has read its welcome is
    // sure to see every line sent after it.
    let mut inbox = chat.subscribe();
    if writer
        .write_all(format!("welcome {name}\n").as_bytes())
        .await
        .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => {
                let _ = writer.write_all(b"server shutting down\n").await;
                return;
            }
            line = lines.next_line() => match line {
                Ok(Some(text)) => {
                    // No other client at the moment is not an error.
                    let _ = chat.send(ChatLine { from: id, text: format!("{name}: {text}") });
                }
                // The client left (or its connection broke).
                Ok(None) | Err(_) => return,
            },
            received = inbox.recv() => {
                let text = match received {
                    Ok(line) if line.from == id => continue,
                    Ok(line) => line.text,
                    Err(RecvError::Lagged(missed)) => format!("({missed} lines missed)"),
                    Err(RecvError::Closed) => return,
                };
                if writer.write_all(format!("{text}\n").as_bytes()).await.is_err() {
                    return;
                }
            }
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    println!("chat server on {}", listener.local_addr()?);
    let shutdown = CancellationToken::new();
    let ctrl_c = shutdown.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        ctrl_c.cancel();
    });
    serve(listener, shutdown).await;
    println!("bye");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;
    use std::pin::{Pin, pin};
    use std::time::Duration;
    use tokio::io::Lines;
    use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
    use tokio::sync::oneshot;
    use tokio::time::timeout;

    /// Real-time limit for a whole test; a correct server needs milliseconds.
    const LIMIT: Duration = Duration::from_secs(1);

    /// A server running on its own runtime and thread, like a separate program:
    /// when `serve` returns, that runtime is dropped and with it any client
    /// task `serve` did not wait for.
    struct Server {
        addr: SocketAddr,
        /// Asks the server to shut down (dropping it does too).
        stop: oneshot::Sender<()>,
        /// Completes once `serve` has returned and its runtime is gone.
        stopped: oneshot::Receiver<()>,
    }

    fn start_server() -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, mut stop_asked) = oneshot::channel::<()>();
        let (stopped_tx, stopped) = oneshot::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let shutdown = CancellationToken::new();
                let listener = TcpListener::from_std(listener).unwrap();
                let mut serving = pin!(serve(listener, shutdown.clone()));
                let mut cancelled = false;
                // The token is cancelled right here, and `serve` polled in the
                // same turn, before any client task can run. So a `serve` that
                // does not wait for its client tasks always loses their
                // goodbyes, not only when the tasks happen to be woken last.
                std::future::poll_fn(|cx| {
                    if !cancelled && Pin::new(&mut stop_asked).poll(cx).is_ready() {
                        shutdown.cancel();
                        cancelled = true;
                    }
                    serving.as_mut().poll(cx)
                })
                .await
            });
            drop(runtime);
            let _ = stopped_tx.send(());
        });
        Server {
            addr,
            stop,
            stopped,
        }
    }

    impl Server {
        /// Shuts the server down and waits until `serve` has returned.
        async fn shut_down(self) {
            let _ = self.stop.send(());
            self.stopped.await.expect("the server thread panicked");
        }
    }

    struct Client {
        lines: Lines<BufReader<OwnedReadHalf>>,
        writer: OwnedWriteHalf,
    }

    impl Client {
        /// Connects, sends `name` and waits for the welcome.
        async fn join(addr: SocketAddr, name: &str) -> Client {
            let (reader, writer) = TcpStream::connect(addr).await.unwrap().into_split();
            let mut client = Client {
                lines: BufReader::new(reader).lines(),
                writer,
            };
            client.say(name).await;
            assert_eq!(
                client.next_line().await.as_deref(),
                Some(format!("welcome {name}").as_str())
            );
            client
        }

        async fn say(&mut self, text: &str) {
            self.writer
                .write_all(format!("{text}\n").as_bytes())
                .await
                .unwrap();
        }

        /// The next line from the server, or `None` once it closed the connection.
        async fn next_line(&mut self) -> Option<String> {
            self.lines.next_line().await.unwrap_or(None)
        }

        /// Reads until `wanted` arrives (true) or the server closes the
        /// connection (false), skipping any other line.
        async fn sees(&mut self, wanted: &str) -> bool {
            while let Some(line) = self.next_line().await {
                if line == wanted {
                    return true;
                }
            }
            false
        }
    }

    async fn within_limit(test: impl Future<Output = ()>) {
        timeout(LIMIT, test)
            .await
            .expect("timed out: the server never sent what the test waited for");
    }

    #[tokio::test]
    async fn each_client_is_welcomed_by_name() {
        within_limit(async {
            let server = start_server();
            Client::join(server.addr, "alice").await;
            Client::join(server.addr, "bob").await;
        })
        .await;
    }

    #[tokio::test]
    async fn a_line_reaches_every_other_client() {
        within_limit(async {
            let server = start_server();
            let mut alice = Client::join(server.addr, "alice").await;
            let mut bob = Client::join(server.addr, "bob").await;
            let mut carol = Client::join(server.addr, "carol").await;
            alice.say("hi all").await;
            assert_eq!(bob.next_line().await.as_deref(), Some("alice: hi all"));
            assert_eq!(carol.next_line().await.as_deref(), Some("alice: hi all"));
        })
        .await;
    }

    #[tokio::test]
    async fn a_sender_does_not_get_its_own_line_back() {
        within_limit(async {
            let server = start_server();
            let mut alice = Client::join(server.addr, "alice").await;
            let mut bob = Client::join(server.addr, "bob").await;
            alice.say("one").await;
            assert_eq!(bob.next_line().await.as_deref(), Some("alice: one"));
            bob.say("two").await;
            // Had alice been sent her own "one", it would come first.
            assert_eq!(alice.next_line().await.as_deref(), Some("bob: two"));
        })
        .await;
    }

    #[tokio::test]
    async fn a_client_leaving_does_not_disturb_the_others() {
        within_limit(async {
            let server = start_server();
            let mut alice = Client::join(server.addr, "alice").await;
            let mut bob = Client::join(server.addr, "bob").await;
            drop(Client::join(server.addr, "carol").await);
            alice.say("still here?").await;
            assert_eq!(bob.next_line().await.as_deref(), Some("alice: still here?"));
            bob.say("yes").await;
            assert_eq!(alice.next_line().await.as_deref(), Some("bob: yes"));
        })
        .await;
    }

    #[tokio::test]
    async fn a_client_that_hangs_up_its_side_is_disconnected() {
        within_limit(async {
            let server = start_server();
            let mut alice = Client::join(server.addr, "alice").await;
            let mut bob = Client::join(server.addr, "bob").await;
            // Bob closes his sending side only: the server reads the end of
            // his stream while his connection could still carry lines to him.
            bob.writer.shutdown().await.unwrap();
            assert_eq!(
                bob.next_line().await,
                None,
                "a client whose stream has ended should be disconnected"
            );
            let mut carol = Client::join(server.addr, "carol").await;
            alice.say("hello carol").await;
            assert_eq!(
                carol.next_line().await.as_deref(),
                Some("alice: hello carol")
            );
        })
        .await;
    }

    #[tokio::test]
    async fn a_burst_of_lines_does_not_disconnect_a_client_that_falls_behind() {
        within_limit(async {
            let server = start_server();
            let mut alice = Client::join(server.addr, "alice").await;
            let mut bob = Client::join(server.addr, "bob").await;
            // 200 lines in one write: the server reads them all at once and
            // broadcasts them faster than bob's task forwards them, so bob
            // falls more than the channel's 64 lines behind.
            let burst: String = (0..200).map(|n| format!("line {n}\n")).collect();
            alice.writer.write_all(burst.as_bytes()).await.unwrap();
            assert!(
                bob.sees("alice: line 199").await,
                "bob was disconnected for falling behind; he may miss lines, but should stay"
            );
            bob.say("still here").await;
            assert!(alice.sees("bob: still here").await);
        })
        .await;
    }

    #[tokio::test]
    async fn shutdown_says_goodbye_to_every_client_before_the_server_stops() {
        within_limit(async {
            let server = start_server();
            let mut alice = Client::join(server.addr, "alice").await;
            let mut bob = Client::join(server.addr, "bob").await;
            server.shut_down().await;
            for client in [&mut alice, &mut bob] {
                assert_eq!(
                    client.next_line().await.as_deref(),
                    Some("server shutting down")
                );
                assert_eq!(
                    client.next_line().await,
                    None,
                    "the connection should be closed after the goodbye"
                );
            }
        })
        .await;
    }

    #[tokio::test]
    async fn nobody_can_connect_after_shutdown() {
        within_limit(async {
            let server = start_server();
            let addr = server.addr;
            server.shut_down().await;
            assert!(
                TcpStream::connect(addr).await.is_err(),
                "the listener is still open"
            );
        })
        .await;
    }
}
