//! Colour and emphasis for terminal text, `"text".red().bold()`, written as
//! ANSI codes only while colour is on (a terminal without NO_COLOR, see
//! `app::color_enabled`), so the same code prints plain text to pipes and
//! files. The handful of styles the checker uses need no crate.

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

const UNDECIDED: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;

static COLOR: AtomicU8 = AtomicU8::new(UNDECIDED);

/// Turns colour on or off for the whole process.
pub fn set_enabled(on: bool) {
    COLOR.store(if on { ON } else { OFF }, Ordering::Relaxed);
}

/// Whether styles are written: as set, else as the environment says.
fn enabled() -> bool {
    match COLOR.load(Ordering::Relaxed) {
        ON => true,
        OFF => false,
        _ => {
            let on = crate::app::color_enabled();
            set_enabled(on);
            on
        }
    }
}

/// Text and the styles (SGR parameters) to show it with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Styled {
    text: String,
    codes: Vec<&'static str>,
}

impl fmt::Display for Styled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, enabled())
    }
}

impl Styled {
    fn write(&self, f: &mut fmt::Formatter<'_>, color: bool) -> fmt::Result {
        // The text is formatted on its own, so width and padding (`{:14}`)
        // count its characters, not the escape codes.
        if self.codes.is_empty() || !color {
            return fmt::Display::fmt(&self.text, f);
        }
        write!(f, "\x1b[{}m", self.codes.join(";"))?;
        fmt::Display::fmt(&self.text, f)?;
        f.write_str("\x1b[0m")
    }
}

/// One method per style: its name and its SGR parameter.
macro_rules! styles {
    ($($name:ident $code:literal),* $(,)?) => {
        $(
            fn $name(self) -> Styled {
                self.styled().with($code)
            }
        )*
    };
}

/// The styles, on text (a `String` lends its `&str`).
pub trait Colorize: Sized {
    fn styled(self) -> Styled;

    styles! {
        bold "1",
        dimmed "2",
        reversed "7",
        red "31",
        green "32",
        yellow "33",
        cyan "36",
    }
}

impl Styled {
    fn with(mut self, code: &'static str) -> Styled {
        self.codes.push(code);
        self
    }
}

impl Colorize for Styled {
    fn styled(self) -> Styled {
        self
    }
}

impl Colorize for &str {
    fn styled(self) -> Styled {
        Styled {
            text: self.to_string(),
            codes: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `styled` as `format!("{:width$}|")` shows it, colour on or off (the
    /// process-wide switch stays untouched for the other tests).
    fn shown(styled: Styled, width: usize, color: bool) -> String {
        struct Shown(Styled, bool);
        impl fmt::Display for Shown {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.write(f, self.1)
            }
        }
        format!("{:width$}|", Shown(styled, color))
    }

    #[test]
    fn styles_combine_and_padding_counts_only_the_text() {
        assert_eq!(shown("ok".green().bold(), 0, true), "\x1b[32;1mok\x1b[0m|");
        assert_eq!(shown("ok".red(), 5, true), "\x1b[31mok   \x1b[0m|");
        assert_eq!(shown("ok".green().bold(), 0, false), "ok|");
        assert_eq!(shown("ok".red(), 5, false), "ok   |");
    }
}
