//! Recognises async mistakes in rustc's diagnostics by their structure: the
//! error code, the main message, the notes rustc attaches as children, and
//! the labels on spans (which say which value and which `.await`). The table
//! of matchers is here, with those about async blocks, closures and
//! runtimes; a future mixed up with its value is in the sibling module
//! `values`, what a spawned future must be in `spawn`, pinning in `pinning`.

use super::diagnostic::{
    children, code, is_error, label_has, labelled, primary, quoted, site, snippet,
};
use super::pinning::cannot_unpin;
use super::spawn::{borrow_escapes_spawn, borrow_outlives_task, not_send};
use super::values::{
    await_not_future, future_as_value, method_on_future, unused_future, value_not_future,
};
use super::{Explanation, line};
use crate::diagnostic::{Diagnostic, DiagnosticSpan};

/// One recogniser: looks at one top-level diagnostic.
type Matcher = fn(&Diagnostic) -> Option<Explanation>;

/// A recogniser that also reads the checked file's text.
type MatcherWithCode = fn(&Diagnostic, &str) -> Option<Explanation>;

/// Tried first, in order.
const WITH_CODE: &[MatcherWithCode] = &[not_send, cannot_unpin];

/// Tried in order, after [`WITH_CODE`]; the first that recognises a
/// diagnostic explains it.
const MATCHERS: &[Matcher] = &[
    distinct_async_blocks,
    future_as_value,
    method_on_future,
    await_outside_async,
    await_not_future,
    value_not_future,
    runtime_attribute,
    tokio_feature,
    unused_future,
    borrow_outlives_task,
    borrow_escapes_spawn,
    async_recursion,
    question_mark_in_async_block,
    question_mark_in_unit_async_block,
    break_in_async_block,
    async_trait_dyn,
    closure_future_borrows,
];

/// Explanations for the async mistakes among `diagnostics`, which rustc gave
/// for `code` (the checked file's text).
pub fn explain(diagnostics: &[Diagnostic], code: &str) -> Vec<Explanation> {
    diagnostics
        .iter()
        .filter_map(|d| {
            WITH_CODE
                .iter()
                .find_map(|m| m(d, code))
                .or_else(|| MATCHERS.iter().find_map(|m| m(d)))
        })
        .collect()
}

/// Two async blocks, or the futures of two different async fns ("distinct
/// uses of `impl Trait`"), where one type is needed.
fn distinct_async_blocks(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0308") {
        return None;
    }
    let at = primary(d)?;
    let blocks = children(d)
        .any(|c| c.message == "no two async blocks, even if identical, have the same type");
    let fns = label_has(at, "found a different future")
        && children(d)
            .any(|c| c.message == "distinct uses of `impl Trait` result in different opaque types");
    let what = match (blocks, fns) {
        (true, _) => "two different async blocks are used",
        (false, true) => "the futures of two different async fns are used",
        (false, false) => return None,
    };
    Some(Explanation::new(
        "distinct-async-blocks",
        format!(
            "On {}, {what} where one type is needed.",
            line(at.line_start)
        ),
    ))
}

fn await_outside_async(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0728") {
        return None;
    }
    let at = primary(d)?;
    let inside = labelled(&d.spans, "this is not `async`")
        .and_then(snippet)
        .map_or_else(String::new, |f| {
            match f.starts_with('|') || f.starts_with("move") {
                true => format!(" in the closure `{f}`, which is plain code,"),
                false => format!(" in `{f}`"),
            }
        });
    Some(Explanation::new(
        "await-outside-async",
        format!(
            "The `.await` on {}{inside} is not inside an async function or block.",
            line(at.line_start)
        ),
    ))
}

/// A function's runtime attribute and its `async` disagree: `#[test]` on an
/// `async fn` (libtest cannot run a future), or tokio's own macro error for
/// `#[tokio::main]` / `#[tokio::test]` on a plain `fn`.
fn runtime_attribute(d: &Diagnostic) -> Option<Explanation> {
    let async_test = d.message == "async functions cannot be used for tests";
    let plain_fn = d.message == "the `async` keyword is missing from the function declaration";
    if !async_test && !plain_fn {
        return None;
    }
    let at = primary(d)?;
    let name = function_name(at)?;
    let on = line(at.line_start);
    Some(match (async_test, name == "main") {
        (true, _) => Explanation::new(
            "async-without-runtime",
            format!(
                "The test `{name}` ({on}) is `async`, but plain `#[test]` starts no runtime to run it."
            ),
        ),
        (false, true) => Explanation::new(
            "tokio-attribute-not-async",
            format!("`fn main` ({on}) has `#[tokio::main]` but is not `async`."),
        ),
        (false, false) => Explanation::new(
            "tokio-attribute-not-async",
            format!("`fn {name}` ({on}) has `#[tokio::test]` but is not `async`."),
        ),
    })
}

/// The name of the function declared on the line `span` points at.
fn function_name(span: &DiagnosticSpan) -> Option<String> {
    let text = &span.text.first()?.text;
    let after = text.split_once("fn ")?.1;
    let name = after.split(['(', '<']).next()?.trim();
    (!name.is_empty()).then(|| name.to_string())
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
    let call = labelled(&d.spans, "recursive call here")
        .map_or_else(String::new, |s| format!(" on {}", line(s.line_start)));
    Some(Explanation::new(
        "async-recursion",
        format!(
            "`{name}` ({}) awaits a call of itself{call}.",
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
    let value = labelled(&d.spans, "type must be known at this point").map_or(at, site);
    Some(Explanation::new(
        "question-mark-async-block",
        format!(
            "On {}, rustc cannot tell the error type of the `Result` this async block (or closure) returns.",
            line(value.line_start)
        ),
    ))
}

/// `?` in an async block (or closure) whose value is `()`: rustc says so.
fn question_mark_in_unit_async_block(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0277")
        || !d
            .message
            .starts_with("the `?` operator can only be used in an async")
    {
        return None;
    }
    let at = primary(d)?;
    let returns = at
        .label
        .as_deref()
        .and_then(|l| quoted(l, " that returns "))
        .unwrap_or("()");
    let block = started_on(d, "should return `Result` or `Option` to accept `?`");
    Some(Explanation::new(
        "question-mark-unit-async-block",
        format!(
            "The `?` on {} is in the async block{block}, whose value is `{returns}`, not a `Result`.",
            line(at.line_start)
        ),
    ))
}

/// ` started on line N`, for the async block a span labelled `label` marks;
/// empty when rustc marks none.
fn started_on(d: &Diagnostic, label: &str) -> String {
    labelled(&d.spans, label).map_or_else(String::new, |s| {
        format!(" started on {}", line(s.line_start))
    })
}

fn break_in_async_block(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0267") || !d.message.contains("`async` block") {
        return None;
    }
    let at = primary(d)?;
    let keyword = quoted(&d.message, "").unwrap_or("break");
    let block = started_on(d, "enclosing `async` block");
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

/// The future of each call must borrow from the closure, which a bound
/// `F: Fn() -> Fut` / `FnMut() -> Fut` cannot express: an async closure that
/// captures state, or a closure returning an async block that borrows a
/// captured variable.
fn closure_future_borrows(d: &Diagnostic) -> Option<Explanation> {
    let at = primary(d)?;
    if d.message
        .starts_with("async closure does not implement `Fn")
        && d.message
            .ends_with("because it captures state from its environment")
    {
        let bound = quoted(&d.message, "implement ").unwrap_or("Fn");
        let taker = children(d)
            .find_map(|c| quoted(&c.message, "required by a bound in "))
            .map_or_else(String::new, |f| format!(" of `{f}`"));
        return Some(Explanation::new(
            "closure-future-borrows",
            format!(
                "The async closure on {} captures state, so each call's future borrows the closure, which the `{bound}() -> ...` bound{taker} cannot allow.",
                line(at.line_start)
            ),
        ));
    }
    let escapes = d.message.starts_with("captured variable cannot escape `Fn")
        && d.spans.iter().any(|s| {
            label_has(
                s,
                "returns an `async` block that contains a reference to a captured variable",
            )
        });
    if !escapes {
        return None;
    }
    let captured = labelled(&d.spans, "variable captured here")
        .and_then(snippet)
        .map_or_else(|| "a captured variable".to_string(), |v| format!("`{v}`"));
    let bound = quoted(&d.message, "escape ").unwrap_or("FnMut");
    Some(Explanation::new(
        "closure-future-borrows",
        format!(
            "The closure on {} returns an async block that borrows {captured} from the closure, which an `{bound}` closure cannot hand out.",
            line(at.line_start)
        ),
    ))
}
