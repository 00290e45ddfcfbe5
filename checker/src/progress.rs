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

    /// Records the verdict of a check of `name`: the one rule run, verify
    /// and watch all follow. The progress describes the files as they are
    /// now, so a pass marks the exercise done and a failure marks it pending
    /// again. A first pass of the current exercise moves on to the next
    /// pending one (after it, then from the start); passing an exercise that
    /// was done already stays on it, since the learner went back to it on
    /// purpose. Returns whether anything changed (and should be saved).
    pub fn record(&mut self, course: &Course, name: &str, passed: bool) -> bool {
        let was_done = self.done.contains(name);
        if !passed {
            return self.done.remove(name);
        }
        self.done.insert(name.to_string());
        if was_done {
            return false;
        }
        if self.current.as_deref() == Some(name) {
            let after = course.index_of(name).map_or(0, |i| i + 1);
            self.current = self.next_pending(course, after);
        }
        true
    }

    /// Makes the first pending exercise in course order the current one
    /// (none once everything is done), as after checking every exercise.
    pub fn go_to_first_pending(&mut self, course: &Course) {
        self.current = self.next_pending(course, 0);
    }

    /// Records that `name` is not done, without a check (after a reset).
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A course of exercises `a`, `b`, `c` in a temporary folder, and its
    /// progress on a fresh start.
    fn fresh() -> (tempfile::TempDir, Course, Progress) {
        let dir = tempfile::tempdir().unwrap();
        let mut info =
            String::from("format_version = 1\nwelcome_message = \"hi\"\nfinal_message = \"bye\"\n");
        for name in ["a", "b", "c"] {
            info.push_str(&format!(
                "[[exercises]]\nname = \"{name}\"\ndir = \"t\"\nfails_with = \"compile\"\nhint = \"h\"\n"
            ));
            for package in ["exercises", "solutions"] {
                let path = dir
                    .path()
                    .join(package)
                    .join("t")
                    .join(format!("{name}.rs"));
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, "").unwrap();
            }
        }
        std::fs::write(dir.path().join("info.toml"), info).unwrap();
        let course = Course::load(dir.path()).unwrap();
        let (progress, _) = Progress::load(&course);
        (dir, course, progress)
    }

    fn current(progress: &Progress, course: &Course) -> Option<String> {
        progress.current(course).map(|e| e.name.clone())
    }

    #[test]
    fn a_first_pass_of_the_current_exercise_moves_on_wrapping_around() {
        let (_dir, course, mut progress) = fresh();
        progress.set_current("c");
        assert!(progress.record(&course, "c", true));
        assert_eq!(current(&progress, &course).as_deref(), Some("a"));
        assert!(progress.record(&course, "a", true));
        assert_eq!(current(&progress, &course).as_deref(), Some("b"));
        assert!(progress.record(&course, "b", true));
        assert_eq!(current(&progress, &course), None);
        assert_eq!(progress.done_count(), 3);
    }

    #[test]
    fn passing_a_done_exercise_again_stays_on_it() {
        let (_dir, course, mut progress) = fresh();
        progress.record(&course, "a", true);
        progress.set_current("a");
        assert!(!progress.record(&course, "a", true));
        assert_eq!(current(&progress, &course).as_deref(), Some("a"));
    }

    #[test]
    fn a_failure_marks_a_done_exercise_pending_and_stays() {
        let (_dir, course, mut progress) = fresh();
        progress.record(&course, "b", true);
        assert!(progress.is_done("b"));
        assert!(progress.record(&course, "b", false));
        assert!(!progress.is_done("b"));
        assert!(
            !progress.record(&course, "b", false),
            "nothing left to change"
        );
        assert_eq!(current(&progress, &course).as_deref(), Some("a"));
    }

    #[test]
    fn first_pending_is_in_course_order_and_none_when_all_done() {
        let (_dir, course, mut progress) = fresh();
        progress.record(&course, "a", true);
        progress.set_current("c");
        progress.go_to_first_pending(&course);
        assert_eq!(current(&progress, &course).as_deref(), Some("b"));
        progress.record(&course, "b", true);
        progress.record(&course, "c", true);
        progress.go_to_first_pending(&course);
        assert_eq!(current(&progress, &course), None);
    }
}
