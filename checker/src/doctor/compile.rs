//! Recognises async mistakes in rustc's diagnostics by their structure: the
//! error code, the main message, the notes rustc attaches as children, and
//! the labels on spans (which say which value and which `.await`).

use super::diagnostic::{
    children, code, in_workspace, is_error, label_has, primary, quoted, site, snippet,
};
use super::spawn::{borrow_escapes_spawn, borrow_outlives_task, not_send};
use super::{Explanation, line};
use crate::diagnostic::Diagnostic;

/// One recogniser: looks at one top-level diagnostic.
type Matcher = fn(&Diagnostic) -> Option<Explanation>;

/// Tried in order; the first that recognises a diagnostic explains it.
const MATCHERS: &[Matcher] = &[
    not_send,
    distinct_async_blocks,
    future_as_value,
    method_on_future,
    await_outside_async,
    async_main,
    tokio_feature,
    unused_future,
    borrow_outlives_task,
    borrow_escapes_spawn,
    async_recursion,
    cannot_unpin,
    question_mark_in_async_block,
    break_in_async_block,
    async_trait_dyn,
];

/// Explanations for the async mistakes among `diagnostics`.
pub fn explain(diagnostics: &[Diagnostic]) -> Vec<Explanation> {
    let mut found: Vec<Explanation> = diagnostics
        .iter()
        .filter_map(|d| MATCHERS.iter().find_map(|matcher| matcher(d)))
        .collect();
    // Without tokio's `macros` feature, `#[tokio::main]` does not exist, so
    // rustc also complains that `main` is async; the feature is the cause.
    if found
        .iter()
        .any(|e| e.note.name == "tokio-feature" && e.what.contains("`macros`"))
    {
        found.retain(|e| e.note.name != "async-main");
    }
    found
}

fn distinct_async_blocks(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0308")
        || !children(d)
            .any(|c| c.message == "no two async blocks, even if identical, have the same type")
    {
        return None;
    }
    let at = primary(d)?;
    Some(Explanation::new(
        "distinct-async-blocks",
        format!(
            "On {}, two different async blocks are used where one type is needed.",
            line(at.line_start)
        ),
    ))
}

fn future_as_value(d: &Diagnostic) -> Option<Explanation> {
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

fn method_on_future(d: &Diagnostic) -> Option<Explanation> {
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

fn await_outside_async(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0728") {
        return None;
    }
    let at = primary(d)?;
    let inside = d
        .spans
        .iter()
        .find(|s| label_has(s, "this is not `async`"))
        .and_then(snippet)
        .map_or_else(String::new, |f| format!(" in `{f}`"));
    Some(Explanation::new(
        "await-outside-async",
        format!(
            "The `.await` on {}{inside} is not inside an async function or block.",
            line(at.line_start)
        ),
    ))
}

fn async_main(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0752") {
        return None;
    }
    let at = primary(d)?;
    Some(Explanation::new(
        "async-main",
        format!(
            "`main` ({}) is `async`, but nothing starts a runtime to run it.",
            line(at.line_start)
        ),
    ))
}

/// An item of tokio that a Cargo feature switched off: rustc's note "found
/// an item that was configured out" names the feature; for the macros, which
/// are re-exported without that note, the missing name tells.
fn tokio_feature(d: &Diagnostic) -> Option<Explanation> {
    if !is_error(d) {
        return None;
    }
    let at = primary(d)?;
    let item = quoted(&d.message, "cannot find ").unwrap_or("this item");
    let gated = children(d)
        .filter(|c| c.message == "found an item that was configured out")
        .flat_map(|c| &c.spans)
        .filter(|s| s.file_name.contains("/tokio-"))
        .find_map(|s| quoted(s.label.as_deref()?, "the item is gated behind the "));
    let feature = match gated {
        Some(feature) => feature,
        None if code(d) == Some("E0433")
            && d.message.ends_with("in `tokio`")
            && ["main", "test", "select", "join", "try_join"].contains(&item) =>
        {
            "macros"
        }
        None => return None,
    };
    Some(Explanation::new(
        "tokio-feature",
        format!(
            "`tokio::{item}` ({}) needs tokio's `{feature}` feature, which this package does not enable.",
            line(at.line_start)
        ),
    ))
}

fn unused_future(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("unused_must_use")
        || !children(d).any(|c| c.message == "futures do nothing unless you `.await` or poll them")
    {
        return None;
    }
    let at = primary(d)?;
    let expression = snippet(at).unwrap_or_else(|| "This call".into());
    Some(Explanation::new(
        "unused-future",
        format!(
            "`{expression}` on {} creates a future that is dropped without being awaited, so its body never runs.",
            line(at.line_start)
        ),
    ))
}

fn async_recursion(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0733") {
        return None;
    }
    let at = primary(d)?;
    let name = snippet(at)
        .and_then(|s| {
            let after = s.split_once("fn ")?.1;
            Some(after.split(['(', '<']).next()?.trim().to_string())
        })
        .unwrap_or_else(|| "this async fn".into());
    let call = d
        .spans
        .iter()
        .find(|s| label_has(s, "recursive call here"))
        .map_or_else(String::new, |s| format!(" on {}", line(s.line_start)));
    Some(Explanation::new(
        "async-recursion",
        format!(
            "`{name}` ({}) awaits a call of itself{call}.",
            line(at.line_start)
        ),
    ))
}

fn cannot_unpin(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0277") || !d.message.ends_with("cannot be unpinned") {
        return None;
    }
    let at = primary(d)?;
    // rustc names the innermost culprit (`PhantomPinned`); its note "required
    // for `Sleep` to implement `Unpin`" names the type the learner wrote.
    let ty = children(d)
        .find_map(|c| {
            quoted(&c.message, "required for ")
                .filter(|_| c.message.ends_with("to implement `Unpin`"))
        })
        .or_else(|| quoted(&d.message, ""))
        .unwrap_or("this future");
    let future = if let Some(body) = ty.strip_prefix("{async fn body of ") {
        format!("the future of `{}`", body.trim_end_matches('}'))
    } else if ty.starts_with("{async block@") {
        "an async block's future".to_string()
    } else {
        format!("`{ty}`")
    };
    let by = d
        .spans
        .iter()
        .filter(|s| in_workspace(s))
        .find(|s| label_has(s, "required by a bound introduced by this call"))
        .and_then(snippet)
        .map_or_else(String::new, |call| format!(" by `{call}`"));
    Some(Explanation::new(
        "cannot-unpin",
        format!(
            "On {}, {future} is used{by} as if it could move, but it is not pinned.",
            line(at.line_start)
        ),
    ))
}

/// rustc says which type parameter it cannot infer: the `E` of a `Result`
/// (on the `Ok(..)` itself, or on a variable holding the block's `JoinHandle`).
fn question_mark_in_async_block(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0282") {
        return None;
    }
    let at = primary(d)?;
    let result_error_unknown = label_has(at, "type parameter `E` declared on the enum `Result`")
        || (d.message.contains("Result<")
            && children(d).any(|c| c.message.contains("type parameter `E`")));
    if !result_error_unknown {
        return None;
    }
    let value = d
        .spans
        .iter()
        .find(|s| label_has(s, "type must be known at this point"))
        .map_or(at, site);
    Some(Explanation::new(
        "question-mark-async-block",
        format!(
            "On {}, rustc cannot tell the error type of the `Result` this async block (or closure) returns.",
            line(value.line_start)
        ),
    ))
}

fn break_in_async_block(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0267") || !d.message.contains("`async` block") {
        return None;
    }
    let at = primary(d)?;
    let keyword = quoted(&d.message, "").unwrap_or("break");
    let block = d
        .spans
        .iter()
        .find(|s| label_has(s, "enclosing `async` block"))
        .map_or_else(String::new, |s| {
            format!(" started on {}", line(s.line_start))
        });
    Some(Explanation::new(
        "break-in-async-block",
        format!(
            "The `{keyword}` on {} is inside the async block{block}, which cannot leave the loop around it.",
            line(at.line_start)
        ),
    ))
}

fn async_trait_dyn(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0038") {
        return None;
    }
    let method = children(d)
        .flat_map(|c| &c.spans)
        .chain(&d.spans)
        .filter_map(|s| s.label.as_deref())
        .find(|l| l.ends_with("is `async`"))
        .and_then(|l| quoted(l, "method "))?;
    let at = primary(d)?;
    let trait_name = quoted(&d.message, "the trait ").unwrap_or("this trait");
    Some(Explanation::new(
        "async-trait-dyn",
        format!(
            "`dyn {trait_name}` on {} cannot exist: method `{method}` of `{trait_name}` is `async`.",
            line(at.line_start)
        ),
    ))
}
