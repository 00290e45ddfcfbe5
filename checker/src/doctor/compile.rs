//! Recognises async mistakes in rustc's diagnostics by their structure: the
//! error code, the main message, the notes rustc attaches as children, and
//! the labels on spans (which say which value and which `.await`).

use super::diagnostic::{
    children, code, in_workspace, is_error, label_has, macro_called, primary, quoted, site, snippet,
};
use super::spawn::{borrow_escapes_spawn, borrow_outlives_task, not_send};
use super::{Explanation, line};
use cargo_metadata::diagnostic::{Diagnostic, DiagnosticSpan};

/// One recogniser: looks at one top-level diagnostic.
type Matcher = fn(&Diagnostic) -> Option<Explanation>;

/// Tried in order, after [`not_send`] (which also reads the code); the
/// first that recognises a diagnostic explains it.
const MATCHERS: &[Matcher] = &[
    distinct_async_blocks,
    future_as_value,
    method_on_future,
    await_outside_async,
    await_not_future,
    value_not_future,
    async_test,
    tokio_attribute_not_async,
    tokio_feature,
    unused_future,
    borrow_outlives_task,
    borrow_escapes_spawn,
    async_recursion,
    cannot_unpin,
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
        .filter_map(|d| not_send(d, code).or_else(|| MATCHERS.iter().find_map(|m| m(d))))
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

/// `.await` on a value that is not a future: rustc suggests removing it.
fn await_not_future(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0277")
        || !d.message.ends_with("is not a future")
        || !children(d).any(|c| c.message == "remove the `.await`")
    {
        return None;
    }
    let at = primary(d)?;
    let ty = quoted(&d.message, "")?;
    let awaited = d
        .spans
        .iter()
        .find(|s| label_has(s, "this call returns"))
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
fn value_not_future(d: &Diagnostic) -> Option<Explanation> {
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
    let by_call = d
        .spans
        .iter()
        .find(|s| label_has(s, "required by a bound introduced by this call"))
        .and_then(|s| match in_workspace(s) {
            true => snippet(s).map(|call| {
                call.split('(')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string()
            }),
            false => macro_called(s).map(str::to_string),
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

/// `#[test]` on an `async fn`: libtest cannot run a future.
fn async_test(d: &Diagnostic) -> Option<Explanation> {
    if d.message != "async functions cannot be used for tests" {
        return None;
    }
    let at = primary(d)?;
    let name = function_name(at).unwrap_or_else(|| "this test".into());
    Some(Explanation::new(
        "async-without-runtime",
        format!(
            "The test `{name}` ({}) is `async`, but plain `#[test]` starts no runtime to run it.",
            line(at.line_start)
        ),
    ))
}

/// tokio's own macro error for `#[tokio::main]` / `#[tokio::test]` on a
/// plain `fn`.
fn tokio_attribute_not_async(d: &Diagnostic) -> Option<Explanation> {
    if d.message != "the `async` keyword is missing from the function declaration" {
        return None;
    }
    let at = primary(d)?;
    let name = function_name(at)?;
    let attribute = if name == "main" {
        "#[tokio::main]"
    } else {
        "#[tokio::test]"
    };
    Some(Explanation::new(
        "tokio-attribute-not-async",
        format!(
            "`fn {name}` ({}) has `{attribute}` but is not `async`.",
            line(at.line_start)
        ),
    ))
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

fn unused_future(d: &Diagnostic) -> Option<Explanation> {
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
    // rustc names the innermost culprit (`PhantomPinned`, an async body); its
    // last note "required for `Sleep` to implement `Unpin`" names the
    // outermost type, the one the learner wrote.
    let ty = children(d)
        .filter_map(|c| {
            quoted(&c.message, "required for ")
                .filter(|_| c.message.ends_with("to implement `Unpin`"))
        })
        .last()
        .or_else(|| quoted(&d.message, ""))
        .unwrap_or("this future");
    let future = if let Some(body) = ty.strip_prefix("{async fn body of ") {
        format!("the future of `{}`", body.trim_end_matches('}'))
    } else if ty.starts_with("{async block@") {
        "an async block's future".to_string()
    } else if let Some((base, _)) = ty.split_once('<').filter(|_| ty.contains('{')) {
        // Generic over closures and async bodies: the name alone reads better.
        format!("`{base}<..>`")
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
    let block = d
        .spans
        .iter()
        .find(|s| label_has(s, "should return `Result` or `Option` to accept `?`"))
        .map_or_else(String::new, |s| {
            format!(" started on {}", line(s.line_start))
        });
    Some(Explanation::new(
        "question-mark-unit-async-block",
        format!(
            "The `?` on {} is in the async block{block}, whose value is `{returns}`, not a `Result`.",
            line(at.line_start)
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
    let captured = d
        .spans
        .iter()
        .find(|s| label_has(s, "variable captured here"))
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
