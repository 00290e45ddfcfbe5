//! The one engine: turns exercises into verdicts. It builds every requested
//! exercise's test harness in one cargo invocation, then runs them
//! in parallel, each under its own timeout. Dropping the returned future
//! cancels the check and kills everything it started.
//!
//! A check of one exercise first tries to replay its recorded rustc command
//! (see `replay`), which skips cargo when only the exercise's source changed.

use crate::cargo::{self, Build, BuildProgress, Request};
use crate::diagnostic::Diagnostic;
use crate::info_file::{Exercise, Source};
use crate::libtest;
use crate::process::{self, Exit};
use crate::replay::{self, Replayed};
use crate::verdict::{Check, TestOutcome, Verdict};
use std::fmt;
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
    /// Replay a one-exercise check's recorded rustc command while nothing
    /// but the exercise's source changed (see `replay`).
    pub replay: bool,
    /// Hears what the checks are doing, for a front end's progress bar.
    pub observer: Option<Observer>,
}

/// What the engine is doing, as a front end's progress bar shows it.
#[derive(Debug, Clone, Copy)]
pub enum Activity<'a> {
    /// Cargo is building (reported only by builds that take a while: the
    /// first one, which compiles the dependencies).
    Building(&'a BuildProgress),
    /// `done` of the `total` exercises asked for have their verdict.
    Checked { done: usize, total: usize },
}

/// Hears the engine's `Activity`.
#[derive(Clone)]
pub struct Observer(pub Arc<dyn Fn(Activity<'_>) + Send + Sync>);

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer")
    }
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
            replay: true,
            observer: None,
        }
    }

    /// This engine, telling `observer` what it is doing.
    pub fn observed(&self, observer: impl Fn(Activity<'_>) + Send + Sync + 'static) -> Engine {
        Engine {
            observer: Some(Observer(Arc::new(observer))),
            ..self.clone()
        }
    }

    /// The same engine for a copy of the course at `root`, building into
    /// `target_dir`, without colour: grading builds each submission in a
    /// stage of the course and keeps one target directory for all of them.
    pub fn for_stage(&self, root: &Path, target_dir: &Path) -> Engine {
        Engine {
            root: root.to_path_buf(),
            target_dir: target_dir.to_path_buf(),
            color: false,
            // Not the hot path, and every submission rewrites the stage.
            replay: false,
            ..self.clone()
        }
    }

    fn tell(&self, activity: Activity<'_>) {
        if let Some(Observer(observer)) = &self.observer {
            observer(activity);
        }
    }

    /// Builds `request`'s bins: by replaying rustc when it can (a
    /// recording request), through cargo otherwise, recording anew.
    async fn build(&self, request: &Request<'_>) -> anyhow::Result<Build> {
        if request.record {
            match replay::replay(request).await {
                Replayed::Built(build) => return Ok(build),
                Replayed::Unusable(_) => {}
            }
        }
        let mut on_progress = |progress: &BuildProgress| self.tell(Activity::Building(progress));
        let build = cargo::build(request, &mut on_progress).await?;
        if request.record && build.timed_out.is_none() {
            replay::record(request, &build);
        }
        Ok(build)
    }

    /// Whether nothing has been built yet: the next check also compiles the
    /// course's dependencies, which takes half a minute or more instead of a fraction of a second.
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
        let total = exercises.len();
        let mut done = 0;
        let mut on_check = |check: &Check| {
            done += 1;
            self.tell(Activity::Checked { done, total });
            on_check(check);
        };
        let mut checks: Vec<Option<Check>> = vec![None; exercises.len()];
        // Read just before the build, so the text is the one rustc compiles
        // (a few kilobytes per file: a blocking read is cheaper than a thread).
        let mut files: Vec<Option<(PathBuf, String)>> = exercises
            .iter()
            .map(|e| {
                let path = e.relative_path(source);
                let code = std::fs::read_to_string(self.root.join(&path)).unwrap_or_default();
                Some((path, code))
            })
            .collect();
        let mut programs = Vec::new();
        let names: Vec<&str> = exercises.iter().map(|e| e.name.as_str()).collect();
        if !names.is_empty() {
            let request = Request {
                root: &self.root,
                target_dir: &self.target_dir,
                package: source.package(),
                bins: &names,
                color: self.color,
                record: self.replay && names.len() == 1,
                timeout: self.build_timeout,
            };
            let mut build = self.build(&request).await?;
            for (index, exercise) in exercises.iter().enumerate() {
                let target = build.targets.remove(&exercise.name).unwrap_or_default();
                let file = files[index].take().expect("each exercise is built once");
                match target.executable {
                    Some(exe) if !target.has_errors() => {
                        programs.push((index, exe, target.diagnostics, file));
                    }
                    _ => {
                        let (path, code) = file;
                        let verdict = match build.timed_out {
                            Some(after) if !target.has_errors() => Verdict::BuildTimedOut { after },
                            _ => Verdict::CompileError,
                        };
                        let check = Check {
                            exercise: exercise.name.clone(),
                            source,
                            path,
                            code,
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
        for (index, exe, diagnostics, file) in programs {
            let exercise = exercises[index].clone();
            let slots = Arc::clone(&slots);
            let (root, color) = (self.root.clone(), self.color);
            running.spawn(async move {
                let _slot = slots.acquire_owned().await;
                let check =
                    run_program(&root, &exercise, source, &exe, diagnostics, file, color).await;
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

/// Runs a built exercise and judges what it did; `(path, code)` is the
/// checked file, passed on to the `Check`.
async fn run_program(
    root: &Path,
    exercise: &Exercise,
    source: Source,
    exe: &Path,
    diagnostics: Vec<Diagnostic>,
    (path, code): (PathBuf, String),
    color: bool,
) -> anyhow::Result<Check> {
    // --show-output: a passing test's printout (a timeline, say) is part of the lesson.
    let args = [
        "--show-output",
        "--color",
        if color { "always" } else { "never" },
    ];
    // Backtraces bury the panic message a learner needs; the message has the line.
    let run = process::run(
        exe,
        &args,
        root,
        &[("RUST_BACKTRACE", "0")],
        exercise.timeout,
    )
    .await?;
    let tests = libtest::parse(run.output.test_lines());
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
            let finished = libtest::finished(run.output.test_lines());
            if !failed.is_empty() {
                Verdict::TestsFailed { failed }
            } else if !finished || !status.success() {
                Verdict::ProgramFailed {
                    code: status.code(),
                    signal: status.signal(),
                }
            } else if !any_passed {
                Verdict::NoTests
            } else {
                Verdict::Passed
            }
        }
    };
    Ok(Check {
        exercise: exercise.name.clone(),
        source,
        path,
        code,
        verdict,
        diagnostics,
        tests,
        output: Some(run.output),
        run_time: run.duration,
    })
}
