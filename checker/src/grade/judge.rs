//! After building: the engine's check of one exercise turned into a status,
//! points, a one-line reason, capped output and the line to point at.

use super::{ExerciseGrade, REFERENCE_PREFIX, REPORT_OUTPUT_HEAD, REPORT_OUTPUT_TAIL, Status};
use crate::verdict::{Check, Verdict};
use cargo_metadata::diagnostic::DiagnosticLevel;

/// Turns the engine's check into status, points, reason and output.
pub(super) fn judge(grade: &mut ExerciseGrade, check: Check, partial: bool) {
    grade.duration = check.run_time;
    // Only the course's module counts: tests a learner adds elsewhere in the
    // file (`mod my_tests`, a `#[test]` at the top level) still run, and
    // fail the exercise if they fail, but never earn partial credit.
    grade.tests = check
        .tests
        .iter()
        .filter(|t| t.name.starts_with(REFERENCE_PREFIX))
        .cloned()
        .collect();
    let expected = grade.tests_expected.max(grade.tests.len());
    let passed = grade.tests_passed();
    let (status, reason) = match &check.verdict {
        Verdict::Passed => (
            Status::Pass,
            format!("all {passed} of the course's tests pass"),
        ),
        Verdict::CompileError => {
            let first = check
                .diagnostics
                .iter()
                .find(|d| matches!(d.level, DiagnosticLevel::Error | DiagnosticLevel::Ice));
            let message =
                first.map_or("rustc reported an error".to_string(), |d| d.message.clone());
            (Status::CompileError, format!("does not compile: {message}"))
        }
        Verdict::TestsFailed { failed } => (
            Status::Fail,
            format!(
                "{} of {expected} tests failed: {}",
                failed.len(),
                failed.join(", ")
            ),
        ),
        Verdict::NoTests => (Status::Fail, "no test ran, so none passed".to_string()),
        Verdict::ProgramFailed { code, signal } => {
            let how = match (code, signal) {
                (_, Some(signal)) => format!("was killed by signal {signal}"),
                (Some(code), None) => format!("exited with code {code}"),
                (None, None) => "failed".to_string(),
            };
            let reason = format!(
                "the test program {how} before reporting every test ({passed} of {expected} passed)"
            );
            (Status::Fail, reason)
        }
        Verdict::BuildTimedOut { after } => (
            Status::BuildTimeout,
            format!(
                "still compiling after {} s (the build's time limit), so it was stopped: \
                 rustc never finishes on this code",
                after.as_secs()
            ),
        ),
        Verdict::TimedOut { after } => (
            Status::Timeout,
            format!(
                "stopped after {} s (the exercise's timeout)",
                after.as_secs()
            ),
        ),
    };
    grade.status = if status != Status::Pass && grade.tests_modified {
        Status::TestsModified
    } else {
        status
    };
    grade.reason = if grade.tests_modified {
        format!("tests were modified; with the course's tests: {reason}")
    } else {
        reason
    };
    grade.points = match grade.status {
        Status::Pass => f64::from(grade.max_points),
        Status::Fail | Status::Timeout | Status::TestsModified if partial && expected > 0 => {
            f64::from(grade.max_points) * passed as f64 / expected as f64
        }
        _ => 0.0,
    };
    let full = match check.verdict {
        Verdict::CompileError => check
            .diagnostics
            .iter()
            .filter(|d| matches!(d.level, DiagnosticLevel::Error | DiagnosticLevel::Ice))
            .filter_map(|d| d.rendered.clone())
            .collect::<String>(),
        _ => check.output.as_ref().map(|o| o.text()).unwrap_or_default(),
    };
    let (output, truncated) = cap(&full, REPORT_OUTPUT_HEAD, REPORT_OUTPUT_TAIL);
    grade.output = output;
    grade.output_truncated = truncated || check.output.as_ref().is_some_and(|o| o.cut() > 0);
    grade.line = check.first_error_at(&grade.file).map(|(line, _)| line);
    grade.doctor = crate::doctor::diagnose(&check);
    grade.verdict = Some(check.verdict);
}

/// `text` cut to its first `head` and last `tail` bytes (at char
/// boundaries) with a marker between; whether anything was cut.
pub fn cap(text: &str, head: usize, tail: usize) -> (String, bool) {
    if text.len() <= head + tail {
        return (text.to_string(), false);
    }
    let mut start_end = head;
    while !text.is_char_boundary(start_end) {
        start_end -= 1;
    }
    let mut end_start = text.len() - tail;
    while !text.is_char_boundary(end_start) {
        end_start += 1;
    }
    let cut = end_start - start_end;
    (
        format!(
            "{}\n[... {cut} bytes cut ...]\n{}",
            &text[..start_end],
            &text[end_start..]
        ),
        true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_keeps_head_and_tail_at_char_boundaries() {
        let text = "é".repeat(100);
        let (capped, cut) = cap(&text, 11, 11);
        assert!(cut);
        assert!(capped.starts_with("ééééé\n["), "{capped}");
        assert!(capped.ends_with("]\nééééé"), "{capped}");
        assert_eq!(cap("short", 10, 10), ("short".to_string(), false));
    }
}
