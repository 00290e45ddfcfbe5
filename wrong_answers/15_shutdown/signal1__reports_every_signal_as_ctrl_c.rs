//! Wrong answer to signal1: listens for both signals but answers
//! `Stop::Interrupt` whichever came, so the log says Ctrl-C when the service
//! manager stopped the server.
//!
//! Rejected by: tests::sigterm_stops_the_server

use std::io;
use std::time::Duration;
use tokio::signal::unix::{Signal, SignalKind, signal};

/// Why the server was asked to stop.
#[derive(Debug, PartialEq)]
enum Stop {
    /// SIGINT: Ctrl-C in a terminal.
    Interrupt,
    /// SIGTERM: `kill`, a service manager, a container runtime.
    Terminate,
}

/// The signals that ask this server to stop, listened to from the start.
struct StopSignals {
    interrupt: Signal,
    terminate: Signal,
}

impl StopSignals {
    fn listen() -> io::Result<StopSignals> {
        Ok(StopSignals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// Waits for the next stop signal, whichever kind comes first.
    async fn first(&mut self) -> Stop {
        // `Signal::recv` is cancel safe: the branch that loses keeps its signal.
        tokio::select! {
            _ = self.interrupt.recv() => Stop::Interrupt,
            _ = self.terminate.recv() => Stop::Interrupt,
        }
    }
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let mut signals = StopSignals::listen()?;
    let pid = std::process::id();
    println!("working; stop with Ctrl-C or from another terminal: kill {pid}");
    let mut every_second = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            stop = signals.first() => {
                println!("stopping cleanly: {stop:?}");
                return Ok(());
            }
            _ = every_second.tick() => println!("working"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::timeout;

    /// Real time: signals arrive through the OS, not tokio's clock.
    const LIMIT: Duration = Duration::from_secs(1);

    /// Signals go to the whole process, so the tests that send them take
    /// turns: neither sees the other's signal.
    static ONE_SIGNAL_TEST_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

    /// Sends `name` (e.g. "TERM") to this test process only, with `kill`.
    fn send_to_this_process(name: &str) {
        let status = std::process::Command::new("kill")
            .args(["-s", name, &std::process::id().to_string()])
            .status()
            .expect("could not run `kill`");
        assert!(status.success(), "`kill -s {name}` failed");
    }

    /// Sends `kind` while the server is busy (its `first` not being
    /// awaited), then expects `first` to report it as `expected`.
    async fn stops_on(kind: SignalKind, name: &str, expected: Stop) {
        let _turn = ONE_SIGNAL_TEST_AT_A_TIME.lock().await;
        // The test's own listener, created first: from now on this signal can
        // no longer end the test process, whatever `StopSignals` does.
        let mut seen_by_the_test = signal(kind).unwrap();
        let mut signals = StopSignals::listen().unwrap();
        send_to_this_process(name);
        timeout(LIMIT, seen_by_the_test.recv())
            .await
            .unwrap_or_else(|_| panic!("SIG{name} never reached the test process"));
        // The signal has come and gone while nobody awaited `first`.
        let stop = timeout(LIMIT, signals.first()).await;
        assert_eq!(
            stop,
            Ok(expected),
            "SIG{name} arrived while the server was busy, and `first` did not report it"
        );
    }

    #[tokio::test]
    async fn ctrl_c_stops_the_server() {
        stops_on(SignalKind::interrupt(), "INT", Stop::Interrupt).await;
    }

    #[tokio::test]
    async fn sigterm_stops_the_server() {
        stops_on(SignalKind::terminate(), "TERM", Stop::Terminate).await;
    }
}
