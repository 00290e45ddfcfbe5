//! What a recorded build depended on, as it was: a stamp per file (any
//! write, rename or `touch` changes it), the files that configure cargo or
//! pick the toolchain, the sources a dep-info file lists, and a hash of the
//! environment.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Environment variables that differ between shells without changing a
/// build (the working folder is set explicitly for cargo and rustc).
const VOLATILE_ENV: &[&str] = &["_", "OLDPWD", "PWD", "SHLVL"];

/// What a file looked like: any write, rename or `touch` changes it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub(super) enum Stamp {
    Missing,
    Present {
        len: u64,
        inode: u64,
        modified_ns: i128,
        changed_ns: i128,
    },
}

impl Stamp {
    pub(super) fn of(path: &Path) -> Stamp {
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
    pub(super) fn touched_since(&self, instant: i128) -> bool {
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

pub(super) fn stamp_all(mut paths: Vec<PathBuf>) -> Vec<(PathBuf, Stamp)> {
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
pub(super) fn configuration_files(root: &Path) -> Vec<PathBuf> {
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
pub(super) fn dep_info_of(output: &Path) -> Option<PathBuf> {
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
pub(super) fn dependencies(dep_info: &Path, root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let text = std::fs::read_to_string(dep_info)
        .with_context(|| format!("cannot read {}", dep_info.display()))?;
    Ok(text
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.strip_suffix(':'))
        .map(|path| root.join(path.replace("\\ ", " ")))
        .collect())
}

/// FNV-1a over the checker's environment, in order, without the variables
/// that only differ between shells: a hash is stable across runs of the
/// same checker, and keeps no value (a token, say) on disk.
pub(super) fn environment_hash() -> u64 {
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

pub(super) fn ns_since_epoch(time: SystemTime) -> i128 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
