//! The hot path without cargo: after an edit, an exercise is rebuilt by
//! replaying the rustc command cargo last ran for it, which skips cargo's
//! start, its reading of the workspace and its fingerprinting of every unit
//! (most of a warm check that is not rustc).
//!
//! A replay is only ever as fresh as cargo's build: when cargo compiles a
//! one-exercise check, the command line it prints (`-vv`: arguments and
//! environment) is recorded with a stamp of everything else the build
//! depended on: the workspace's manifests and lock file, every path
//! package's sources, the dependency artifacts, the rustc binary, cargo and
//! toolchain configuration, the environment. A replay happens only while all
//! of it is unchanged, so only the exercise's own source differs from what
//! cargo saw; anything else falls back to cargo (which records again). So
//! does a replay that fails in a way that is not a compile error of the
//! exercise. The replay writes to a directory of its own, so cargo's
//! outputs and fingerprints stay exactly as cargo left them.

mod rustc;
mod stamp;

use crate::cargo::{Build, Request};
use anyhow::Context;
use rustc::{is_assignment, shell_words, source_file};
use serde::{Deserialize, Serialize};
use stamp::{
    Stamp, configuration_files, dep_info_of, dependencies, environment_hash, ns_since_epoch,
    stamp_all,
};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

/// Bumped when the recording's shape changes; older recordings are ignored.
const FORMAT: u32 = 1;

/// Where recordings and replayed outputs live, under the target directory.
const REPLAY_DIR: &str = "checker-replay";

/// A rustc command as cargo ran it, and what its build depended on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Recording {
    format: u32,
    /// The workspace it was recorded in; rustc runs there.
    root: PathBuf,
    /// Variables cargo set for rustc.
    env: Vec<(String, String)>,
    program: PathBuf,
    args: Vec<String>,
    /// Every file the build depended on but the exercise's source, as it was.
    stamps: Vec<(PathBuf, Stamp)>,
    /// A hash of the checker's environment (cargo and rustc inherit it).
    environment: u64,
}

/// What a replay gave.
#[derive(Debug)]
pub enum Replayed {
    /// rustc built the exercise, rejected its code, or was stopped at the
    /// build's time limit: a build as cargo's would have been.
    Built(Build),
    /// Cargo must build it (the reason, for tests and curious readers).
    Unusable(String),
}

/// The recording file for `request`'s one bin.
fn recording_path(request: &Request<'_>) -> PathBuf {
    let color = if request.color { "color" } else { "plain" };
    request
        .target_dir
        .join(REPLAY_DIR)
        .join(request.package)
        .join(format!("{}.{color}.json", request.bins[0]))
}

/// Replays the recorded build of `request`'s one bin, if it is still valid.
pub async fn replay(request: &Request<'_>) -> Replayed {
    let recording = match load(request) {
        Ok(recording) => recording,
        Err(why) => return Replayed::Unusable(why),
    };
    match rustc::run(&recording, request).await {
        Ok(replayed) => replayed,
        Err(e) => Replayed::Unusable(format!("{e:#}")),
    }
}

fn load(request: &Request<'_>) -> Result<Recording, String> {
    let path = recording_path(request);
    let text = std::fs::read(&path).map_err(|_| "nothing recorded yet".to_string())?;
    let recording: Recording =
        serde_json::from_slice(&text).map_err(|e| format!("unreadable recording: {e}"))?;
    if recording.format != FORMAT {
        return Err("recorded by another checker".into());
    }
    Ok(recording)
}

impl Recording {
    /// Why cargo might build differently now than when this was recorded.
    fn outdated(&self, root: &Path) -> Option<String> {
        if self.root != root {
            return Some("recorded in another workspace".into());
        }
        if self.environment != environment_hash() {
            return Some("the environment changed".into());
        }
        self.stamps
            .iter()
            .find(|(path, stamp)| Stamp::of(path) != *stamp)
            .map(|(path, _)| format!("{} changed", path.display()))
    }
}

/// Records the rustc command cargo ran for `request`'s one bin in `build`,
/// or forgets an older recording when this build cannot be replayed.
pub fn record(request: &Request<'_>, build: &Build) {
    let path = recording_path(request);
    let Some(line) = build.invocations.get(request.bins[0]) else {
        // Cargo found the bin fresh: an existing recording stays as valid as it was.
        return;
    };
    let saved = recording(request, build, line)
        .and_then(|recording| {
            let dir = path.parent().expect("the recording path has a parent");
            std::fs::create_dir_all(dir).context("cannot create the replay folder")?;
            let json = serde_json::to_vec(&recording).context("cannot encode the recording")?;
            crate::shipped::write_atomically(&path, &json).context("cannot write the recording")
        })
        .is_ok();
    if !saved {
        // A stale recording must never outlive a build it does not describe.
        let _ = std::fs::remove_file(&path);
    }
}

fn recording(request: &Request<'_>, build: &Build, line: &str) -> anyhow::Result<Recording> {
    // A path package's build script may read anything: only cargo knows.
    anyhow::ensure!(
        !build.path_units.iter().any(|u| u.build_script),
        "a workspace package has a build script"
    );
    let words = shell_words(line).context("cannot read cargo's rustc command line")?;
    let split = words
        .iter()
        .position(|w| !is_assignment(w))
        .context("no program in cargo's rustc command line")?;
    let env = words[..split]
        .iter()
        .filter_map(|w| w.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let program = PathBuf::from(&words[split]);
    let args = words[split + 1..].to_vec();
    let source = source_file(&args)
        .map(|s| request.root.join(s))
        .context("no source file in cargo's rustc command line")?;

    // Inputs: what cargo read to decide and run the build. Outputs: the
    // dependency artifacts rustc links, which this very build may have made.
    let mut inputs = configuration_files(request.root);
    inputs.push(program.clone());
    let mut outputs = Vec::new();
    for unit in &build.path_units {
        inputs.push(unit.manifest_path.clone());
        for output in &unit.filenames {
            if let Some(dep_info) = dep_info_of(output) {
                inputs.extend(dependencies(&dep_info, request.root)?);
            }
        }
    }
    for pair in args.windows(2).filter(|w| w[0] == "--extern") {
        if let Some((_, file)) = pair[1].split_once('=') {
            outputs.push(PathBuf::from(file));
        }
    }
    inputs.retain(|p| *p != source);
    // A file written since cargo started may or may not be in its build.
    let started = ns_since_epoch(build.started);
    let mut stamps = stamp_all(inputs);
    if let Some((path, _)) = stamps.iter().find(|(_, s)| s.touched_since(started)) {
        anyhow::bail!("{} changed during the build", path.display());
    }
    stamps.extend(stamp_all(outputs));
    Ok(Recording {
        format: FORMAT,
        root: request.root.to_path_buf(),
        env,
        program,
        args,
        stamps,
        environment: environment_hash(),
    })
}

/// An exclusive lock on `path` if it can be had at once; `None` when
/// another process holds it or the file is not there.
fn try_lock(path: &Path) -> Option<std::fs::File> {
    let file = std::fs::OpenOptions::new().write(true).open(path).ok()?;
    // SAFETY: flock on a descriptor we own; it is released when `file` closes.
    let taken = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    (taken == 0).then_some(file)
}
