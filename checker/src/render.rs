//! Turns checks into text for people: rustc's diagnostics, the program's
//! output and one line that says what the verdict means and what to do.

use crate::describe::describe;
use crate::diagnostic::is_error;
use crate::info_file::{Exercise, Source};
use crate::style::Colorize;
use crate::verdict::{Check, Verdict};
use std::fmt::Write as _;

/// The full human report of one check: diagnostics, output, verdict line.
pub fn check(check: &Check, exercise: &Exercise) -> String {
    let mut out = String::new();
    let show_warnings = !check.verdict.passed();
    for diagnostic in &check.diagnostics {
        if !is_error(diagnostic) && !show_warnings {
            continue;
        }
        if let Some(rendered) = &diagnostic.rendered {
            out.push_str(rendered);
        }
    }
    if let Some(output) = &check.output {
        let text = output.text();
        if !text.trim().is_empty() {
            let title = match check.verdict {
                Verdict::Passed | Verdict::TestsFailed { .. } | Verdict::NoTests
                    if !check.tests.is_empty() =>
                {
                    "Test output"
                }
                _ => "Output",
            };
            let _ = writeln!(out, "{}", format!("{title}:").bold());
            out.push_str(&text);
            if !text.ends_with('\n') {
                out.push('\n');
            }
            out.push('\n');
        }
    }
    out.push_str(&summary(check, exercise));
    out.push('\n');
    out.push_str(&crate::doctor::section(check, exercise));
    out
}

/// The one-paragraph verdict: what happened and what to do next.
pub fn summary(check: &Check, exercise: &Exercise) -> String {
    let description = describe(check, exercise);
    let name = exercise.name.bold().to_string();
    let (mark, todo) = match check.verdict {
        Verdict::Passed => ("✓".green().bold(), String::new()),
        // A timeout's causes are a list: each on its own line.
        Verdict::TimedOut { .. } => ("✗".red().bold(), format!(" {}", description.todo)),
        _ => ("✗".red().bold(), format!("\n  {}", description.todo)),
    };
    format!("{mark} {}.{todo}", description.about(&name))
}

/// Said before the first build, which compiles the dependencies too.
pub fn first_build_note() -> String {
    format!(
        "{} the first check also compiles the course's dependencies (tokio, futures); \
         this takes about half a minute on two cores (longer on a slow machine); later checks take well under a second.",
        "note:".cyan().bold()
    )
}

/// The first `levels` hint levels of `exercise`, under a heading: the nudge
/// alone, then the recipe under it.
pub fn hints(exercise: &Exercise, levels: usize) -> String {
    let mut text = format!("{} {}", "Hint for".bold(), exercise.name.bold());
    for (number, hint) in exercise.hints.iter().take(levels).enumerate() {
        if number > 0 {
            let _ = write!(text, "\n{}", "More:".bold());
        }
        let _ = write!(text, "\n{}", hint.trim_end());
    }
    text
}

/// Where the reference solution of a passed exercise is.
pub fn solution_note(exercise: &Exercise) -> String {
    format!(
        "The reference solution is in {}: compare it with yours.",
        exercise.relative_path(Source::Solution).display()
    )
}

/// `n thing` or `n things`.
pub fn plural(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}
