//! Recognises the mix-ups of a future and its value, both ways: a future
//! used where its result is wanted (or created and never awaited), and a
//! plain value awaited or given where a future is wanted.

use super::diagnostic::{
    children, code, in_workspace, labelled, macro_called, primary, quoted, snippet,
};
use super::{Explanation, line};
use cargo_metadata::diagnostic::{Diagnostic, DiagnosticSpan};

pub(super) fn future_as_value(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0308") {
        return None;
    }
    let at = primary(d)?;
    let label = at.label.as_deref().unwrap_or_default();
    let rustc_says_future = label.ends_with("found future")
        || children(d).any(|c| {
            c.message == "calling an async function returns a future"
                || c.message == "consider `await`ing on the `Future`"
        });
    if !rustc_says_future {
        return None;
    }
    let expression = snippet(at).unwrap_or_else(|| "this call".into());
    let wanted = quoted(label, "expected ")
        .map_or_else(String::new, |t| format!(", where a `{t}` was expected"));
    Some(Explanation::new(
        "future-as-value",
        format!(
            "`{expression}` on {} is a future, not its result{wanted}.",
            line(at.line_start)
        ),
    ))
}

pub(super) fn method_on_future(d: &Diagnostic) -> Option<Explanation> {
    if !matches!(code(d), Some("E0599" | "E0609")) {
        return None;
    }
    let on_future = d.message.contains("`impl Future")
        || children(d).any(|c| c.message.starts_with("consider `await`ing on the `Future`"));
    if !on_future {
        return None;
    }
    let at = primary(d)?;
    let member = quoted(&d.message, "named ")
        .map(|m| format!("`.{m}()`"))
        .or_else(|| quoted(&d.message, "no field ").map(|f| format!("`.{f}`")))
        .unwrap_or_else(|| "This member".into());
    let output = d
        .message
        .split_once("Output = ")
        .and_then(|(_, rest)| rest.rsplit_once(">`"))
        .map_or_else(
            || "its result".to_string(),
            |(ty, _)| format!("the `{ty}` it produces"),
        );
    Some(Explanation::new(
        "method-on-future",
        format!(
            "{member} on {} is used on a future, not on {output}.",
            line(at.line_start)
        ),
    ))
}

/// `.await` on a value that is not a future: rustc suggests removing it.
pub(super) fn await_not_future(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0277")
        || !d.message.ends_with("is not a future")
        || !children(d).any(|c| c.message == "remove the `.await`")
    {
        return None;
    }
    let at = primary(d)?;
    let ty = quoted(&d.message, "")?;
    let awaited = labelled(&d.spans, "this call returns")
        .and_then(snippet)
        .or_else(|| awaited_expression(at))
        .map_or_else(String::new, |e| format!("`{e}` "));
    Some(Explanation::new(
        "await-not-future",
        format!(
            "{awaited}on {} gives a `{ty}`, which is not a future, so there is nothing to `.await`.",
            line(at.line_start)
        ),
    ))
}

/// The expression before the `.await` that `at` (the `await` keyword) marks.
fn awaited_expression(at: &DiagnosticSpan) -> Option<String> {
    let text = at.text.first()?;
    let before: Vec<char> = text
        .text
        .chars()
        .take(at.column_start.checked_sub(2)?)
        .collect();
    // Walk back over the expression: calls and fields, up to an operator.
    let mut depth = 0usize;
    let mut start = before.len();
    for (i, c) in before.iter().enumerate().rev() {
        match c {
            ')' | ']' => depth += 1,
            '(' | '[' if depth == 0 => break,
            '(' | '[' => depth -= 1,
            c if depth == 0 && !(c.is_alphanumeric() || "_.:".contains(*c)) => break,
            _ => {}
        }
        start = i;
    }
    let expression: String = before[start..].iter().collect();
    (!expression.is_empty()).then_some(expression)
}

/// A plain value where a future is required (`tokio::spawn(work())`, a
/// closure returning a value to a `Fn() -> Fut` parameter, `join!`).
pub(super) fn value_not_future(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0277") || !d.message.ends_with("is not a future") {
        return None;
    }
    let original = d.spans.iter().find(|s| s.is_primary)?;
    if !in_workspace(original) {
        // The same mistake again, seen from inside a macro's expansion.
        return None;
    }
    let ty = quoted(&d.message, "")?;
    // The call that needs a future: as written, or the macro it is inside.
    let by_call = labelled(&d.spans, "required by a bound introduced by this call").and_then(|s| {
        match in_workspace(s) {
            true => snippet(s).map(|call| {
                call.split('(')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string()
            }),
            false => macro_called(s).map(str::to_string),
        }
    });
    let by_bound = children(d)
        .find_map(|c| quoted(&c.message, "required by a bound in "))
        .map(str::to_string);
    let needs = by_call.or(by_bound)?;
    let given = snippet(original)
        .filter(|e| e != "await" && !e.starts_with(&needs))
        .map_or_else(|| "it gets".to_string(), |e| format!("`{e}` gives"));
    Some(Explanation::new(
        "value-not-future",
        format!(
            "On {}, `{needs}` needs a future, but {given} a `{ty}`.",
            line(original.line_start)
        ),
    ))
}

pub(super) fn unused_future(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("unused_must_use")
        || !children(d).any(|c| c.message == "futures do nothing unless you `.await` or poll them")
    {
        return None;
    }
    let at = primary(d)?;
    let expression = snippet(at).unwrap_or_else(|| "This call".into());
    if expression == "main()" {
        // How `async fn main` without a runtime attribute shows in a test
        // build, where rustc's E0752 does not apply (`main` is not the entry).
        return Some(Explanation::new(
            "async-without-runtime",
            format!(
                "`main()` on {} only creates `main`'s future, and nothing runs it: `main` is `async` without a runtime attribute.",
                line(at.line_start)
            ),
        ));
    }
    Some(Explanation::new(
        "unused-future",
        format!(
            "`{expression}` on {} creates a future that is dropped without being awaited, so its body never runs.",
            line(at.line_start)
        ),
    ))
}
