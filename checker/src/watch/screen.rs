//! Draws watch's screen from its state: the check's report, a notice, the
//! progress bar, the current exercise as a clickable link and the key
//! legend. Each draw repaints the whole screen in one write.

use super::state::{State, Status, View};
use crate::info_file::{Course, Exercise, Source};
use crate::render;
use crate::verdict::Check;
use colored::Colorize;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// Repaints the terminal.
pub fn draw(state: &State, course: &Course) -> std::io::Result<()> {
    let (width, height) = size();
    // Home, then clear: the report starts at the top.
    let mut text = String::from("\x1b[H\x1b[2J");
    match &state.view {
        View::List(list) => text.push_str(&list.draw(
            course,
            &state.progress,
            state.current_index(course),
            width,
            height,
        )),
        View::Exercise | View::ConfirmReset => exercise_screen(&mut text, state, course, width),
    }
    // Raw mode turns off the terminal's newline translation.
    let text = text.replace("\r\n", "\n").replace('\n', "\r\n");
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// The terminal's columns and rows; a pseudo-terminal may not say.
fn size() -> (usize, usize) {
    match crossterm::terminal::size() {
        Ok((w, h)) if w > 0 && h > 0 => (usize::from(w), usize::from(h)),
        _ => (80, 24),
    }
}

fn exercise_screen(text: &mut String, state: &State, course: &Course, width: usize) {
    let current = state.current(course);
    if state.welcome {
        let _ = writeln!(text, "{}\n", course.welcome_message);
    }
    match (&state.status, current) {
        (Status::Finished, _) | (_, None) => {
            let _ = writeln!(text, "{}", course.final_message);
        }
        (Status::Checking, Some(exercise)) => {
            let _ = writeln!(
                text,
                "{} {} ({}) ...",
                "Checking".bold(),
                exercise.name,
                exercise.relative_path(Source::Exercise).display()
            );
            if state.first_build {
                let _ = writeln!(text, "{}", render::first_build_note());
            }
        }
        (Status::Checked(check), Some(exercise)) => {
            text.push_str(&render::check(check, exercise));
        }
        (Status::Missing, Some(exercise)) => {
            let _ = writeln!(
                text,
                "{} {} is missing: it was deleted or renamed.\n  \
                 Undo that in your editor, or press x to restore the shipped version; \
                 the checker picks the file up as soon as it is back.",
                "✗".red().bold(),
                exercise.relative_path(Source::Exercise).display()
            );
        }
        (
            Status::CheckingAll {
                done,
                failed,
                total,
            },
            Some(_),
        ) => {
            let _ = writeln!(
                text,
                "{} all {total} exercises (one build, then several at a time) ...\n{}  {} failing so far",
                "Checking".bold(),
                bar(*done, *total, width),
                failed
            );
        }
        (Status::Error(message), Some(_)) => {
            let _ = writeln!(
                text,
                "{} the check could not run: {message}\n  Press r to try again.",
                "error:".red().bold()
            );
        }
    }
    if let (level @ 1.., Some(exercise)) = (state.hint_level, current) {
        let _ = writeln!(text, "\n{}", crate::render::hints(exercise, level));
        if level < exercise.hints.len() {
            let _ = writeln!(text, "{}", "(press h again for more)".dimmed());
        }
    }
    if let Some(notice) = &state.notice {
        let _ = writeln!(text, "\n{notice}");
    }
    let done = course
        .exercises
        .iter()
        .filter(|e| state.progress.is_done(&e.name))
        .count();
    let _ = writeln!(text, "\n{}", bar(done, course.exercises.len(), width));
    match current {
        Some(exercise) => {
            let check = match &state.status {
                Status::Checked(check) => Some(&**check),
                _ => None,
            };
            let _ = writeln!(
                text,
                "Current exercise: {}",
                link(&course.root, exercise, check)
            );
        }
        None => {
            let _ = writeln!(text, "Every exercise is done.");
        }
    }
    match (&state.view, current) {
        (View::ConfirmReset, Some(exercise)) => {
            let _ = write!(
                text,
                "{} to its shipped version? Your changes will be lost. [y/N]",
                format!(
                    "Reset {}",
                    exercise.relative_path(Source::Exercise).display()
                )
                .bold()
            );
        }
        _ => text.push_str(&legend(state.manual)),
    }
}

/// `Progress: [#####>-----]  5/12`, fitted to the terminal.
fn bar(done: usize, total: usize, width: usize) -> String {
    let digits = total.to_string().len();
    let room = width
        .saturating_sub("Progress: []  /".len() + 2 * digits)
        .clamp(10, 60);
    let filled = (done * room).checked_div(total).unwrap_or(0);
    let mut bar = "#".repeat(filled);
    if filled < room {
        bar.push('>');
        bar.push_str(&"-".repeat(room - filled - 1));
    }
    format!("Progress: [{}]  {done:>digits$}/{total}", bar.green())
}

fn legend(manual: bool) -> String {
    let keys = [
        ("h", "hint"),
        ("l", "list"),
        ("n", "next"),
        ("p", "previous"),
        ("r", if manual { "check" } else { "re-run" }),
        ("c", "check all"),
        ("x", "reset"),
        ("q", "quit"),
    ];
    let mut line = String::new();
    for (key, what) in keys {
        let _ = write!(line, "{} {what}  ", key.bold());
    }
    if manual {
        line.push_str("(manual mode: save, then press r)");
    }
    line.trim_end().to_string()
}

/// The exercise's path as an OSC 8 hyperlink. With an error in the file, the
/// text names its line and column, and the URL carries the line as its
/// fragment (`file:///...#12`, which kitty's and WezTerm's open rules read).
fn link(root: &Path, exercise: &Exercise, check: Option<&Check>) -> String {
    let relative = exercise.relative_path(Source::Exercise);
    let absolute = std::fs::canonicalize(root.join(&relative)).unwrap_or(root.join(&relative));
    let mut url = format!("file://{}", encode_path(&absolute));
    let mut label = relative.display().to_string();
    if let Some((line, column)) = check.and_then(|check| check.first_error_at(&relative)) {
        let _ = write!(url, "#{line}");
        let _ = write!(label, ":{line}:{column}");
    }
    format!("\x1b]8;;{url}\x1b\\{label}\x1b]8;;\x1b\\")
}

/// Percent-encodes a path for a `file://` URL (RFC 3986 path characters
/// stay as they are).
fn encode_path(path: &Path) -> String {
    let mut out = String::new();
    for byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(*byte))
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::libtest::strip_ansi;

    #[test]
    fn bar_fills_in_proportion() {
        let plain = |s: String| strip_ansi(&s);
        assert_eq!(
            plain(bar(0, 4, 0)),
            format!("Progress: [>{}]  0/4", "-".repeat(9))
        );
        assert_eq!(
            plain(bar(2, 4, 0)),
            "Progress: [#####>----]  2/4".to_string()
        );
        assert_eq!(
            plain(bar(4, 4, 0)),
            format!("Progress: [{}]  4/4", "#".repeat(10))
        );
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(encode_path(Path::new("/a b/ü.rs")), "/a%20b/%C3%BC.rs");
    }
}
