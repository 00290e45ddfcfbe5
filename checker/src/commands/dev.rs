//! `checker dev ...`: tools for course authors: the integrity check and the
//! regeneration of the bins lists.

use crate::app::App;
use crate::bins;
use crate::integrity;
use crate::style::Colorize;
use std::process::ExitCode;

/// `dev check [NAME...]`: reports every integrity problem (of the named
/// exercises only, if any are named); exit 1 if there is any.
pub async fn check(app: &App, only: &[String]) -> anyhow::Result<ExitCode> {
    let report = integrity::check(&app.course, &app.engine, only, |step| {
        eprintln!("{} {step}", "Checking:".bold());
    })
    .await?;
    if report.problems.is_empty() {
        println!(
            "{} the course is consistent: {} exercises, each failing as shipped for its stated reason, every solution passing, \
             {} wrong answers rejected.",
            "✓".green().bold(),
            report.exercises,
            report.wrong_answers
        );
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &report.problems {
        println!("{} {problem}", "✗".red().bold());
    }
    println!("\n{} problem(s) in the course.", report.problems.len());
    Ok(ExitCode::FAILURE)
}

/// `dev sync`: rewrites the bins lists from info.toml.
pub fn sync(app: &App) -> anyhow::Result<()> {
    let changed = bins::sync(&app.course)?;
    if changed.is_empty() {
        println!("The [[bin]] lists already match the course.");
    } else {
        println!("Rewrote the [[bin]] list of {}.", changed.join(" and "));
    }
    Ok(())
}
