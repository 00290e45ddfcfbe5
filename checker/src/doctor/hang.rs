//! Names the usual causes of a hang (a timed-out check) that the exercise's
//! code shows: a receive loop, a std sleep, a std lock in async code. A hang
//! has no message to read, so this looks at the code, line by line.

use super::{Explanation, line};

/// Explanations for the hang causes visible in `code`.
pub fn explain(code: &str) -> Vec<Explanation> {
    let lines: Vec<(usize, &str)> = code
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.starts_with("//"))
        .collect();
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
        && let Some((n, _)) = lines
            .iter()
            .find(|(_, l)| l.contains(".lock()") && !l.contains(".lock().await"))
    {
        found.push(Explanation::new(
            "hang-std-lock",
            format!(
                "On {}, a std `Mutex` is locked in async code; if its guard lives across an `.await`, the next `lock()` blocks the thread for good.",
                line(*n)
            ),
        ));
    }
    found
}

/// Whether the code's `Mutex` is std's (imported or spelled out).
fn uses_std_mutex(lines: &[(usize, &str)]) -> bool {
    lines.iter().any(|(_, l)| {
        l.contains("std::sync::Mutex") || (l.starts_with("use std::sync::") && l.contains("Mutex"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokio_mutex_is_not_a_std_lock() {
        let code = "use tokio::sync::Mutex;\nasync fn f(m: &Mutex<u8>) { *m.lock().await += 1; }\n";
        assert!(explain(code).is_empty());
    }

    #[test]
    fn code_without_async_names_no_cause() {
        assert!(explain("fn main() { std::thread::sleep(d); }\n").is_empty());
    }
}
