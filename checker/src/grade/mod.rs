//! Grading: a learner's exercise files judged by the course's own tests.
//! For each selected exercise the learner's file is read from the
//! submission, checked for tampering, has its test module replaced by the
//! course's reference copy, and is built in a stage of the pristine course;
//! the engine's verdicts then become a [`Grade`] with points, rounded once
//! (`score`). The report modules are renderers over a `Grade`; none of them
//! judges anything; `actions` is what goes into a GitHub Actions log beside
//! them. A class is graded student by student (`class`), possibly one
//! partition of it per machine (`partition`), into class reports
//! (`report_class`) that `merge` joins.

pub mod actions;
pub mod class;
mod judge;
pub mod merge;
pub mod partition;
mod prepare;
pub mod report_class;
pub mod report_classroom;
pub mod report_human;
pub mod report_json;
pub mod report_junit;
pub mod scan;
pub mod score;
pub mod submission;

use crate::engine::Engine;
use crate::info_file::{Course, Exercise, Source};
use crate::verdict::{TestCase, TestOutcome, Verdict};
use anyhow::{Context, bail};
use judge::judge;
use prepare::{Prepared, prepare};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use submission::Stage;

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
    /// rustc was still compiling it when the build's time limit ran out.
    BuildTimeout,
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
            Status::BuildTimeout => "build-timeout",
            Status::CompileError => "compile-error",
            Status::TestsModified => "tests-modified",
            Status::Tampered => "tampered",
            Status::NotAttempted => "not-attempted",
            Status::Missing => "missing",
        }
    }
}

/// The grade of one exercise.
#[derive(Debug, Clone)]
pub struct ExerciseGrade {
    pub name: String,
    pub topic: String,
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
    /// The async doctor's notes on why it failed, as run and watch show them.
    pub doctor: Vec<crate::doctor::Explanation>,
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
    /// The exact sum of what the exercises earned.
    pub fn total(&self) -> f64 {
        self.exercises.iter().map(|e| e.points).sum()
    }

    /// The total rounded once, to hundredths: the score every report shows.
    pub fn score(&self) -> f64 {
        score::points(score::hundredths(self.total()))
    }

    /// Each exercise's share of [`Grade::score`], in hundredths of a point:
    /// the shares add up to the score exactly.
    pub fn shares(&self) -> Vec<u64> {
        let earned: Vec<f64> = self.exercises.iter().map(|e| e.points).collect();
        score::shares(&earned)
    }

    /// Each exercise's points as reports show them: its share of the score.
    pub fn shown_points(&self) -> Vec<f64> {
        self.shares().into_iter().map(score::points).collect()
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
            Prepared::Build { grade, text, lines } => to_build.push((index, grade, text, lines)),
        }
    }
    if !to_build.is_empty() {
        // The solutions are withheld; exercises not graded now become empty
        // programs, because several test harnesses are built together with
        // `cargo build --tests`, which compiles every bin of the package.
        let building: Vec<&str> = to_build
            .iter()
            .map(|(i, ..)| selected[*i].name.as_str())
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
        for (_, grade, text, _) in &to_build {
            stage.write(&grade.file, text)?;
        }
        let engine = engine.for_stage(
            &stage.root,
            &course.root.join(submission::GRADE_DIR).join("build"),
        );
        let exercises: Vec<&Exercise> = to_build.iter().map(|(i, ..)| selected[*i]).collect();
        let checks = engine
            .check_many(&exercises, Source::Exercise, |_| {})
            .await?;
        for ((index, mut grade, _, lines), check) in to_build.into_iter().zip(checks) {
            judge(&mut grade, selected[index], check, options.partial, lines);
            grades[index] = Some(grade);
        }
    }
    Ok(Grade {
        course: course_name(course),
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

/// The pristine course's folder name, as reports name the course.
pub fn course_name(course: &Course) -> String {
    course
        .root
        .canonicalize()
        .unwrap_or_else(|_| course.root.clone())
        .file_name()
        .map_or_else(|| "course".into(), |n| n.to_string_lossy().into_owned())
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
            "the course ({}) is inside the submission ({}): cargo would read the student's \
             .cargo/config.toml above the build. Check the two out side by side \
             (e.g. `course/` and `submission/`), as docs/classroom.md shows",
            course.display(),
            submission.display()
        );
    }
    Ok(())
}
