//! `checker explain NAME_OR_CODE` and `checker explain --list`: the async
//! doctor's longer notes, like `rustc --explain`. Needs no course.

use crate::doctor::lessons;
use crate::doctor::notes::{self, NOTES, Note};
use crate::suggest::closest;
use anyhow::bail;
use colored::Colorize;
use std::fmt::Write as _;

/// Prints the notes for `query` (a note name or a rustc code), or the list.
pub fn run(query: Option<&str>, list: bool) -> anyhow::Result<()> {
    match (query, list) {
        (_, true) => print!("{}", listing()),
        (Some(query), false) => print!("{}", explain(query)?),
        (None, false) => bail!(
            "say what to explain: a name such as `not-send-rc` or a rustc code such as `E0733`\n  help: `checker explain --list` lists every name"
        ),
    }
    Ok(())
}

/// Every note: name, code, stage and title, one a line.
pub fn listing() -> String {
    let width = NOTES.iter().map(|n| n.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for note in NOTES {
        let _ = writeln!(
            out,
            "{:width$}  {:15}  {:7}  {}",
            note.name,
            note.code.unwrap_or("-"),
            note.stage.label(),
            note.title
        );
    }
    let _ = writeln!(
        out,
        "\n`checker explain NAME` (or a rustc code such as E0308) prints the longer note."
    );
    out
}

/// The long notes for `query`: the note of that name, or every note for that
/// rustc code.
pub fn explain(query: &str) -> anyhow::Result<String> {
    let found: Vec<&Note> = match notes::find(query) {
        Some(note) => vec![note],
        None => notes::with_code(query),
    };
    if found.is_empty() {
        let names: Vec<&str> = NOTES.iter().map(|n| n.name).collect();
        match closest(query, &names) {
            Some(near) => bail!("the async doctor has no note `{query}`; did you mean `{near}`?"),
            None => bail!(
                "the async doctor has no note `{query}`\n  help: `checker explain --list` lists every name; for other rustc codes try `rustc --explain {query}`"
            ),
        }
    }
    Ok(found
        .iter()
        .map(|n| long_note(n))
        .collect::<Vec<_>>()
        .join("\n"))
}

fn long_note(note: &Note) -> String {
    let mut out = format!("{}", note.title.bold());
    match note.code {
        Some(code) => {
            let _ = write!(out, " [{}, {code}]", note.name);
        }
        None => {
            let _ = write!(out, " [{}]", note.name);
        }
    }
    let _ = writeln!(out, "\n\n{}\n", note.more);
    let _ = writeln!(out, "{} {}", "Why:".bold(), note.why);
    let _ = writeln!(out, "{} {}", "Try:".bold(), note.fix);
    if let Some(lesson) = lessons::for_note(note.name) {
        let by = lesson
            .exercise
            .map_or_else(String::new, |e| format!(", exercise `{e}`"));
        let _ = writeln!(out, "{} exercises/{}/{by}", "Learn:".bold(), lesson.topic);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_names_every_note() {
        let listing = listing();
        for note in NOTES {
            assert!(listing.contains(note.name), "{} missing", note.name);
        }
    }

    #[test]
    fn a_code_explains_every_note_with_it() {
        let text = explain("E0308").unwrap();
        assert!(text.contains("[future-as-value, E0308]"), "{text}");
        assert!(text.contains("[distinct-async-blocks, E0308]"), "{text}");
    }

    #[test]
    fn e0752_explains_async_main_though_test_builds_never_show_it() {
        let text = explain("E0752").unwrap();
        assert!(text.contains("[async-without-runtime, E0752]"), "{text}");
        assert!(text.contains("#[tokio::main]"), "{text}");
    }

    #[test]
    fn a_name_explains_its_note_and_lesson() {
        let text = explain("not-send-mutex-guard").unwrap();
        assert!(text.contains("tokio::sync::Mutex"), "{text}");
        assert!(text.contains("exercises/06_shared_state/"), "{text}");
    }

    #[test]
    fn an_unknown_name_suggests_the_nearest() {
        let err = explain("not-send-rx").unwrap_err().to_string();
        assert!(err.contains("did you mean `not-send-rc`?"), "{err}");
        let err = explain("E0001").unwrap_err().to_string();
        assert!(err.contains("rustc --explain E0001"), "{err}");
    }
}
