//! Turns checks into text for people: rustc's diagnostics, the program's
//! output and one line that says what the verdict means and what to do.

use crate::info_file::{Exercise, Source};
use crate::verdict::{Check, Verdict};
use cargo_metadata::diagnostic::DiagnosticLevel;
use colored::Colorize;
use std::fmt::Write as _;

/// The usual reasons an async program never finishes; shown with a timeout.
pub const TIMEOUT_CAUSES: &[&str] = &[
    "a receive loop (`while let Some(x) = rx.recv().await`) whose sender is never dropped, so `recv()` never returns `None`",
    "a blocking call in async code (`std::thread::sleep`, a std `Mutex` or channel) that stalls the runtime's thread",
    "a future that can never complete: it returns `Pending` with no wake-up arranged, or waits for a message nobody sends",
    "a lock held across `.await` while another task waits for the same lock",
];

/// The full human report of one check: diagnostics, output, verdict line.
pub fn check(check: &Check, exercise: &Exercise) -> String {
    let mut out = String::new();
    let show_warnings = !check.verdict.passed();
    for diagnostic in &check.diagnostics {
        let is_warning = !matches!(
            diagnostic.level,
            DiagnosticLevel::Error | DiagnosticLevel::Ice
        );
        if is_warning && !show_warnings {
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
    let path = exercise.relative_path(check.source).display().to_string();
    let name = exercise.name.bold();
    match &check.verdict {
        Verdict::Passed => format!("{} {name} passes.", "✓".green().bold()),
        Verdict::CompileError => format!(
            "{} {name} does not compile yet: fix the error above in {path} (the first one matters most).",
            "✗".red().bold()
        ),
        Verdict::TestsFailed { failed } => format!(
            "{} {name}: {} failed: {}.\n  Read the failure messages above, then fix {path}.",
            "✗".red().bold(),
            plural(failed.len(), "test"),
            failed.join(", ")
        ),
        Verdict::NoTests => format!(
            "{} {name}: no test passed, because none ran. Were the tests deleted or marked #[ignore]? \
             `checker reset {}` restores the file.",
            "✗".red().bold(),
            exercise.name
        ),
        Verdict::ProgramFailed { code, signal } => {
            let how = match (code, signal) {
                (_, Some(signal)) => {
                    format!("was killed by signal {signal}{}", signal_name(*signal))
                }
                (Some(0), None) => "exited before the test harness reported every test (does the code call `std::process::exit`?)".to_string(),
                (Some(code), None) => format!("exited with code {code}"),
                (None, None) => "failed".to_string(),
            };
            format!(
                "{} {name}: the test program {how}. Read the output above, then fix {path}.",
                "✗".red().bold()
            )
        }
        Verdict::BuildTimedOut { after } => format!(
            "{} {name} was still compiling after {} s, so the build was stopped. rustc itself did not \
             finish: look in {path} for something it evaluates at compile time without end, such as a \
             `const` computed by a loop that never stops. If the build is only slow, raise the limit \
             with --build-timeout.",
            "✗".red().bold(),
            after.as_secs()
        ),
        Verdict::TimedOut { after } => {
            let mut text = format!(
                "{} {name} timed out after {} s and was stopped. An async program that never finishes usually has:",
                "✗".red().bold(),
                after.as_secs()
            );
            for cause in TIMEOUT_CAUSES {
                let _ = write!(text, "\n  - {cause}");
            }
            text
        }
    }
}

/// Said before the first build, which compiles the dependencies too.
pub fn first_build_note() -> String {
    format!(
        "{} the first check also compiles the course's dependencies (tokio, futures); \
         this takes a minute or two, later checks take about a second.",
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

fn signal_name(signal: i32) -> &'static str {
    match signal {
        libc::SIGABRT => {
            " (SIGABRT: the program aborted, e.g. a panic while panicking or a stack overflow)"
        }
        libc::SIGSEGV => " (SIGSEGV: invalid memory access, or a stack overflow)",
        libc::SIGKILL => " (SIGKILL)",
        _ => "",
    }
}

/// `n thing` or `n things`.
pub fn plural(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}
