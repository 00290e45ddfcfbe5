//! What a check concludes about one exercise. The engine produces these; the
//! front ends (run, verify, watch, grade) and reports only read them.

use crate::ansi::strip_ansi;
use crate::diagnostic::{Diagnostic, is_error};
use crate::info_file::Source;
use crate::process::Captured;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The outcome of checking one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Its tests passed.
    Passed,
    /// rustc rejected it; the diagnostics say why.
    CompileError,
    /// These tests failed (names as libtest prints them).
    TestsFailed { failed: Vec<String> },
    /// The test harness ran without a single passing test.
    NoTests,
    /// The test program ended badly without a full test report: it crashed
    /// (abort, stack overflow, signal) or exited early.
    ProgramFailed {
        code: Option<i32>,
        signal: Option<i32>,
    },
    /// Stopped after running this long.
    TimedOut { after: Duration },
    /// The build was still compiling it after this long and was stopped
    /// (rustc can loop forever, e.g. in a `const` evaluated at compile time).
    BuildTimedOut { after: Duration },
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Passed)
    }

    /// A short stable name, one per verdict, as `verify`'s table and the
    /// grade reports (docs/grade-schema.json) use it.
    pub fn kind(&self) -> &'static str {
        match self {
            Verdict::Passed => "pass",
            Verdict::CompileError => "compile-error",
            Verdict::TestsFailed { .. } => "fail",
            Verdict::NoTests => "no-tests",
            Verdict::ProgramFailed { .. } => "program-failed",
            Verdict::TimedOut { .. } => "timeout",
            Verdict::BuildTimedOut { .. } => "build-timeout",
        }
    }
}

/// How one test case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TestOutcome {
    Passed,
    Failed,
    Ignored,
}

/// One test case from the harness's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestCase {
    pub name: String,
    pub outcome: TestOutcome,
}

/// Everything a check learned about one exercise.
#[derive(Debug, Clone)]
pub struct Check {
    pub exercise: String,
    pub source: Source,
    /// The checked file, relative to the course root, as rustc and panic
    /// messages name it (`exercises/04_tasks/spawn1.rs`).
    pub path: PathBuf,
    /// The file's text as it was when its build started (empty if it could
    /// not be read; cargo then reports the file itself). The doctor reads a
    /// hang's causes in it, so no front end has to read the file again.
    pub code: String,
    pub verdict: Verdict,
    /// rustc's diagnostics (errors and warnings) for the exercise's file.
    pub diagnostics: Vec<Diagnostic>,
    /// Test cases as the harness reported them.
    pub tests: Vec<TestCase>,
    /// The program's merged, capped output; `None` when it did not run.
    pub output: Option<Captured>,
    /// How long the program ran (not counting the build).
    pub run_time: Duration,
}

impl Check {
    /// rustc's errors for the exercise's file, in the order rustc gave them.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| is_error(d))
    }

    /// Where the learner should look first in `file` (a path relative to the
    /// course root): rustc's first error there, else the first line of it
    /// where the program panicked (the smallest, so that the answer does not
    /// depend on which test finished first). 1-based line and column. Watch
    /// links to it and grading annotates it.
    pub fn first_error_at(&self, file: &Path) -> Option<(usize, usize)> {
        let from_rustc = self
            .errors()
            .flat_map(|d| &d.spans)
            .find(|span| span.is_primary && Path::new(&span.file_name) == file)
            .map(|span| (span.line_start, span.column_start));
        if from_rustc.is_some() || self.verdict.passed() {
            return from_rustc;
        }
        let output = strip_ansi(&self.output.as_ref()?.text());
        let needle = format!("panicked at {}:", file.display());
        output
            .match_indices(&needle)
            .filter_map(|(at, _)| {
                let mut numbers = output[at + needle.len()..]
                    .split(|c: char| !c.is_ascii_digit())
                    .map(str::parse::<usize>);
                match (numbers.next(), numbers.next()) {
                    (Some(Ok(line)), Some(Ok(column))) => Some((line, column)),
                    _ => None,
                }
            })
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::Captured;

    fn failed_with_output(text: &str) -> Check {
        Check {
            exercise: "a".into(),
            source: Source::Exercise,
            path: PathBuf::from("exercises/t/a.rs"),
            code: String::new(),
            verdict: Verdict::TestsFailed {
                failed: vec!["tests::a".into()],
            },
            diagnostics: Vec::new(),
            tests: Vec::new(),
            output: Some(Captured::from_text(text)),
            run_time: Duration::ZERO,
        }
    }

    #[test]
    fn panic_line_is_read_for_the_exercise_file() {
        let check =
            failed_with_output("thread 'tests::a' panicked at exercises/t/a.rs:42:5:\nboom\n");
        assert_eq!(
            check.first_error_at(Path::new("exercises/t/a.rs")),
            Some((42, 5))
        );
        assert_eq!(check.first_error_at(Path::new("exercises/t/b.rs")), None);
    }

    #[test]
    fn of_several_panics_the_first_line_counts_whichever_test_ended_first() {
        let check = failed_with_output(
            "thread 'tests::b' panicked at exercises/t/a.rs:23:9:\nno\n\
             thread 'tests::a' panicked at exercises/t/a.rs:18:9:\nno\n",
        );
        assert_eq!(
            check.first_error_at(Path::new("exercises/t/a.rs")),
            Some((18, 9))
        );
    }

    #[test]
    fn rustc_error_comes_before_any_panic() {
        let diagnostic: Diagnostic = serde_json::from_value(serde_json::json!({
            "message": "mismatched types", "code": null, "level": "error", "children": [],
            "rendered": null, "$message_type": "diagnostic",
            "spans": [{
                "file_name": "exercises/t/a.rs", "byte_start": 0, "byte_end": 1,
                "line_start": 7, "line_end": 7, "column_start": 3, "column_end": 4,
                "is_primary": true, "text": [], "label": null,
                "suggested_replacement": null, "suggestion_applicability": null, "expansion": null
            }]
        }))
        .unwrap();
        let mut check = failed_with_output("thread 'main' panicked at exercises/t/a.rs:42:5:\n");
        check.verdict = Verdict::CompileError;
        check.diagnostics.push(diagnostic);
        assert_eq!(
            check.first_error_at(Path::new("exercises/t/a.rs")),
            Some((7, 3))
        );
    }
}
