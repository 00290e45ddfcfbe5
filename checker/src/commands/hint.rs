//! `checker hint [NAME] [--all]`: the hint of the current or the named
//! exercise, a nudge first and the recipe on request, as watch's `h` does.

use crate::app::App;
use crate::commands::load_progress;
use crate::render;

pub fn run(app: &App, name: Option<&str>, all: bool) -> anyhow::Result<()> {
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
    let levels = if all { exercise.hints.len() } else { 1 };
    println!("{}", render::hints(exercise, levels));
    if levels < exercise.hints.len() {
        println!(
            "\nStill stuck? `cargo run -p checker -- hint {} --all` shows how.",
            exercise.name
        );
    }
    Ok(())
}
