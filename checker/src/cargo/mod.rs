//! Builds the test harnesses of exercise bins through cargo in one
//! invocation and sorts what cargo reports (diagnostics, executables) by
//! target. Builds go to a target directory of the checker's own so that
//! rust-analyzer and the learner's own `cargo` never wait on the checker's
//! build lock, nor it on theirs. A build has a wall-clock limit: rustc can be
//! made to compile forever (an endless loop in a `const` with
//! `#![allow(long_running_const_eval)]`), so cargo runs in a process group of
//! its own that is killed, with every rustc in it, when time runs out or the
//! build is cancelled.
//!
//! Cargo's output is read as it comes: its JSON messages on stdout, and on
//! stderr its progress line (units built of the total, crates compiling),
//! which a long first build shows. Asked to, it also keeps the rustc command
//! line cargo ran for each requested bin (`-vv`), which `replay` reuses.

mod status;

pub use status::BuildProgress;

use crate::diagnostic::{Diagnostic, is_error};
use crate::process::GroupGuard;
use anyhow::{Context, bail};
use serde::Deserialize;
use status::{StatusLine, StatusLines};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::Command;
use tokio::time::Instant;

/// What to build (the test harnesses of `bins`), and where.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The workspace (holding the root Cargo.toml).
    pub root: &'a Path,
    pub target_dir: &'a Path,
    pub package: &'a str,
    pub bins: &'a [&'a str],
    /// Ask rustc for coloured diagnostics.
    pub color: bool,
    /// Keep the rustc command line of each requested bin cargo compiles.
    pub record: bool,
    /// How long the build may take before it is stopped.
    pub timeout: Duration,
}

/// What cargo said about one target.
#[derive(Debug, Clone, Default)]
pub struct TargetBuild {
    /// rustc's diagnostics for this target, in the order rustc gave them.
    pub diagnostics: Vec<Diagnostic>,
    /// The built program; `None` when it did not compile.
    pub executable: Option<PathBuf>,
}

impl TargetBuild {
    /// Whether rustc reported an error for this target.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(is_error)
    }
}

/// A unit of a package from the file system (a workspace member or a path
/// dependency) that cargo built or found fresh.
#[derive(Debug, Clone)]
pub struct PathUnit {
    pub manifest_path: PathBuf,
    /// Its files: the library, its metadata, the program.
    pub filenames: Vec<PathBuf>,
    /// It is a build script (whose output the package's crates use).
    pub build_script: bool,
}

/// The outcome of one cargo invocation.
#[derive(Debug)]
pub struct Build {
    pub targets: BTreeMap<String, TargetBuild>,
    /// Cargo's own stderr (without progress and status lines), for problems
    /// that belong to no target.
    pub cargo_stderr: String,
    /// With `Request::record`: the rustc command line (as `cargo -vv`
    /// prints it) of each requested bin that cargo compiled.
    pub invocations: BTreeMap<String, String>,
    /// Units of path packages in the build.
    pub path_units: Vec<PathUnit>,
    /// When cargo was started: a file changed since then may not be in the build.
    pub started: SystemTime,
    /// Set when the build ran out of time and was stopped; the requested
    /// targets with neither a program nor an error were still compiling.
    pub timed_out: Option<Duration>,
}

impl Build {
    /// A build of one bin that did not go through cargo (a replay).
    pub fn of(bin: &str, target: TargetBuild) -> Build {
        Build {
            targets: BTreeMap::from([(bin.to_string(), target)]),
            cargo_stderr: String::new(),
            invocations: BTreeMap::new(),
            path_units: Vec::new(),
            started: SystemTime::now(),
            timed_out: None,
        }
    }
}

/// Builds the test harnesses of `request.bins` of `request.package`,
/// calling `on_progress` as cargo reports progress (cargo first reports
/// after half a second, so a warm build reports nothing).
///
/// One failing bin does not stop the others (`--keep-going`). An `Err` means
/// cargo itself could not do its job (no cargo, a broken manifest), not that
/// an exercise failed to compile. A build still running after the request's
/// timeout is stopped: what finished by then is reported, and `timed_out` is
/// set.
pub async fn build(
    request: &Request<'_>,
    on_progress: &mut (dyn FnMut(&BuildProgress) + Send),
) -> anyhow::Result<Build> {
    let mut command = command(request);
    let started = SystemTime::now();
    let deadline = Instant::now() + request.timeout;
    let mut child = command
        .spawn()
        .context("could not run cargo; is the Rust toolchain installed and on PATH?")?;
    // Declared after `child`, so it is dropped first: a cancelled check kills
    // cargo and every rustc it started while cargo is not yet reaped.
    let guard = child.id().map(|pid| GroupGuard::new(pid as i32));
    let mut build = Build {
        targets: request
            .bins
            .iter()
            .map(|bin| ((*bin).to_string(), TargetBuild::default()))
            .collect(),
        cargo_stderr: String::new(),
        invocations: BTreeMap::new(),
        path_units: Vec::new(),
        started,
        timed_out: None,
    };
    let mut stdout = BufReader::new(child.stdout.take().expect("piped")).lines();
    let mut stderr = child.stderr.take().expect("piped");
    let mut status_lines = StatusLines::default();
    let (mut stdout_open, mut stderr_open) = (true, true);
    let mut chunk = vec![0u8; 16 * 1024];
    // Both pipes are read as cargo writes (a full pipe would stall it), and
    // what was read is kept when time runs out mid-build.
    while stdout_open || stderr_open {
        tokio::select! {
            line = stdout.next_line(), if stdout_open => {
                match line.context("could not read cargo's output")? {
                    Some(line) => read_message(&line, &mut build)?,
                    None => stdout_open = false,
                }
            }
            read = stderr.read(&mut chunk), if stderr_open => {
                let n = read.context("could not read cargo's output")?;
                if n == 0 {
                    stderr_open = false;
                }
                for event in status_lines.push(&chunk[..n], n == 0) {
                    match event {
                        StatusLine::Progress(progress) => on_progress(&progress),
                        StatusLine::Running(line) => keep_invocation(&line, request, &mut build),
                        StatusLine::Text(line) => {
                            build.cargo_stderr.push_str(&line);
                            build.cargo_stderr.push('\n');
                        }
                    }
                }
            }
            () = tokio::time::sleep_until(deadline) => break,
        }
    }
    let status = if stdout_open || stderr_open {
        None
    } else {
        tokio::time::timeout_at(deadline, child.wait()).await.ok()
    };
    let status = match status {
        Some(status) => {
            let status = status.context("could not wait for cargo")?;
            // Cargo is reaped: its group id may be reused, so no kill now.
            if let Some(guard) = guard {
                guard.disarm();
            }
            status
        }
        None => {
            // Out of time: the group dies while cargo is not yet reaped.
            drop(guard);
            let _ = child.wait().await;
            build.timed_out = Some(request.timeout);
            return Ok(build);
        }
    };
    // Cargo failed and a requested target has nothing to show for it (no
    // program, no error of its own): the workspace itself is broken. Errors
    // in bins outside the request (built by `--tests`) are not ours to report.
    let unexplained = build
        .targets
        .values()
        .any(|t| t.executable.is_none() && !t.has_errors());
    if !status.success() && unexplained {
        bail!(
            "cargo could not build the {} package:\n{}",
            request.package,
            build.cargo_stderr.trim_end()
        );
    }
    Ok(build)
}

/// The cargo command for `request`.
fn command(request: &Request<'_>) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // One broken exercise must not stop the others from building, but `cargo
    // test` has no `--keep-going` (and `--no-fail-fast` stops scheduling new
    // targets after the first compile error). So several test harnesses are
    // built with `cargo build --tests --keep-going`, which builds the harness
    // of every bin of the package; the hot path, one exercise, stays on
    // `cargo test --no-run --bin NAME`.
    let select_bins = request.bins.len() == 1;
    if select_bins {
        command.args(["test", "--no-run"]);
    } else {
        command.args(["build", "--tests", "--keep-going"]);
    }
    command
        .arg("--manifest-path")
        .arg(request.root.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(request.target_dir)
        .args(["--package", request.package])
        // `-vv` prints each rustc command line with its environment.
        .arg(if request.record { "-vv" } else { "--quiet" })
        .arg(if request.color {
            "--message-format=json-diagnostic-rendered-ansi"
        } else {
            "--message-format=json"
        });
    if select_bins {
        for bin in request.bins {
            command.args(["--bin", bin]);
        }
    }
    command
        .current_dir(request.root)
        // Settings meant for the learner's own builds must not redirect ours.
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env(
            "CARGO_TERM_COLOR",
            if request.color { "always" } else { "never" },
        )
        // The progress line even though stderr is a pipe; cargo draws it
        // only for builds that take longer than half a second.
        .env("CARGO_TERM_PROGRESS_WHEN", "always")
        .env("CARGO_TERM_PROGRESS_WIDTH", "200")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // A timed-out or cancelled check must not leave cargo, or the rustc
        // processes it started, running: they are killed as one group.
        .process_group(0)
        .kill_on_drop(true);
    command
}

/// The cargo messages the checker reads (`--message-format=json`).
#[derive(Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
enum CargoLine {
    CompilerMessage {
        target: Target,
        message: Diagnostic,
    },
    CompilerArtifact(Artifact),
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct Artifact {
    package_id: String,
    manifest_path: PathBuf,
    target: Target,
    profile: Profile,
    filenames: Vec<PathBuf>,
    executable: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Profile {
    test: bool,
}

/// Packages from the file system have ids like `path+file:///...#name@0.1.0`.
fn is_path_package(package_id: &str) -> bool {
    package_id.starts_with("path+")
}

fn read_message(line: &str, build: &mut Build) -> anyhow::Result<()> {
    // Cargo prints only JSON on stdout; anything else (a build script's
    // stray print, say) is not a message.
    if !line.starts_with('{') {
        return Ok(());
    }
    let message: CargoLine = serde_json::from_str(line)
        .with_context(|| format!("could not read cargo's JSON message: {line}"))?;
    match message {
        CargoLine::CompilerMessage { target, message } => {
            if let Some(built) = build.targets.get_mut(&target.name) {
                built.diagnostics.push(message);
            }
        }
        CargoLine::CompilerArtifact(artifact) => {
            if let Some(built) = build.targets.get_mut(&artifact.target.name)
                && artifact.profile.test
                && let Some(exe) = &artifact.executable
            {
                built.executable = Some(exe.clone());
            }
            if is_path_package(&artifact.package_id) {
                build.path_units.push(PathUnit {
                    manifest_path: artifact.manifest_path,
                    build_script: artifact.target.kind.iter().any(|k| k == "custom-build"),
                    filenames: artifact.filenames,
                });
            }
        }
        CargoLine::Other => {}
    }
    Ok(())
}

/// Keeps the command line if it is rustc compiling a requested bin.
fn keep_invocation(line: &str, request: &Request<'_>, build: &mut Build) {
    if !request.record {
        return;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let crate_name = words
        .windows(2)
        .find(|w| w[0] == "--crate-name")
        .map(|w| w[1]);
    if let Some(name) = crate_name
        && request.bins.contains(&name)
        && words.contains(&"--test")
    {
        build.invocations.insert(name.to_string(), line.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_sorted_by_target() {
        let mut build = Build::of("a1", TargetBuild::default());
        let artifact = r#"{"reason":"compiler-artifact","package_id":"path+file:///c/exercises#0.1.0","manifest_path":"/c/exercises/Cargo.toml","target":{"kind":["bin"],"crate_types":["bin"],"name":"a1","src_path":"/c/exercises/t/a1.rs"},"profile":{"opt_level":"0","debuginfo":0,"debug_assertions":true,"overflow_checks":true,"test":true},"features":[],"filenames":["/c/t/debug/deps/a1-1"],"executable":"/c/t/debug/deps/a1-1","fresh":false}"#;
        read_message(artifact, &mut build).unwrap();
        read_message(r#"{"reason":"build-finished","success":true}"#, &mut build).unwrap();
        assert_eq!(
            build.targets["a1"].executable.as_deref(),
            Some(Path::new("/c/t/debug/deps/a1-1"))
        );
        assert_eq!(build.path_units.len(), 1);
        assert!(!build.path_units[0].build_script);
    }
}
