//! Grading: a learner's exercise files judged by the course's own tests.
//! For each selected exercise the learner's file is read from the
//! submission, checked for tampering, has its test module replaced by the
//! course's reference copy, and is built in a stage of the pristine course;
//! the engine's verdicts then become a [`Grade`] with points. The report
//! modules are renderers over a `Grade`; none of them judges anything.

pub mod class;
pub mod report_classroom;
pub mod report_human;
pub mod report_json;
pub mod report_junit;
pub mod scan;
pub mod submission;

use crate::engine::Engine;
use crate::info_file::{Course, Exercise, Mode, Source};
use crate::shipped;
use crate::test_module;
use crate::verdict::{Check, TestCase, TestOutcome, Verdict};
use anyhow::{Context, bail};
use cargo_metadata::diagnostic::DiagnosticLevel;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use submission::{Stage, Submitted};

/// Bytes of output a report keeps per exercise, from the start and the end.
pub const REPORT_OUTPUT_HEAD: usize = 4 * 1024;
pub const REPORT_OUTPUT_TAIL: usize = 4 * 1024;

/// How libtest names the tests of the course's `mod tests`.
const REFERENCE_PREFIX: &str = "tests::";

/// Where the graded exercise files come from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// The course checkout itself (a learner grading their own work). The
    /// reference tests are the solutions' test modules and "shipped" means
    /// the copy embedded in the checker.
    InPlace,
    /// Another checkout (a student's repository); the reference tests and
    /// shipped files are the pristine course's own exercise files.
    Submission(PathBuf),
}

/// What to grade and how to score it.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Exercise names or topic folders; empty means every exercise.
    pub only: Vec<String>,
    /// Score test exercises by the fraction of their tests that pass.
    pub partial: bool,
}

/// How an exercise was graded. Only `Pass` earns full points; with
/// `--partial`, `Fail`, `Timeout` and `TestsModified` earn their share of
/// passing tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    Timeout,
    CompileError,
    /// It fails the course's tests and the learner had changed the tests
    /// (which would explain why it passed for them).
    TestsModified,
    /// It tries to subvert grading (shadowed assertion macros, files pulled
    /// in from elsewhere, symlinks); not built, no points.
    Tampered,
    /// The file is byte-identical to the shipped one; not built.
    NotAttempted,
    /// The submission has no such file.
    Missing,
}

impl Status {
    /// The stable name used by every report.
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Timeout => "timeout",
            Status::CompileError => "compile-error",
            Status::TestsModified => "tests-modified",
            Status::Tampered => "tampered",
            Status::NotAttempted => "not-attempted",
            Status::Missing => "missing",
        }
    }

    pub const ALL: [Status; 8] = [
        Status::Pass,
        Status::Fail,
        Status::Timeout,
        Status::CompileError,
        Status::TestsModified,
        Status::Tampered,
        Status::NotAttempted,
        Status::Missing,
    ];
}

/// The grade of one exercise.
#[derive(Debug, Clone)]
pub struct ExerciseGrade {
    pub name: String,
    pub topic: String,
    pub mode: Mode,
    /// The graded file, relative to the submission (`exercises/t/x.rs`).
    pub file: PathBuf,
    pub status: Status,
    pub points: f64,
    pub max_points: u32,
    /// One line: why this status.
    pub reason: String,
    /// The learner's test module differs from the course's.
    pub tests_modified: bool,
    /// What the engine concluded, when the exercise was built.
    pub verdict: Option<Verdict>,
    /// Test cases as the course's tests reported them.
    pub tests: Vec<TestCase>,
    /// Tests the course's test module declares.
    pub tests_expected: usize,
    /// Compiler errors or program output, capped (head and tail).
    pub output: String,
    pub output_truncated: bool,
    /// The line to point at in the learner's file, when one is known.
    pub line: Option<usize>,
    pub duration: Duration,
}

impl ExerciseGrade {
    pub fn passed(&self) -> bool {
        self.status == Status::Pass
    }

    pub fn tests_passed(&self) -> usize {
        self.tests
            .iter()
            .filter(|t| t.outcome == TestOutcome::Passed)
            .count()
    }
}

/// The grade of one submission.
#[derive(Debug, Clone)]
pub struct Grade {
    /// The pristine course's folder name.
    pub course: String,
    /// The submission as given (a path, or `.` in place).
    pub submission: String,
    pub partial: bool,
    pub exercises: Vec<ExerciseGrade>,
    pub duration: Duration,
}

impl Grade {
    pub fn total(&self) -> f64 {
        self.exercises.iter().map(|e| e.points).sum()
    }

    pub fn max(&self) -> u32 {
        self.exercises.iter().map(|e| e.max_points).sum()
    }
}

/// The exercises `only` names (by name or topic), in course order; all of
/// them when `only` is empty. An unknown name is a usage error.
pub fn select<'a>(course: &'a Course, only: &[String]) -> anyhow::Result<Vec<&'a Exercise>> {
    for wanted in only {
        let known = course
            .exercises
            .iter()
            .any(|e| &e.name == wanted || &e.dir == wanted);
        if !known {
            let err = course.find(wanted).unwrap_err();
            bail!(
                "--only {wanted}: {err:#} (or a topic folder such as `{}`)",
                course.exercises[0].dir
            );
        }
    }
    Ok(course
        .exercises
        .iter()
        .filter(|e| only.is_empty() || only.iter().any(|w| w == &e.name || w == &e.dir))
        .collect())
}

/// What the course says an exercise should be judged against.
struct Reference {
    /// The course's test module (test mode).
    tests: Option<String>,
    /// The file as shipped, to recognise an untouched exercise.
    shipped: Option<Vec<u8>>,
    /// Macro names and file inclusions the shipped code itself has.
    shipped_code: String,
}

fn reference(course: &Course, exercise: &Exercise, origin: &Origin) -> anyhow::Result<Reference> {
    let read = |source| {
        let path = course.root.join(exercise.relative_path(source));
        std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
    };
    let solution = read(Source::Solution)?;
    let shipped = match origin {
        Origin::Submission(_) => Some(read(Source::Exercise)?.into_bytes()),
        Origin::InPlace => {
            shipped::file(&format!("{}/{}.rs", exercise.dir, exercise.name)).map(<[u8]>::to_vec)
        }
    };
    let shipped_text = shipped
        .as_deref()
        .map(|b| String::from_utf8_lossy(b).into_owned());
    let tests = match exercise.mode {
        Mode::Run => None,
        Mode::Test => {
            let from_shipped = match origin {
                Origin::Submission(_) => shipped_text.as_deref().and_then(test_module::tests),
                Origin::InPlace => None,
            };
            let tests = from_shipped.or_else(|| test_module::tests(&solution));
            match tests {
                Some(tests) => Some(tests.to_string()),
                None => bail!(
                    "{}: the course has no reference test module for this test-mode exercise; run `checker dev check`",
                    exercise.name
                ),
            }
        }
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

/// Why the learner's code subverts grading, if it does: it rebinds a macro
/// the course's tests invoke by bare name (textual `macro_rules!` scope
/// reaches the test module below and beats the standard prelude), or pulls
/// other files into the build. Whatever the shipped file already does is
/// allowed.
fn tampering(code: &str, reference: &Reference) -> Vec<String> {
    let mut found = Vec::new();
    let tests_use = reference
        .tests
        .as_deref()
        .map(scan::invoked_macros)
        .unwrap_or_default();
    let shipped_binds: Vec<String> = scan::macro_bindings(&reference.shipped_code)
        .into_iter()
        .map(|b| b.name)
        .collect();
    let tests_define: Vec<String> = reference
        .tests
        .as_deref()
        .map(scan::macro_bindings)
        .unwrap_or_default()
        .into_iter()
        .map(|b| b.name)
        .collect();
    for binding in scan::macro_bindings(code) {
        if tests_use.contains(&binding.name)
            && !shipped_binds.contains(&binding.name)
            && !tests_define.contains(&binding.name)
        {
            found.push(format!(
                "line {}: redefines `{}!`, which the course's tests use",
                binding.line, binding.name
            ));
        }
    }
    let shipped_includes = scan::file_inclusions(&reference.shipped_code).len();
    let includes = scan::file_inclusions(code);
    if includes.len() > shipped_includes {
        for inclusion in includes {
            found.push(format!(
                "line {}: `{}` pulls another file into the build; only the exercise file is graded",
                inclusion.line,
                if inclusion.name == "path" {
                    "#[path]".to_string()
                } else {
                    format!("{}!", inclusion.name)
                }
            ));
        }
    }
    found
}

/// An exercise decided before building, or the text to build.
enum Prepared {
    Decided(ExerciseGrade),
    Build { grade: ExerciseGrade, text: String },
}

fn prepare(course: &Course, exercise: &Exercise, origin: &Origin) -> anyhow::Result<Prepared> {
    let reference = reference(course, exercise, origin)?;
    let file = exercise.relative_path(Source::Exercise);
    let submission_root = match origin {
        Origin::InPlace => course.root.as_path(),
        Origin::Submission(dir) => dir.as_path(),
    };
    let tests_expected = reference.tests.as_deref().map_or(0, scan::count_tests);
    let mut grade = ExerciseGrade {
        name: exercise.name.clone(),
        topic: exercise.dir.clone(),
        mode: exercise.mode,
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
        duration: Duration::ZERO,
    };
    let decided = |mut grade: ExerciseGrade, status, reason: String| {
        grade.status = status;
        grade.reason = reason;
        Ok(Prepared::Decided(grade))
    };
    let text = match submission::read(submission_root, &file) {
        Submitted::Text(text) => text,
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
    if reference.shipped.as_deref() == Some(text.as_bytes()) {
        return decided(
            grade,
            Status::NotAttempted,
            "unchanged from the shipped file".into(),
        );
    }
    let tampered = tampering(code_part(&text), &reference);
    if !tampered.is_empty() {
        grade.line = tampered
            .first()
            .and_then(|t| t.strip_prefix("line "))
            .and_then(|t| t.split(':').next())
            .and_then(|n| n.parse().ok());
        return decided(grade, Status::Tampered, tampered.join("; "));
    }
    let text = match &reference.tests {
        Some(tests) => {
            grade.tests_modified = test_module::tests(&text) != Some(tests.as_str());
            test_module::replace(&text, tests)
        }
        None => text,
    };
    Ok(Prepared::Build { grade, text })
}

/// Grades the selected exercises of `origin` against `course` (the
/// pristine checkout), building in a stage under the course's target
/// directory. `Err` is for problems of the course or the machine, never for
/// anything a submission contains.
pub async fn grade(
    course: &Course,
    engine: &Engine,
    origin: &Origin,
    options: &Options,
) -> anyhow::Result<Grade> {
    let started = Instant::now();
    let selected = select(course, &options.only)?;
    if let Origin::Submission(dir) = origin {
        refuse_enclosing(&course.root, dir)?;
    }
    let mut grades: Vec<Option<ExerciseGrade>> = vec![None; selected.len()];
    let mut to_build = Vec::new();
    for (index, exercise) in selected.iter().enumerate() {
        match prepare(course, exercise, origin)? {
            Prepared::Decided(grade) => grades[index] = Some(grade),
            Prepared::Build { grade, text } => to_build.push((index, grade, text)),
        }
    }
    if !to_build.is_empty() {
        // The solutions are withheld; exercises not graded now become empty
        // programs, because several test harnesses are built together with
        // `cargo build --tests`, which compiles every bin of the package.
        let building: Vec<&str> = to_build
            .iter()
            .map(|(i, _, _)| selected[*i].name.as_str())
            .collect();
        let withheld: Vec<PathBuf> = course
            .exercises
            .iter()
            .map(|e| e.relative_path(Source::Solution))
            .chain(
                course
                    .exercises
                    .iter()
                    .filter(|e| !building.contains(&e.name.as_str()))
                    .map(|e| e.relative_path(Source::Exercise)),
            )
            .collect();
        let stage = Stage::prepare(&course.root, &withheld)?;
        for (_, grade, text) in &to_build {
            stage.write(&grade.file, text)?;
        }
        let engine = Engine {
            root: stage.root.clone(),
            target_dir: course.root.join(submission::GRADE_DIR).join("build"),
            color: false,
            jobs: engine.jobs,
        };
        let exercises: Vec<&Exercise> = to_build.iter().map(|(i, _, _)| selected[*i]).collect();
        let checks = engine
            .check_many(&exercises, Source::Exercise, |_| {})
            .await?;
        for ((index, mut grade, _), check) in to_build.into_iter().zip(checks) {
            judge(&mut grade, check, options.partial);
            grades[index] = Some(grade);
        }
    }
    Ok(Grade {
        course: course
            .root
            .canonicalize()
            .unwrap_or_else(|_| course.root.clone())
            .file_name()
            .map_or_else(|| "course".into(), |n| n.to_string_lossy().into_owned()),
        submission: match origin {
            Origin::InPlace => ".".into(),
            Origin::Submission(dir) => dir.display().to_string(),
        },
        partial: options.partial,
        exercises: grades
            .into_iter()
            .map(|g| g.expect("every exercise graded"))
            .collect(),
        duration: started.elapsed(),
    })
}

/// Refuses a submission folder that holds the pristine course: cargo and
/// rustup read `.cargo/config.toml` and `rust-toolchain.toml` from every
/// folder above the build, so the student's files would configure (or
/// replace, with a `rustc-wrapper`) the compiler.
fn refuse_enclosing(course: &Path, submission: &Path) -> anyhow::Result<()> {
    let canonical = |p: &Path| {
        p.canonicalize()
            .with_context(|| format!("cannot find {}", p.display()))
    };
    let (course, submission) = (canonical(course)?, canonical(submission)?);
    if course.starts_with(&submission) {
        bail!(
            "the course ({}) is inside the submission ({}): cargo would read the student's              .cargo/config.toml above the build. Check the two out side by side              (e.g. `course/` and `submission/`), as docs/classroom.md shows",
            course.display(),
            submission.display()
        );
    }
    Ok(())
}

/// Turns the engine's check into status, points, reason and output.
fn judge(grade: &mut ExerciseGrade, check: Check, partial: bool) {
    let relative = grade.file.display().to_string();
    grade.duration = check.run_time;
    // Only the course's module counts: tests a learner adds elsewhere in the
    // file (`mod my_tests`, a `#[test]` at the top level) still run, and
    // fail the exercise if they fail, but never earn partial credit.
    grade.tests = check
        .tests
        .iter()
        .filter(|t| t.name.starts_with(REFERENCE_PREFIX))
        .cloned()
        .collect();
    let expected = grade.tests_expected.max(grade.tests.len());
    let passed = grade.tests_passed();
    let (status, reason) = match &check.verdict {
        Verdict::Passed => (
            Status::Pass,
            match grade.mode {
                Mode::Test => format!("all {passed} of the course's tests pass"),
                Mode::Run => "main runs to the end".to_string(),
            },
        ),
        Verdict::CompileError => {
            let first = check
                .diagnostics
                .iter()
                .find(|d| matches!(d.level, DiagnosticLevel::Error | DiagnosticLevel::Ice));
            let message =
                first.map_or("rustc reported an error".to_string(), |d| d.message.clone());
            (Status::CompileError, format!("does not compile: {message}"))
        }
        Verdict::TestsFailed { failed } => (
            Status::Fail,
            format!(
                "{} of {expected} tests failed: {}",
                failed.len(),
                failed.join(", ")
            ),
        ),
        Verdict::NoTests => (Status::Fail, "no test ran, so none passed".to_string()),
        Verdict::ProgramFailed { code, signal } => {
            let how = match (code, signal) {
                (_, Some(signal)) => format!("was killed by signal {signal}"),
                (Some(code), None) => format!("exited with code {code}"),
                (None, None) => "failed".to_string(),
            };
            let reason = match grade.mode {
                Mode::Run => format!("main {how}"),
                Mode::Test => format!(
                    "the test program {how} before reporting every test ({passed} of {expected} passed)"
                ),
            };
            (Status::Fail, reason)
        }
        Verdict::TimedOut { after } => (
            Status::Timeout,
            format!(
                "stopped after {} s (the exercise's timeout)",
                after.as_secs()
            ),
        ),
    };
    grade.status = if status != Status::Pass && grade.tests_modified {
        Status::TestsModified
    } else {
        status
    };
    grade.reason = if grade.tests_modified {
        format!("tests were modified; with the course's tests: {reason}")
    } else {
        reason
    };
    grade.points = match grade.status {
        Status::Pass => f64::from(grade.max_points),
        Status::Fail | Status::Timeout | Status::TestsModified
            if partial && grade.mode == Mode::Test && expected > 0 =>
        {
            f64::from(grade.max_points) * passed as f64 / expected as f64
        }
        _ => 0.0,
    };
    let full = match check.verdict {
        Verdict::CompileError => check
            .diagnostics
            .iter()
            .filter(|d| matches!(d.level, DiagnosticLevel::Error | DiagnosticLevel::Ice))
            .filter_map(|d| d.rendered.clone())
            .collect::<String>(),
        _ => check.output.as_ref().map(|o| o.text()).unwrap_or_default(),
    };
    let (output, truncated) = cap(&full, REPORT_OUTPUT_HEAD, REPORT_OUTPUT_TAIL);
    grade.output = output;
    grade.output_truncated = truncated || check.output.as_ref().is_some_and(|o| o.cut() > 0);
    grade.line = match check.verdict {
        Verdict::CompileError => check
            .diagnostics
            .iter()
            .filter(|d| matches!(d.level, DiagnosticLevel::Error | DiagnosticLevel::Ice))
            .flat_map(|d| d.spans.iter())
            .find(|s| s.is_primary && s.file_name == relative)
            .map(|s| s.line_start),
        Verdict::Passed => None,
        _ => panic_line(&full, &relative),
    };
    grade.verdict = Some(check.verdict);
}

/// The line of the first `panicked at FILE:LINE:COL` in `output` for `file`.
fn panic_line(output: &str, file: &str) -> Option<usize> {
    let needle = format!("panicked at {file}:");
    let at = output.find(&needle)? + needle.len();
    let digits: String = output[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// `text` cut to its first `head` and last `tail` bytes (at char
/// boundaries) with a marker between; whether anything was cut.
pub fn cap(text: &str, head: usize, tail: usize) -> (String, bool) {
    if text.len() <= head + tail {
        return (text.to_string(), false);
    }
    let mut start_end = head;
    while !text.is_char_boundary(start_end) {
        start_end -= 1;
    }
    let mut end_start = text.len() - tail;
    while !text.is_char_boundary(end_start) {
        end_start += 1;
    }
    let cut = end_start - start_end;
    (
        format!(
            "{}\n[... {cut} bytes cut ...]\n{}",
            &text[..start_end],
            &text[end_start..]
        ),
        true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_keeps_head_and_tail_at_char_boundaries() {
        let text = "é".repeat(100);
        let (capped, cut) = cap(&text, 11, 11);
        assert!(cut);
        assert!(capped.starts_with("ééééé\n["), "{capped}");
        assert!(capped.ends_with("]\nééééé"), "{capped}");
        assert_eq!(cap("short", 10, 10), ("short".to_string(), false));
    }

    #[test]
    fn panic_line_is_read_for_the_exercise_file() {
        let out = "thread 'tests::a' panicked at exercises/t/a.rs:42:5:\nboom";
        assert_eq!(panic_line(out, "exercises/t/a.rs"), Some(42));
        assert_eq!(panic_line(out, "exercises/t/b.rs"), None);
    }
}
