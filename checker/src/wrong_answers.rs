//! Wrong answers: plausible mistakes a learner could make in an exercise
//! (sequential instead of concurrent, a hard-coded result, a blocking call),
//! kept as files the integrity check requires the exercise's tests to reject.
//! A test suite that lets one of them pass has stopped teaching its lesson.
//!
//! Each lives at `wrong_answers/<dir>/<exercise>__<what_it_does>.rs`, ends
//! with the exercise's own test module, and says in its `//!` header which
//! tests reject it:
//!
//! ```text
//! //! Wrong answer to spawn1: spawns the next download but awaits its handle
//! //! straight away, so downloads and readings still take turns.
//! //!
//! //! Rejected by: tests::each_download_runs_while_the_chapter_before_it_is_read
//! ```
//!
//! `Rejected by:` takes test names (comma-separated, as libtest prints them),
//! `compile` or `timeout`.

use crate::info_file::{Course, Exercise, FailsWith, Source};
use std::path::{Path, PathBuf};

/// The folder (and Cargo package) of the wrong answers.
pub const DIR: &str = "wrong_answers";
/// Separates the exercise's name from the case's in a file name.
const SEPARATOR: &str = "__";
const REJECTED_BY: &str = "//! Rejected by:";

/// One wrong answer found on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct WrongAnswer {
    /// The exercise it answers.
    pub exercise: String,
    /// It as the engine checks it: the bin `<exercise>__<case>` in the
    /// exercise's topic folder of the wrong_answers package, with the
    /// exercise's timeout, failing as its header says.
    pub as_exercise: Exercise,
    /// The first sentence of its header: what the mistake is.
    pub summary: String,
}

impl WrongAnswer {
    /// Its path from the course root.
    pub fn relative_path(&self) -> PathBuf {
        self.as_exercise.relative_path(Source::WrongAnswer)
    }
}

/// Every wrong answer under `wrong_answers/`, sorted by path, and the
/// problems found on the way (a file that names no exercise, a header
/// without `Rejected by:`), each with its fix.
pub fn discover(course: &Course) -> (Vec<WrongAnswer>, Vec<String>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let base = course.root.join(DIR);
    let mut files = Vec::new();
    for topic in read_dir_sorted(&base) {
        if topic.is_dir() {
            files.extend(read_dir_sorted(&topic));
        }
    }
    for path in files {
        let shown = path.strip_prefix(&course.root).unwrap_or(&path).display();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                problems.push(format!("{shown}: cannot be read: {e}"));
                continue;
            }
        };
        match parse(course, &path, &text) {
            Ok(answer) => found.push(answer),
            Err(problem) => problems.push(format!("{shown}: {problem}")),
        }
    }
    (found, problems)
}

/// A wrong answer from its path (`.../<dir>/<stem>.rs`) and text.
fn parse(course: &Course, path: &Path, text: &str) -> Result<WrongAnswer, String> {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let dir = path
        .parent()
        .and_then(Path::file_name)
        .unwrap_or_default()
        .to_string_lossy();
    let naming = "name it `<exercise>__<what_it_does>.rs` (lowercase, digits and `_`) in the exercise's topic folder";
    let Some((name, case)) = stem.split_once(SEPARATOR) else {
        return Err(format!(
            "the file name does not say which exercise it answers; {naming}"
        ));
    };
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    if !valid(case) || !valid(name) {
        return Err(format!(
            "`{stem}` is not a valid wrong-answer name; {naming}"
        ));
    }
    let Some(exercise) = course.exercises.iter().find(|e| e.name == name) else {
        return Err(format!("there is no exercise `{name}`; {naming}"));
    };
    if exercise.dir != dir {
        return Err(format!(
            "exercise `{name}` is in {}, not {dir}; move the file to {DIR}/{}/",
            exercise.dir, exercise.dir
        ));
    }
    let header: Vec<&str> = text.lines().take_while(|l| l.starts_with("//!")).collect();
    let Some(rejected_by) = header.iter().find_map(|l| l.strip_prefix(REJECTED_BY)) else {
        return Err(format!(
            "its `//!` header has no `{REJECTED_BY} ...` line; name the tests that must fail \
             (`tests::name, ...`), or `compile`, or `timeout`"
        ));
    };
    let (fails_with, failing_tests) = match rejected_by.trim() {
        "compile" => (FailsWith::Compile, Vec::new()),
        "timeout" => (FailsWith::Timeout, Vec::new()),
        "" => return Err(format!("`{REJECTED_BY}` names nothing")),
        tests => {
            let names: Vec<String> = tests.split(',').map(|t| t.trim().to_string()).collect();
            if let Some(bad) = names.iter().find(|t| !t.starts_with("tests::")) {
                return Err(format!(
                    "`{REJECTED_BY}` names `{bad}`; name tests as libtest prints them (`tests::name`), or say `compile` or `timeout`"
                ));
            }
            (FailsWith::Tests, names)
        }
    };
    let summary = header
        .iter()
        .map(|l| l.trim_start_matches("//!").trim())
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let summary = summary
        .split_once(": ")
        .map_or(summary.as_str(), |(_, what)| what)
        .to_string();
    Ok(WrongAnswer {
        exercise: exercise.name.clone(),
        as_exercise: Exercise {
            name: stem.into_owned(),
            fails_with,
            failing_tests,
            ..exercise.clone()
        },
        summary,
    })
}

fn read_dir_sorted(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::info_file::Course;

    const INFO: &str = "format_version = 1\nwelcome_message = \"hi\"\nfinal_message = \"bye\"\n\
        [[exercises]]\nname = \"spawn1\"\ndir = \"04_tasks\"\nfails_with = \"compile\"\nhint = \"h\"\n";

    fn course() -> (tempfile::TempDir, Course) {
        let dir = tempfile::tempdir().unwrap();
        let course = Course::parse(dir.path(), &dir.path().join("info.toml"), INFO).unwrap();
        (dir, course)
    }

    fn write(dir: &Path, relative: &str, text: &str) {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn a_wrong_answer_is_checked_as_its_header_says() {
        let (dir, course) = course();
        write(
            dir.path(),
            "wrong_answers/04_tasks/spawn1__awaits_each_task.rs",
            "//! Wrong answer to spawn1: awaits each task\n//! right after spawning it.\n//!\n\
             //! Rejected by: tests::runs_concurrently, tests::keeps_order\n\nfn main() {}\n",
        );
        write(
            dir.path(),
            "wrong_answers/04_tasks/spawn1__unsafe_send.rs",
            "//! Wrong answer to spawn1: unsafe impl Send.\n//! Rejected by: compile\n",
        );
        let (found, problems) = discover(&course);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(found.len(), 2);
        let first = &found[0];
        assert_eq!(first.exercise, "spawn1");
        assert_eq!(first.as_exercise.name, "spawn1__awaits_each_task");
        assert_eq!(first.as_exercise.fails_with, FailsWith::Tests);
        assert_eq!(
            first.as_exercise.failing_tests,
            ["tests::runs_concurrently", "tests::keeps_order"]
        );
        assert_eq!(first.summary, "awaits each task right after spawning it.");
        assert_eq!(
            first.relative_path(),
            Path::new("wrong_answers/04_tasks/spawn1__awaits_each_task.rs")
        );
        assert_eq!(found[1].as_exercise.fails_with, FailsWith::Compile);
    }

    #[test]
    fn misplaced_and_unlabelled_files_are_problems_with_a_fix() {
        let (dir, course) = course();
        let header = "//! Wrong answer.\n//! Rejected by: timeout\n";
        write(dir.path(), "wrong_answers/04_tasks/spawn1.rs", header);
        write(dir.path(), "wrong_answers/04_tasks/spwan1__x.rs", header);
        write(dir.path(), "wrong_answers/05_other/spawn1__x.rs", header);
        write(
            dir.path(),
            "wrong_answers/04_tasks/spawn1__no_header.rs",
            "fn main() {}\n",
        );
        write(
            dir.path(),
            "wrong_answers/04_tasks/spawn1__bad_test.rs",
            "//! Rejected by: runs_concurrently\n",
        );
        let (found, problems) = discover(&course);
        assert!(found.is_empty(), "{found:?}");
        let expect = [
            ("spawn1.rs:", "does not say which exercise"),
            ("spawn1__bad_test.rs:", "`tests::name`"),
            (
                "spawn1__no_header.rs:",
                "has no `//! Rejected by: ...` line",
            ),
            ("spwan1__x.rs:", "there is no exercise `spwan1`"),
            (
                "05_other/spawn1__x.rs:",
                "move the file to wrong_answers/04_tasks/",
            ),
        ];
        assert_eq!(problems.len(), expect.len(), "{problems:#?}");
        for (problem, (file, says)) in problems.iter().zip(expect) {
            assert!(
                problem.contains(file) && problem.contains(says),
                "{problem}"
            );
        }
    }
}
