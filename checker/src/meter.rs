//! Progress as one line: a bar with counts (`Progress: [####>---]  5/12`)
//! that watch draws in its screen, and that run, verify and grade redraw in
//! place on the terminal while cargo builds and exercises are checked. On
//! anything that is not a terminal (a pipe, a file, CI) nothing is drawn.

use crate::ansi::strip_ansi;
use crate::cargo::BuildProgress;
use crate::style::Colorize;
use std::io::{IsTerminal, Write};

/// `LABEL [#####>-----]  5/12`, fitted to `width` columns.
pub fn bar(label: &str, done: usize, total: usize, width: usize) -> String {
    let digits = total.to_string().len();
    let room = width
        .saturating_sub(label.len() + " []  /".len() + 2 * digits)
        .clamp(10, 60);
    let filled = (done.min(total) * room).checked_div(total).unwrap_or(0);
    let mut bar = "#".repeat(filled);
    if filled < room {
        bar.push('>');
        bar.push_str(&"-".repeat(room - filled - 1));
    }
    format!("{label} [{}]  {done:>digits$}/{total}", bar.green())
}

/// Cargo's progress as a bar and the crates it is compiling, in at most
/// `width` columns (the names are cut short to fit).
pub fn building(progress: &BuildProgress, width: usize) -> String {
    let width = width.min(120);
    // The bar takes three fifths, the crate names what is left.
    let line = bar(
        "Building dependencies",
        progress.done,
        progress.total,
        width * 3 / 5,
    );
    let room = width.saturating_sub(strip_ansi(&line).chars().count() + 2);
    if progress.compiling.is_empty() || room < 8 {
        return line;
    }
    let compiling: String = progress.compiling.chars().take(room).collect();
    format!("{line}: {compiling}")
}

/// A line at the bottom of the terminal (on stderr), redrawn in place, and
/// cleared when done. Inert unless stdout and stderr are both terminals.
pub struct LiveLine {
    enabled: bool,
    drawn: bool,
}

impl LiveLine {
    pub fn new() -> LiveLine {
        LiveLine {
            enabled: std::io::stdout().is_terminal() && std::io::stderr().is_terminal(),
            drawn: false,
        }
    }

    /// The terminal's width, or 80 when it does not say.
    pub fn width(&self) -> usize {
        match crossterm::terminal::size() {
            Ok((w, _)) if w > 0 => usize::from(w).max(20),
            _ => 80,
        }
    }

    /// Replaces the line with `text` (one line, shorter than the terminal).
    pub fn draw(&mut self, text: &str) {
        if !self.enabled {
            return;
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{text}");
        let _ = err.flush();
        self.drawn = true;
    }

    /// Takes the line away, so what is printed next starts on a clean line.
    pub fn clear(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.drawn = false;
        }
    }
}

impl Default for LiveLine {
    fn default() -> Self {
        LiveLine::new()
    }
}

impl Drop for LiveLine {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_in_proportion() {
        let plain = |s: String| strip_ansi(&s);
        assert_eq!(
            plain(bar("Progress:", 0, 4, 0)),
            format!("Progress: [>{}]  0/4", "-".repeat(9))
        );
        assert_eq!(
            plain(bar("Progress:", 2, 4, 0)),
            "Progress: [#####>----]  2/4".to_string()
        );
        assert_eq!(
            plain(bar("Progress:", 4, 4, 0)),
            format!("Progress: [{}]  4/4", "#".repeat(10))
        );
    }

    #[test]
    fn building_names_the_crates_and_fits_the_width() {
        let progress = BuildProgress {
            done: 12,
            total: 97,
            compiling: "tokio, mio, futures-util".into(),
        };
        let line = strip_ansi(&building(&progress, 100));
        assert!(line.starts_with("Building dependencies ["), "{line}");
        assert!(line.ends_with("12/97: tokio, mio, futures-util"), "{line}");
        for width in [50, 60, 80] {
            let line = strip_ansi(&building(&progress, width));
            assert!(line.chars().count() <= width, "{width}: {line}");
            assert!(line.contains("12/97"), "{width}: {line}");
        }
    }
}
