//! Wrong answer to stream1: puts `take(3)` first, then filters. It stops
//! after the first three *lines*, whatever they are, instead of the first
//! three errors.
//!
//! Rejected by: tests::keeps_only_error_messages, tests::stops_after_three_errors_even_if_the_log_never_ends

use tokio_stream::{Stream, StreamExt};

const PREFIX: &str = "ERROR ";

/// The messages of the first three lines that start with `PREFIX`, without it.
async fn first_errors(log: impl Stream<Item = String> + Unpin) -> Vec<String> {
    log.take(3)
        .filter(|line| line.starts_with(PREFIX))
        .map(|line| line[PREFIX.len()..].to_string())
        .collect()
        .await
}

#[tokio::main]
async fn main() {
    let log = ["INFO up", "ERROR disk full", "ERROR no route"].map(String::from);
    println!("{:?}", first_errors(tokio_stream::iter(log)).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::time::timeout;

    fn log(lines: &[&str]) -> impl Stream<Item = String> + Unpin {
        tokio_stream::iter(
            lines
                .iter()
                .map(|line| line.to_string())
                .collect::<Vec<_>>(),
        )
    }

    #[tokio::test(start_paused = true)]
    async fn keeps_only_error_messages() {
        let errors = first_errors(log(&[
            "INFO boot",
            "ERROR disk full",
            "WARN hot",
            "ERROR no route",
        ]))
        .await;
        assert_eq!(errors, ["disk full", "no route"]);
    }

    #[tokio::test(start_paused = true)]
    async fn stops_after_three_errors_even_if_the_log_never_ends() {
        let endless = log(&["ERROR a", "INFO b", "ERROR c", "ERROR d", "ERROR e"])
            .chain(tokio_stream::pending());
        let errors = timeout(Duration::from_secs(5), first_errors(endless))
            .await
            .expect("kept waiting for more lines after the third error");
        assert_eq!(errors, ["a", "c", "d"]);
    }
}
