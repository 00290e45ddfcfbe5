//! Wrong answer to asyncfn5: names `Box<dyn Error>` as the error type; `?`
//! converts into it, but it is not `Send`, and the block runs in a spawned task
//! whose output must be.
//!
//! Rejected by: compile

use std::time::Duration;

/// Reads a "width x height" size sent by a slow client, in its own task.
async fn read_size(width: String, height: String) -> Result<(u32, u32), String> {
    let parsing = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(10)).await;
        let width: u32 = width.trim().parse()?;
        let height: u32 = height.trim().parse()?;
        Ok::<_, Box<dyn std::error::Error>>((width, height))
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
