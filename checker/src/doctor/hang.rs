//! Names the usual causes of a hang (a timed-out check) that the exercise's
//! code shows: a receive loop, a std sleep, a std lock guard alive at an
//! `.await`. A hang has no message to read, so this looks at the code, line by
//! line, and only at the code the tests run: not the course's test module,
//! and not `main` unless a test calls it.

use super::source::{function_body, is_fn_header};
use super::{Explanation, line};
use crate::test_module;

/// Explanations for the hang causes visible in `code`.
pub fn explain(code: &str) -> Vec<Explanation> {
    let lines = code_under_test(code);
    if !lines.iter().any(|(_, l)| l.contains("async ")) {
        return Vec::new();
    }
    let mut found = Vec::new();
    if let Some(index) = lines
        .iter()
        .position(|(_, l)| l.contains("while let Some(") && l.contains(".recv().await"))
    {
        found.push(receive_loop(&lines, index));
    }
    if let Some((n, _)) = lines.iter().find(|(_, l)| l.contains("thread::sleep(")) {
        found.push(Explanation::new(
            "hang-thread-sleep",
            format!(
                "On {}, `std::thread::sleep` blocks the runtime's thread instead of suspending the task.",
                line(*n)
            ),
        ));
    }
    if uses_std_mutex(&lines)
        && let Some((n, guard)) = guard_alive_at_await(&lines)
    {
        found.push(Explanation::new(
            "hang-std-lock",
            format!(
                "On {}, the std `Mutex` guard `{guard}` is still alive at a later `.await`; while it waits there, the next `lock()` blocks the thread for good.",
                line(n)
            ),
        ));
    }
    found
}

/// The receive loop on `lines[index]`: it waits only for `recv()`, which
/// gives `None` once every sender is gone. When its function also has a
/// stop signal or a deadline, that is what the loop fails to watch: the
/// senders may be alive on purpose.
fn receive_loop(lines: &[(usize, &str)], index: usize) -> Explanation {
    let (n, text) = lines[index];
    let receiver = text
        .rsplit_once(" = ")
        .and_then(|(_, call)| call.split_once(".recv().await"))
        .map_or("rx", |(receiver, _)| receiver.trim());
    match stop_signal(lines, index, receiver) {
        Some((name, kind)) => Explanation::new(
            "hang-recv-misses-signal",
            format!(
                "The loop on {} waits only for `{receiver}.recv()`, which gives `None` once every sender is gone; it does not watch `{name}` ({kind}) while it waits.",
                line(n)
            ),
        ),
        None => Explanation::new(
            "hang-recv-loop",
            format!(
                "The loop on {} ends only when `recv()` returns `None`, that is, when every sender has been dropped.",
                line(n)
            ),
        ),
    }
}

/// Types that can tell a loop to stop, and how the explanation names them.
const SIGNALS: &[(&str, &str)] = &[
    ("CancellationToken", "a `CancellationToken`"),
    ("watch::Receiver", "a `watch` channel"),
    ("oneshot::Receiver", "a `oneshot` channel"),
    ("broadcast::Receiver", "a `broadcast` channel"),
    ("Notify", "a `Notify`"),
];
const DEADLINE: &str = "a deadline";

/// The first stop signal or deadline (its name and kind) that the function
/// around `lines[index]` takes or makes before that line, other than
/// `receiver`.
fn stop_signal(
    lines: &[(usize, &str)],
    index: usize,
    receiver: &str,
) -> Option<(String, &'static str)> {
    let start = (0..=index).rev().find(|&i| is_fn_header(lines[i].1))?;
    lines[start..=index]
        .iter()
        .filter_map(|(_, text)| signal_in(text))
        .find(|(name, _)| !name.is_empty() && *name != receiver)
        .map(|(name, kind)| (name.to_string(), kind))
}

/// A stop signal that `text` declares: `let name = ...` (a deadline is an
/// `Instant::now() + ..`), or a parameter `name: Type`.
fn signal_in(text: &str) -> Option<(&str, &'static str)> {
    let kind_of = |ty: &str| {
        SIGNALS
            .iter()
            .find(|(t, _)| ty.contains(t))
            .map(|(_, k)| *k)
    };
    if let Some(rest) = text.strip_prefix("let ") {
        let kind = match rest.contains("Instant::now() +") {
            true => DEADLINE,
            false => kind_of(rest)?,
        };
        return Some((identifier_at_start(rest.trim_start_matches("mut ")), kind));
    }
    text.split(['(', ',']).find_map(|piece| {
        let (name, ty) = piece.split_once(": ")?;
        let ty = ty.trim_start_matches('&');
        let kind = kind_of(ty).or_else(|| ty.starts_with("Instant").then_some(DEADLINE))?;
        Some((identifier_at_end(name), kind))
    })
}

fn identifier_at_start(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

fn identifier_at_end(text: &str) -> &str {
    let text = text.trim_end();
    let start = text
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    &text[start..]
}

/// The lines of `code` that the tests run, 1-based and trimmed, without
/// comments: the file up to the course's `#[cfg(test)]` module, leaving out
/// `fn main` unless the tests call it.
fn code_under_test(code: &str) -> Vec<(usize, &str)> {
    let all: Vec<&str> = code.lines().collect();
    let tests_start = code[..test_module::start(code).unwrap_or(code.len())]
        .lines()
        .count();
    let tests_call_main = all[tests_start..].iter().any(|l| l.contains("main()"));
    let main = if tests_call_main {
        None
    } else {
        function_body(&all[..tests_start], "main")
    };
    all[..tests_start]
        .iter()
        .enumerate()
        .filter(|(i, _)| !main.as_ref().is_some_and(|m| m.contains(i)))
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.starts_with("//"))
        .collect()
}

/// Whether the code's `Mutex` is std's (imported or spelled out).
fn uses_std_mutex(lines: &[(usize, &str)]) -> bool {
    lines.iter().any(|(_, l)| {
        l.contains("std::sync::Mutex") || (l.starts_with("use std::sync::") && l.contains("Mutex"))
    })
}

/// The first `let guard = ....lock()` (a std lock: no `.await` on it) whose
/// guard is still in scope, and not dropped, at a later `.await`: its line
/// and the guard's name.
fn guard_alive_at_await(lines: &[(usize, &str)]) -> Option<(usize, String)> {
    for (index, (n, text)) in lines.iter().enumerate() {
        let Some(rest) = text.strip_prefix("let ") else {
            continue;
        };
        if !text.contains(".lock()") || text.contains(".lock().await") {
            continue;
        }
        let rest = rest.trim_start_matches("mut ");
        let guard: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if guard.is_empty() || guard == "_" {
            continue;
        }
        let dropped = format!("drop({guard})");
        let mut depth = 0i64;
        for (_, later) in &lines[index + 1..] {
            if later.contains(".await") {
                return Some((*n, guard));
            }
            depth += later.matches('{').count() as i64 - later.matches('}').count() as i64;
            if depth < 0 || later.contains(&dropped) {
                break;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(code: &str) -> Vec<&'static str> {
        explain(code).iter().map(|e| e.note.name).collect()
    }

    #[test]
    fn tokio_mutex_is_not_a_std_lock() {
        let code = "use tokio::sync::Mutex;\nasync fn f(m: &Mutex<u8>) {\n    let mut g = m.lock().await;\n    *g += 1;\n    tick().await;\n}\n";
        assert!(names(code).is_empty());
    }

    #[test]
    fn code_without_async_names_no_cause() {
        assert!(names("fn main() { std::thread::sleep(d); }\n").is_empty());
    }

    #[test]
    fn a_std_guard_is_blamed_only_while_alive_at_an_await() {
        let held = "use std::sync::Mutex;\nasync fn f(m: &Mutex<u8>) {\n    let mut g = m.lock().unwrap();\n    tick().await;\n    *g += 1;\n}\n";
        assert_eq!(names(held), ["hang-std-lock"]);
        let scoped = "use std::sync::Mutex;\nasync fn f(m: &Mutex<u8>) {\n    {\n        let mut g = m.lock().unwrap();\n        *g += 1;\n    }\n    tick().await;\n}\n";
        assert!(names(scoped).is_empty());
        let dropped = "use std::sync::Mutex;\nasync fn f(m: &Mutex<u8>) {\n    let mut g = m.lock().unwrap();\n    *g += 1;\n    drop(g);\n    tick().await;\n}\n";
        assert!(names(dropped).is_empty(), "at run time, drop does unlock");
        let statement = "use std::sync::Mutex;\nasync fn f(m: &Mutex<u8>) {\n    *m.lock().unwrap() += 1;\n    tick().await;\n}\n";
        assert!(names(statement).is_empty());
    }

    #[test]
    fn a_receive_loop_beside_a_stop_signal_names_what_it_does_not_watch() {
        let what = |code: &str| {
            let found = explain(code);
            (found[0].note.name, found[0].what.clone())
        };
        let token = "async fn run(\n    mut jobs: mpsc::Receiver<u32>,\n    stop: CancellationToken,\n) {\n    while let Some(job) = jobs.recv().await {}\n}\n";
        let (name, text) = what(token);
        assert_eq!(name, "hang-recv-misses-signal");
        assert!(text.contains("`jobs.recv()`"), "{text}");
        assert!(text.contains("`stop` (a `CancellationToken`)"), "{text}");
        let oneshot = "async fn serve(mut rx: mpsc::Receiver<u8>, mut ctrl_c: oneshot::Receiver<()>) {\n    while let Some(r) = rx.recv().await {}\n}\n";
        assert!(what(oneshot).1.contains("`ctrl_c` (a `oneshot` channel)"));
        let deadline = "async fn f(mut rx: mpsc::Receiver<u8>, open: Duration) {\n    let closes_at = Instant::now() + open;\n    while let Some(b) = rx.recv().await {}\n}\n";
        assert!(what(deadline).1.contains("`closes_at` (a deadline)"));
    }

    #[test]
    fn a_receive_loop_without_a_signal_of_its_own_is_about_the_senders() {
        let timing = "async fn f(mut rx: mpsc::Receiver<u8>) {\n    let start = Instant::now();\n    while let Some(b) = rx.recv().await {}\n}\n";
        assert_eq!(
            names(timing),
            ["hang-recv-loop"],
            "a start time is no deadline"
        );
        let elsewhere = "async fn other(stop: CancellationToken) {}\nasync fn f(mut rx: mpsc::Receiver<u8>) {\n    while let Some(b) = rx.recv().await {}\n}\n";
        assert_eq!(
            names(elsewhere),
            ["hang-recv-loop"],
            "another function's signal"
        );
    }

    #[test]
    fn main_and_the_test_module_are_not_blamed_unless_the_tests_run_them() {
        let in_main = "async fn work() {}\n#[tokio::main]\nasync fn main() {\n    while let Some(n) = rx.recv().await {}\n}\n#[cfg(test)]\nmod tests {\n    #[tokio::test]\n    async fn t() { super::work().await }\n}\n";
        assert!(names(in_main).is_empty());
        let called = in_main.replace("super::work().await", "super::main().await");
        assert_eq!(names(&called), ["hang-recv-loop"]);
        let in_tests = "async fn work() {}\n#[cfg(test)]\nmod tests {\n    async fn t() {\n        while let Some(n) = rx.recv().await {}\n    }\n}\n";
        assert!(names(in_tests).is_empty());
    }
}
