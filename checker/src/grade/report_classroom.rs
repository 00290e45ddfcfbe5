//! The `github-classroom` report: the result that GitHub Classroom's
//! `autograding-grading-reporter` action reads from a step output, a base64
//! JSON object `{version: 1, status, max_score, tests: [...]}` written as
//! `result=...`, and the `::error` workflow commands that put failing
//! exercises as annotations on the student's files.

use super::report_json::round_points;
use super::{Grade, Status};
use serde_json::{Value, json};

/// The decoded result object.
pub fn value(grade: &Grade) -> Value {
    let tests: Vec<Value> = grade
        .exercises
        .iter()
        .map(|e| {
            json!({
                "name": e.name,
                "status": if e.passed() { "pass" } else { "fail" },
                // The reporter adds these up: always a number, never null.
                "score": round_points(e.points),
                "message": format!("{}: {}", e.status.name(), e.reason),
                "test_code": format!("checker grade --only {}", e.name),
                "filename": e.file.display().to_string(),
                "line_no": e.line.unwrap_or(0),
                "duration": e.duration.as_millis() as u64,
            })
        })
        .collect();
    let all_pass = grade.exercises.iter().all(|e| e.passed());
    json!({
        "version": 1,
        "status": if all_pass { "pass" } else { "fail" },
        "max_score": grade.max(),
        "tests": tests,
    })
}

/// The `result=...` line for `$GITHUB_OUTPUT`.
pub fn result_line(grade: &Grade) -> String {
    format!("result={}\n", base64(value(grade).to_string().as_bytes()))
}

/// Standard base64 with padding (RFC 4648 §4), as `base64 --decode` reads it.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
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
    fn base64_matches_rfc4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn command_values_are_escaped() {
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(data("50%: x\ny"), "50%25: x%0Ay");
    }
}
