//! Where graded code comes from and where it is built. A submission
//! contributes exactly one thing per exercise, its `exercises/DIR/NAME.rs`
//! file, read without following symlinks out of it. Everything else
//! (info.toml, manifests, lock file, the other packages) comes from the
//! pristine course, copied into a stage under the pristine course's target
//! directory, where the learner's files are swapped in. The stage path is
//! stable and its copied files keep their modification times, so cargo
//! reuses every build of the dependencies across submissions.

use anyhow::{Context, bail};
use std::fs::{self, File};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

/// Folder, under the pristine course, for every grading build.
pub const GRADE_DIR: &str = "target/checker-grade";

/// What reading one exercise file of a submission gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// The file's text.
    Text(String),
    /// There is no such file.
    Missing,
    /// The file, or a folder on its way, is a symlink leading elsewhere.
    Symlink,
    /// The file is not UTF-8 text (or not a regular file).
    Unreadable(String),
}

/// Reads `relative` (e.g. `exercises/01_futures/await1.rs`) from the
/// submission at `root`, refusing anything that resolves outside the plain
/// path: a learner could otherwise link the file to a reference solution.
pub fn read(root: &Path, relative: &Path) -> Submitted {
    let path = root.join(relative);
    let Ok(meta) = fs::symlink_metadata(&path) else {
        return Submitted::Missing;
    };
    if meta.file_type().is_symlink() {
        return Submitted::Symlink;
    }
    if !meta.is_file() {
        return Submitted::Unreadable("it is not a regular file".into());
    }
    // A symlinked folder on the way (`exercises -> ../course/solutions`)
    // shows up as a canonical path that is not the plain one.
    match (fs::canonicalize(root), fs::canonicalize(&path)) {
        (Ok(root), Ok(real)) if real == root.join(relative) => {}
        (Ok(_), Ok(_)) => return Submitted::Symlink,
        (_, Err(e)) | (Err(e), _) => return Submitted::Unreadable(e.to_string()),
    }
    match fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Submitted::Text(text),
            Err(_) => Submitted::Unreadable("it is not UTF-8 text".into()),
        },
        Err(e) => Submitted::Unreadable(e.to_string()),
    }
}

/// A copy of the pristine course to build one submission in, held
/// exclusively (a file lock) until dropped.
#[derive(Debug)]
pub struct Stage {
    pub root: PathBuf,
    _lock: File,
}

impl Stage {
    /// Takes the first free stage slot under `pristine`'s grading folder and
    /// fills it with a fresh copy of the course. `withheld` files (the
    /// reference solutions, the exercises not being built) are replaced by
    /// an empty program: no `#[path]` trick can compile a solution into a
    /// submission, and nothing is built for nothing.
    pub fn prepare(pristine: &Path, withheld: &[PathBuf]) -> anyhow::Result<Stage> {
        let base = pristine.join(GRADE_DIR);
        fs::create_dir_all(&base)
            .with_context(|| format!("cannot create the grading folder {}", base.display()))?;
        for slot in 0..64 {
            let lock_path = base.join(format!("stage-{slot}.lock"));
            let lock = File::options()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)
                .with_context(|| format!("cannot open {}", lock_path.display()))?;
            // SAFETY: flock on a descriptor we own; it is released when `lock` closes.
            let taken = unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
            if taken != 0 {
                continue;
            }
            let root = base.join(format!("stage-{slot}"));
            if root.exists() {
                fs::remove_dir_all(&root)
                    .with_context(|| format!("cannot clear the old stage {}", root.display()))?;
            }
            copy_course(pristine, &root, Path::new(""))?;
            for relative in withheld {
                let path = root.join(relative);
                if path.exists() {
                    fs::write(&path, "// withheld while grading\nfn main() {}\n")
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
            }
            return Ok(Stage { root, _lock: lock });
        }
        bail!(
            "every grading stage under {} is in use; wait for the other gradings to finish",
            base.display()
        )
    }

    /// Puts `text` at `relative` in the stage.
    pub fn write(&self, relative: &Path, text: &str) -> anyhow::Result<()> {
        let path = self.root.join(relative);
        fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    }
}

/// Copies the course at `from` to `to`: regular files and folders, keeping
/// modification times, without `target/`, `.git` or symlinks.
fn copy_course(from: &Path, to: &Path, relative: &Path) -> anyhow::Result<()> {
    let dir = from.join(relative);
    fs::create_dir_all(to.join(relative))
        .with_context(|| format!("cannot create {}", to.join(relative).display()))?;
    let entries = fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name();
        let inner = relative.join(&name);
        let skip = name == ".git" || (relative.as_os_str().is_empty() && name == "target");
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot inspect {}", entry.path().display()))?;
        if skip || kind.is_symlink() {
            continue;
        }
        if kind.is_dir() {
            copy_course(from, to, &inner)?;
        } else if kind.is_file() {
            copy_keeping_mtime(&from.join(&inner), &to.join(&inner))?;
        }
    }
    Ok(())
}

fn copy_keeping_mtime(from: &Path, to: &Path) -> anyhow::Result<()> {
    fs::copy(from, to)
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
    let modified = fs::metadata(from)
        .and_then(|m| m.modified())
        .with_context(|| format!("cannot read the time of {}", from.display()))?;
    // Cargo decides freshness by mtime: an unchanged path dependency copied
    // with its old time is not rebuilt for every submission.
    File::options()
        .write(true)
        .open(to)
        .and_then(|f| f.set_modified(modified))
        .with_context(|| format!("cannot set the time of {}", to.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn reads_plain_files_and_refuses_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.rs"), "fn main() {}").unwrap();
        let ex = dir.path().join("exercises/t");
        fs::create_dir_all(&ex).unwrap();
        fs::write(ex.join("a.rs"), "fn a() {}").unwrap();
        symlink(outside.path().join("secret.rs"), ex.join("b.rs")).unwrap();
        symlink(outside.path(), dir.path().join("exercises/u")).unwrap();
        let read = |p: &str| read(dir.path(), Path::new(p));
        assert_eq!(
            read("exercises/t/a.rs"),
            Submitted::Text("fn a() {}".into())
        );
        assert_eq!(read("exercises/t/b.rs"), Submitted::Symlink);
        assert_eq!(read("exercises/u/secret.rs"), Submitted::Symlink);
        assert_eq!(read("exercises/t/c.rs"), Submitted::Missing);
    }

    #[test]
    fn stage_copies_the_course_but_not_target_and_withholds_solutions() {
        let course = tempfile::tempdir().unwrap();
        fs::create_dir_all(course.path().join("target/debug")).unwrap();
        fs::write(course.path().join("target/debug/big"), "x").unwrap();
        fs::create_dir_all(course.path().join("solutions/t")).unwrap();
        fs::write(course.path().join("solutions/t/a.rs"), "answer").unwrap();
        fs::write(course.path().join("Cargo.toml"), "[workspace]").unwrap();
        let stage = Stage::prepare(course.path(), &[PathBuf::from("solutions/t/a.rs")]).unwrap();
        assert!(stage.root.join("Cargo.toml").is_file());
        assert!(!stage.root.join("target/debug/big").exists());
        let solution = fs::read_to_string(stage.root.join("solutions/t/a.rs")).unwrap();
        assert!(!solution.contains("answer"));
        // A second grading at the same time gets its own slot.
        let other = Stage::prepare(course.path(), &[]).unwrap();
        assert_ne!(other.root, stage.root);
    }
}
