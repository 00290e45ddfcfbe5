//! The course integrity check (`checker dev check`, run by `cargo test`):
//! info.toml, the files and the bins lists agree; every solution passes;
//! every shipped exercise fails, and for the reason its entry gives.

use crate::bins;
use crate::engine::Engine;
use crate::info_file::{Course, FailsWith, Mode, Source};
use crate::shipped;
use crate::test_module;
use crate::verdict::{Check, Verdict};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where expected diagnostics of compile-fail exercises live, from the root.
pub const SNAPSHOT_DIR: &str = "checker/tests/compile_fail";

/// What the check looked at, for the closing line.
#[derive(Debug, Default)]
pub struct Report {
    pub problems: Vec<String>,
    pub exercises: usize,
}

/// Runs every integrity check; `step` hears what is being done.
pub async fn check(
    course: &Course,
    engine: &Engine,
    mut step: impl FnMut(&str),
) -> anyhow::Result<Report> {
    let mut report = Report {
        exercises: course.exercises.len(),
        ..Report::default()
    };
    let problems = &mut report.problems;
    problems.extend(bins::problems(course));
    if !problems.is_empty() {
        // Builds against drifted bins lists would only add confusing errors.
        return Ok(report);
    }
    static_checks(course, problems);

    let all: Vec<_> = course.exercises.iter().collect();
    step("building and testing every solution");
    let solutions = engine.check_many(&all, Source::Solution, |_| {}).await?;
    for check in &solutions {
        if !check.verdict.passed() {
            problems.push(format!(
                "{}: the solution does not pass ({}); run `cargo run -p checker -- verify --solutions` for details",
                check.exercise,
                describe(check)
            ));
        }
    }
    step("building and testing every shipped exercise");
    let exercises = engine.check_many(&all, Source::Exercise, |_| {}).await?;
    for (exercise, check) in course.exercises.iter().zip(&exercises) {
        let expected = exercise.fails_with;
        let ok = match (&check.verdict, expected) {
            (Verdict::CompileError, FailsWith::Compile) => true,
            (Verdict::TestsFailed { failed }, FailsWith::Tests) => {
                let wanted: BTreeSet<&String> = exercise.failing_tests.iter().collect();
                let got: BTreeSet<&String> = failed.iter().collect();
                if wanted != got {
                    problems.push(format!(
                        "{}: as shipped, the failing tests are [{}], but info.toml's failing_tests says [{}]",
                        exercise.name,
                        join(&got),
                        join(&wanted)
                    ));
                }
                true
            }
            (Verdict::ProgramFailed { .. }, FailsWith::Run) => true,
            (Verdict::TimedOut { .. }, FailsWith::Timeout) => true,
            _ => false,
        };
        if !ok {
            problems.push(format!(
                "{}: as shipped it should fail with `{}` but it {}; {}",
                exercise.name,
                format!("{expected:?}").to_lowercase(),
                describe(check),
                if check.verdict.passed() {
                    "an exercise must be broken on purpose (if you edited it, `checker reset` restores it)"
                } else {
                    "make it fail for the reason it teaches, or correct `fails_with`"
                }
            ));
        }
    }
    Ok(report)
}

/// Checks that need no build: folders, test modules, snapshots, shipped copies.
fn static_checks(course: &Course, problems: &mut Vec<String>) {
    for topic in course.topics() {
        let readme = Path::new("exercises").join(topic).join("README.md");
        if !course.root.join(&readme).is_file() {
            problems.push(format!(
                "topic {topic} has no {}: write one that teaches the chapter's concept",
                readme.display()
            ));
        }
    }
    let snapshots = course.root.join(SNAPSHOT_DIR);
    for exercise in &course.exercises {
        let read =
            |source| std::fs::read_to_string(course.root.join(exercise.relative_path(source)));
        let (Ok(ex_text), Ok(sol_text)) = (read(Source::Exercise), read(Source::Solution)) else {
            problems.push(format!(
                "{}: its exercise or solution file cannot be read",
                exercise.name
            ));
            continue;
        };
        if exercise.mode == Mode::Test {
            match (test_module::tests(&ex_text), test_module::tests(&sol_text)) {
                (Some(a), Some(b)) if a == b => {}
                (Some(_), Some(_)) => problems.push(format!(
                    "{}: the test module differs between the exercise and its solution; they must be identical",
                    exercise.name
                )),
                _ => problems.push(format!(
                    "{}: a test-mode exercise and its solution must both end with `#[cfg(test)]` + `mod tests {{ ... }}`",
                    exercise.name
                )),
            }
        }
        let relative = exercise
            .relative_path(Source::Exercise)
            .display()
            .to_string();
        match shipped::exercise(exercise) {
            Some(bytes) if bytes == ex_text.as_bytes() => {}
            Some(_) => problems.push(format!(
                "{}: {relative} differs from the copy embedded in the checker. A learner's edit? \
                 `checker reset {}` restores it. A course author's change? Refresh the copy with \
                 `touch info.toml` and build again",
                exercise.name, exercise.name
            )),
            None => problems.push(format!(
                "{}: the checker has no embedded copy of {relative}; `touch info.toml` and build again",
                exercise.name
            )),
        }
        let snapshot = snapshots.join(format!("{}.stderr", exercise.name));
        if exercise.fails_with == FailsWith::Compile && !snapshot.is_file() {
            problems.push(format!(
                "{}: compile-fail exercise without expected diagnostics {SNAPSHOT_DIR}/{}.stderr; create it with \
                 `TRYBUILD=overwrite cargo test -p checker --test integrity` and read it",
                exercise.name, exercise.name
            ));
        }
    }
    if let Ok(entries) = std::fs::read_dir(&snapshots) {
        for path in entries.flatten().map(|e| e.path()) {
            let stem = stem(&path);
            let wanted = course
                .exercises
                .iter()
                .any(|e| e.name == stem && e.fails_with == FailsWith::Compile);
            if path.extension().is_some_and(|e| e == "stderr") && !wanted {
                problems.push(format!(
                    "{SNAPSHOT_DIR}/{stem}.stderr belongs to no compile-fail exercise; delete it"
                ));
            }
        }
    }
}

/// Compile-fail exercises and their snapshot paths, for the trybuild test.
pub fn compile_fail_cases(course: &Course) -> Vec<(PathBuf, PathBuf)> {
    course
        .exercises
        .iter()
        .filter(|e| e.fails_with == FailsWith::Compile)
        .map(|e| {
            (
                course.root.join(e.relative_path(Source::Exercise)),
                course
                    .root
                    .join(SNAPSHOT_DIR)
                    .join(format!("{}.stderr", e.name)),
            )
        })
        .collect()
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

fn describe(check: &Check) -> String {
    match &check.verdict {
        Verdict::Passed => "passes".into(),
        Verdict::CompileError => "does not compile".into(),
        Verdict::TestsFailed { failed } => format!("fails tests [{}]", failed.join(", ")),
        Verdict::NoTests => "runs no test".into(),
        Verdict::ProgramFailed { code, .. } => format!("exits with {code:?}"),
        Verdict::TimedOut { after } => format!("times out after {} s", after.as_secs()),
        Verdict::BuildTimedOut { after } => {
            format!("was still compiling after {} s", after.as_secs())
        }
    }
}

fn join(names: &BTreeSet<&String>) -> String {
    names
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
