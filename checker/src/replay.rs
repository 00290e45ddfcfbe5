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

use crate::cargo::{Build, Request, TargetBuild};
use crate::diagnostic::{Diagnostic, is_error};
use crate::process::GroupGuard;
use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::SystemTime;
use tokio::io::AsyncReadExt;
use tokio::process::Command;

/// Bumped when the recording's shape changes; older recordings are ignored.
const FORMAT: u32 = 1;

/// Where recordings and replayed outputs live, under the target directory.
const REPLAY_DIR: &str = "checker-replay";

/// rustc's errors that say the environment changed under the recording
/// (a crate missing, built by another rustc, ...), not that the code is wrong.
const STALE_CODES: &[&str] = &[
    "E0460", "E0461", "E0462", "E0463", "E0464", "E0514", "E0519", "E0523", "E0786",
];

/// Environment variables that differ between shells without changing a
/// build (the working folder is set explicitly for cargo and rustc).
const VOLATILE_ENV: &[&str] = &["_", "OLDPWD", "PWD", "SHLVL"];

/// A rustc command as cargo ran it, and what its build depended on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Recording {
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

/// What a file looked like: any write, rename or `touch` changes it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
enum Stamp {
    Missing,
    Present {
        len: u64,
        inode: u64,
        modified_ns: i128,
        changed_ns: i128,
    },
}

impl Stamp {
    fn of(path: &Path) -> Stamp {
        match std::fs::metadata(path) {
            Ok(meta) => Stamp::Present {
                len: meta.len(),
                inode: meta.ino(),
                modified_ns: i128::from(meta.mtime()) * 1_000_000_000
                    + i128::from(meta.mtime_nsec()),
                changed_ns: i128::from(meta.ctime()) * 1_000_000_000
                    + i128::from(meta.ctime_nsec()),
            },
            Err(_) => Stamp::Missing,
        }
    }

    /// Whether the file was written at or after `instant` (ns since the epoch).
    fn touched_since(&self, instant: i128) -> bool {
        match self {
            Stamp::Missing => false,
            Stamp::Present {
                modified_ns,
                changed_ns,
                ..
            } => *modified_ns >= instant || *changed_ns >= instant,
        }
    }
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
    match run(&recording, request).await {
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

fn stamp_all(mut paths: Vec<PathBuf>) -> Vec<(PathBuf, Stamp)> {
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .map(|path| {
            let stamp = Stamp::of(&path);
            (path, stamp)
        })
        .collect()
}

/// Files that configure cargo or pick the toolchain, present or not: a
/// new one appearing changes the build as much as an edit does.
fn configuration_files(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join("Cargo.toml"), root.join("Cargo.lock")];
    for dir in root.ancestors() {
        for name in [
            ".cargo/config.toml",
            ".cargo/config",
            "rust-toolchain.toml",
            "rust-toolchain",
        ] {
            files.push(dir.join(name));
        }
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".cargo")));
    let rustup_home = std::env::var_os("RUSTUP_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".rustup")));
    if let Some(dir) = cargo_home {
        files.extend([dir.join("config.toml"), dir.join("config")]);
    }
    if let Some(dir) = rustup_home {
        files.push(dir.join("settings.toml"));
    }
    files
}

/// The dep-info file rustc wrote beside `output`: `deps/libname-hash.rlib`
/// and `deps/name-hash` both have `deps/name-hash.d`.
fn dep_info_of(output: &Path) -> Option<PathBuf> {
    let stem = output.file_stem()?.to_str()?;
    let library = matches!(
        output.extension().and_then(|e| e.to_str()),
        Some("rlib" | "rmeta" | "so" | "dylib" | "a")
    );
    let stem = if library {
        stem.strip_prefix("lib").unwrap_or(stem)
    } else {
        stem
    };
    Some(output.with_file_name(format!("{stem}.d")))
}

/// The files a dep-info file lists (relative ones are relative to `root`,
/// where rustc ran). Each appears as a rule of its own, `path:`.
fn dependencies(dep_info: &Path, root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let text = std::fs::read_to_string(dep_info)
        .with_context(|| format!("cannot read {}", dep_info.display()))?;
    Ok(text
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.strip_suffix(':'))
        .map(|path| root.join(path.replace("\\ ", " ")))
        .collect())
}

/// The source file in rustc's arguments: the one that is a `.rs` file
/// (option values never are: `-C x=y`, `--cfg 'feature="z"'`, ...).
fn source_file(args: &[String]) -> Option<&str> {
    args.iter()
        .map(String::as_str)
        .find(|arg| arg.ends_with(".rs") && !arg.starts_with('-'))
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

/// Splits a command line as a POSIX shell would (cargo quotes words with
/// `'...'` and `\`); `None` for an unterminated quote.
fn shell_words(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => word.push(chars.next()?),
                        c => word.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.push(chars.next()?);
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

/// FNV-1a over the checker's environment, in order, without the variables
/// that only differ between shells: a hash is stable across runs of the
/// same checker, and keeps no value (a token, say) on disk.
fn environment_hash() -> u64 {
    let mut vars: Vec<(std::ffi::OsString, std::ffi::OsString)> = std::env::vars_os()
        .filter(|(name, _)| !VOLATILE_ENV.iter().any(|v| name == v))
        .collect();
    vars.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, value) in vars {
        for byte in name
            .as_encoded_bytes()
            .iter()
            .chain(b"=")
            .chain(value.as_encoded_bytes())
            .chain(b"\0")
        {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

fn ns_since_epoch(time: SystemTime) -> i128 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

/// Runs the recorded rustc if nothing it depends on changed, its outputs
/// redirected to the replay folder, holding cargo's build lock so no cargo
/// builds in the same folder meanwhile.
async fn run(recording: &Recording, request: &Request<'_>) -> anyhow::Result<Replayed> {
    let mut args = recording.args.clone();
    let out_dir = args
        .iter()
        .position(|a| a == "--out-dir")
        .and_then(|i| args.get_mut(i + 1))
        .context("no --out-dir in the recorded command")?;
    let cargo_lock = Path::new(out_dir.as_str())
        .parent()
        .context("the recorded --out-dir has no parent")?
        .join(".cargo-lock");
    let replay_out = request.target_dir.join(REPLAY_DIR).join("out");
    *out_dir = replay_out.display().to_string();
    std::fs::create_dir_all(&replay_out)
        .with_context(|| format!("cannot create {}", replay_out.display()))?;
    // Checked under cargo's lock: no cargo can change the build meanwhile.
    let Some(_lock) = try_lock(&cargo_lock) else {
        return Ok(Replayed::Unusable(
            "cargo is building in the same folder".into(),
        ));
    };
    if let Some(why) = recording.outdated(request.root) {
        return Ok(Replayed::Unusable(why));
    }

    let mut command = Command::new(&recording.program);
    command
        .args(&args)
        .current_dir(&recording.root)
        // As for cargo (see `cargo::build`), whose environment rustc inherits.
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .envs(recording.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {}", recording.program.display()))?;
    let guard = child.id().map(|pid| GroupGuard::new(pid as i32));
    let (Some(mut stdout), Some(mut stderr)) = (child.stdout.take(), child.stderr.take()) else {
        anyhow::bail!("rustc started without its output pipes");
    };
    let read_all = async {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let (a, b) = tokio::join!(stdout.read_to_end(&mut out), stderr.read_to_end(&mut err));
        a.and(b).context("cannot read rustc's output")?;
        let status = child.wait().await.context("cannot wait for rustc")?;
        anyhow::Ok((status, err))
    };
    let Ok(finished) = tokio::time::timeout(request.timeout, read_all).await else {
        // rustc can be made to compile forever; cargo would be stopped too.
        drop(guard);
        let mut build = Build::of(request.bins[0], TargetBuild::default());
        build.timed_out = Some(request.timeout);
        return Ok(Replayed::Built(build));
    };
    let (status, stderr) = finished?;
    if let Some(guard) = guard {
        guard.disarm();
    }

    let mut diagnostics = Vec::new();
    let mut executable = None;
    for line in String::from_utf8_lossy(&stderr).lines() {
        match serde_json::from_str::<RustcMessage>(line) {
            Ok(RustcMessage::Diagnostic(diagnostic)) => diagnostics.push(*diagnostic),
            Ok(RustcMessage::Artifact { artifact, emit }) if emit == "link" => {
                executable = Some(artifact);
            }
            Ok(_) => {}
            // Not JSON: rustc itself failed (a crash, a bad flag).
            Err(_) if line.trim().is_empty() => {}
            Err(_) => return Ok(Replayed::Unusable(format!("rustc said: {line}"))),
        }
    }
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| is_error(d)).collect();
    let (clean, code_error) = (errors.is_empty(), is_code_error(&errors));
    let built = |executable| {
        let target = TargetBuild {
            diagnostics,
            executable,
        };
        Replayed::Built(Build::of(request.bins[0], target))
    };
    if status.success() && clean {
        return Ok(match executable {
            Some(exe) if exe.is_file() => built(Some(exe)),
            _ => Replayed::Unusable("rustc reported no program".into()),
        });
    }
    if code_error {
        return Ok(built(None));
    }
    Ok(Replayed::Unusable(format!(
        "rustc failed ({status}) without an error in the exercise"
    )))
}

/// Whether rustc rejected the exercise's code: an error points into the
/// workspace's files, and none says the environment changed.
fn is_code_error(errors: &[&Diagnostic]) -> bool {
    let in_code = errors.iter().any(|d| {
        d.spans
            .iter()
            .any(|s| s.is_primary && Path::new(&s.file_name).is_relative())
    });
    let stale = errors.iter().any(|d| {
        matches!(d.level, crate::diagnostic::DiagnosticLevel::Ice)
            || d.code
                .as_ref()
                .is_some_and(|c| STALE_CODES.contains(&c.code.as_str()))
    });
    in_code && !stale
}

/// What rustc prints on stderr with `--error-format=json`.
#[derive(Deserialize)]
#[serde(tag = "$message_type", rename_all = "snake_case")]
enum RustcMessage {
    Diagnostic(Box<Diagnostic>),
    Artifact {
        artifact: PathBuf,
        emit: String,
    },
    #[serde(other)]
    Other,
}

/// An exclusive lock on `path` if it can be had at once; `None` when
/// another process holds it or the file is not there.
fn try_lock(path: &Path) -> Option<std::fs::File> {
    let file = std::fs::OpenOptions::new().write(true).open(path).ok()?;
    // SAFETY: flock on a descriptor we own; it is released when `file` closes.
    let taken = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    (taken == 0).then_some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_are_split_as_a_shell_would() {
        let words = shell_words(
            "A='' B=x LD='/a b:/c' /bin/rustc --check-cfg 'cfg(feature, values())' it\\'s \"q\\\"\"",
        )
        .unwrap();
        assert_eq!(
            words,
            [
                "A=",
                "B=x",
                "LD=/a b:/c",
                "/bin/rustc",
                "--check-cfg",
                "cfg(feature, values())",
                "it's",
                "q\""
            ]
        );
        assert_eq!(shell_words("'open"), None);
    }

    #[test]
    fn the_source_is_the_positional_rs_argument() {
        let args: Vec<String> = [
            "--crate-name",
            "a1",
            "--edition=2024",
            "t/a1.rs",
            "--extern",
            "x=/d/libx.rlib",
        ]
        .map(String::from)
        .into();
        assert_eq!(source_file(&args), Some("t/a1.rs"));
    }

    #[test]
    fn dep_info_sits_beside_the_output() {
        assert_eq!(
            dep_info_of(Path::new("/t/deps/libtimeline-ab12.rlib")),
            Some(PathBuf::from("/t/deps/timeline-ab12.d"))
        );
        assert_eq!(
            dep_info_of(Path::new("/t/deps/spawn1-cd34")),
            Some(PathBuf::from("/t/deps/spawn1-cd34.d"))
        );
    }

    #[test]
    fn dep_info_lists_each_file_once_as_its_own_rule() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("a.d");
        std::fs::write(
            &d,
            "/t/deps/a-1: t/a.rs t/my\\ mod.rs\n\n/t/deps/a-1.d: t/a.rs t/my\\ mod.rs\n\nt/a.rs:\nt/my\\ mod.rs:\n\n# env-dep:X=1\n",
        )
        .unwrap();
        let root = Path::new("/c");
        assert_eq!(
            dependencies(&d, root).unwrap(),
            [root.join("t/a.rs"), root.join("t/my mod.rs")]
        );
    }

    #[test]
    fn a_stamp_changes_with_every_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        assert_eq!(Stamp::of(&path), Stamp::Missing);
        std::fs::write(&path, "a").unwrap();
        let first = Stamp::of(&path);
        std::fs::write(&path, "b").unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        // Same length, and its time put back: the inode change time still moves.
        file.set_modified(SystemTime::UNIX_EPOCH).unwrap();
        assert_ne!(Stamp::of(&path), first);
    }

    #[test]
    fn only_errors_in_the_code_are_verdicts() {
        let error = |code: Option<&str>, file: Option<&str>| -> Diagnostic {
            let spans: Vec<serde_json::Value> = file
                .map(|f| {
                    serde_json::json!({
                        "file_name": f, "byte_start": 0, "byte_end": 1, "line_start": 1,
                        "line_end": 1, "column_start": 1, "column_end": 2, "is_primary": true,
                        "text": [], "label": null, "suggested_replacement": null,
                        "suggestion_applicability": null, "expansion": null
                    })
                })
                .into_iter()
                .collect();
            serde_json::from_value(serde_json::json!({
                "message": "m", "level": "error", "spans": spans, "children": [],
                "rendered": null,
                "code": code.map(|c| serde_json::json!({"code": c, "explanation": null})),
            }))
            .unwrap()
        };
        let mismatched = error(Some("E0308"), Some("exercises/t/a.rs"));
        let aborting = error(None, None);
        assert!(is_code_error(&[&mismatched, &aborting]));
        let no_crate = error(Some("E0463"), Some("exercises/t/a.rs"));
        assert!(!is_code_error(&[&no_crate, &aborting]));
        let outside = error(None, Some("/home/x/.cargo/registry/src/tokio/lib.rs"));
        assert!(!is_code_error(&[&outside]));
        assert!(!is_code_error(&[&aborting]));
    }
}
