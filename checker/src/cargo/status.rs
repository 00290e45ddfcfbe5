//! What cargo says on stderr, line by line: its progress line (redrawn
//! after each `\r`), the command lines of `-vv` (`Running `...``), and the
//! rest, which is what a failed build reports.

/// Cargo at work on a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildProgress {
    /// Units (crates, build scripts) finished.
    pub done: usize,
    /// Units this build compiles (not those cargo found fresh).
    pub total: usize,
    /// The crates being compiled, as cargo names them.
    pub compiling: String,
}

impl BuildProgress {
    /// Whether the build compiles more than one unit: dependencies, not
    /// just the exercise being checked.
    pub fn has_dependencies(&self) -> bool {
        self.total > 1
    }
}

/// One thing cargo said on stderr.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum StatusLine {
    Progress(BuildProgress),
    /// The command line of a process cargo started, from `Running `...``.
    Running(String),
    /// Anything else: errors, warnings.
    Text(String),
}

/// Splits cargo's stderr into lines: `\n` ends a line, `\r` ends a redraw
/// of the progress line.
#[derive(Default)]
pub(super) struct StatusLines {
    partial: Vec<u8>,
}

impl StatusLines {
    pub(super) fn push(&mut self, bytes: &[u8], end: bool) -> Vec<StatusLine> {
        let mut lines = Vec::new();
        for &byte in bytes {
            if byte == b'\n' || byte == b'\r' {
                let text = String::from_utf8_lossy(&std::mem::take(&mut self.partial)).into_owned();
                lines.extend(classify(&text));
            } else {
                self.partial.push(byte);
            }
        }
        if end && !self.partial.is_empty() {
            let text = String::from_utf8_lossy(&std::mem::take(&mut self.partial)).into_owned();
            lines.extend(classify(&text));
        }
        lines
    }
}

fn classify(line: &str) -> Option<StatusLine> {
    // With CARGO_TERM_COLOR=always the labels are coloured.
    let plain = crate::ansi::strip_ansi(line);
    let trimmed = plain.trim();
    if trimmed.is_empty() {
        return None;
    }
    if let Some(progress) = parse_progress(trimmed) {
        return Some(StatusLine::Progress(progress));
    }
    if let Some(command) = trimmed
        .strip_prefix("Running `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return Some(StatusLine::Running(command.to_string()));
    }
    // Status lines of a verbose build are not problems to report.
    let status = [
        "Fresh ",
        "Dirty ",
        "Compiling ",
        "Finished ",
        "Executable ",
        "Building ",
    ];
    if status.iter().any(|s| trimmed.starts_with(s)) {
        return None;
    }
    Some(StatusLine::Text(line.trim_end().to_string()))
}

/// Cargo's progress line, `Building [====>   ] 12/97: tokio, mio` (without
/// the label under `--quiet`).
fn parse_progress(line: &str) -> Option<BuildProgress> {
    let rest = line.strip_prefix("Building").unwrap_or(line).trim_start();
    let rest = rest.strip_prefix('[')?;
    let (_, counts) = rest.split_once(']')?;
    let (counts, compiling) = match counts.split_once(':') {
        Some((counts, names)) => (counts, names.trim()),
        None => (counts, ""),
    };
    let (done, total) = counts.trim().split_once('/')?;
    Some(BuildProgress {
        done: done.parse().ok()?,
        total: total.parse().ok()?,
        compiling: compiling.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(done: usize, total: usize, compiling: &str) -> StatusLine {
        StatusLine::Progress(BuildProgress {
            done,
            total,
            compiling: compiling.into(),
        })
    }

    #[test]
    fn progress_lines_are_read_with_or_without_label_and_colour() {
        let mut lines = StatusLines::default();
        let events = lines.push(
            b"   Compiling bytes v1.12.2\n    Building [==>     ] 3/97: tokio, mio     \r[====>   ] 4/97: tokio\r\
              \x1b[1m\x1b[36m    Building\x1b[0m [=> ] 5/97: slow(build)\r\
              \x1b[1m\x1b[32m     Running\x1b[0m `rustc --crate-name a1`\n",
            false,
        );
        assert_eq!(
            events,
            [
                progress(3, 97, "tokio, mio"),
                progress(4, 97, "tokio"),
                progress(5, 97, "slow(build)"),
                StatusLine::Running("rustc --crate-name a1".into()),
            ]
        );
    }

    #[test]
    fn running_lines_are_kept_and_errors_are_text() {
        let mut lines = StatusLines::default();
        let events = lines.push(
            b"     Running `rustc --crate-name a1 --test a.rs`\nerror: failed to parse manifest",
            true,
        );
        assert_eq!(
            events,
            [
                StatusLine::Running("rustc --crate-name a1 --test a.rs".into()),
                StatusLine::Text("error: failed to parse manifest".into()),
            ]
        );
    }
}
