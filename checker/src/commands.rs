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

use crate::engine::{Activity, Engine};
use crate::info_file::Course;
use crate::meter::{self, LiveLine};
use crate::progress::Progress;
use colored::Colorize;
use std::sync::{Arc, Mutex};

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

/// A progress line on the terminal, shared with the engine that draws it.
pub type Meter = Arc<Mutex<LiveLine>>;

/// `engine`, drawing its progress on the terminal's last line: cargo's
/// build, then (with a `label`) the exercises checked. Clear the returned
/// line before printing anything else. On anything but a terminal nothing
/// is drawn.
pub fn with_meter(engine: &Engine, label: Option<&'static str>) -> (Engine, Meter) {
    let line: Meter = Arc::new(Mutex::new(LiveLine::new()));
    let drawn = Arc::clone(&line);
    let engine = engine.observed(move |activity| {
        let Ok(mut line) = drawn.lock() else { return };
        let width = line.width();
        match (activity, label) {
            // One exercise alone: only a build with dependencies is worth a bar.
            (Activity::Building(progress), None) if !progress.has_dependencies() => {}
            (Activity::Building(progress), _) => line.draw(&meter::building(progress, width)),
            (Activity::Checked { done, total }, Some(label)) => {
                line.draw(&meter::bar(label, done, total, width.min(100)))
            }
            (Activity::Checked { .. }, None) => line.clear(),
        }
    });
    (engine, line)
}

/// Clears the progress line, so the next line printed starts clean.
pub fn clear(meter: &Meter) {
    if let Ok(mut line) = meter.lock() {
        line.clear();
    }
}
