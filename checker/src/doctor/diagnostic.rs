//! Reading rustc's JSON diagnostics: codes, child notes, span labels, the
//! source text a span points at, and the learner's place in macro output.

use cargo_metadata::diagnostic::{Diagnostic, DiagnosticLevel, DiagnosticSpan};
use std::path::Path;

pub(super) fn is_error(d: &Diagnostic) -> bool {
    matches!(d.level, DiagnosticLevel::Error)
}

pub(super) fn code(d: &Diagnostic) -> Option<&str> {
    d.code.as_ref().map(|c| c.code.as_str())
}

/// The notes and helps of `d`, depth first.
pub(super) fn children(d: &Diagnostic) -> impl Iterator<Item = &Diagnostic> {
    let mut stack: Vec<&Diagnostic> = d.children.iter().rev().collect();
    std::iter::from_fn(move || {
        let next = stack.pop()?;
        stack.extend(next.children.iter().rev());
        Some(next)
    })
}

/// The primary span, moved out of macro definitions (tokio's `select!`) to
/// the place in the learner's code that invoked the macro.
pub(super) fn primary(d: &Diagnostic) -> Option<&DiagnosticSpan> {
    d.spans.iter().find(|s| s.is_primary).map(site)
}

/// `span`, or the macro call it was expanded from while it points outside
/// the workspace (workspace files are relative paths; crates and std are not).
pub(super) fn site(mut span: &DiagnosticSpan) -> &DiagnosticSpan {
    while Path::new(&span.file_name).is_absolute() {
        match &span.expansion {
            Some(expansion) => span = &expansion.span,
            None => break,
        }
    }
    span
}

/// The macro the learner called (`tokio::join!`) whose expansion holds
/// `span`, when `span` lies in a crate's macro definition.
pub(super) fn macro_called(mut span: &DiagnosticSpan) -> Option<&str> {
    while let Some(expansion) = &span.expansion {
        if in_workspace(&expansion.span) {
            return Some(&expansion.macro_decl_name);
        }
        span = &expansion.span;
    }
    None
}

/// Whether `span` is in the workspace's own files.
pub(super) fn in_workspace(span: &DiagnosticSpan) -> bool {
    !Path::new(&span.file_name).is_absolute()
}

pub(super) fn label_has(span: &DiagnosticSpan, text: &str) -> bool {
    span.label.as_deref().is_some_and(|l| l.contains(text))
}

/// The first of `spans` whose label contains `text`.
pub(super) fn labelled<'a>(spans: &'a [DiagnosticSpan], text: &str) -> Option<&'a DiagnosticSpan> {
    spans.iter().find(|s| label_has(s, text))
}

/// The source text a single-line span points at.
pub(super) fn snippet(span: &DiagnosticSpan) -> Option<String> {
    let line = span.text.first()?;
    let chars: Vec<char> = line.text.chars().collect();
    let (start, end) = (line.highlight_start.checked_sub(1)?, line.highlight_end - 1);
    (start < end && end <= chars.len()).then(|| chars[start..end].iter().collect())
}

/// The first `backticked` text after `after` in `text`.
pub(super) fn quoted<'a>(text: &'a str, after: &str) -> Option<&'a str> {
    let rest = &text[text.find(after)? + after.len()..];
    let rest = rest.strip_prefix('`').or_else(|| {
        // `after` may end before some words: take the next quote.
        let i = rest.find('`')?;
        Some(&rest[i + 1..])
    })?;
    rest.split_once('`').map(|(inside, _)| inside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_takes_the_first_backticked_text() {
        assert_eq!(
            quoted("has type `Rc<i32>` which is not `Send`", "has type "),
            Some("Rc<i32>")
        );
        assert_eq!(
            quoted("the trait `Store` is not", "the trait "),
            Some("Store")
        );
        assert_eq!(quoted("`break` inside `async` block", ""), Some("break"));
        assert_eq!(quoted("nothing quoted", ""), None);
    }
}
