//! Reads the checked file's text where rustc's diagnostics or a panic do not
//! say enough on their own: which function a line belongs to (a `poll` of a
//! hand-written future, a `Drop::drop`), and where a function's body ends.
//! Line-based and brace-counting, as the course's files are formatted code.

use std::ops::Range;

/// The 0-based line indices of the first function called `name` in
/// `lines`, from its `fn` line to the line that closes its body.
pub(super) fn function_body(lines: &[&str], name: &str) -> Option<Range<usize>> {
    let header = format!("fn {name}(");
    let start = lines.iter().position(|l| l.contains(&header))?;
    Some(start..body_end(lines, start))
}

/// The header line (trimmed) of the innermost function whose body holds the
/// 1-based line `line` of `code`, e.g. `fn poll(self: Pin<&mut Self>, ...`.
pub(super) fn enclosing_fn(code: &str, line: usize) -> Option<&str> {
    let lines: Vec<&str> = code.lines().collect();
    let at = line.checked_sub(1).filter(|&i| i < lines.len())?;
    (0..=at)
        .rev()
        .filter(|&i| is_fn_header(lines[i]))
        .find(|&start| body_end(&lines, start) > at)
        .map(|start| lines[start].trim())
}

/// Whether `line` starts a function: `fn`, after any `pub`, `async`, ...
pub(super) fn is_fn_header(line: &str) -> bool {
    let mut words = line.split_whitespace();
    words.find(|w| {
        !matches!(
            *w,
            "pub" | "pub(crate)" | "pub(super)" | "async" | "const" | "unsafe"
        )
    }) == Some("fn")
}

/// One past the 0-based index of the line that closes the body of the
/// function whose header is at `start` (the end of `lines` if it never does).
fn body_end(lines: &[&str], start: usize) -> usize {
    let mut depth = 0i64;
    let mut opened = false;
    for (i, text) in lines.iter().enumerate().skip(start) {
        for c in text.chars() {
            match c {
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        if opened && depth <= 0 {
            return i + 1;
        }
    }
    lines.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "\
impl Future for Timed {
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        Poll::Pending
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        block();
    }
}
";

    #[test]
    fn a_line_belongs_to_the_function_around_it() {
        let poll = "fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {";
        assert_eq!(enclosing_fn(CODE, 3), Some(poll));
        assert_eq!(enclosing_fn(CODE, 10), Some("fn drop(&mut self) {"));
        assert_eq!(
            enclosing_fn(CODE, 1),
            None,
            "an impl line is in no function"
        );
        assert_eq!(enclosing_fn(CODE, 7), None, "between two functions");
        assert_eq!(enclosing_fn(CODE, 99), None);
    }

    #[test]
    fn a_body_ends_at_its_closing_brace() {
        let lines: Vec<&str> = CODE.lines().collect();
        assert_eq!(function_body(&lines, "drop"), Some(8..11));
        assert_eq!(function_body(&lines, "main"), None);
    }
}
