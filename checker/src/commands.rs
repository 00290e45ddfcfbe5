//! The command-line front ends. Each one picks exercises, asks the engine for
//! verdicts and renders them; none of them knows how a check works.

pub mod dev;
pub mod explain;
pub mod grade;
pub mod hint;
pub mod list;
pub mod reset;
pub mod run;
pub mod verify;

use crate::info_file::Course;
use crate::progress::Progress;
use colored::Colorize;

/// Loads the progress, telling the learner about anything that was repaired.
pub fn load_progress(course: &Course) -> Progress {
    let (progress, warnings) = Progress::load(course);
    for warning in warnings {
        eprintln!("{} {warning}", "warning:".yellow().bold());
    }
    progress
}

/// Warns before the slow first build, so a silent minute is not mistaken for a hang.
pub fn note_first_build(app: &crate::app::App) {
    if app.engine.is_first_build() {
        eprintln!("{}", crate::render::first_build_note());
    }
}
