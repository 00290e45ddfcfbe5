//! `checker reset NAME`: puts the shipped version of an exercise back, from
//! the copy embedded in the checker.

use crate::app::App;
use crate::commands::load_progress;
use crate::info_file::Source;
use crate::shipped;
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
    shipped::restore(&app.course, exercise)?;
    let mut progress = load_progress(&app.course);
    progress.mark_pending(&exercise.name);
    progress.save()?;
    println!("{} is back to its shipped version.", relative.display());
    Ok(())
}
