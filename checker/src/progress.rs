//! The learner's progress: the exercise they are on and the ones they have
//! finished, in one small file at the course root. It is written atomically
//! (temp file, then rename) so a crash never leaves half a file, and a
//! missing, corrupt or stale file is reported and rebuilt, never fatal.

use crate::info_file::{Course, Exercise};
use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The progress file's name, at the course root (git-ignored).
pub const PROGRESS_FILE: &str = ".asynclings-progress";

/// Where the learner is in the course.
#[derive(Debug, Clone)]
pub struct Progress {
    path: PathBuf,
    /// The exercise to work on; `None` once everything is done.
    current: Option<String>,
    done: BTreeSet<String>,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    current: Option<String>,
    #[serde(default)]
    done: Vec<String>,
}

impl Progress {
    /// Reads the progress of `course`, with a warning for each thing that had
    /// to be repaired. A repaired file is written back at once.
    pub fn load(course: &Course) -> (Progress, Vec<String>) {
        let path = course.root.join(PROGRESS_FILE);
        let mut warnings = Vec::new();
        let file = match std::fs::read_to_string(&path) {
            Ok(text) => match toml::from_str::<File>(&text) {
                Ok(file) => Some(file),
                Err(e) => {
                    let backup = path.with_extension("corrupt");
                    let kept = std::fs::rename(&path, &backup).is_ok();
                    warnings.push(format!(
                        "the progress file {PROGRESS_FILE} could not be read ({}); starting a new one{}",
                        e.message().trim(),
                        if kept {
                            format!(" (the old one is kept as {})", file_name(&backup))
                        } else {
                            String::new()
                        }
                    ));
                    None
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                warnings.push(format!(
                    "the progress file {PROGRESS_FILE} could not be read ({e}); progress will not be saved until it can"
                ));
                None
            }
        };
        let fresh = file.is_none();
        let file = file.unwrap_or_default();

        let mut done = BTreeSet::new();
        for name in file.done {
            if course.index_of(&name).is_some() {
                done.insert(name);
            } else {
                warnings.push(format!(
                    "the progress file names `{name}`, which is no longer in the course; forgetting it"
                ));
            }
        }
        let mut progress = Progress {
            path,
            current: None,
            done,
        };
        progress.current = match file.current {
            Some(name) if course.index_of(&name).is_some() => Some(name),
            Some(name) => {
                warnings.push(format!(
                    "the current exercise `{name}` is no longer in the course; moving to the first one pending"
                ));
                progress.next_pending(course, 0)
            }
            None if fresh => Some(course.exercises[0].name.clone()),
            None => progress.next_pending(course, 0),
        };
        if !warnings.is_empty()
            && let Err(e) = progress.save()
        {
            warnings.push(format!("{e:#}"));
        }
        (progress, warnings)
    }

    /// The exercise to work on, or `None` when the course is finished.
    pub fn current<'a>(&self, course: &'a Course) -> Option<&'a Exercise> {
        self.current.as_deref().and_then(|n| course.find(n).ok())
    }

    pub fn is_done(&self, name: &str) -> bool {
        self.done.contains(name)
    }

    /// How many exercises are done.
    pub fn done_count(&self) -> usize {
        self.done.len()
    }

    /// Records a pass. If it was the current exercise, moves on to the next
    /// pending one (after it, then from the start); returns the new current.
    pub fn mark_done(&mut self, course: &Course, name: &str) -> Option<String> {
        self.done.insert(name.to_string());
        if self.current.as_deref() == Some(name) {
            let after = course.index_of(name).map_or(0, |i| i + 1);
            self.current = self.next_pending(course, after);
        }
        self.current.clone()
    }

    /// Records that `name` is not done (after a reset, say).
    pub fn mark_pending(&mut self, name: &str) {
        self.done.remove(name);
    }

    /// Makes `name` the exercise to work on.
    pub fn set_current(&mut self, name: &str) {
        self.current = Some(name.to_string());
    }

    /// The first pending exercise at or after `start`, wrapping around.
    fn next_pending(&self, course: &Course, start: usize) -> Option<String> {
        let n = course.exercises.len();
        (0..n)
            .map(|i| &course.exercises[(start + i) % n])
            .find(|e| !self.done.contains(&e.name))
            .map(|e| e.name.clone())
    }

    /// Writes the file atomically.
    pub fn save(&self) -> anyhow::Result<()> {
        let file = File {
            current: self.current.clone(),
            done: self.done.iter().cloned().collect(),
        };
        let text = format!(
            "# asynclings progress, written by the checker. Delete it to start over.\n{}",
            toml::to_string(&file).context("could not encode the progress")?
        );
        crate::shipped::write_atomically(&self.path, text.as_bytes())
            .with_context(|| format!("could not write the progress file {}", self.path.display()))
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}
