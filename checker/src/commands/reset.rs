//! `checker reset NAME`: puts the shipped version of an exercise back, from
//! the copy embedded in the checker.

use crate::app::App;
use crate::commands::load_progress;
use crate::info_file::{Course, Exercise, Source};
use crate::shipped;
use anyhow::{Context, bail};
use std::io::{BufRead, IsTerminal, Write};

pub fn run(app: &App, name: &str, yes: bool) -> anyhow::Result<()> {
    let exercise = app.course.find(name)?;
    let relative = exercise.relative_path(Source::Exercise);
    if !yes && std::io::stdin().is_terminal() {
        print!(
            "Reset {} to its shipped version? Your changes will be lost. [y/N] ",
            relative.display()
        );
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            println!("Nothing changed.");
            return Ok(());
        }
    }
    restore_shipped(&app.course, exercise)?;
    let mut progress = load_progress(&app.course);
    progress.mark_pending(&exercise.name);
    progress.save()?;
    println!("{} is back to its shipped version.", relative.display());
    Ok(())
}

/// Puts the shipped version of `exercise` back in place of the learner's
/// file (`checker reset` and watch's `x` key). The progress is the caller's.
pub fn restore_shipped(course: &Course, exercise: &Exercise) -> anyhow::Result<()> {
    let relative = exercise.relative_path(Source::Exercise);
    let Some(contents) = shipped::exercise(exercise) else {
        bail!(
            "this checker has no shipped copy of {}; it was built before the exercise was added. \
             Rebuild it (`touch info.toml`, then run the checker again)",
            relative.display()
        );
    };
    write_atomically(&course.root.join(&relative), contents)
        .with_context(|| format!("could not reset {}", relative.display()))
}

/// Replaces `path` by writing a sibling temp file and renaming it over.
pub fn write_atomically(path: &std::path::Path, contents: &[u8]) -> std::io::Result<()> {
    let temp = path.with_extension("rs.reset-tmp");
    std::fs::write(&temp, contents)?;
    std::fs::rename(&temp, path)
}
