//! Reads the per-test lines of the libtest harness's plain report
//! (`test tests::name ... ok`). Stable Rust has no machine-readable libtest
//! output, and these lines have been stable for years.

use crate::verdict::{TestCase, TestOutcome};

/// The test cases in `lines`, in report order.
pub fn parse(lines: &[String]) -> Vec<TestCase> {
    lines
        .iter()
        .filter_map(|line| parse_line(&strip_ansi(line)))
        .collect()
}

fn parse_line(line: &str) -> Option<TestCase> {
    let rest = line.strip_prefix("test ")?;
    let (name, result) = rest.rsplit_once(" ... ")?;
    let outcome = match result.trim() {
        "ok" => TestOutcome::Passed,
        "FAILED" => TestOutcome::Failed,
        r if r.starts_with("ignored") => TestOutcome::Ignored,
        _ => return None,
    };
    Some(TestCase {
        name: name.trim().to_string(),
        outcome,
    })
}

/// `text` without ANSI escape sequences (colour codes) and other control
/// characters. libtest colours through terminfo, so what it prints depends on
/// `TERM`: the reset is `ESC ( B ESC [ m` on xterm, `ESC [ m` then the
/// shift-in character `\x0f` on screen and tmux.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else if c == '\u{1b}' && chars.peek() == Some(&']') {
            // An operating-system command (a window title, a hyperlink, the
            // clipboard): its text goes too, up to BEL or ESC \.
            while let Some(c) = chars.next() {
                if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                    break;
                }
            }
        } else if c == '\u{1b}' && matches!(chars.peek(), Some('(' | ')')) {
            chars.next();
            chars.next();
        } else if !c.is_control() || matches!(c, '\n' | '\t') {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    #[test]
    fn reads_each_outcome() {
        let report = lines(
            "test tests::a ... ok\ntest tests::b ... FAILED\ntest tests::c ... ignored, slow\n\
             test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out",
        );
        let cases = parse(&report);
        let outcomes: Vec<_> = cases.iter().map(|c| (c.name.as_str(), c.outcome)).collect();
        assert_eq!(
            outcomes,
            [
                ("tests::a", TestOutcome::Passed),
                ("tests::b", TestOutcome::Failed),
                ("tests::c", TestOutcome::Ignored)
            ]
        );
    }

    #[test]
    fn reads_coloured_lines() {
        let report = lines("test tests::a ... \u{1b}[32mok\u{1b}[0m");
        assert_eq!(parse(&report)[0].outcome, TestOutcome::Passed);
    }

    #[test]
    fn reads_lines_coloured_through_terminfo() {
        let xterm = lines("test tests::a ... \u{1b}[31mFAILED\u{1b}(B\u{1b}[m");
        assert_eq!(parse(&xterm)[0].outcome, TestOutcome::Failed);
        let tmux = lines("test tests::a ... \u{1b}[31mFAILED\u{1b}[m\u{f}");
        assert_eq!(parse(&tmux)[0].outcome, TestOutcome::Failed);
    }

    #[test]
    fn operating_system_commands_are_removed_whole() {
        assert_eq!(
            strip_ansi("a\u{1b}]0;title\u{7}b\u{1b}]52;c;aGk=\u{1b}\\c\r\n"),
            "abc\n"
        );
    }

    #[test]
    fn ignores_lines_that_are_not_results() {
        let report = lines("test tests::slow has been running for over 60 seconds\ntest  ... \n");
        assert!(parse(&report).is_empty());
    }
}
