//! What watch knows and shows: the learner's progress, what the checker is
//! doing about the current exercise, and which view is open. The loop in
//! `mod.rs` changes it; `screen.rs` draws it.

use super::list::ListState;
use crate::info_file::{Course, Exercise};
use crate::progress::Progress;
use crate::verdict::Check;

/// Everything on screen.
pub struct State {
    pub progress: Progress,
    pub status: Status,
    pub view: View,
    /// One message about the last thing that happened (a pass, a reset, a
    /// missing file); cleared by the next key.
    pub notice: Option<String>,
    /// How many hint levels are shown: 0 none, 1 the nudge, 2 the recipe too.
    pub hint_level: usize,
    /// The welcome message is shown until the first exercise passes or the
    /// learner moves.
    pub welcome: bool,
    /// `--manual-run`: no watcher, `r` checks.
    pub manual: bool,
    /// The check running is the course's first build (dependencies too).
    pub first_build: bool,
}

/// What the checker is doing about the current exercise.
pub enum Status {
    Checking,
    Checked(Box<Check>),
    /// The exercise file is gone (deleted, or renamed away).
    Missing,
    /// "Check all" is running.
    CheckingAll {
        done: usize,
        failed: usize,
        total: usize,
    },
    /// Every exercise is done.
    Finished,
    /// The check itself could not run (cargo missing, say).
    Error(String),
}

/// Which screen is open.
pub enum View {
    /// The current exercise with its verdict.
    Exercise,
    /// The interactive exercise list.
    List(ListState),
    /// Waiting for y/n before resetting the current exercise.
    ConfirmReset,
}

impl State {
    /// The exercise being worked on; `None` once the course is finished.
    pub fn current<'a>(&self, course: &'a Course) -> Option<&'a Exercise> {
        self.progress.current(course)
    }

    /// Its position in course order.
    pub fn current_index(&self, course: &Course) -> Option<usize> {
        self.current(course)
            .and_then(|exercise| course.index_of(&exercise.name))
    }
}
