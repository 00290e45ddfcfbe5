//! Before building: each exercise file read from the submission, compared
//! with what the course shipped, scanned for tampering, and given the
//! course's reference test module. Whatever can be decided without a build
//! (missing, untouched, tampered) is decided here. Line endings are made
//! LF first: a checkout with Windows line endings is the same code.

use super::judge::{TestLines, one_line};
use super::submission::{self, Submitted};
use super::{ExerciseGrade, Origin, Status, scan};
use crate::info_file::{Course, Exercise, Source};
use crate::shipped;
use crate::test_module;
use anyhow::{Context, bail};
use std::time::Duration;

/// What the course says an exercise should be judged against.
struct Reference {
    /// The course's test module.
    tests: String,
    /// The file as shipped, to recognise an untouched exercise.
    shipped: Option<Vec<u8>>,
    /// Macro names and file inclusions the shipped code itself has.
    shipped_code: String,
}

fn reference(course: &Course, exercise: &Exercise, origin: &Origin) -> anyhow::Result<Reference> {
    let read = |source| {
        let path = course.path(exercise, source);
        std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
    };
    let solution = read(Source::Solution)?;
    let shipped = match origin {
        Origin::Submission(_) => Some(read(Source::Exercise)?.into_bytes()),
        Origin::InPlace => shipped::exercise(exercise).map(<[u8]>::to_vec),
    };
    let shipped_text = shipped
        .as_deref()
        .map(|b| String::from_utf8_lossy(b).into_owned());
    let from_shipped = match origin {
        Origin::Submission(_) => shipped_text.as_deref().and_then(test_module::tests),
        Origin::InPlace => None,
    };
    let tests = match from_shipped.or_else(|| test_module::tests(&solution)) {
        Some(tests) => tests.to_string(),
        None => bail!(
            "{}: the course has no reference test module for this exercise; run `checker dev check`",
            exercise.name
        ),
    };
    let shipped_code = shipped_text
        .as_deref()
        .map(|t| code_part(t).to_string())
        .unwrap_or_default();
    Ok(Reference {
        tests,
        shipped,
        shipped_code,
    })
}

/// Everything before the test module.
fn code_part(source: &str) -> &str {
    &source[..test_module::start(source).unwrap_or(source.len())]
}

/// One way the learner's code subverts grading, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Finding {
    /// 1-based line in the learner's file.
    line: usize,
    message: String,
}

/// Why the learner's code subverts grading, if it does: it rebinds a macro
/// the course's tests invoke by bare name (textual `macro_rules!` scope
/// reaches the test module below and beats the standard prelude), or pulls
/// other files into the build. Whatever the shipped file already does is
/// allowed.
fn tampering(code: &str, reference: &Reference) -> Vec<Finding> {
    let mut found = Vec::new();
    let tests_use = scan::invoked_macros(&reference.tests);
    let shipped_binds: Vec<String> = scan::macro_bindings(&reference.shipped_code)
        .into_iter()
        .map(|b| b.name)
        .collect();
    let tests_define: Vec<String> = scan::macro_bindings(&reference.tests)
        .into_iter()
        .map(|b| b.name)
        .collect();
    for binding in scan::macro_bindings(code) {
        if tests_use.contains(&binding.name)
            && !shipped_binds.contains(&binding.name)
            && !tests_define.contains(&binding.name)
        {
            found.push(Finding {
                line: binding.line,
                message: format!(
                    "redefines `{}!`, which the course's tests use",
                    binding.name
                ),
            });
        }
    }
    let shipped_includes = scan::file_inclusions(&reference.shipped_code).len();
    let includes = scan::file_inclusions(code);
    if includes.len() > shipped_includes {
        for inclusion in includes {
            let what = if inclusion.name == "path" {
                "#[path]".to_string()
            } else {
                format!("{}!", inclusion.name)
            };
            found.push(Finding {
                line: inclusion.line,
                message: format!(
                    "`{what}` pulls another file into the build; only the exercise file is graded"
                ),
            });
        }
    }
    found
}

/// An exercise decided before building, or the text to build.
pub(super) enum Prepared {
    Decided(ExerciseGrade),
    Build {
        grade: ExerciseGrade,
        text: String,
        lines: TestLines,
    },
}

/// `text` with Windows line endings made Unix ones.
fn lf(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// The 1-based line at byte `offset` of `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

pub(super) fn prepare(
    course: &Course,
    exercise: &Exercise,
    origin: &Origin,
) -> anyhow::Result<Prepared> {
    let reference = reference(course, exercise, origin)?;
    let file = exercise.relative_path(Source::Exercise);
    let submission_root = match origin {
        Origin::InPlace => course.root.as_path(),
        Origin::Submission(dir) => dir.as_path(),
    };
    let tests_expected = scan::count_tests(&reference.tests);
    let mut grade = ExerciseGrade {
        name: exercise.name.clone(),
        topic: exercise.dir.clone(),
        file: file.clone(),
        status: Status::Fail,
        points: 0.0,
        max_points: exercise.points,
        reason: String::new(),
        tests_modified: false,
        verdict: None,
        tests: Vec::new(),
        tests_expected,
        output: String::new(),
        output_truncated: false,
        line: None,
        doctor: Vec::new(),
        duration: Duration::ZERO,
    };
    let decided = |mut grade: ExerciseGrade, status, reason: String| {
        grade.status = status;
        grade.reason = one_line(&reason);
        Ok(Prepared::Decided(grade))
    };
    let text = match submission::read(submission_root, &file) {
        Submitted::Text(text) => lf(&text),
        Submitted::Missing => {
            let reason = format!("{} is missing from the submission", file.display());
            return decided(grade, Status::Missing, reason);
        }
        Submitted::Symlink => {
            let reason = format!(
                "{} is a symlink (or inside a symlinked folder); submit the file itself",
                file.display()
            );
            return decided(grade, Status::Tampered, reason);
        }
        Submitted::Unreadable(why) => {
            let reason = format!("{} cannot be read: {why}", file.display());
            return decided(grade, Status::Fail, reason);
        }
    };
    let shipped = reference.shipped.as_deref().map(String::from_utf8_lossy);
    if shipped.is_some_and(|shipped| lf(&shipped) == text) {
        return decided(
            grade,
            Status::NotAttempted,
            "unchanged from the shipped file".into(),
        );
    }
    let tampered = tampering(code_part(&text), &reference);
    if let Some(first) = tampered.first() {
        grade.line = Some(first.line);
        let reason = tampered
            .iter()
            .map(|f| format!("line {}: {}", f.line, f.message))
            .collect::<Vec<_>>()
            .join("; ");
        return decided(grade, Status::Tampered, reason);
    }
    let learner_tests = test_module::start(&text);
    let lines = TestLines {
        built: line_at(&text, learner_tests.unwrap_or(text.len())),
        learner: learner_tests.map(|at| line_at(&text, at)),
    };
    let tests = lf(&reference.tests);
    grade.tests_modified = test_module::tests(&text) != Some(tests.as_str());
    let text = test_module::replace(&text, &tests);
    Ok(Prepared::Build { grade, text, lines })
}
