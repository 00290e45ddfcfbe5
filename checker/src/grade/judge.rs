//! After building: the engine's check of one exercise turned into a status,
//! points, a one-line reason, capped output and the line to point at.

use super::{ExerciseGrade, REFERENCE_PREFIX, REPORT_OUTPUT_HEAD, REPORT_OUTPUT_TAIL, Status};
use crate::ansi::strip_ansi;
use crate::describe::{Tally, describe_counted};
use crate::info_file::Exercise;
use crate::process;
use crate::verdict::{Check, Verdict};

/// Longest reason kept, in characters: a reason travels in environment
/// variables and workflow annotations, and a learner's `compile_error!` can
/// be megabytes long.
pub const REASON_MAX_CHARS: usize = 300;

/// Where the test module starts in the built file and in the learner's, so
/// that a line inside the course's tests is not shown as a line of the
/// learner's file when the two test modules differ.
#[derive(Debug, Clone, Copy)]
pub(super) struct TestLines {
    /// 1-based line where the course's test module starts in the built file
    /// (everything above it is the learner's code, line for line).
    pub built: usize,
    /// 1-based line where the learner's own test module starts, if any.
    pub learner: Option<usize>,
}

/// Turns the engine's check of `exercise` into status, points, reason (the
/// verdict's own description) and output.
pub(super) fn judge(
    grade: &mut ExerciseGrade,
    exercise: &Exercise,
    check: Check,
    partial: bool,
    lines: TestLines,
) {
    grade.duration = check.run_time;
    // Only the course's module counts: tests a learner adds elsewhere in the
    // file (`mod my_tests`, a `#[test]` at the top level) still run, and
    // fail the exercise if they fail, but never earn partial credit.
    // Sorted: libtest reports tests in the order they finish.
    grade.tests = check
        .tests
        .iter()
        .filter(|t| t.name.starts_with(REFERENCE_PREFIX))
        .cloned()
        .collect();
    grade.tests.sort_by(|a, b| a.name.cmp(&b.name));
    let expected = grade.tests_expected.max(grade.tests.len());
    let passed = grade.tests_passed();
    let status = match &check.verdict {
        Verdict::Passed => Status::Pass,
        Verdict::CompileError => Status::CompileError,
        Verdict::TimedOut { .. } => Status::Timeout,
        Verdict::BuildTimedOut { .. } => Status::BuildTimeout,
        Verdict::TestsFailed { .. } | Verdict::NoTests | Verdict::ProgramFailed { .. } => {
            Status::Fail
        }
    };
    let reason = describe_counted(&check, exercise, Tally { passed, expected }).reason;
    grade.status = if status != Status::Pass && grade.tests_modified {
        Status::TestsModified
    } else {
        status
    };
    grade.reason = one_line(&if grade.tests_modified {
        format!("tests were modified; with the course's tests: {reason}")
    } else {
        reason
    });
    grade.points = match grade.status {
        Status::Pass => f64::from(grade.max_points),
        Status::Fail | Status::Timeout | Status::TestsModified if partial && expected > 0 => {
            f64::from(grade.max_points) * passed as f64 / expected as f64
        }
        _ => 0.0,
    };
    (grade.output, grade.output_truncated) = match (&check.verdict, &check.output) {
        (Verdict::CompileError, _) | (_, None) => process::cap(
            &check
                .errors()
                .filter_map(|d| d.rendered.clone())
                .collect::<String>(),
            REPORT_OUTPUT_HEAD,
            REPORT_OUTPUT_TAIL,
        ),
        (_, Some(output)) => (
            output.text_within(REPORT_OUTPUT_HEAD, REPORT_OUTPUT_TAIL),
            output.total_bytes() > REPORT_OUTPUT_HEAD + REPORT_OUTPUT_TAIL,
        ),
    };
    let line = check.first_error_at(&grade.file).map(|(line, _)| line);
    grade.line = match line {
        // The line is in the course's tests, which this learner's file does
        // not have: point at the learner's own (modified) test module.
        Some(line) if grade.tests_modified && line >= lines.built => lines.learner,
        line => line,
    };
    grade.doctor = crate::doctor::diagnose(&check);
    grade.verdict = Some(check.verdict);
}

/// `text` as one line: control characters out, line breaks and runs of
/// spaces made one space, and at most [`REASON_MAX_CHARS`] characters.
pub(super) fn one_line(text: &str) -> String {
    let plain = strip_ansi(text);
    let words: Vec<&str> = plain.split_whitespace().collect();
    let line = words.join(" ");
    match line.char_indices().nth(REASON_MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_one_capped_line_without_control_characters() {
        assert_eq!(
            one_line("does not compile:\n  \u{1b}[31mboom\u{1b}[0m\r\n::notice::x"),
            "does not compile: boom ::notice::x"
        );
        let huge = one_line(&format!("does not compile: {}", "é".repeat(1_000_000)));
        assert_eq!(huge.chars().count(), REASON_MAX_CHARS + 1);
        assert!(huge.ends_with('…'));
    }
}
