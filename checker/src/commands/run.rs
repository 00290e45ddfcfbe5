//! `checker run [NAME]`: checks the current (or named) exercise once, marks it
//! done when it passes, and says what comes next.

use crate::app::App;
use crate::commands::load_progress;
use crate::info_file::Source;
use crate::render;
use crate::style::Colorize;
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
    let (engine, meter) = crate::commands::with_meter(&app.engine, None);
    let check = engine.check(exercise, Source::Exercise).await;
    crate::commands::clear(&meter);
    let check = check?;
    print!("{}", render::check(&check, exercise));
    let passed = check.verdict.passed();
    if progress.record(&app.course, &exercise.name, passed) {
        progress.save()?;
    }
    if !passed {
        return Ok(ExitCode::FAILURE);
    }
    println!("{}", render::solution_note(exercise));
    let next = progress.current(&app.course);
    match next {
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
