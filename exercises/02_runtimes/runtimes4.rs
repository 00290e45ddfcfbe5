//! runtimes4: a runtime only has the drivers you enable.
//!
//! A runtime built with `tokio::runtime::Builder` starts bare: no timer
//! driver and no I/O driver, unless you ask for them with `enable_time`,
//! `enable_io`, or both at once with `enable_all`. (`#[tokio::main]` and
//! `#[tokio::test]` enable everything for you.) Forget one and the program
//! still compiles, then panics the first time it needs it, for a timer with
//! "A Tokio 1.x context was found, but timers are disabled. Call
//! `enable_time` on the runtime builder to enable timers."

use std::time::Duration;
use tokio::runtime::{Builder, Runtime};

/// The runtime for a small network client: it opens sockets and gives up on
/// requests that take too long.
fn build_runtime() -> Runtime {
    // TODO: this runtime can do network I/O, but it has no timers.
    Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("could not build the runtime")
}

fn main() {
    let runtime = build_runtime();
    runtime.block_on(async {
        tokio::time::sleep(Duration::from_millis(10)).await;
        println!("slept on a runtime with timers");
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_has_timers() {
        let gave_up = build_runtime().block_on(async {
            tokio::time::timeout(Duration::from_millis(1), std::future::pending::<()>())
                .await
                .is_err()
        });
        assert!(gave_up, "a timeout should fire on a runtime with timers");
    }

    #[test]
    fn runtime_has_network_io() {
        build_runtime().block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            let (client, server) =
                tokio::join!(tokio::net::TcpStream::connect(address), listener.accept());
            assert!(client.is_ok() && server.is_ok());
        });
    }
}
