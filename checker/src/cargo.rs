//! Builds the test harnesses of exercise bins through cargo in one invocation
//! and sorts what cargo reports (diagnostics, executables) by target. Builds go to a target
//! directory of the checker's own so that rust-analyzer and the learner's own
//! `cargo` never wait on the checker's build lock, nor it on theirs. A build
//! has a wall-clock limit: rustc can be made to compile forever (an endless
//! loop in a `const` with `#![allow(long_running_const_eval)]`), so cargo
//! runs in a process group of its own that is killed, with every rustc in
//! it, when time runs out or the build is cancelled.

use crate::process::GroupGuard;
use anyhow::{Context, bail};
use cargo_metadata::Message;
use cargo_metadata::diagnostic::{Diagnostic, DiagnosticLevel};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::process::Command;
use tokio::time::Instant;

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
        self.diagnostics
            .iter()
            .any(|d| matches!(d.level, DiagnosticLevel::Error | DiagnosticLevel::Ice))
    }
}

/// The outcome of one cargo invocation.
#[derive(Debug, Default)]
pub struct Build {
    pub targets: BTreeMap<String, TargetBuild>,
    /// Cargo's own stderr, for problems that belong to no target.
    pub cargo_stderr: String,
    /// Set when the build ran out of time and was stopped; the requested
    /// targets with neither a program nor an error were still compiling.
    pub timed_out: Option<Duration>,
}

/// Builds the libtest harness of `bins` of `package` in the workspace at
/// `root` (every exercise is checked by its tests).
///
/// One failing bin does not stop the others (`--keep-going`). An `Err` means
/// cargo itself could not do its job (no cargo, a broken manifest), not that
/// an exercise failed to compile. A build still running after `timeout` is
/// stopped: what finished by then is reported, and `timed_out` is set.
pub async fn build(
    root: &Path,
    target_dir: &Path,
    package: &str,
    bins: &[&str],
    color: bool,
    timeout: Duration,
) -> anyhow::Result<Build> {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // One broken exercise must not stop the others from building, but `cargo
    // test` has no `--keep-going` (and `--no-fail-fast` stops scheduling new
    // targets after the first compile error). So several test harnesses are
    // built with `cargo build --tests --keep-going`, which builds the harness
    // of every bin of the package; the hot path, one exercise, stays on
    // `cargo test --no-run --bin NAME`.
    let select_bins = bins.len() == 1;
    if select_bins {
        command.args(["test", "--no-run"]);
    } else {
        command.args(["build", "--tests", "--keep-going"]);
    }
    command
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir)
        .args(["--package", package, "--quiet"])
        .arg(if color {
            "--message-format=json-diagnostic-rendered-ansi"
        } else {
            "--message-format=json"
        });
    if select_bins {
        for bin in bins {
            command.args(["--bin", bin]);
        }
    }
    command
        .current_dir(root)
        // Settings meant for the learner's own builds must not redirect ours.
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env("CARGO_TERM_COLOR", if color { "always" } else { "never" })
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // A timed-out or cancelled check must not leave cargo, or the rustc
        // processes it started, running: they are killed as one group.
        .process_group(0)
        .kill_on_drop(true);
    let output = run_until(command, timeout).await?;

    let mut build = Build {
        cargo_stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        timed_out: output.status.is_none().then_some(timeout),
        ..Build::default()
    };
    for bin in bins {
        build
            .targets
            .insert((*bin).to_string(), TargetBuild::default());
    }
    for message in Message::parse_stream(&output.stdout[..]) {
        let message = message.context("could not read cargo's JSON messages")?;
        match message {
            Message::CompilerMessage(msg) => {
                if let Some(target) = build.targets.get_mut(msg.target.name.as_str()) {
                    target.diagnostics.push(msg.message);
                }
            }
            Message::CompilerArtifact(artifact) => {
                if let Some(target) = build.targets.get_mut(artifact.target.name.as_str())
                    && artifact.profile.test
                    && let Some(exe) = artifact.executable
                {
                    target.executable = Some(exe.into_std_path_buf());
                }
            }
            _ => {}
        }
    }
    // Cargo failed and a requested target has nothing to show for it (no
    // program, no error of its own): the workspace itself is broken. Errors
    // in bins outside the request (built by `--tests`) are not ours to report.
    let unexplained = build
        .targets
        .values()
        .any(|t| t.executable.is_none() && !t.has_errors());
    let failed = output.status.is_some_and(|status| !status.success());
    if failed && unexplained {
        bail!(
            "cargo could not build the {package} package:\n{}",
            build.cargo_stderr.trim_end()
        );
    }
    Ok(build)
}

/// What cargo printed, and how it exited (`None`: stopped at the time limit).
struct Output {
    status: Option<ExitStatus>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs cargo to the end or until `timeout`, keeping what it printed either
/// way; its process group dies before this returns.
async fn run_until(mut command: Command, timeout: Duration) -> anyhow::Result<Output> {
    let deadline = Instant::now() + timeout;
    let mut child = command
        .spawn()
        .context("could not run cargo; is the Rust toolchain installed and on PATH?")?;
    let pid = child
        .id()
        .context("cargo exited before the checker could watch it")?;
    let group = GroupGuard(pid as i32);
    let (Some(mut stdout), Some(mut stderr)) = (child.stdout.take(), child.stderr.take()) else {
        bail!("cargo started without its output pipes");
    };
    let mut output = Output {
        status: None,
        stdout: Vec::new(),
        stderr: Vec::new(),
    };
    let (mut stdout_open, mut stderr_open) = (true, true);
    // Both pipes are read as cargo writes (a full pipe would stall it), and
    // what was read stays in `output` when time runs out mid-build.
    let finished = loop {
        if !stdout_open && !stderr_open {
            break true;
        }
        tokio::select! {
            read = stdout.read_buf(&mut output.stdout), if stdout_open => {
                stdout_open = read.context("could not read cargo's output")? > 0;
            }
            read = stderr.read_buf(&mut output.stderr), if stderr_open => {
                stderr_open = read.context("could not read cargo's errors")? > 0;
            }
            () = tokio::time::sleep_until(deadline) => break false,
        }
    };
    if finished && let Ok(status) = tokio::time::timeout_at(deadline, child.wait()).await {
        output.status = Some(status.context("could not wait for cargo")?);
    }
    drop(group);
    // Reaped, so no zombie is left; the group is already dead.
    let _ = child.wait().await;
    Ok(output)
}
