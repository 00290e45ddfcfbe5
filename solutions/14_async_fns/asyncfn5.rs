//! asyncfn5: `?` inside an async block.
//!
//! In an `async fn` the declared return type tells `?` what error to convert
//! into. An `async` block has no declared return type: its output is inferred
//! from what it returns, and `?` can convert into many error types (through
//! `From`), so the compiler cannot pick one. Name the type at the block's
//! final `Ok`, as in `Ok::<_, MyError>(value)`, and inference has its anchor.

use std::num::ParseIntError;
use std::time::Duration;

/// Reads a "width x height" size sent by a slow client, in its own task.
async fn read_size(width: String, height: String) -> Result<(u32, u32), String> {
    let parsing = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(10)).await;
        let width: u32 = width.trim().parse()?;
        let height: u32 = height.trim().parse()?;
        Ok::<_, ParseIntError>((width, height))
    });
    match parsing.await.expect("the parsing task panicked") {
        Ok(size) => Ok(size),
        Err(error) => Err(format!("bad size: {error}")),
    }
}

#[tokio::main]
async fn main() {
    let size = read_size("640".to_string(), " 480".to_string()).await;
    println!("{size:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn parses_a_good_size() {
        assert_eq!(
            read_size("640".into(), " 480 ".into()).await,
            Ok((640, 480))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_bad_width_is_reported() {
        let error = read_size("wide".into(), "480".into()).await.unwrap_err();
        assert_eq!(error, "bad size: invalid digit found in string");
    }

    #[tokio::test(start_paused = true)]
    async fn a_bad_height_is_reported() {
        let error = read_size("640".into(), "".into()).await.unwrap_err();
        assert_eq!(error, "bad size: cannot parse integer from empty string");
    }
}
