//! The `github-classroom` report: the result that GitHub Classroom's
//! `autograding-grading-reporter` action reads from a step output, a base64
//! JSON object `{version: 1, status, max_score, tests: [...]}` written as
//! `result=...`.
//!
//! The reporter computes two kinds of numbers from it. The points it sends
//! to Classroom are the sum of the tests' `score`s (in JavaScript, left to
//! right). The figures in its log count tests: passing tests over all tests,
//! as a percentage and scaled to `max_score`. Both agree only if every test
//! is worth the same, so each exercise becomes one test per point it is
//! worth (`adder (point 2 of 3)`), and the tests' scores are the exercise's
//! share of the grade's score (rounded once, at the total): whole points
//! first, then what is left of a partly earned point.

use super::{Grade, score};
use serde_json::{Value, json};

/// The decoded result object.
pub fn value(grade: &Grade) -> Value {
    let mut tests = Vec::new();
    for (e, share) in grade.exercises.iter().zip(grade.shares()) {
        let whole = share / score::PER_POINT;
        let part = share % score::PER_POINT;
        for point in 0..u64::from(e.max_points) {
            let earned = match point.cmp(&whole) {
                std::cmp::Ordering::Less => score::PER_POINT,
                std::cmp::Ordering::Equal => part,
                std::cmp::Ordering::Greater => 0,
            };
            let name = if e.max_points == 1 {
                e.name.clone()
            } else {
                format!("{} (point {} of {})", e.name, point + 1, e.max_points)
            };
            tests.push(json!({
                "name": name,
                "status": if earned == score::PER_POINT { "pass" } else { "fail" },
                // The reporter adds these up: always a number, never null.
                "score": score::points(earned),
                "message": format!("{}: {}", e.status.name(), e.reason),
                "test_code": format!("checker grade --only {}", e.name),
                "filename": e.file.display().to_string(),
                "line_no": e.line.unwrap_or(0),
                "duration": if point == 0 { e.duration.as_millis() as u64 } else { 0 },
            }));
        }
    }
    settle_sum(&mut tests, grade.score());
    let all_pass = grade.exercises.iter().all(|e| e.passed());
    json!({
        "version": 1,
        "status": if all_pass { "pass" } else { "fail" },
        "max_score": grade.max(),
        "tests": tests,
    })
}

/// The sum JavaScript computes: left to right, in doubles.
fn js_sum(tests: &[Value]) -> f64 {
    tests
        .iter()
        .fold(0.0, |sum, t| sum + t["score"].as_f64().unwrap_or(0.0))
}

/// Hundredths are not exact in binary, so a sum such as 0.1 + 0.2 would
/// reach Classroom as 0.30000000000000004. The last fractional score is
/// nudged (by far less than a hundredth) until the reporter's sum is the
/// score itself. The sum only grows with that score, so a binary search
/// over the doubles near it finds the one that lands on the score.
fn settle_sum(tests: &mut [Value], target: f64) {
    if js_sum(tests) == target {
        return;
    }
    let Some(last) = tests.iter().rposition(|t| {
        let score = t["score"].as_f64().unwrap_or(0.0);
        score > 0.0 && score < 1.0
    }) else {
        return;
    };
    let base = tests[last]["score"].as_f64().unwrap_or(0.0);
    let (mut low, mut high) = ((base - 1e-9).to_bits(), (base + 1e-9).to_bits());
    // The smallest score whose sum reaches the target (positive doubles
    // order like their bits).
    while low < high {
        let middle = low + (high - low) / 2;
        tests[last]["score"] = json!(f64::from_bits(middle));
        if js_sum(tests) < target {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    tests[last]["score"] = json!(f64::from_bits(low));
    if js_sum(tests) != target {
        tests[last]["score"] = json!(base);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn the_reporters_sum_is_the_score_to_the_last_digit() {
        // Scores in hundredths whose plain double sum is not exact.
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2_000 {
            let mut tests = Vec::new();
            let mut hundredths = 0;
            for _ in 0..(rng % 40 + 1) {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let h = if rng.is_multiple_of(3) {
                    rng % 100
                } else {
                    100
                };
                hundredths += h;
                tests.push(json!({ "score": score::points(h) }));
            }
            let target = score::points(hundredths);
            settle_sum(&mut tests, target);
            assert_eq!(js_sum(&tests), target);
            // Rust and JavaScript both print the shortest form that reads back.
            assert_eq!(
                js_sum(&tests).to_string(),
                format!("{}.{:02}", hundredths / 100, hundredths % 100)
                    .trim_end_matches('0')
                    .trim_end_matches('.')
            );
        }
        let mut plain = vec![json!({ "score": 0.1 }), json!({ "score": 0.2 })];
        assert_ne!(js_sum(&plain), 0.3, "the case this guards against");
        settle_sum(&mut plain, 0.3);
        assert_eq!(js_sum(&plain), 0.3);
    }
}
