//! Recognises a future used as if it could move ("cannot be unpinned"), and
//! tells apart the three fixes it can need: pin the future where it is used
//! (`pin!`, `Box::pin`), make a boxed future a pinned box, or, inside a
//! hand-written future, project the pin to its inner future.

use super::diagnostic::{
    children, code, in_workspace, label_has, labelled, primary, quoted, snippet,
};
use super::source::enclosing_fn;
use super::{Explanation, line};
use crate::diagnostic::{Diagnostic, DiagnosticSpan};

/// "`T` cannot be unpinned"; `source` is the checked file's text, read to see
/// whether the error is inside the `poll` of a hand-written future.
pub(super) fn cannot_unpin(d: &Diagnostic, source: &str) -> Option<Explanation> {
    if let Some(opaque) = unknown_unpin(d) {
        // An `impl Future` that rustc cannot prove `Unpin` (E0283): only
        // a box of it says what to do.
        return box_not_pinned(d, primary(d)?, &format!("`{opaque}` is not known to be"));
    }
    if code(d) != Some("E0277") || !d.message.ends_with("cannot be unpinned") {
        return None;
    }
    let at = primary(d)?;
    let future = culprit(d);
    if let Some(explanation) = box_not_pinned(d, at, &format!("{future} is not")) {
        return Some(explanation);
    }
    if let Some(explanation) = projection(d, at, source, &future) {
        return Some(explanation);
    }
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

/// `T` of "type annotations needed: cannot satisfy `T: Unpin`" (E0283).
fn unknown_unpin(d: &Diagnostic) -> Option<&str> {
    if code(d) != Some("E0283") {
        return None;
    }
    quoted(&d.message, "cannot satisfy ")?.strip_suffix(": Unpin")
}

/// The future that is not `Unpin`, as the learner wrote it. rustc names the
/// innermost culprit (`PhantomPinned`, an async body); its last note
/// "required for `Sleep` to implement `Unpin`" names the outermost type.
fn culprit(d: &Diagnostic) -> String {
    let ty = children(d)
        .filter_map(|c| {
            quoted(&c.message, "required for ")
                .filter(|_| c.message.ends_with("to implement `Unpin`"))
        })
        .last()
        .or_else(|| quoted(&d.message, ""))
        .unwrap_or("this future");
    if let Some(body) = ty.strip_prefix("{async fn body of ") {
        format!("the future of `{}`", body.trim_end_matches('}'))
    } else if ty.starts_with("{async block@") {
        "an async block's future".to_string()
    } else {
        format!("`{}`", short(ty))
    }
}

/// `ty`, or its name alone when it is generic over closures and async
/// bodies, whose names are long and say little: `Unfold<..>`.
fn short(ty: &str) -> String {
    match ty.split_once('<').filter(|_| ty.contains('{')) {
        Some((base, _)) => format!("{base}<..>"),
        None => ty.to_string(),
    }
}

/// A future in a plain `Box`: awaited or spawned (a `Box<F>` is a future
/// only when `F: Unpin`), or put into a `Box<dyn Future + Unpin>`.
/// `is_not` says that the future is not `Unpin` ("`F` is not").
fn box_not_pinned(d: &Diagnostic, at: &DiagnosticSpan, is_not: &str) -> Option<Explanation> {
    let on = line(at.line_start);
    let boxed = children(d).find_map(|c| {
        quoted(&c.message, "required for ")
            .filter(|ty| ty.starts_with("Box<") && c.message.ends_with("to implement `Future`"))
    });
    if let Some(boxed) = boxed {
        let subject = labelled(&d.spans, "this call returns")
            .and_then(snippet)
            .map_or_else(
                || format!("a `{boxed}`"),
                |e| format!("`{e}` gives a `{boxed}`, which"),
            );
        return Some(Explanation::new(
            "box-not-pinned",
            format!(
                "On {on}, {subject} is used as a future, but a `Box` is a future only when what it holds is `Unpin`, and {is_not}."
            ),
        ));
    }
    let cast_to = children(d).find_map(|c| {
        let rest = c.message.strip_prefix("required for the cast from `Box<")?;
        quoted(rest, " to ").filter(|to| to.contains("Unpin"))
    })?;
    Some(Explanation::new(
        "box-not-pinned",
        format!("On {on}, {is_not} `Unpin`, but it is put into a `{cast_to}`."),
    ))
}

/// The inner future of a hand-written future reached without projection:
/// unpinned inside its `poll` (`self.get_mut()`, `Pin::new(&mut
/// this.inner)`), or required to be `Unpin` by the learner's own
/// `impl Future for Wrapper<F>`.
fn projection(
    d: &Diagnostic,
    at: &DiagnosticSpan,
    source: &str,
    future: &str,
) -> Option<Explanation> {
    let on = line(at.line_start);
    let in_poll = enclosing_fn(source, at.line_start)
        .is_some_and(|f| f.contains("fn poll(") && f.contains("Pin<&mut Self>"));
    if in_poll {
        let reached = if children(d).any(|c| c.message.ends_with("::get_mut`")) {
            "`self.get_mut()`".to_string()
        } else {
            let argument = snippet(at).filter(|a| a.starts_with("&mut ") && a.contains('.'))?;
            format!("`Pin::new({argument})`")
        };
        return Some(Explanation::new(
            "pin-projection",
            format!(
                "On {on}, `poll` reaches the future it wraps ({future}) with {reached}, which only works if that future is `Unpin`, and most futures are not."
            ),
        ));
    }
    let wrapper = children(d).find_map(|c| {
        let bound = c.spans.iter().find(|s| {
            in_workspace(s)
                && label_has(s, "unsatisfied trait bound introduced here")
                && snippet(s).as_deref() == Some("Unpin")
        })?;
        let ty = quoted(&c.message, "required for ")
            .filter(|_| c.message.ends_with("to implement `Future`"))?;
        Some((ty, bound.line_start))
    })?;
    let (ty, impl_at) = wrapper;
    let name = ty.split('<').next().unwrap_or(ty);
    Some(Explanation::new(
        "pin-projection",
        format!(
            "On {on}, {future} is wrapped in `{name}<..>`, whose `impl Future` ({}) requires the wrapped future to be `Unpin`, and it is not.",
            line(impl_at)
        ),
    ))
}
