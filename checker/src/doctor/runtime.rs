//! Recognises async mistakes in a program's output: runtime panics carry no
//! error code, so this is the one place where the doctor matches plain text,
//! and every text it knows is in the one table below.

use super::source::enclosing_fn;
use super::{Explanation, line};
use crate::ansi::strip_ansi;

/// A panic message the doctor knows.
struct Panic {
    /// Text that only this panic prints (tokio's or std's exact wording).
    needle: &'static str,
    note: &'static str,
    /// What happened, in plain words, before the place it happened.
    what: &'static str,
}

/// Every runtime panic the doctor recognises.
static PANICS: &[Panic] = &[
    Panic {
        needle: "must be called from the context of a Tokio 1.x runtime",
        note: "no-reactor",
        what: "A tokio function was called where no tokio runtime was running",
    },
    Panic {
        needle: "Cannot start a runtime from within a runtime",
        note: "runtime-in-runtime",
        what: "A runtime was blocked on from async code that a runtime was already running",
    },
    Panic {
        needle: "Cannot drop a runtime in a context where blocking is not allowed",
        note: "runtime-dropped-in-async",
        what: "A runtime was dropped inside async code",
    },
    Panic {
        needle: "Cannot block the current thread from within a runtime",
        note: "blocking-in-async",
        what: "A blocking call ran on a thread that drives async tasks",
    },
    Panic {
        needle: "A Tokio 1.x context was found, but timers are disabled",
        note: "timers-disabled",
        what: "A timer was used on a runtime built without `enable_time`",
    },
    Panic {
        needle: "A Tokio 1.x context was found, but IO is disabled",
        note: "io-disabled",
        what: "A socket was used on a runtime built without `enable_io`",
    },
    Panic {
        needle: "`spawn_local` called from outside of a `task::LocalSet`",
        note: "spawn-local-outside-localset",
        what: "`spawn_local` was called with no `LocalSet` running",
    },
    Panic {
        needle: "`time::pause()` requires the `current_thread` Tokio runtime",
        note: "pause-multi-thread",
        what: "The clock was paused on a multi-thread runtime",
    },
    Panic {
        needle: "JoinError::Panic(",
        note: "join-panicked",
        what: "A spawned task panicked, and its `JoinHandle`'s error was unwrapped",
    },
    Panic {
        needle: "JoinError::Cancelled(",
        note: "join-cancelled",
        what: "A cancelled task's `JoinHandle` was awaited and its error unwrapped",
    },
    Panic {
        needle: "all branches are disabled and there is no else branch",
        note: "select-all-disabled",
        what: "A `select!` had no branch left to wait on",
    },
    Panic {
        needle: "resumed after completion",
        note: "async-fn-resumed",
        what: "A future that had already completed was polled again",
    },
];

/// Explanations for the known panics in `output`; `file` is the exercise's
/// path as panic locations print it, to name lines only in the learner's
/// file, and `code` its text, to see which function a panic was raised in.
pub fn explain(output: &str, file: &str, code: &str) -> Vec<Explanation> {
    let text = strip_ansi(output);
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (index, text_line) in lines.iter().enumerate() {
        let Some(panic) = PANICS.iter().find(|p| text_line.contains(p.needle)) else {
            continue;
        };
        let mut note = panic.note;
        let mut what = panic.what.to_string();
        if panic.note == "join-panicked"
            && let Some(message) = task_panic_message(text_line)
        {
            what = format!(
                "A spawned task panicked with \"{message}\", and its `JoinHandle`'s error was unwrapped"
            );
        }
        let at = location(&lines[..index], file);
        let in_drop = at
            .and_then(|n| enclosing_fn(code, n))
            .is_some_and(|f| f.starts_with("fn drop(&mut self)"));
        if panic.note == "runtime-in-runtime" && in_drop {
            note = "block-on-in-drop";
            what =
                "`Drop::drop` blocked on a future, on a thread that a runtime was already driving"
                    .into();
        }
        if let Some(n) = at {
            what.push_str(&format!(" ({})", line(n)));
        }
        if let Some(test) = current_test(&lines[..index]) {
            what.push_str(&format!(" in test `{test}`"));
        }
        what.push('.');
        found.push(Explanation::new(note, what));
    }
    found
}

/// The line of the learner's `file` where the panic just above was raised.
fn location(before: &[&str], file: &str) -> Option<usize> {
    let header = before
        .iter()
        .rev()
        .take(3)
        .find(|l| l.starts_with("thread '") && l.contains(" panicked at "))?;
    let place = header.split_once(" panicked at ")?.1.trim_end_matches(':');
    let mut parts = place.rsplitn(3, ':');
    let (_column, line_no, path) = (parts.next()?, parts.next()?, parts.next()?);
    let path = path.strip_prefix("./").unwrap_or(path);
    let line_no: usize = line_no.parse().ok()?;
    (path == file || file.ends_with(path)).then_some(line_no)
}

/// The test whose captured output holds the panic (libtest's `---- NAME stdout ----`).
fn current_test(before: &[&str]) -> Option<String> {
    before.iter().rev().find_map(|l| {
        l.strip_prefix("---- ")?
            .strip_suffix(" stdout ----")
            .map(str::to_string)
    })
}

/// The task's own panic message, from `JoinError::Panic(Id(1), "msg", ...)`.
fn task_panic_message(line: &str) -> Option<&str> {
    let rest = line.split_once("JoinError::Panic(")?.1;
    let quoted = rest.split_once(", \"")?.1;
    quoted.rsplit_once("\", ...)").map(|(message, _)| message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_panic_names_a_note() {
        for panic in PANICS {
            assert!(
                crate::doctor::notes::find(panic.note).is_some(),
                "{}",
                panic.note
            );
        }
    }

    #[test]
    fn blocking_on_a_runtime_inside_drop_is_about_drop() {
        let output = "---- tests::closes stdout ----\n\
            thread 'tests::closes' (7) panicked at exercises/t/x.rs:3:9:\n\
            Cannot start a runtime from within a runtime. This happens because ...\n";
        let in_drop = "impl Drop for Writer {\n    fn drop(&mut self) {\n        Handle::current().block_on(f());\n    }\n}\n";
        let found = explain(output, "exercises/t/x.rs", in_drop);
        assert_eq!(found[0].note.name, "block-on-in-drop");
        assert!(found[0].what.contains("(line 3) in test `tests::closes`"));
        let in_fn = in_drop.replace("fn drop(&mut self)", "fn flush(&mut self)");
        let found = explain(output, "exercises/t/x.rs", &in_fn);
        assert_eq!(found[0].note.name, "runtime-in-runtime");
    }

    #[test]
    fn location_is_named_only_in_the_learners_file() {
        let ours = ["thread 'main' (7) panicked at exercises/t/x.rs:6:25:"];
        assert_eq!(location(&ours, "exercises/t/x.rs"), Some(6));
        let tokio = ["thread 'main' (7) panicked at /registry/tokio-1.54.1/src/a.rs:89:9:"];
        assert_eq!(location(&tokio, "exercises/t/x.rs"), None);
    }
}
