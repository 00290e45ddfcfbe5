//! The course manifest, `info.toml`: which exercises exist, in which order, and
//! what passing each one means. Every mistake in it is reported with
//! file:line:column and what to do, never a panic.

use crate::suggest::closest;
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;
use toml::Spanned;

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
}

/// One exercise as info.toml describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    /// File stem and Cargo bin name, unique in the course.
    pub name: String,
    /// Topic folder, e.g. `04_tasks`.
    pub dir: String,
    pub mode: Mode,
    pub timeout: Duration,
    pub points: u32,
    /// How the shipped file fails; the integrity check holds it to this.
    pub fails_with: FailsWith,
    /// With `FailsWith::Tests`: exactly the tests that fail as shipped.
    pub failing_tests: Vec<String>,
    pub hint: String,
}

/// What passing an exercise means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Its tests pass.
    #[default]
    Test,
    /// It compiles and `main` exits 0.
    Run,
}

/// How a shipped exercise is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailsWith {
    Compile,
    Tests,
    Run,
    Timeout,
}

/// Which copy of an exercise a path or a build refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The learner's file under `exercises/`.
    Exercise,
    /// The reference answer under `solutions/`.
    Solution,
}

impl Source {
    /// The Cargo package (and folder) of this copy.
    pub fn package(self) -> &'static str {
        match self {
            Source::Exercise => "exercises",
            Source::Solution => "solutions",
        }
    }
}

impl Exercise {
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
    /// Reads and validates `root/info.toml`.
    pub fn load(root: &Path) -> Result<Course, InfoError> {
        let path = root.join(INFO_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| InfoError {
            file: path.clone(),
            position: None,
            message: format!("cannot read the course manifest: {e}"),
            help: "run the checker from the course folder (the one with info.toml), or pass --course DIR".into(),
        })?;
        Course::parse(root, &path, &text)
    }

    /// Parses manifest `text` (read from `file`) for the course at `root`.
    pub fn parse(root: &Path, file: &Path, text: &str) -> Result<Course, InfoError> {
        let error = |span: Option<Range<usize>>, message: String, help: String| InfoError {
            file: file.to_path_buf(),
            position: span.map(|s| line_column(text, s.start)),
            message,
            help,
        };
        let raw: RawInfo = toml::from_str(text).map_err(|e| {
            let (message, help) = explain_toml_error(e.message());
            error(e.span(), message, help)
        })?;
        if *raw.format_version.get_ref() != FORMAT_VERSION {
            return Err(error(
                Some(raw.format_version.span()),
                format!(
                    "format_version {} is not supported by this checker",
                    raw.format_version.get_ref()
                ),
                format!(
                    "this checker reads format_version = {FORMAT_VERSION}; update the checker or the manifest"
                ),
            ));
        }
        let course_timeout = match raw.timeout {
            Some(t) if *t.get_ref() == 0 => {
                return Err(error(
                    Some(t.span()),
                    "timeout must be at least 1 second".into(),
                    "give a whole number of seconds, e.g. `timeout = 10`".into(),
                ));
            }
            Some(t) => *t.get_ref(),
            None => DEFAULT_TIMEOUT_SECS,
        };
        if raw.exercises.is_empty() {
            return Err(error(
                None,
                "the course has no exercises".into(),
                "add at least one [[exercises]] table (see docs/authoring.md)".into(),
            ));
        }

        let mut exercises: Vec<Exercise> = Vec::with_capacity(raw.exercises.len());
        for ex in raw.exercises {
            let name = ex.name.get_ref().clone();
            if !is_valid_name(&name) {
                return Err(error(
                    Some(ex.name.span()),
                    format!("`{name}` is not a valid exercise name"),
                    "use lowercase letters, digits and `_` (it is a Cargo bin name and a file name)".into(),
                ));
            }
            if exercises.iter().any(|e| e.name == name) {
                return Err(error(
                    Some(ex.name.span()),
                    format!("exercise name `{name}` is used twice"),
                    "every exercise needs its own name; rename one of them (and its files)".into(),
                ));
            }
            let dir = ex.dir.get_ref().clone();
            if dir.is_empty() || dir.contains(['/', '\\']) || dir.starts_with('.') {
                return Err(error(
                    Some(ex.dir.span()),
                    format!("`{dir}` is not a topic folder name"),
                    "`dir` is one folder name under exercises/, e.g. `dir = \"01_futures\"`".into(),
                ));
            }
            if ex.hint.get_ref().trim().is_empty() {
                return Err(error(
                    Some(ex.hint.span()),
                    format!("exercise `{name}` has an empty hint"),
                    "write a hint that guides the learner without giving the answer away".into(),
                ));
            }
            let fails_with = *ex.fails_with.get_ref();
            match (fails_with, ex.failing_tests.is_empty()) {
                (FailsWith::Tests, true) => {
                    return Err(error(
                        Some(ex.fails_with.span()),
                        format!("exercise `{name}` fails with tests but names none"),
                        "add `failing_tests = [\"tests::...\"]`: the tests that fail as shipped"
                            .into(),
                    ));
                }
                (f, false) if f != FailsWith::Tests => {
                    return Err(error(
                        Some(ex.fails_with.span()),
                        format!("exercise `{name}` lists failing_tests but fails with `{f:?}`"),
                        "use `fails_with = \"tests\"`, or remove `failing_tests`".into(),
                    ));
                }
                _ => {}
            }
            match (ex.mode, fails_with) {
                (Mode::Run, FailsWith::Tests) | (Mode::Test, FailsWith::Run) => {
                    return Err(error(
                        Some(ex.fails_with.span()),
                        format!(
                            "exercise `{name}` is in {:?} mode but fails with `{fails_with:?}`",
                            ex.mode
                        ),
                        "a \"test\" exercise fails with compile, tests or timeout; a \"run\" exercise with compile, run or timeout".into(),
                    ));
                }
                _ => {}
            }
            let timeout = match ex.timeout {
                Some(t) if *t.get_ref() == 0 => {
                    return Err(error(
                        Some(t.span()),
                        format!("exercise `{name}` has a timeout of 0 seconds"),
                        "give at least 1 second, or remove it to use the course's default".into(),
                    ));
                }
                Some(t) => *t.get_ref(),
                None => course_timeout,
            };
            let exercise = Exercise {
                name,
                dir,
                mode: ex.mode,
                timeout: Duration::from_secs(timeout),
                points: ex.points.unwrap_or(1),
                fails_with,
                failing_tests: ex.failing_tests,
                hint: ex.hint.into_inner().trim().to_string(),
            };
            for source in [Source::Exercise, Source::Solution] {
                let path = exercise.relative_path(source);
                if !root.join(&path).is_file() {
                    return Err(error(
                        Some(ex.name.span()),
                        format!(
                            "exercise `{}` has no {} file: {} is missing",
                            exercise.name,
                            match source {
                                Source::Exercise => "exercise",
                                Source::Solution => "solution",
                            },
                            path.display()
                        ),
                        "create the file, or fix `name` / `dir` in this entry".into(),
                    ));
                }
            }
            exercises.push(exercise);
        }

        Ok(Course {
            root: root.to_path_buf(),
            welcome_message: raw.welcome_message.trim_end().to_string(),
            final_message: raw.final_message.trim_end().to_string(),
            exercises,
        })
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfo {
    format_version: Spanned<u32>,
    timeout: Option<Spanned<u64>>,
    welcome_message: String,
    final_message: String,
    #[serde(default)]
    exercises: Vec<RawExercise>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    name: Spanned<String>,
    dir: Spanned<String>,
    #[serde(default)]
    mode: Mode,
    timeout: Option<Spanned<u64>>,
    points: Option<u32>,
    fails_with: Spanned<FailsWith>,
    #[serde(default)]
    failing_tests: Vec<String>,
    hint: Spanned<String>,
}

fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Turns serde's wording into the manifest's, with a suggestion for typos.
fn explain_toml_error(message: &str) -> (String, String) {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once("`, expected ")
    {
        let known: Vec<&str> = expected
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s)
            .collect();
        let help = match closest(field, &known) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the keys allowed here are: {}", known.join(", ")),
        };
        return (format!("unknown key `{field}`"), help);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return (
            format!("missing key `{field}`"),
            format!("add `{field} = ...` to this table (docs/authoring.md lists every key)"),
        );
    }
    if message.starts_with("unknown variant") {
        return (
            message.to_string(),
            "use one of the values listed (they are lowercase strings)".into(),
        );
    }
    (
        message.to_string(),
        "fix the TOML at this position (docs/authoring.md shows a complete entry)".into(),
    )
}

/// 1-based line and column of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

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
        assert_eq!(course.exercises[0].mode, Mode::Test);
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
        let err = parse(dir.path(), &entry("a1", "")).unwrap_err();
        assert!(
            err.message.contains("solutions/t/a1.rs is missing"),
            "{}",
            err.message
        );
    }

    #[test]
    fn empty_hint_is_rejected() {
        let dir = course_dir(&["a1"]);
        let body = entry("a1", "").replace("hint = \"h\"", "hint = \"  \"");
        let err = parse(dir.path(), &body).unwrap_err();
        assert_eq!(err.message, "exercise `a1` has an empty hint");
    }

    #[test]
    fn failing_tests_must_match_fails_with() {
        let dir = course_dir(&["a1"]);
        let body = entry("a1", "").replace("\"compile\"", "\"tests\"");
        let err = parse(dir.path(), &body).unwrap_err();
        assert!(err.help.contains("failing_tests"), "{}", err.help);
    }

    #[test]
    fn wrong_format_version_is_rejected() {
        let dir = course_dir(&["a1"]);
        let text = format!("{}{}", HEADER.replace("= 1", "= 9"), entry("a1", ""));
        let err = Course::parse(dir.path(), &dir.path().join(INFO_FILE), &text).unwrap_err();
        assert!(err.message.contains("format_version 9"), "{}", err.message);
    }
}
