//! `checker verify [--solutions]`: checks every exercise (or every reference
//! solution) without a terminal, in parallel, and prints a summary table.

use crate::app::App;
use crate::commands::load_progress;
use crate::info_file::Source;
use crate::render;
use crate::style::Colorize;
use std::process::ExitCode;
use std::time::Instant;

pub async fn run(app: &App, solutions: bool) -> anyhow::Result<ExitCode> {
    let source = if solutions {
        Source::Solution
    } else {
        Source::Exercise
    };
    let exercises: Vec<_> = app.course.exercises.iter().collect();
    let started = Instant::now();
    eprintln!(
        "{} {} {} in {}/ (one build, then {} at a time)",
        "Checking".bold(),
        exercises.len(),
        if solutions { "solutions" } else { "exercises" },
        source.package(),
        app.engine.jobs
    );
    crate::commands::note_first_build(app);
    // The table below names every verdict; meanwhile a terminal shows a bar.
    let (engine, meter) = crate::commands::with_meter(&app.engine, Some("Checked"));
    let checks = engine.check_many(&exercises, source, |_| {}).await;
    crate::commands::clear(&meter);
    let checks = checks?;

    println!();
    let width = exercises
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(4)
        .max(8);
    println!(
        "{:width$}  {:20}  {:14}  {:>8}",
        "exercise", "topic", "verdict", "run time"
    );
    for (exercise, check) in exercises.iter().zip(&checks) {
        let kind = check.verdict.kind();
        let kind = if check.verdict.passed() {
            kind.green()
        } else {
            kind.red()
        };
        println!(
            "{:width$}  {:20}  {:14}  {:>6} ms",
            exercise.name,
            exercise.dir,
            kind,
            check.run_time.as_millis()
        );
    }
    let failed: Vec<_> = exercises
        .iter()
        .zip(&checks)
        .filter(|(_, c)| !c.verdict.passed())
        .collect();
    if solutions {
        // A failing reference answer is a course bug: show everything.
        for (exercise, check) in &failed {
            println!("\n{}", format!("── {} ──", exercise.name).bold());
            print!("{}", render::check(check, exercise));
        }
    } else {
        let mut progress = load_progress(&app.course);
        let mut changed = false;
        for (exercise, check) in exercises.iter().zip(&checks) {
            changed |= progress.record(&app.course, &exercise.name, check.verdict.passed());
        }
        if changed {
            progress.save()?;
        }
    }
    println!(
        "\n{} passed, {} failed in {:.1} s.",
        checks.len() - failed.len(),
        failed.len(),
        started.elapsed().as_secs_f64()
    );
    if !solutions && !failed.is_empty() {
        println!("`cargo run -p checker run NAME` shows why one fails.");
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
