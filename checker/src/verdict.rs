//! What a check concludes about one exercise. The engine produces these; the
//! front ends (run, verify, watch, grade) and reports only read them.

use crate::info_file::Source;
use crate::process::Captured;
use cargo_metadata::diagnostic::Diagnostic;
use serde::Serialize;
use std::time::Duration;

/// The outcome of checking one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Its tests passed (test mode) or `main` exited 0 (run mode).
    Passed,
    /// rustc rejected it; the diagnostics say why.
    CompileError,
    /// These tests failed (names as libtest prints them).
    TestsFailed { failed: Vec<String> },
    /// The test harness ran without a single passing test.
    NoTests,
    /// The program ended badly without a test report: `main` failed, or the
    /// test binary crashed (abort, stack overflow, signal).
    ProgramFailed {
        code: Option<i32>,
        signal: Option<i32>,
    },
    /// Stopped after running this long.
    TimedOut { after: Duration },
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Passed)
    }

    /// A short stable name, as reports and `--json` use it.
    pub fn kind(&self) -> &'static str {
        match self {
            Verdict::Passed => "pass",
            Verdict::CompileError => "compile-error",
            Verdict::TestsFailed { .. } => "fail",
            Verdict::NoTests => "no-tests",
            Verdict::ProgramFailed { .. } => "fail",
            Verdict::TimedOut { .. } => "timeout",
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
    pub verdict: Verdict,
    /// rustc's diagnostics (errors and warnings) for the exercise's file.
    pub diagnostics: Vec<Diagnostic>,
    /// Test cases as the harness reported them (test mode).
    pub tests: Vec<TestCase>,
    /// The program's merged, capped output; `None` when it did not run.
    pub output: Option<Captured>,
    /// How long the program ran (not counting the build).
    pub run_time: Duration,
}
