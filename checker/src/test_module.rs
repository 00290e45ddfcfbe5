//! The test-module convention: a test-mode exercise ends with
//! `#[cfg(test)]` + `mod tests { ... }`, and that tail is identical in the
//! exercise and its solution. The integrity check compares tails; grading
//! swaps the learner's tail for the course's own.

/// The line that opens the test module.
const MARKER: &str = "#[cfg(test)]";

/// Byte offset where the test module starts: the last `#[cfg(test)]` line
/// that is followed by `mod tests`.
pub fn start(source: &str) -> Option<usize> {
    let mut offset = 0;
    let mut found = None;
    let mut lines = source.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        if line.trim_end() == MARKER
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod tests"))
        {
            found = Some(offset);
        }
        offset += line.len();
    }
    found
}

/// The test module of `source` (to the end of the file), if it has one.
pub fn tests(source: &str) -> Option<&str> {
    start(source).map(|s| &source[s..])
}

/// `source` with its test module replaced by `tests`; a file with no test
/// module gets `tests` appended.
pub fn replace(source: &str, tests: &str) -> String {
    let code = &source[..start(source).unwrap_or(source.len())];
    let mut out = code.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(tests);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "fn f() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n";

    #[test]
    fn finds_the_tail_module() {
        assert_eq!(
            tests(FILE),
            Some("#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n")
        );
    }

    #[test]
    fn other_cfg_test_items_are_not_the_module() {
        assert_eq!(start("#[cfg(test)]\nfn helper() {}\n"), None);
    }

    #[test]
    fn replace_swaps_an_edited_module() {
        let edited = FILE.replace("fn t() {}", "fn t() { /* edited */ }");
        assert_eq!(replace(&edited, tests(FILE).unwrap()), FILE);
    }

    #[test]
    fn replace_restores_a_deleted_module() {
        assert_eq!(
            replace("fn f() {}", tests(FILE).unwrap()),
            format!("fn f() {{}}\n{}", tests(FILE).unwrap())
        );
    }
}
