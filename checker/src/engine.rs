//! The one engine: turns exercises into verdicts. It builds every requested
//! exercise in one cargo invocation per kind of build, then runs the programs
//! in parallel, each under its own timeout. Dropping the returned future
//! cancels the check and kills everything it started.

use crate::cargo::{self, BuildKind};
use crate::info_file::{Exercise, Mode, Source};
use crate::libtest;
use crate::process::{self, Exit};
use crate::verdict::{Check, TestOutcome, Verdict};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Where and how checks build and run.
#[derive(Debug, Clone)]
pub struct Engine {
    /// The course workspace (holding the root Cargo.toml).
    pub root: PathBuf,
    /// The checker's own target directory.
    pub target_dir: PathBuf,
    /// Ask rustc and libtest for colour.
    pub color: bool,
    /// Most programs running at once.
    pub jobs: usize,
    /// How long one cargo invocation may compile before it is stopped.
    pub build_timeout: Duration,
}

/// The default build time limit: far beyond a cold build of the whole
/// course with its dependencies on a slow machine, short enough that a
/// submission that makes rustc loop forever does not stall a class regrade.
pub const DEFAULT_BUILD_TIMEOUT: Duration = Duration::from_secs(10 * 60);

impl Engine {
    /// An engine for the course at `root`, building into `root/target/checker`.
    pub fn new(root: &Path, color: bool) -> Engine {
        Engine {
            root: root.to_path_buf(),
            target_dir: root.join("target").join("checker"),
            color,
            jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            build_timeout: DEFAULT_BUILD_TIMEOUT,
        }
    }

    /// Whether nothing has been built yet: the next check also compiles the
    /// course's dependencies, which takes a minute or two instead of a second.
    pub fn is_first_build(&self) -> bool {
        !self.target_dir.exists()
    }

    /// Checks one exercise.
    pub async fn check(&self, exercise: &Exercise, source: Source) -> anyhow::Result<Check> {
        let mut checks = self.check_many(&[exercise], source, |_| {}).await?;
        Ok(checks.remove(0))
    }

    /// Checks `exercises`, calling `on_check` as each verdict is known, and
    /// returns the checks in the order given.
    pub async fn check_many(
        &self,
        exercises: &[&Exercise],
        source: Source,
        mut on_check: impl FnMut(&Check),
    ) -> anyhow::Result<Vec<Check>> {
        let mut checks: Vec<Option<Check>> = vec![None; exercises.len()];
        let mut programs = Vec::new();
        for (mode, kind) in [(Mode::Test, BuildKind::Tests), (Mode::Run, BuildKind::Bins)] {
            let names: Vec<&str> = exercises
                .iter()
                .filter(|e| e.mode == mode)
                .map(|e| e.name.as_str())
                .collect();
            if names.is_empty() {
                continue;
            }
            let mut build = cargo::build(
                &self.root,
                &self.target_dir,
                source.package(),
                &names,
                kind,
                self.color,
                self.build_timeout,
            )
            .await?;
            for (index, exercise) in exercises.iter().enumerate() {
                if exercise.mode != mode {
                    continue;
                }
                let target = build.targets.remove(&exercise.name).unwrap_or_default();
                match target.executable {
                    Some(exe) if !target.has_errors() => {
                        programs.push((index, exe, target.diagnostics));
                    }
                    _ => {
                        let verdict = match build.timed_out {
                            Some(after) if !target.has_errors() => Verdict::BuildTimedOut { after },
                            _ => Verdict::CompileError,
                        };
                        let check = Check {
                            exercise: exercise.name.clone(),
                            source,
                            verdict,
                            diagnostics: target.diagnostics,
                            tests: Vec::new(),
                            output: None,
                            run_time: Duration::ZERO,
                        };
                        on_check(&check);
                        checks[index] = Some(check);
                    }
                }
            }
        }

        let slots = Arc::new(Semaphore::new(self.jobs.max(1)));
        let mut running = JoinSet::new();
        for (index, exe, diagnostics) in programs {
            let exercise = exercises[index].clone();
            let slots = Arc::clone(&slots);
            let (root, color) = (self.root.clone(), self.color);
            running.spawn(async move {
                let _slot = slots.acquire_owned().await;
                let check = run_program(&root, &exercise, source, &exe, diagnostics, color).await;
                (index, check)
            });
        }
        while let Some(joined) = running.join_next().await {
            let (index, check) = joined?;
            let check = check?;
            on_check(&check);
            checks[index] = Some(check);
        }
        Ok(checks
            .into_iter()
            .map(|c| c.expect("every exercise was checked"))
            .collect())
    }
}

/// Runs a built exercise and judges what it did.
async fn run_program(
    root: &Path,
    exercise: &Exercise,
    source: Source,
    exe: &Path,
    diagnostics: Vec<cargo_metadata::diagnostic::Diagnostic>,
    color: bool,
) -> anyhow::Result<Check> {
    let args: &[&str] = match exercise.mode {
        // --show-output: a passing test's printout (a timeline, say) is part of the lesson.
        Mode::Test => &[
            "--show-output",
            "--color",
            if color { "always" } else { "never" },
        ],
        Mode::Run => &[],
    };
    // Backtraces bury the panic message a learner needs; the message has the line.
    let run = process::run(
        exe,
        args,
        root,
        &[("RUST_BACKTRACE", "0")],
        exercise.timeout,
    )
    .await?;
    let tests = match exercise.mode {
        Mode::Test => libtest::parse(run.output.test_lines()),
        Mode::Run => Vec::new(),
    };
    let verdict = match run.exit {
        Exit::TimedOut(after) => Verdict::TimedOut { after },
        Exit::Status(status) => {
            let failed: Vec<String> = tests
                .iter()
                .filter(|t| t.outcome == TestOutcome::Failed)
                .map(|t| t.name.clone())
                .collect();
            let any_passed = tests.iter().any(|t| t.outcome == TestOutcome::Passed);
            // Without libtest's closing line the harness did not finish: the
            // program exited early (`process::exit` in the code under test, say).
            let finished = run
                .output
                .test_lines()
                .iter()
                .any(|l| libtest::strip_ansi(l).starts_with("test result:"));
            match exercise.mode {
                Mode::Test if !failed.is_empty() => Verdict::TestsFailed { failed },
                Mode::Test if !finished || !status.success() => Verdict::ProgramFailed {
                    code: status.code(),
                    signal: status.signal(),
                },
                Mode::Run if !status.success() => Verdict::ProgramFailed {
                    code: status.code(),
                    signal: status.signal(),
                },
                Mode::Test if !any_passed => Verdict::NoTests,
                _ => Verdict::Passed,
            }
        }
    };
    Ok(Check {
        exercise: exercise.name.clone(),
        source,
        verdict,
        diagnostics,
        tests,
        output: Some(run.output),
        run_time: run.duration,
    })
}
