//! Names the usual causes of a hang (a timed-out check) that the exercise's
//! code shows: a receive loop, a std sleep, a std lock guard alive at an
//! `.await`. A hang has no message to read, so this looks at the code, line by
//! line, and only at the code the tests run: not the course's test module,
//! and not `main` unless a test calls it.

use super::source::function_body;
use super::{Explanation, line};

/// Explanations for the hang causes visible in `code`.
pub fn explain(code: &str) -> Vec<Explanation> {
    let lines = code_under_test(code);
    if !lines.iter().any(|(_, l)| l.contains("async ")) {
        return Vec::new();
    }
    let mut found = Vec::new();
    if let Some((n, _)) = lines
        .iter()
        .find(|(_, l)| l.contains("while let Some(") && l.contains(".recv().await"))
    {
        found.push(Explanation::new(
            "hang-recv-loop",
            format!(
                "The loop on {} ends only when `recv()` returns `None`, that is, when every sender has been dropped.",
                line(*n)
            ),
        ));
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

/// The lines of `code` that the tests run, 1-based and trimmed, without
/// comments: the file up to the course's `#[cfg(test)]` module, leaving out
/// `fn main` unless the tests call it.
fn code_under_test(code: &str) -> Vec<(usize, &str)> {
    let all: Vec<&str> = code.lines().collect();
    let tests_start = all
        .iter()
        .position(|l| l.trim() == "#[cfg(test)]")
        .unwrap_or(all.len());
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
    fn main_and_the_test_module_are_not_blamed_unless_the_tests_run_them() {
        let in_main = "async fn work() {}\n#[tokio::main]\nasync fn main() {\n    while let Some(n) = rx.recv().await {}\n}\n#[cfg(test)]\nmod tests {\n    #[tokio::test]\n    async fn t() { super::work().await }\n}\n";
        assert!(names(in_main).is_empty());
        let called = in_main.replace("super::work().await", "super::main().await");
        assert_eq!(names(&called), ["hang-recv-loop"]);
        let in_tests = "async fn work() {}\n#[cfg(test)]\nmod tests {\n    async fn t() {\n        while let Some(n) = rx.recv().await {}\n    }\n}\n";
        assert!(names(in_tests).is_empty());
    }
}
