//! Terminal escape sequences taken out of text: colour codes from rustc,
//! libtest and our own output, for reading program output and for writing
//! reports to files. Its own module because both the test-report reader
//! (`libtest`) and the verdict (`verdict`) need it, and neither should
//! import the other for it.

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

    #[test]
    fn colour_and_terminfo_sequences_are_removed() {
        assert_eq!(strip_ansi("\u{1b}[31mFAILED\u{1b}(B\u{1b}[m"), "FAILED");
        assert_eq!(
            strip_ansi("\u{1b}[1;32mok\u{1b}[m\u{f} done\n"),
            "ok done\n"
        );
        assert_eq!(strip_ansi("tab\tkept\r"), "tab\tkept");
    }

    #[test]
    fn operating_system_commands_are_removed_whole() {
        assert_eq!(
            strip_ansi("a\u{1b}]0;title\u{7}b\u{1b}]52;c;aGk=\u{1b}\\c\r\n"),
            "abc\n"
        );
    }
}
