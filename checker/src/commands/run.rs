//! `checker run [NAME]`: checks the current (or named) exercise once, marks it
//! done when it passes, and says what comes next.

use crate::app::App;
use crate::commands::load_progress;
use crate::info_file::Source;
use crate::render;
use colored::Colorize;
use std::process::ExitCode;

pub async fn run(app: &App, name: Option<&str>) -> anyhow::Result<ExitCode> {
    let mut progress = load_progress(&app.course);
    let exercise = match name {
        Some(name) => app.course.find(name)?,
        None => match progress.current(&app.course) {
            Some(exercise) => exercise,
            None => {
                println!("{}", app.course.final_message);
                return Ok(ExitCode::SUCCESS);
            }
        },
    };
    eprintln!(
        "{} {} ({})",
        "Checking".bold(),
        exercise.name,
        exercise.relative_path(Source::Exercise).display()
    );
    crate::commands::note_first_build(app);
    let check = app.engine.check(exercise, Source::Exercise).await?;
    print!("{}", render::check(&check, exercise));
    if !check.verdict.passed() {
        return Ok(ExitCode::FAILURE);
    }
    println!("{}", render::solution_note(exercise));
    let next = progress.mark_done(&app.course, &exercise.name);
    progress.save()?;
    match next.and_then(|n| app.course.find(&n).ok()) {
        Some(next) if next.name != exercise.name => println!(
            "Next: {} ({}). Run `cargo run -p checker run` to check it.",
            next.name.bold(),
            next.relative_path(Source::Exercise).display()
        ),
        Some(_) => {}
        None => println!("\n{}", app.course.final_message),
    }
    Ok(ExitCode::SUCCESS)
}
