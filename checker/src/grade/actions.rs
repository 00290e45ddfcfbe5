//! What grading writes into a GitHub Actions log besides reports: the
//! `::error` workflow commands that annotate the student's files, and a
//! fence around learner text. The runner obeys any line of the log that
//! looks like a workflow command, so a student's program that prints
//! `::notice title=Autograding report::...` or `::stop-commands::x` (which
//! would silence the checker's own annotations) must be echoed where
//! commands are off: between `::stop-commands::TOKEN` and `::TOKEN::`, with
//! a token nobody could know in advance.

use super::{Grade, Status};
use anyhow::Context;
use std::io::Read;

/// Whether the checker runs as a GitHub Actions step.
pub fn in_github_actions() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

/// `text` between a stop-commands line and the line that resumes them,
/// with a fresh random token.
pub fn fenced(text: &str) -> anyhow::Result<String> {
    Ok(fence_with(text, &random_token()?))
}

fn fence_with(text: &str, token: &str) -> String {
    let mut out = format!("::stop-commands::{token}\n{text}");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("::{token}::\n"));
    out
}

/// 128 random bits as hex, from the kernel. Made after every learner
/// program has ended, so none of them could have read it.
fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("cannot read /dev/urandom for the log's stop-commands token")?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// `::error file=...,line=...,title=...::message` for every exercise that
/// was attempted and does not pass.
pub fn annotations(grade: &Grade) -> Vec<String> {
    grade
        .exercises
        .iter()
        .filter(|e| !matches!(e.status, Status::Pass | Status::NotAttempted))
        .map(|e| {
            // Relative to the submission: the student's repository root.
            let mut properties = format!("file={}", property(&e.file.display().to_string()));
            if let Some(line) = e.line {
                properties.push_str(&format!(",line={line}"));
            }
            properties.push_str(&format!(
                ",title={}",
                property(&format!("{} ({})", e.name, e.status.name()))
            ));
            format!("::error {properties}::{}", data(&e.reason))
        })
        .collect()
}

/// A workflow command's message, escaped as the runner unescapes it.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_values_are_escaped() {
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(data("50%: x\ny"), "50%25: x%0Ay");
    }

    #[test]
    fn the_fence_closes_with_its_own_token() {
        let hostile = "::stop-commands::mine\n::notice title=Autograding report::100/100";
        assert_eq!(
            fence_with(hostile, "abc"),
            "::stop-commands::abc\n::stop-commands::mine\n::notice title=Autograding report::100/100\n::abc::\n"
        );
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
