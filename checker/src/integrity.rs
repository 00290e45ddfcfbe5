//! The course integrity check (`checker dev check`, run by `cargo test`):
//! info.toml, the files and the bins lists agree; every solution passes;
//! every shipped exercise fails, and for the reason its entry gives; every
//! wrong answer kept under wrong_answers/ is rejected by the tests it names.

use crate::bins;
use crate::describe::describe;
use crate::engine::Engine;
use crate::info_file::{Course, Exercise, FailsWith, Source};
use crate::shipped;
use crate::test_module;
use crate::verdict::{Check, Verdict};
use crate::wrong_answers::{self, WrongAnswer};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where expected diagnostics of compile-fail exercises live, from the root.
pub const SNAPSHOT_DIR: &str = "checker/tests/compile_fail";

/// What the check looked at, for the closing line.
#[derive(Debug, Default)]
pub struct Report {
    pub problems: Vec<String>,
    pub exercises: usize,
    pub wrong_answers: usize,
}

/// Runs every integrity check; `step` hears what is being done. With
/// `only` non-empty, the builds and per-exercise checks cover just those
/// exercises (and their wrong answers): an author's quick loop.
pub async fn check(
    course: &Course,
    engine: &Engine,
    only: &[String],
    mut step: impl FnMut(&str),
) -> anyhow::Result<Report> {
    for name in only {
        course.find(name)?;
    }
    let selected = |name: &str| only.is_empty() || only.iter().any(|n| n == name);
    let mut report = Report {
        exercises: course
            .exercises
            .iter()
            .filter(|e| selected(&e.name))
            .count(),
        ..Report::default()
    };
    let problems = &mut report.problems;
    problems.extend(bins::problems(course));
    if !problems.is_empty() {
        // Builds against drifted bins lists would only add confusing errors.
        return Ok(report);
    }
    static_checks(course, &selected, problems);
    let (mut wrong, found) = wrong_answers::discover(course);
    problems.extend(found);
    wrong.retain(|w| selected(&w.exercise));
    wrong_answer_modules(course, &wrong, problems);
    standards(course, &selected, &wrong, problems);
    report.wrong_answers = wrong.len();

    let all: Vec<_> = course
        .exercises
        .iter()
        .filter(|e| selected(&e.name))
        .collect();
    step("building and testing every solution");
    let solutions = engine.check_many(&all, Source::Solution, |_| {}).await?;
    for (exercise, check) in all.iter().zip(&solutions) {
        if !check.verdict.passed() {
            problems.push(format!(
                "{}: the solution does not pass ({}); run `cargo run -p checker -- verify --solutions` for details",
                check.exercise,
                describe(check, exercise).clause()
            ));
        }
    }
    step("building and testing every shipped exercise");
    let exercises = engine.check_many(&all, Source::Exercise, |_| {}).await?;
    for (exercise, check) in all.iter().zip(&exercises) {
        if let Some(problem) = fails_as_stated(exercise, check) {
            problems.push(format!(
                "{}: as shipped it {problem}; {}",
                exercise.name,
                if check.verdict.passed() {
                    "an exercise must be broken on purpose (if you edited it, `checker reset` restores it)"
                } else {
                    "make it fail for the reason it teaches, or correct `fails_with`"
                }
            ));
        }
    }
    if !wrong.is_empty() {
        step("building and testing every wrong answer");
        let as_exercises: Vec<&Exercise> = wrong.iter().map(|w| &w.as_exercise).collect();
        let checks = engine
            .check_many(&as_exercises, Source::WrongAnswer, |_| {})
            .await?;
        for (answer, check) in wrong.iter().zip(&checks) {
            if let Some(problem) = fails_as_stated(&answer.as_exercise, check) {
                problems.push(format!(
                    "{}: this wrong answer to {} ({}) {problem}; {}",
                    answer.relative_path().display(),
                    answer.exercise,
                    answer.summary,
                    if check.verdict.passed() {
                        "the exercise's tests no longer reject it: make them catch this mistake"
                    } else {
                        "correct its `Rejected by:` line, or the tests"
                    }
                ));
            }
        }
    }
    Ok(report)
}

/// How `check` differs from the failure `exercise` declares, if it does.
fn fails_as_stated(exercise: &Exercise, check: &Check) -> Option<String> {
    let expected = exercise.fails_with;
    match (&check.verdict, expected) {
        (Verdict::CompileError, FailsWith::Compile)
        | (Verdict::TimedOut { .. }, FailsWith::Timeout) => None,
        (Verdict::TestsFailed { failed }, FailsWith::Tests) => {
            let wanted: BTreeSet<&String> = exercise.failing_tests.iter().collect();
            let got: BTreeSet<&String> = failed.iter().collect();
            (wanted != got).then(|| {
                format!(
                    "fails tests [{}], but [{}] are stated",
                    join(&got),
                    join(&wanted)
                )
            })
        }
        _ => Some(format!(
            "should fail with `{}` but {}",
            format!("{expected:?}").to_lowercase(),
            describe(check, exercise).clause()
        )),
    }
}

/// Every exercise meets the course's `[standards]`: enough hint levels and
/// enough wrong answers kept to prove its tests.
fn standards(
    course: &Course,
    selected: &dyn Fn(&str) -> bool,
    wrong: &[WrongAnswer],
    problems: &mut Vec<String>,
) {
    let wanted = course.standards;
    for exercise in course.exercises.iter().filter(|e| selected(&e.name)) {
        if exercise.hints.len() < wanted.hint_levels {
            problems.push(format!(
                "{}: {} hint level(s), the course's standard is {}; write `hints = [\"a nudge\", \"the recipe\"]`",
                exercise.name,
                exercise.hints.len(),
                wanted.hint_levels
            ));
        }
        let kept = wrong.iter().filter(|w| w.exercise == exercise.name).count();
        if kept < wanted.wrong_answers {
            problems.push(format!(
                "{}: {kept} wrong answer(s) under {}/{}/, the course's standard is {}; write the mistakes a learner \
                 would plausibly make as `{}__<what_it_does>.rs` (docs/authoring.md, \"Wrong answers\")",
                exercise.name,
                wrong_answers::DIR,
                exercise.dir,
                wanted.wrong_answers,
                exercise.name
            ));
        }
    }
}

/// A wrong answer ends with its exercise's test module, unchanged: it must
/// answer the same tests the learner's file is graded with.
fn wrong_answer_modules(course: &Course, wrong: &[WrongAnswer], problems: &mut Vec<String>) {
    for answer in wrong {
        let Ok(exercise) = course.find(&answer.exercise) else {
            continue;
        };
        let read = |path: PathBuf| std::fs::read_to_string(course.root.join(path));
        let (Ok(answer_text), Ok(exercise_text)) = (
            read(answer.relative_path()),
            read(exercise.relative_path(Source::Solution)),
        ) else {
            continue;
        };
        if test_module::tests(&answer_text) != test_module::tests(&exercise_text) {
            problems.push(format!(
                "{}: its test module differs from {}'s; a wrong answer must end with the exercise's own tests, unchanged",
                answer.relative_path().display(),
                exercise.name
            ));
        }
    }
}

/// Checks that need no build: folders, test modules, snapshots, shipped copies.
fn static_checks(course: &Course, selected: &dyn Fn(&str) -> bool, problems: &mut Vec<String>) {
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
    for exercise in course.exercises.iter().filter(|e| selected(&e.name)) {
        let read = |source| std::fs::read_to_string(course.path(exercise, source));
        let (Ok(ex_text), Ok(sol_text)) = (read(Source::Exercise), read(Source::Solution)) else {
            problems.push(format!(
                "{}: its exercise or solution file cannot be read",
                exercise.name
            ));
            continue;
        };
        match (test_module::tests(&ex_text), test_module::tests(&sol_text)) {
            (Some(a), Some(b)) if a == b => {}
            (Some(_), Some(_)) => problems.push(format!(
                "{}: the test module differs between the exercise and its solution; they must be identical",
                exercise.name
            )),
            _ => problems.push(format!(
                "{}: an exercise and its solution must both end with `#[cfg(test)]` + `mod tests {{ ... }}`",
                exercise.name
            )),
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
                course.path(e, Source::Exercise),
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

fn join(names: &BTreeSet<&String>) -> String {
    names
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
