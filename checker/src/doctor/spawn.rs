//! Recognises what `tokio::spawn` (and other multi-thread APIs) require of a
//! future, and where it fails: it must be `Send` at every `.await`, and it
//! must own its data (`'static`).

use super::diagnostic::{children, code, is_error, labelled, primary, quoted, snippet};
use super::{Explanation, line};
use crate::diagnostic::Diagnostic;

/// "future cannot be sent between threads safely", with rustc's note naming
/// the value alive across an await (or the future awaited). `code` is the
/// text rustc compiled, read to see whether the value was `drop`ped before
/// the `.await` (which rustc does not count).
pub(super) fn not_send(d: &Diagnostic, code: &str) -> Option<Explanation> {
    if !is_error(d) || !d.message.ends_with("cannot be sent between threads safely") {
        return None;
    }
    let needed_by = children(d)
        .find_map(|c| quoted(&c.message, "required by a bound in "))
        .map_or_else(
            || "and this code requires that".to_string(),
            |f| format!("and `{f}` requires that"),
        );
    for note in children(d) {
        if note.message == "future is not `Send` as this value is used across an await" {
            let held = labelled(&note.spans, "which is not `Send`")?;
            let at = labelled(&note.spans, "await occurs here")?;
            let ty = quoted(held.label.as_deref()?, "has type ")?;
            let value = quoted(at.label.as_deref()?, "with ")
                .map(|v| v.trim_start_matches("mut ").to_string())
                .or_else(|| snippet(held))?;
            let (held_at, await_at) = (line(held.line_start), line(at.line_start));
            if !is_identifier(&value) {
                let until = match held.text.first().map(|t| t.text.trim_start()) {
                    Some(t) if t.starts_with("match ") => "the end of the `match` it is matched in",
                    Some(t) if t.starts_with("if let ") => "the end of the `if let` and its block",
                    Some(t) if t.starts_with("while let ") => "the end of the `while let` loop",
                    _ => "the end of its statement",
                };
                let what = format!(
                    "The temporary `{value}` (a `{ty}`, {held_at}) lives until {until}, so it is still there at the `.await` on {await_at}; the future is not `Send`, {needed_by}."
                );
                return Some(Explanation::new("temporary-across-await", what));
            }
            if let Some(dropped) = dropped_between(code, &value, held.line_start, at.line_start) {
                let what = format!(
                    "`{value}` (a `{ty}`, {held_at}) is passed to `drop` on {}, but rustc still counts it at the `.await` on {await_at} because its scope has not ended; so the future is not `Send`, {needed_by}.",
                    line(dropped)
                );
                return Some(Explanation::new("drop-before-await", what));
            }
            let what = format!(
                "`{value}` (a `{ty}`, {held_at}) is still in scope at the `.await` on {await_at}, so the future is not `Send`, {needed_by}."
            );
            return Some(Explanation::new(not_send_note(ty), what));
        }
        if note.message == "future is not `Send` as it awaits another future which is not `Send`"
            && let Some(method) = children(d).find_map(|c| {
                quoted(
                    &c.message,
                    "can be made part of the associated future's guarantees for all implementations of ",
                )
            })
        {
            let at = labelled(&note.spans, "await occurs here")?;
            let awaited = snippet(at).unwrap_or_else(|| "this call".into());
            let what = format!(
                "`{awaited}` on {} awaits the future of the trait method `{method}`, which the trait does not promise to be `Send`, {needed_by}.",
                line(at.line_start)
            );
            return Some(Explanation::new("trait-future-not-send", what));
        }
        if note.message == "future is not `Send` as it awaits another future which is not `Send`" {
            let at = labelled(&note.spans, "await occurs here")?;
            let ty = quoted(at.label.as_deref()?, "on type ")?;
            let awaited = snippet(at).unwrap_or_else(|| "a future".into());
            if ty.contains("CallRefFuture") || ty.contains("CallOnceFuture") {
                let what = format!(
                    "`{awaited}` on {} awaits the future of an async closure (`{ty}`), which is not known to be `Send`, {needed_by}.",
                    line(at.line_start)
                );
                return Some(Explanation::new("async-closure-not-send", what));
            }
            let what = format!(
                "`{awaited}` on {} awaits a future of type `{ty}`, which is not `Send`, so this future is not either, {needed_by}.",
                line(at.line_start)
            );
            return Some(Explanation::new("not-send", what));
        }
        if note.message.starts_with("captured value is not `Send`") {
            let held = labelled(&note.spans, "which is not `Send`")?;
            let ty = quoted(held.label.as_deref()?, "has type ")?;
            let value = snippet(held).unwrap_or_else(|| "a value".into());
            let what = format!(
                "The future captures `{value}` (a `{ty}`, {}), which is not `Send`, {needed_by}.",
                line(held.line_start)
            );
            return Some(Explanation::new(not_send_note(ty), what));
        }
    }
    None
}

fn is_identifier(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The 1-based line, strictly between lines `from` and `to` of `code`, that
/// passes `value` to `drop`.
fn dropped_between(code: &str, value: &str, from: usize, to: usize) -> Option<usize> {
    let call = format!("drop({value})");
    code.lines()
        .enumerate()
        .map(|(i, text)| (i + 1, text))
        .filter(|(n, _)| *n > from && *n < to)
        .find(|(_, text)| {
            let text = text.trim_start();
            !text.starts_with("//") && text.contains(&call)
        })
        .map(|(n, _)| n)
}

/// The note for a value of type `ty` that is not `Send`.
fn not_send_note(ty: &str) -> &'static str {
    let ty = ty.trim_start_matches('&').trim_start_matches("mut ");
    let ty = ty.strip_prefix("std::").unwrap_or(ty);
    let base = ty.rsplit("::").next().unwrap_or(ty);
    if base.starts_with("Rc<") {
        "not-send-rc"
    } else if base.starts_with("RefCell<")
        || base.starts_with("RefMut<")
        || base.starts_with("Ref<")
    {
        "not-send-refcell"
    } else if base.starts_with("MutexGuard<") && !ty.contains("tokio") {
        "not-send-mutex-guard"
    } else {
        "not-send"
    }
}

pub(super) fn borrow_outlives_task(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0373") || !d.message.starts_with("async block may outlive") {
        return None;
    }
    let at = primary(d)?;
    let borrowed = quoted(&d.message, "borrows ").unwrap_or("a local variable");
    Some(Explanation::new(
        "borrow-outlives-task",
        format!(
            "The async block on {} borrows `{borrowed}`, but it may still run after the function that owns `{borrowed}` has returned.",
            line(at.line_start)
        ),
    ))
}

pub(super) fn borrow_escapes_spawn(d: &Diagnostic) -> Option<Explanation> {
    if code(d) != Some("E0521") {
        return None;
    }
    let spawn = d
        .spans
        .iter()
        .find(|s| s.text.iter().any(|l| spawns_a_task(&l.text)))?;
    let value = d
        .spans
        .iter()
        .filter_map(|s| s.label.as_deref())
        .find(|l| l.contains(" escapes the "))
        .and_then(|l| quoted(l, ""))
        .unwrap_or("a borrowed value");
    Some(Explanation::new(
        "borrow-escapes-spawn",
        format!(
            "`{value}` is only borrowed, but it is moved into the task spawned on {}, which may outlive the borrow.",
            line(spawn.line_start)
        ),
    ))
}

/// Whether `text` spawns a task, with a future, rather than a thread or a
/// blocking job with a closure (`thread::spawn(|| ..)`, `spawn_blocking`),
/// which are not async mistakes and have other fixes (`thread::scope`).
fn spawns_a_task(text: &str) -> bool {
    text.match_indices("spawn(").any(|(at, call)| {
        let before = &text[..at];
        let argument = text[at + call.len()..].trim_start();
        !before.ends_with("thread::")
            && !argument.starts_with('|')
            && !argument.starts_with("move |")
            && !argument.starts_with("move|")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_that_are_not_send_map_to_their_note() {
        assert_eq!(not_send_note("Rc<i32>"), "not-send-rc");
        assert_eq!(not_send_note("std::rc::Rc<String>"), "not-send-rc");
        assert_eq!(not_send_note("&RefCell<i32>"), "not-send-refcell");
        assert_eq!(not_send_note("RefMut<'_, i32>"), "not-send-refcell");
        assert_eq!(
            not_send_note("std::sync::MutexGuard<'_, i32>"),
            "not-send-mutex-guard"
        );
        assert_eq!(not_send_note("*mut u8"), "not-send");
        assert_eq!(not_send_note("Arc<Cell<i32>>"), "not-send");
    }

    #[test]
    fn only_a_future_spawns_a_task() {
        assert!(spawns_a_task("    tokio::spawn(async move {"));
        assert!(spawns_a_task("set.spawn(fetch(name));"));
        assert!(!spawns_a_task(
            ".map(|block| thread::spawn(|| digest(block)))"
        ));
        assert!(!spawns_a_task("spawn(move || work(data));"));
        assert!(!spawns_a_task(
            "tokio::task::spawn_blocking(move || sum(&data))"
        ));
    }

    #[test]
    fn a_drop_counts_only_between_the_value_and_the_await() {
        let code = "let g = m.lock();\n// drop(g);\ndrop(g);\nf().await;\ndrop(g);\n";
        assert_eq!(dropped_between(code, "g", 1, 4), Some(3));
        assert_eq!(dropped_between(code, "g", 3, 4), None);
        assert_eq!(dropped_between(code, "guard", 1, 4), None);
        assert_eq!(
            dropped_between(code, "g", 1, 3),
            None,
            "a comment is no drop"
        );
    }
}
