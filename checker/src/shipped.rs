//! The exercise files as the course shipped them, embedded at build time
//! (see build.rs for when the copy is taken), and putting them back: the
//! one place that replaces a learner's file, so `checker reset` and watch's
//! `x` key restore alike. Files the checker rewrites (an exercise, the
//! progress) are replaced atomically, so a crash never leaves half a file.

use crate::info_file::{Course, Exercise, Source};
use anyhow::{Context, bail};
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// The shipped contents of `exercise`'s file, if this checker embeds it.
pub fn exercise(exercise: &Exercise) -> Option<&'static [u8]> {
    let relative = exercise.file_in_package();
    FILES
        .iter()
        .find(|(path, _)| *path == relative)
        .map(|(_, bytes)| *bytes)
}

/// Puts the shipped version of `exercise` back in place of the learner's
/// file. The progress is the caller's to update.
pub fn restore(course: &Course, exercise: &Exercise) -> anyhow::Result<()> {
    let relative = exercise.relative_path(Source::Exercise);
    let Some(contents) = self::exercise(exercise) else {
        bail!(
            "this checker has no shipped copy of {}; it was built before the exercise was added. \
             Rebuild it (`touch info.toml`, then run the checker again)",
            relative.display()
        );
    };
    write_atomically(&course.path(exercise, Source::Exercise), contents)
        .with_context(|| format!("could not reset {}", relative.display()))
}

/// Replaces `path` with `contents` by writing a sibling temp file
/// (`NAME.tmp`: not a `.rs` file, so watch never checks it) and renaming it
/// over: readers see the old file or the new one, never a mix.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut temp_name = path.file_name().unwrap_or_default().to_os_string();
    temp_name.push(".tmp");
    let temp = path.with_file_name(temp_name);
    std::fs::write(&temp, contents)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rs");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.rs"]);
    }
}
