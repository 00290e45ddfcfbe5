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
    // rustc's help names the innermost type that is not `Send` (or `Sync`):
    // the `Rc` inside a `Room`, the `dyn Future` inside a `Pin<Box<..>>`.
    let culprit = children(d).find_map(|c| quoted(&c.message, " is not implemented for "));
    if let Some(dyn_type) = culprit.filter(|t| t.starts_with("dyn ")) {
        return dyn_not_send(d, dyn_type, &needed_by);
    }
    let single_thread = culprit.filter(|t| is_single_thread(t));
    for note in children(d) {
        if note.message == "future is not `Send` as this value is used across an await" {
            let held = labelled(&note.spans, "which is not `Send`")?;
            let at = labelled(&note.spans, "await occurs here")?;
            let ty = quoted(held.label.as_deref()?, "has type ")?;
            let value = quoted(at.label.as_deref()?, "with ")
                .map(|v| {
                    v.trim_start_matches('&')
                        .trim_start_matches("mut ")
                        .to_string()
                })
                .or_else(|| snippet(held))?;
            let (held_at, await_at) = (line(held.line_start), line(at.line_start));
            if let Some(inner) = single_thread.filter(|_| value == "self" && !is_single_thread(ty))
            {
                let what = format!(
                    "A method of `{}` keeps `self` (a `{ty}`, {held_at}) across the `.await` on {await_at}, and that type holds a `{inner}`, which must stay on one thread; so the future is not `Send`, {needed_by}.",
                    ty.trim_start_matches('&')
                );
                return Some(Explanation::new("not-send-local", what));
            }
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
            && let Some(method) = trait_method(d)
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
            if let Some(inner) = single_thread.filter(|_| !is_single_thread(ty)) {
                let what = format!(
                    "The task captures `{value}` (a `{ty}`, {}) and keeps it for its whole life, and `{ty}` holds a `{inner}`, which must stay on one thread; so the future is not `Send`, {needed_by}.",
                    line(held.line_start)
                );
                return Some(Explanation::new("not-send-local", what));
            }
            let what = format!(
                "The future captures `{value}` (a `{ty}`, {}), which is not `Send`, {needed_by}.",
                line(held.line_start)
            );
            return Some(Explanation::new(not_send_note(ty), what));
        }
    }
    // No await to blame: the future of a trait's `async fn` is itself
    // required to be `Send` where it is made (`assert_send(&s.fetch())`).
    let method = trait_method(d)?;
    let what = format!(
        "On {}, the future of the trait method `{method}` is not known to be `Send`, {needed_by}.",
        line(primary(d)?.line_start)
    );
    Some(Explanation::new("trait-future-not-send", what))
}

/// The trait method whose `async fn` future rustc suggests making `Send`
/// "for all implementations" (rustc's help names it).
fn trait_method(d: &Diagnostic) -> Option<&str> {
    children(d).find_map(|c| {
        quoted(
            &c.message,
            "can be made part of the associated future's guarantees for all implementations of ",
        )
    })
}

/// A `dyn Trait` that does not say `+ Send` is not `Send`, whatever it
/// holds: in a boxed future awaited or spawned, or in a task's output
/// (`Box<dyn Error>`). Only where a task needs it (not `std::thread::spawn`).
fn dyn_not_send(d: &Diagnostic, dyn_type: &str, needed_by: &str) -> Option<Explanation> {
    let for_a_task = d.message.starts_with("future cannot")
        || dyn_type.starts_with("dyn Future")
        || children(d)
            .filter(|c| c.message.starts_with("required by a bound in "))
            .flat_map(|c| &c.spans)
            .any(|s| {
                ["/tokio-", "/futures-"]
                    .iter()
                    .any(|c| s.file_name.contains(c))
            });
    if !for_a_task {
        return None;
    }
    let missing = format!("`{dyn_type}` does not say `+ Send`, so it is not `Send`, {needed_by}");
    let awaited = children(d)
        .filter(|c| {
            c.message == "future is not `Send` as it awaits another future which is not `Send`"
        })
        .find_map(|c| labelled(&c.spans, "await occurs here"));
    if let Some(at) = awaited {
        let expression = snippet(at).unwrap_or_else(|| "this call".into());
        let ty = at
            .label
            .as_deref()
            .and_then(|l| quoted(l, "on type "))
            .unwrap_or(dyn_type);
        return Some(Explanation::new(
            "dyn-not-send",
            format!(
                "`{expression}` on {} awaits a `{ty}`, and its {missing}.",
                line(at.line_start)
            ),
        ));
    }
    let at = primary(d)?;
    let outer = children(d)
        .filter_map(|c| quoted(&c.message, "required because it appears within the type "))
        .last();
    let what = match outer {
        Some(outer) => format!(
            "On {}, a `{outer}` holds a `{dyn_type}`, which does not say `+ Send`, so it is not `Send`, {needed_by}.",
            line(at.line_start)
        ),
        None => format!("On {}, {missing}.", line(at.line_start)),
    };
    Some(Explanation::new("dyn-not-send", what))
}

/// Whether `ty` is one of std's types that must stay on one thread, or a
/// reference to one.
fn is_single_thread(ty: &str) -> bool {
    matches!(not_send_note(ty), "not-send-rc" | "not-send-refcell")
        || base_type(ty).starts_with("Cell<")
        || base_type(ty).starts_with("Weak<")
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

/// `ty` without references and paths: `&std::rc::Rc<T>` → `Rc<T>`.
fn base_type(ty: &str) -> &str {
    let ty = ty.trim_start_matches('&').trim_start_matches("mut ");
    let generic = ty.find('<').unwrap_or(ty.len());
    let path_end = ty[..generic].rfind("::").map_or(0, |i| i + 2);
    &ty[path_end..]
}

/// The note for a value of type `ty` that is not `Send`.
fn not_send_note(ty: &str) -> &'static str {
    let base = base_type(ty);
    if base.starts_with("Rc<") {
        "not-send-rc"
    } else if base.starts_with("RefCell<")
        || base.starts_with("RefMut<")
        || base.starts_with("Ref<")
    {
        "not-send-refcell"
    } else if base.starts_with("MutexGuard<") && !ty.contains("tokio") {
        "not-send-mutex-guard"
    } else if base == "EnteredSpan" || base.starts_with("Entered<") {
        "span-entered-across-await"
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
    fn types_are_compared_by_their_own_name() {
        assert_eq!(base_type("&std::rc::Rc<T>"), "Rc<T>");
        assert_eq!(
            not_send_note("MutexGuard<'_, std::collections::HashMap<u8, u8>>"),
            "not-send-mutex-guard"
        );
        assert_eq!(not_send_note("EnteredSpan"), "span-entered-across-await");
        assert_eq!(
            not_send_note("tracing::span::Entered<'_>"),
            "span-entered-across-await"
        );
        assert!(is_single_thread("&RefCell<Vec<String>>"));
        assert!(is_single_thread("std::cell::Cell<u8>"));
        assert!(!is_single_thread("Room"));
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
