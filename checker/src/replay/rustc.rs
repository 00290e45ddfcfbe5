//! The recorded command itself: cargo's `Running` line split into its
//! environment, program and arguments, and rustc run from it, with its JSON
//! diagnostics read and judged: the exercise's own compile error is a
//! verdict, any other failure sends the check back to cargo.

use super::{REPLAY_DIR, Recording, Replayed, try_lock};
use crate::cargo::{Build, Request, TargetBuild};
use crate::diagnostic::{Diagnostic, is_error};
use crate::process::GroupGuard;
use anyhow::Context;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use tokio::io::AsyncReadExt;
use tokio::process::Command;

/// rustc's errors that say the environment changed under the recording
/// (a crate missing, built by another rustc, ...), not that the code is wrong.
const STALE_CODES: &[&str] = &[
    "E0460", "E0461", "E0462", "E0463", "E0464", "E0514", "E0519", "E0523", "E0786",
];

/// The source file in rustc's arguments: the one that is a `.rs` file
/// (option values never are: `-C x=y`, `--cfg 'feature="z"'`, ...).
pub(super) fn source_file(args: &[String]) -> Option<&str> {
    args.iter()
        .map(String::as_str)
        .find(|arg| arg.ends_with(".rs") && !arg.starts_with('-'))
}

pub(super) fn is_assignment(word: &str) -> bool {
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
pub(super) fn shell_words(line: &str) -> Option<Vec<String>> {
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

/// Runs the recorded rustc if nothing it depends on changed, its outputs
/// redirected to the replay folder, holding cargo's build lock so no cargo
/// builds in the same folder meanwhile.
pub(super) async fn run(recording: &Recording, request: &Request<'_>) -> anyhow::Result<Replayed> {
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
