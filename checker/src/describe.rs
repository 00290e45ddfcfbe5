//! Each verdict put into words once: what happened and what to do next.
//! Every verdict is described here, in one place, in the two registers the
//! front ends need: the sentence a learner reads under the check's output
//! (run, watch, verify; dev check names what an exercise did with it), and
//! the one-line reason of a grade report, which counts the course's tests
//! and is read by teachers and CI. Both come from the same facts, side by
//! side, so a verdict never drifts into two stories (as nextest describes a
//! failure once for every reporter).

use crate::doctor::notes::{NOTES, Stage};
use crate::info_file::Exercise;
use crate::verdict::{Check, TestOutcome, Verdict};
use std::fmt::Write as _;

/// A verdict in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// What happened, to the learner, without colour: either a predicate of
    /// the exercise (`passes`, `does not compile yet: ...`) or a clause with
    /// a subject of its own (`1 of 3 tests failed: ...`), as `own_subject`
    /// says.
    pub what: String,
    own_subject: bool,
    /// What the learner should do next; empty for a pass.
    pub todo: String,
    /// What happened, as a report's one-line reason, counting the tests
    /// that were expected (`2 of 3 tests failed: ...`, `stopped after 10 s
    /// (the exercise's timeout)`).
    pub reason: String,
}

impl Description {
    /// The sentence about exercise `name`: `adder passes`,
    /// `adder: 1 of 3 tests failed: tests::adds`.
    pub fn about(&self, name: &str) -> String {
        if self.own_subject {
            format!("{name}: {}", self.what)
        } else {
            format!("{name} {}", self.what)
        }
    }

    /// What happened, as a clause that can follow "but": `it passes`,
    /// `1 of 3 tests failed: tests::adds`.
    pub fn clause(&self) -> String {
        if self.own_subject {
            self.what.clone()
        } else {
            format!("it {}", self.what)
        }
    }
}

/// How many tests passed of how many were expected to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub passed: usize,
    pub expected: usize,
}

impl Tally {
    /// The tests `check` reported.
    pub fn of(check: &Check) -> Tally {
        Tally {
            passed: check
                .tests
                .iter()
                .filter(|t| t.outcome == TestOutcome::Passed)
                .count(),
            expected: check.tests.len(),
        }
    }
}

/// Describes `check`, a check of `exercise`, counting the tests it reported.
pub fn describe(check: &Check, exercise: &Exercise) -> Description {
    describe_counted(check, exercise, Tally::of(check))
}

/// Describes `check`, a check of `exercise`, with `tally` for the report's
/// counts (grading counts only the course's own tests).
pub fn describe_counted(check: &Check, exercise: &Exercise, tally: Tally) -> Description {
    let path = check.path.display().to_string();
    let Tally { passed, expected } = tally;
    let predicate = |what: String, todo: String, reason: String| Description {
        what,
        own_subject: false,
        todo,
        reason,
    };
    let clause = |what: String, todo: String, reason: String| Description {
        what,
        own_subject: true,
        todo,
        reason,
    };
    match &check.verdict {
        Verdict::Passed => predicate(
            "passes".into(),
            String::new(),
            format!("all {passed} of the course's tests pass"),
        ),
        Verdict::CompileError => {
            let message = check.errors().next().map(|e| e.message.as_str());
            predicate(
                match message {
                    Some(message) => format!("does not compile yet: {message}"),
                    None => "does not compile yet".to_string(),
                },
                format!("Fix the error above in {path} (the first one matters most)."),
                format!(
                    "does not compile: {}",
                    message.unwrap_or("rustc reported an error")
                ),
            )
        }
        Verdict::TestsFailed { failed } => {
            let mut names = failed.clone();
            names.sort();
            clause(
                tests_failed(&names, check.tests.len()),
                format!("Read the failure messages above, then fix {path}."),
                format!(
                    "{} of {} tests failed: {}",
                    names.len(),
                    expected.max(names.len()),
                    names.join(", ")
                ),
            )
        }
        Verdict::NoTests => clause(
            "no test passed, because none ran".into(),
            format!(
                "Were the tests deleted or marked #[ignore]? `checker reset {}` restores the file.",
                exercise.name
            ),
            "no test ran, so none passed".into(),
        ),
        Verdict::ProgramFailed { code, signal } => {
            let how = match (code, signal) {
                (_, Some(signal)) => format!("was killed by signal {signal}"),
                (Some(code), None) => format!("exited with code {code}"),
                (None, None) => "failed".to_string(),
            };
            let what = match (code, signal) {
                (_, Some(signal)) => format!("{how}{}", signal_name(*signal)),
                (Some(0), None) => "exited before the test harness reported every test (does the code call `std::process::exit`?)".to_string(),
                _ => how.clone(),
            };
            clause(
                format!("the test program {what}"),
                format!("Read the output above, then fix {path}."),
                format!(
                    "the test program {how} before reporting every test ({passed} of {expected} passed)"
                ),
            )
        }
        Verdict::BuildTimedOut { after } => predicate(
            format!(
                "was still compiling after {} s, so the build was stopped",
                after.as_secs()
            ),
            format!(
                "rustc itself did not finish: look in {path} for something it evaluates at compile \
                 time without end, such as a `const` computed by a loop that never stops. If the \
                 build is only slow, raise the limit with --build-timeout."
            ),
            format!(
                "still compiling after {} s (the build's time limit), so it was stopped: \
                 rustc never finishes on this code",
                after.as_secs()
            ),
        ),
        Verdict::TimedOut { after } => predicate(
            format!("timed out after {} s and was stopped", after.as_secs()),
            timeout_causes(),
            format!(
                "stopped after {} s (the exercise's timeout)",
                after.as_secs()
            ),
        ),
    }
}

/// `1 test failed: a` when it was the only one, else `2 of 5 tests failed:
/// a, b`; `failed` is sorted (libtest reports tests in the order they finish).
fn tests_failed(failed: &[String], ran: usize) -> String {
    let names = failed.join(", ");
    if ran <= 1 && failed.len() == 1 {
        format!("1 test failed: {names}")
    } else {
        format!(
            "{} of {} tests failed: {names}",
            failed.len(),
            ran.max(failed.len())
        )
    }
}

/// The usual reasons an async program never finishes: the doctor's hang
/// notes (each named so `checker explain` finds it), and the one cause no
/// note can spot in the code.
fn timeout_causes() -> String {
    let mut text = String::from("An async program that never finishes usually has one of these:");
    for note in NOTES.iter().filter(|n| n.stage == Stage::Hang) {
        let _ = write!(
            text,
            "\n  - {} (`checker explain {}`)",
            note.title, note.name
        );
    }
    text.push_str(
        "\n  - A future that can never complete: it returns `Pending` with no wake-up arranged, \
         or waits for a message nobody sends",
    );
    text
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        libc::SIGABRT => {
            " (SIGABRT: the program aborted, e.g. a panic while panicking or a stack overflow)"
        }
        libc::SIGSEGV => " (SIGSEGV: invalid memory access, or a stack overflow)",
        libc::SIGKILL => " (SIGKILL)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::info_file::Source;
    use crate::verdict::{TestCase, TestOutcome};
    use std::time::Duration;

    fn exercise() -> Exercise {
        Exercise {
            name: "adder".into(),
            dir: "01_basics".into(),
            timeout: Duration::from_secs(10),
            points: 1,
            fails_with: crate::info_file::FailsWith::Tests,
            failing_tests: Vec::new(),
            hints: vec!["h".into()],
        }
    }

    fn check(verdict: Verdict, tests: &[(&str, TestOutcome)]) -> Check {
        Check {
            exercise: "adder".into(),
            source: Source::Exercise,
            path: "exercises/01_basics/adder.rs".into(),
            code: String::new(),
            verdict,
            diagnostics: Vec::new(),
            tests: tests
                .iter()
                .map(|(name, outcome)| TestCase {
                    name: name.to_string(),
                    outcome: *outcome,
                })
                .collect(),
            output: None,
            run_time: Duration::ZERO,
        }
    }

    #[test]
    fn a_predicate_follows_the_name_and_a_clause_gets_a_colon() {
        let passed = describe(&check(Verdict::Passed, &[]), &exercise());
        assert_eq!(passed.about("adder"), "adder passes");
        assert_eq!(passed.clause(), "it passes");
        assert_eq!(passed.todo, "");
        let no_tests = describe(&check(Verdict::NoTests, &[]), &exercise());
        assert_eq!(
            no_tests.about("adder"),
            "adder: no test passed, because none ran"
        );
        assert_eq!(no_tests.clause(), "no test passed, because none ran");
        assert!(no_tests.todo.contains("`checker reset adder`"));
    }

    #[test]
    fn failed_tests_are_counted_against_those_that_ran() {
        let failed = |names: &[&str], ran: &[(&str, TestOutcome)]| {
            let verdict = Verdict::TestsFailed {
                failed: names.iter().map(|n| n.to_string()).collect(),
            };
            describe(&check(verdict, ran), &exercise()).what
        };
        use TestOutcome::{Failed, Passed};
        assert_eq!(
            failed(&["tests::a"], &[("tests::a", Failed)]),
            "1 test failed: tests::a"
        );
        assert_eq!(
            failed(
                &["tests::a"],
                &[
                    ("tests::a", Failed),
                    ("tests::b", Passed),
                    ("tests::c", Passed)
                ]
            ),
            "1 of 3 tests failed: tests::a"
        );
        assert_eq!(
            failed(&["tests::b", "tests::a"], &[]),
            "2 of 2 tests failed: tests::a, tests::b"
        );
    }

    #[test]
    fn a_program_that_ended_badly_says_how_and_who() {
        let ended = |code, signal| {
            let verdict = Verdict::ProgramFailed { code, signal };
            describe(&check(verdict, &[]), &exercise()).what
        };
        assert_eq!(ended(Some(3), None), "the test program exited with code 3");
        assert!(
            ended(Some(0), None)
                .starts_with("the test program exited before the test harness reported every test")
        );
        assert!(
            ended(None, Some(libc::SIGABRT))
                .starts_with("the test program was killed by signal 6 (SIGABRT")
        );
    }

    #[test]
    fn a_timeout_lists_every_hang_the_doctor_explains() {
        let verdict = Verdict::TimedOut {
            after: Duration::from_secs(4),
        };
        let description = describe(&check(verdict, &[]), &exercise());
        assert_eq!(
            description.about("adder"),
            "adder timed out after 4 s and was stopped"
        );
        for note in NOTES.iter().filter(|n| n.stage == Stage::Hang) {
            assert!(description.todo.contains(note.title), "{}", note.name);
            assert!(
                description
                    .todo
                    .contains(&format!("`checker explain {}`", note.name))
            );
        }
    }

    #[test]
    fn a_report_counts_the_tests_that_were_expected() {
        let tally = Tally {
            passed: 1,
            expected: 3,
        };
        let reason =
            |verdict: Verdict| describe_counted(&check(verdict, &[]), &exercise(), tally).reason;
        assert_eq!(reason(Verdict::Passed), "all 1 of the course's tests pass");
        assert_eq!(
            reason(Verdict::TestsFailed {
                failed: vec!["tests::c".into(), "tests::b".into()]
            }),
            "2 of 3 tests failed: tests::b, tests::c"
        );
        assert_eq!(
            reason(Verdict::ProgramFailed {
                code: None,
                signal: Some(libc::SIGKILL)
            }),
            "the test program was killed by signal 9 before reporting every test (1 of 3 passed)"
        );
        assert_eq!(
            reason(Verdict::TimedOut {
                after: Duration::from_secs(3)
            }),
            "stopped after 3 s (the exercise's timeout)"
        );
        assert_eq!(
            reason(Verdict::CompileError),
            "does not compile: rustc reported an error"
        );
    }
}
