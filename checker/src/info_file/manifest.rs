//! Reading info.toml's text into a `Course`: the TOML shape the manifest
//! may have, and one validation step per function, each error placed at its
//! line and column with what to do about it. Nothing here touches the file
//! system but `check_files`, which `Course::load` calls after parsing.

use super::{
    Course, DEFAULT_TIMEOUT_SECS, Exercise, FORMAT_VERSION, FailsWith, InfoError, Source, Standards,
};
use crate::suggest::closest;
use serde::Deserialize;
use std::ops::Range;
use std::path::Path;
use std::time::Duration;
use toml::Spanned;

/// The manifest's text and where it came from: turns it into a course,
/// one validation step per function, each error placed at its line.
pub(super) struct Manifest<'a> {
    pub(super) file: &'a Path,
    pub(super) text: &'a str,
}

impl Manifest<'_> {
    fn error(&self, span: Option<Range<usize>>, message: String, help: String) -> InfoError {
        InfoError {
            file: self.file.to_path_buf(),
            position: span.map(|s| line_column(self.text, s.start)),
            message,
            help,
        }
    }

    /// The course, and the span of each exercise's name (for file errors).
    pub(super) fn course(&self, root: &Path) -> Result<(Course, Vec<Range<usize>>), InfoError> {
        let raw: RawInfo = toml::from_str(self.text).map_err(|e| {
            let (message, help) = explain_toml_error(e.message());
            self.error(e.span(), message, help)
        })?;
        let course_timeout = self.header(&raw)?;
        let mut exercises: Vec<Exercise> = Vec::with_capacity(raw.exercises.len());
        let mut name_spans = Vec::with_capacity(raw.exercises.len());
        for entry in raw.exercises {
            name_spans.push(entry.name.span());
            let exercise = self.exercise(entry, course_timeout, &exercises)?;
            exercises.push(exercise);
        }
        let course = Course {
            root: root.to_path_buf(),
            welcome_message: raw.welcome_message.trim_end().to_string(),
            final_message: raw.final_message.trim_end().to_string(),
            exercises,
            standards: raw.standards,
        };
        Ok((course, name_spans))
    }

    /// Checks the top-level keys; returns the course's timeout in seconds.
    fn header(&self, raw: &RawInfo) -> Result<u64, InfoError> {
        if *raw.format_version.get_ref() != FORMAT_VERSION {
            return Err(self.error(
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
        if raw.exercises.is_empty() {
            return Err(self.error(
                None,
                "the course has no exercises".into(),
                "add at least one [[exercises]] table (see docs/authoring.md)".into(),
            ));
        }
        match &raw.timeout {
            Some(t) if *t.get_ref() == 0 => Err(self.error(
                Some(t.span()),
                "timeout must be at least 1 second".into(),
                "give a whole number of seconds, e.g. `timeout = 10`".into(),
            )),
            Some(t) => Ok(*t.get_ref()),
            None => Ok(DEFAULT_TIMEOUT_SECS),
        }
    }

    /// One `[[exercises]]` entry, validated against those before it.
    fn exercise(
        &self,
        entry: RawExercise,
        course_timeout: u64,
        before: &[Exercise],
    ) -> Result<Exercise, InfoError> {
        let name = self.name(&entry.name, before)?;
        let dir = entry.dir.get_ref().clone();
        if dir.is_empty() || dir.contains(['/', '\\']) || dir.starts_with('.') {
            return Err(self.error(
                Some(entry.dir.span()),
                format!("`{dir}` is not a topic folder name"),
                "`dir` is one folder name under exercises/, e.g. `dir = \"01_futures\"`".into(),
            ));
        }
        let hints = self.hints(&name, &entry)?;
        self.failure(&name, &entry)?;
        let timeout = match entry.timeout {
            Some(t) if *t.get_ref() == 0 => {
                return Err(self.error(
                    Some(t.span()),
                    format!("exercise `{name}` has a timeout of 0 seconds"),
                    "give at least 1 second, or remove it to use the course's default".into(),
                ));
            }
            Some(t) => *t.get_ref(),
            None => course_timeout,
        };
        Ok(Exercise {
            name,
            dir,
            timeout: Duration::from_secs(timeout),
            points: entry.points.unwrap_or(1),
            fails_with: *entry.fails_with.get_ref(),
            failing_tests: entry.failing_tests,
            hints,
        })
    }

    /// A valid exercise name, not used by an earlier entry.
    fn name(&self, name: &Spanned<String>, before: &[Exercise]) -> Result<String, InfoError> {
        let text = name.get_ref();
        if !is_valid_name(text) {
            return Err(self.error(
                Some(name.span()),
                format!("`{text}` is not a valid exercise name"),
                "use lowercase letters, digits and `_` (it is a Cargo bin name and a file name)"
                    .into(),
            ));
        }
        if text.contains("__") {
            return Err(self.error(
                Some(name.span()),
                format!("`{text}` is not a valid exercise name"),
                "`__` is reserved: it separates an exercise from its case in wrong_answers/".into(),
            ));
        }
        if before.iter().any(|e| &e.name == text) {
            return Err(self.error(
                Some(name.span()),
                format!("exercise name `{text}` is used twice"),
                "every exercise needs its own name; rename one of them (and its files)".into(),
            ));
        }
        Ok(text.clone())
    }

    /// The hint levels: `hints = [...]`, or a single `hint`, never both.
    fn hints(&self, name: &str, entry: &RawExercise) -> Result<Vec<String>, InfoError> {
        let (levels, span) = match (&entry.hint, &entry.hints) {
            (Some(hint), None) => (vec![hint.get_ref().clone()], hint.span()),
            (None, Some(hints)) => (hints.get_ref().clone(), hints.span()),
            (Some(_), Some(hints)) => {
                return Err(self.error(
                    Some(hints.span()),
                    format!("exercise `{name}` has both `hint` and `hints`"),
                    "keep `hints = [\"a nudge\", \"the recipe\"]` and remove `hint`".into(),
                ));
            }
            (None, None) => {
                return Err(self.error(
                    Some(entry.name.span()),
                    format!("exercise `{name}` has no hint"),
                    "add `hints = [\"a nudge\", \"the recipe\"]`: the first level guides, the second says how"
                        .into(),
                ));
            }
        };
        if levels.is_empty() || levels.iter().any(|h| h.trim().is_empty()) {
            return Err(self.error(
                Some(span),
                format!("exercise `{name}` has an empty hint"),
                "write a hint that guides the learner without giving the answer away".into(),
            ));
        }
        Ok(levels.iter().map(|h| h.trim().to_string()).collect())
    }

    /// `fails_with` and `failing_tests` agree.
    fn failure(&self, name: &str, entry: &RawExercise) -> Result<(), InfoError> {
        let fails_with = *entry.fails_with.get_ref();
        let span = Some(entry.fails_with.span());
        match (fails_with, entry.failing_tests.is_empty()) {
            (FailsWith::Tests, true) => Err(self.error(
                span,
                format!("exercise `{name}` fails with tests but names none"),
                "add `failing_tests = [\"tests::...\"]`: the tests that fail as shipped".into(),
            )),
            (f, false) if f != FailsWith::Tests => Err(self.error(
                span,
                format!("exercise `{name}` lists failing_tests but fails with `{f:?}`"),
                "use `fails_with = \"tests\"`, or remove `failing_tests`".into(),
            )),
            _ => Ok(()),
        }
    }

    /// The exercise's file and its solution exist.
    pub(super) fn check_files(
        &self,
        root: &Path,
        exercise: &Exercise,
        name_span: Range<usize>,
    ) -> Result<(), InfoError> {
        for source in [Source::Exercise, Source::Solution] {
            let path = exercise.relative_path(source);
            if !root.join(&path).is_file() {
                return Err(self.error(
                    Some(name_span),
                    format!(
                        "exercise `{}` has no {} file: {} is missing",
                        exercise.name,
                        source.noun(),
                        path.display()
                    ),
                    "create the file, or fix `name` / `dir` in this entry".into(),
                ));
            }
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfo {
    format_version: Spanned<u32>,
    timeout: Option<Spanned<u64>>,
    welcome_message: String,
    final_message: String,
    #[serde(default)]
    standards: Standards,
    #[serde(default)]
    exercises: Vec<RawExercise>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    name: Spanned<String>,
    dir: Spanned<String>,
    timeout: Option<Spanned<u64>>,
    points: Option<u32>,
    fails_with: Spanned<FailsWith>,
    #[serde(default)]
    failing_tests: Vec<String>,
    hint: Option<Spanned<String>>,
    hints: Option<Spanned<Vec<String>>>,
}

fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// What an older manifest's run mode should become.
const NO_RUN_MODE: &str = "every exercise is checked by its tests now (run mode is gone): \
    remove it, and end the exercise with a `#[cfg(test)] mod tests` that checks what `main` did \
    (docs/authoring.md)";

/// Turns serde's wording into the manifest's, with a suggestion for typos.
fn explain_toml_error(message: &str) -> (String, String) {
    let message = message.trim();
    if message.starts_with("unknown field `mode`") {
        return ("unknown key `mode`".into(), NO_RUN_MODE.into());
    }
    if message.starts_with("unknown variant `run`") {
        return (
            message.to_string(),
            format!("`fails_with = \"run\"`: {NO_RUN_MODE}; it then fails with `\"tests\"`"),
        );
    }
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
