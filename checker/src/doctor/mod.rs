//! The async doctor: recognises the common async mistakes behind a failed
//! check and explains each in plain words (what happened, why async Rust
//! works that way, what to try) with the part of the course that teaches it.
//!
//! [`diagnose`] is a pure function of a check (which carries the text it
//! compiled), so every front end (run, verify, watch, grade) gets the same
//! notes the same way. Recognition uses structure where there is structure:
//! rustc's error codes, messages, labels and spans ([`compile`]), the verdict
//! kind; plain-text matching is kept for runtime panics, which have no code
//! ([`runtime`]), and for a hang, which has no message at all, the checked
//! code is read ([`hang`]). A failure that matches nothing gets no
//! explanation.

pub mod compile;
mod diagnostic;
pub mod hang;
pub mod lessons;
pub mod notes;
mod pinning;
pub mod runtime;
mod source;
mod spawn;
mod values;

use crate::info_file::Exercise;
use crate::style::Colorize;
use crate::verdict::{Check, Verdict};
use notes::Note;
use std::fmt::Write as _;

/// One recognised mistake in one failed check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub note: &'static Note,
    /// What happened in this program, with the names and lines involved.
    pub what: String,
    /// How many other places show the same mistake (fixed the same way).
    pub also: usize,
}

impl Explanation {
    fn new(note: &str, what: String) -> Explanation {
        Explanation {
            note: notes::get(note),
            what,
            also: 0,
        }
    }
}

/// The mistakes behind `check`'s failure; empty for a passed check. A check
/// that waited too long also gets the hang causes its code shows.
pub fn diagnose(check: &Check) -> Vec<Explanation> {
    if check.verdict.passed() {
        return Vec::new();
    }
    let mut found = compile::explain(&check.diagnostics, &check.code);
    if let Some(output) = &check.output {
        found.extend(runtime::explain(
            &output.text(),
            &check.path.to_string_lossy(),
            &check.code,
        ));
    }
    if waited_too_long(check) {
        found.extend(hang::explain(&check.code));
    }
    collapse(found)
}

/// One explanation per mistake: the first place it shows, and how many
/// other places show it too (rustc may report one mistake at every use).
fn collapse(found: Vec<Explanation>) -> Vec<Explanation> {
    let mut seen: Vec<(&str, String)> = Vec::new();
    let mut kept: Vec<Explanation> = Vec::new();
    for explanation in found {
        let key = (explanation.note.name, explanation.what.clone());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        match kept
            .iter_mut()
            .find(|k| k.note.name == explanation.note.name)
        {
            Some(first) => first.also += 1 + explanation.also,
            None => kept.push(explanation),
        }
    }
    kept
}

/// The doctor's section of a check report: empty when nothing was recognised.
pub fn section(check: &Check, exercise: &Exercise) -> String {
    render(&diagnose(check), &exercise.name, &exercise.dir)
}

/// Whether the check failed by waiting too long: stopped by its timeout, or
/// a test's `tokio::time::timeout` ran out and its `Elapsed` was unwrapped
/// (how the course's tests report a hang instead of hanging).
fn waited_too_long(check: &Check) -> bool {
    match check.verdict {
        Verdict::TimedOut { .. } => true,
        Verdict::Passed => false,
        _ => check
            .output
            .as_ref()
            .is_some_and(|output| output.text().contains("Elapsed(())")),
    }
}

/// Explanations as text for people, under a heading; empty for none.
/// `exercise` and `topic` name the exercise that failed, so the lesson line
/// can say when it is the one that teaches the mistake.
pub fn render(explanations: &[Explanation], exercise: &str, topic: &str) -> String {
    if explanations.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", "Async doctor:".cyan().bold());
    for explanation in explanations {
        let note = explanation.note;
        let _ = writeln!(
            out,
            "  {} {} {}",
            "●".cyan(),
            note.title.bold(),
            format!("[{}]", note.name).dimmed()
        );
        let _ = write!(out, "    {}", explanation.what);
        match explanation.also {
            0 => out.push('\n'),
            1 => out.push_str(" The same mistake shows in 1 more place.\n"),
            n => {
                let _ = writeln!(out, " The same mistake shows in {n} more places.");
            }
        }
        let _ = writeln!(out, "    {} {}", "Why:".bold(), note.why);
        let _ = writeln!(out, "    {} {}", "Try:".bold(), note.fix);
        let _ = writeln!(
            out,
            "    {} {}",
            "Learn:".bold(),
            learn_line(note.name, exercise, topic)
        );
    }
    out
}

/// Where to read more: the lesson of the course, then `checker explain`.
fn learn_line(name: &str, exercise: &str, topic: &str) -> String {
    let more = format!("`checker explain {name}` says more");
    let Some(lesson) = lessons::for_note(name) else {
        return format!("{more}.");
    };
    match lesson.exercise {
        Some(taught_by) if taught_by == exercise => {
            format!("this exercise is about exactly this; {more}.")
        }
        Some(taught_by) => format!(
            "exercise `{taught_by}` (exercises/{}/) teaches it; {more}.",
            lesson.topic
        ),
        None if lesson.topic == topic => format!(
            "this chapter teaches it: exercises/{}/README.md; {more}.",
            lesson.topic
        ),
        None => format!("exercises/{}/ teaches it; {more}.", lesson.topic),
    }
}

/// `line N` for a 1-based line number, as the explanations say it.
fn line(n: usize) -> String {
    format!("line {n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mistake_in_many_places_is_explained_once_with_a_count() {
        let at = |what: &str| Explanation::new("borrow-outlives-task", what.to_string());
        let found = vec![
            at("borrows `name`"),
            at("borrows `name`"),
            at("borrows `greeting`"),
            Explanation::new("async-without-runtime", "main".into()),
            at("borrows `delay`"),
        ];
        let kept = collapse(found);
        assert_eq!(kept.len(), 2);
        assert_eq!((kept[0].what.as_str(), kept[0].also), ("borrows `name`", 2));
        assert_eq!(
            (kept[1].note.name, kept[1].also),
            ("async-without-runtime", 0)
        );
    }
}
