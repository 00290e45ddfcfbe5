//! The course manifest, `info.toml`: which exercises exist, in which order, and
//! what passing each one means. Every mistake in it is reported with
//! file:line:column and what to do, never a panic.

mod manifest;

use crate::suggest::closest;
use manifest::Manifest;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The manifest's file name, at the course root.
pub const INFO_FILE: &str = "info.toml";
/// The only manifest format this checker reads.
const FORMAT_VERSION: u32 = 1;
/// Seconds a check may run when neither the course nor the exercise says.
const DEFAULT_TIMEOUT_SECS: u64 = 10;

/// A loaded, validated course.
#[derive(Debug, Clone)]
pub struct Course {
    /// Directory holding info.toml, `exercises/` and `solutions/`.
    pub root: PathBuf,
    pub welcome_message: String,
    pub final_message: String,
    /// In course order.
    pub exercises: Vec<Exercise>,
    /// What the integrity check demands of every exercise.
    pub standards: Standards,
}

/// The bar a course sets for each of its exercises (info.toml's
/// `[standards]`), held by the integrity check. The defaults ask for
/// nothing beyond a hint, so a small course can start without them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standards {
    /// Fewest hint levels an exercise may have.
    #[serde(default = "one")]
    pub hint_levels: usize,
    /// Fewest wrong answers under wrong_answers/ an exercise may have.
    #[serde(default)]
    pub wrong_answers: usize,
}

impl Default for Standards {
    fn default() -> Standards {
        Standards {
            hint_levels: 1,
            wrong_answers: 0,
        }
    }
}

fn one() -> usize {
    1
}

/// One exercise as info.toml describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    /// File stem and Cargo bin name, unique in the course.
    pub name: String,
    /// Topic folder, e.g. `04_tasks`.
    pub dir: String,
    pub timeout: Duration,
    pub points: u32,
    /// How the shipped file fails; the integrity check holds it to this.
    pub fails_with: FailsWith,
    /// With `FailsWith::Tests`: exactly the tests that fail as shipped.
    pub failing_tests: Vec<String>,
    /// Hint levels, shown one at a time: a nudge first, then the recipe.
    pub hints: Vec<String>,
}

/// How a shipped exercise is broken. (Passing always means: its tests pass.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailsWith {
    Compile,
    Tests,
    Timeout,
}

/// Which copy of an exercise a path or a build refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The learner's file under `exercises/`.
    Exercise,
    /// The reference answer under `solutions/`.
    Solution,
    /// A plausible wrong answer under `wrong_answers/`, which the exercise's
    /// tests must reject (see `wrong_answers.rs`).
    WrongAnswer,
}

impl Source {
    /// The Cargo package (and folder) of this copy.
    pub fn package(self) -> &'static str {
        match self {
            Source::Exercise => "exercises",
            Source::Solution => "solutions",
            Source::WrongAnswer => "wrong_answers",
        }
    }

    /// What this copy is called in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Source::Exercise => "exercise",
            Source::Solution => "solution",
            Source::WrongAnswer => "wrong answer",
        }
    }
}

impl Exercise {
    /// The first hint level: a nudge.
    pub fn hint(&self) -> &str {
        &self.hints[0]
    }

    /// The file's path inside its package, e.g. `01_futures/await1.rs`: a
    /// `[[bin]]`'s `path`, and the name of its embedded shipped copy. Every
    /// other path of the exercise is built from this one.
    pub fn file_in_package(&self) -> String {
        format!("{}/{}.rs", self.dir, self.name)
    }

    /// Path relative to the course root, e.g. `exercises/01_futures/await1.rs`.
    pub fn relative_path(&self, source: Source) -> PathBuf {
        Path::new(source.package()).join(self.file_in_package())
    }
}

impl Course {
    /// Reads `root/info.toml`, validates it and checks that every exercise's
    /// files exist.
    pub fn load(root: &Path) -> Result<Course, InfoError> {
        let path = root.join(INFO_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| InfoError {
            file: path.clone(),
            position: None,
            message: format!("cannot read the course manifest: {e}"),
            help: "run the checker from the course folder (the one with info.toml), or pass --course DIR".into(),
        })?;
        let manifest = Manifest {
            file: &path,
            text: &text,
        };
        let (course, name_spans) = manifest.course(root)?;
        for (exercise, span) in course.exercises.iter().zip(name_spans) {
            manifest.check_files(root, exercise, span)?;
        }
        Ok(course)
    }

    /// Parses and validates manifest `text` (read from `file`) for the course
    /// at `root`, without touching the file system.
    pub fn parse(root: &Path, file: &Path, text: &str) -> Result<Course, InfoError> {
        Manifest { file, text }
            .course(root)
            .map(|(course, _)| course)
    }

    /// The exercise called `name`, or an error listing how to find names.
    pub fn find(&self, name: &str) -> anyhow::Result<&Exercise> {
        self.exercises
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = self.exercises.iter().map(|e| e.name.as_str()).collect();
                match closest(name, &names) {
                    Some(near) => {
                        anyhow::anyhow!("there is no exercise `{name}`; did you mean `{near}`?")
                    }
                    None => anyhow::anyhow!(
                        "there is no exercise `{name}`; `checker list` shows every exercise"
                    ),
                }
            })
    }

    /// Position of `name` in course order.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.exercises.iter().position(|e| e.name == name)
    }

    /// Where `exercise`'s file (or its solution) is on disk.
    pub fn path(&self, exercise: &Exercise, source: Source) -> PathBuf {
        self.root.join(exercise.relative_path(source))
    }

    /// The topic folders in course order, each once.
    pub fn topics(&self) -> Vec<&str> {
        let mut topics: Vec<&str> = Vec::new();
        for ex in &self.exercises {
            if !topics.contains(&ex.dir.as_str()) {
                topics.push(&ex.dir);
            }
        }
        topics
    }
}

/// A problem in info.toml, with where it is and how to fix it.
#[derive(Debug)]
pub struct InfoError {
    pub file: PathBuf,
    /// 1-based line and column, when the problem has a place.
    pub position: Option<(usize, usize)>,
    pub message: String,
    pub help: String,
}

impl fmt::Display for InfoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.file.file_name().map_or_else(
            || self.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        match self.position {
            Some((line, col)) => write!(f, "{name}:{line}:{col}: {}", self.message)?,
            None => write!(f, "{name}: {}", self.message)?,
        }
        write!(f, "\n  help: {}", self.help)
    }
}

impl std::error::Error for InfoError {}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "format_version = 1\nwelcome_message = \"hi\"\nfinal_message = \"bye\"\n";

    fn course_dir(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for package in ["exercises", "solutions"] {
            std::fs::create_dir_all(dir.path().join(package).join("t")).unwrap();
            for name in names {
                std::fs::write(
                    dir.path()
                        .join(package)
                        .join("t")
                        .join(format!("{name}.rs")),
                    "",
                )
                .unwrap();
            }
        }
        dir
    }

    fn parse(dir: &Path, body: &str) -> Result<Course, InfoError> {
        let text = format!("{HEADER}{body}");
        Course::parse(dir, &dir.join(INFO_FILE), &text)
    }

    fn entry(name: &str, extra: &str) -> String {
        format!(
            "\n[[exercises]]\nname = \"{name}\"\ndir = \"t\"\nfails_with = \"compile\"\nhint = \"h\"\n{extra}"
        )
    }

    #[test]
    fn valid_manifest_applies_defaults() {
        let dir = course_dir(&["a1", "b1"]);
        let body = format!(
            "timeout = 7\n{}{}",
            entry("a1", ""),
            entry("b1", "points = 3\ntimeout = 2\n")
        );
        let course = parse(dir.path(), &body).unwrap();
        assert_eq!(course.exercises.len(), 2);
        assert_eq!(course.exercises[0].timeout, Duration::from_secs(7));
        assert_eq!(course.exercises[0].points, 1);
        assert_eq!(course.exercises[1].timeout, Duration::from_secs(2));
        assert_eq!(course.exercises[1].points, 3);
    }

    #[test]
    fn unknown_key_points_at_line_and_suggests_the_key() {
        let dir = course_dir(&["a1"]);
        let err = parse(dir.path(), &entry("a1", "hnit = \"x\"\n")).unwrap_err();
        assert_eq!(err.position, Some((10, 1)));
        assert_eq!(err.message, "unknown key `hnit`");
        assert_eq!(err.help, "did you mean `hint`?");
    }

    #[test]
    fn toml_syntax_error_has_a_position() {
        let dir = course_dir(&["a1"]);
        let err = parse(dir.path(), "\n[[exercises]\nname = 1\n").unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(5));
        assert!(err.to_string().starts_with("info.toml:5:"), "{err}");
    }

    #[test]
    fn duplicate_name_is_reported_at_the_second_entry() {
        let dir = course_dir(&["a1"]);
        let err = parse(dir.path(), &(entry("a1", "") + &entry("a1", ""))).unwrap_err();
        assert_eq!(err.message, "exercise name `a1` is used twice");
        assert_eq!(err.position, Some((12, 8)));
    }

    #[test]
    fn missing_solution_file_is_named() {
        let dir = course_dir(&["a1"]);
        std::fs::remove_file(dir.path().join("solutions/t/a1.rs")).unwrap();
        let text = format!("{HEADER}{}", entry("a1", ""));
        std::fs::write(dir.path().join(INFO_FILE), &text).unwrap();
        // Parsing alone does not look at files; loading does.
        assert!(Course::parse(dir.path(), &dir.path().join(INFO_FILE), &text).is_ok());
        let err = Course::load(dir.path()).unwrap_err();
        assert!(
            err.message.contains("solutions/t/a1.rs is missing"),
            "{}",
            err.message
        );
        assert_eq!(err.position, Some((6, 8)));
    }

    #[test]
    fn hints_have_levels_and_a_single_hint_is_one_level() {
        let dir = course_dir(&["a1", "b1"]);
        let body = entry("a1", "")
            + &entry("b1", "").replace("hint = \"h\"", "hints = [\"nudge\", \" recipe \"]");
        let course = parse(dir.path(), &body).unwrap();
        assert_eq!(course.exercises[0].hints, ["h"]);
        assert_eq!(course.exercises[1].hints, ["nudge", "recipe"]);
        assert_eq!(course.exercises[1].hint(), "nudge");
    }

    #[test]
    fn hint_and_hints_together_are_rejected() {
        let dir = course_dir(&["a1"]);
        let err = parse(dir.path(), &entry("a1", "hints = [\"x\", \"y\"]\n")).unwrap_err();
        assert_eq!(err.message, "exercise `a1` has both `hint` and `hints`");
        assert_eq!(err.position, Some((10, 9)));
    }

    #[test]
    fn an_entry_without_any_hint_says_how_to_write_one() {
        let dir = course_dir(&["a1"]);
        let err = parse(dir.path(), &entry("a1", "").replace("hint = \"h\"\n", "")).unwrap_err();
        assert_eq!(err.message, "exercise `a1` has no hint");
        assert!(err.help.contains("hints = ["), "{}", err.help);
    }

    #[test]
    fn standards_default_to_asking_little_and_are_read_from_their_table() {
        let dir = course_dir(&["a1"]);
        let course = parse(dir.path(), &entry("a1", "")).unwrap();
        assert_eq!(course.standards, Standards::default());
        let body = format!(
            "[standards]\nhint_levels = 2\nwrong_answers = 1\n{}",
            entry("a1", "")
        );
        let course = parse(dir.path(), &body).unwrap();
        assert_eq!(
            course.standards,
            Standards {
                hint_levels: 2,
                wrong_answers: 1
            }
        );
        let err = parse(
            dir.path(),
            &format!("[standards]\nhints = 2\n{}", entry("a1", "")),
        )
        .unwrap_err();
        assert_eq!(err.message, "unknown key `hints`");
    }

    #[test]
    fn double_underscore_is_reserved_for_wrong_answers() {
        let dir = course_dir(&["a__1"]);
        let err = parse(dir.path(), &entry("a__1", "")).unwrap_err();
        assert!(err.help.contains("wrong_answers"), "{}", err.help);
    }

    #[test]
    fn empty_hint_is_rejected() {
        let dir = course_dir(&["a1"]);
        for empty in ["hint = \"  \"", "hints = [\"nudge\", \"\"]", "hints = []"] {
            let body = entry("a1", "").replace("hint = \"h\"", empty);
            let err = parse(dir.path(), &body).unwrap_err();
            assert_eq!(err.message, "exercise `a1` has an empty hint", "{empty}");
        }
    }

    #[test]
    fn failing_tests_must_match_fails_with() {
        let dir = course_dir(&["a1"]);
        let body = entry("a1", "").replace("\"compile\"", "\"tests\"");
        let err = parse(dir.path(), &body).unwrap_err();
        assert!(err.help.contains("failing_tests"), "{}", err.help);
    }

    #[test]
    fn run_mode_keys_say_that_run_mode_is_gone() {
        let dir = course_dir(&["a1"]);
        for mode in ["run", "test"] {
            let extra = format!("mode = \"{mode}\"\n");
            let err = parse(dir.path(), &entry("a1", &extra)).unwrap_err();
            assert_eq!(err.message, "unknown key `mode`");
            assert_eq!(err.position, Some((10, 1)));
            assert!(err.help.contains("run mode is gone"), "{}", err.help);
            assert!(err.help.contains("mod tests"), "{}", err.help);
        }
        let body = entry("a1", "").replace("\"compile\"", "\"run\"");
        let err = parse(dir.path(), &body).unwrap_err();
        assert!(
            err.message.contains("unknown variant `run`"),
            "{}",
            err.message
        );
        assert!(err.help.contains("run mode is gone"), "{}", err.help);
        assert!(err.help.contains("\"tests\""), "{}", err.help);
    }

    #[test]
    fn wrong_format_version_is_rejected() {
        let dir = course_dir(&["a1"]);
        let text = format!("{}{}", HEADER.replace("= 1", "= 9"), entry("a1", ""));
        let err = Course::parse(dir.path(), &dir.path().join(INFO_FILE), &text).unwrap_err();
        assert!(err.message.contains("format_version 9"), "{}", err.message);
    }
}
