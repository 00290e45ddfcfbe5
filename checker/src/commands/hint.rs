//! `checker hint [NAME]`: the hint of the current or the named exercise.

use crate::app::App;
use crate::commands::load_progress;
use colored::Colorize;

pub fn run(app: &App, name: Option<&str>) -> anyhow::Result<()> {
    let exercise = match name {
        Some(name) => app.course.find(name)?,
        None => match load_progress(&app.course).current(&app.course) {
            Some(exercise) => exercise,
            None => {
                println!("Every exercise is done; name one to see its hint: `checker hint NAME`.");
                return Ok(());
            }
        },
    };
    println!(
        "{} {}\n{}",
        "Hint for".bold(),
        exercise.name.bold(),
        exercise.hint
    );
    Ok(())
}
