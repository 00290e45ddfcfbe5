//! The `human` report: a table of exercise, points, status and reason, the
//! total, then what went wrong in each exercise that did not pass. What the
//! learner's program printed is shown without control sequences: it may be
//! read in a CI log, a file or a teacher's terminal, and none of them should
//! obey escape codes a student chose.

use super::{Grade, Status};
use crate::ansi::strip_ansi;
use crate::style::Colorize;
use std::fmt::Write as _;

pub fn render(grade: &Grade) -> String {
    let mut out = String::new();
    let width = grade
        .exercises
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(0)
        .max("exercise".len());
    let _ = writeln!(
        out,
        "{:width$}  {:>11}  {:14}  reason",
        "exercise", "points", "status"
    );
    for (e, points) in grade.exercises.iter().zip(grade.shown_points()) {
        let status = format!("{:14}", e.status.name());
        let status = match e.status {
            Status::Pass => status.green(),
            Status::NotAttempted | Status::Missing => status.yellow(),
            _ => status.red(),
        };
        let points = format!("{points}/{}", e.max_points);
        let _ = writeln!(
            out,
            "{:width$}  {points:>11}  {status}  {}",
            e.name, e.reason
        );
    }
    let _ = writeln!(
        out,
        "\n{} {} / {} points ({} of {} exercises pass{}) in {:.1} s",
        "Total:".bold(),
        grade.score(),
        grade.max(),
        grade.exercises.iter().filter(|e| e.passed()).count(),
        grade.exercises.len(),
        if grade.partial {
            ", partial credit"
        } else {
            ""
        },
        grade.duration.as_secs_f64()
    );
    for e in &grade.exercises {
        if e.passed() || e.output.trim().is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{}",
            format!("── {} ({}) ──", e.name, e.status.name()).bold()
        );
        let output = strip_ansi(&e.output);
        out.push_str(&output);
        if !output.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&crate::doctor::render(&e.doctor, &e.name, &e.topic));
    }
    out
}
