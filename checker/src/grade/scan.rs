//! Reads Rust source just far enough to judge a submission without compiling
//! it: comments and string/char literals are blanked (keeping line breaks, so
//! line numbers hold), then identifiers are looked at. Used to find code that
//! subverts grading (shadowed assertion macros, `include!`, `#[path]`) and to
//! count the tests a reference module declares.

use std::collections::BTreeSet;

/// `source` with every comment and literal's contents replaced by spaces.
pub fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(&chars, i) {
            // r"..", r#".."#, br"..", cr"..": no escapes, ends at `"` + hashes.
            while chars[i] != '"' {
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
            while i < chars.len() {
                if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += hashes + 1;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    out.push(' ');
                    i += 1;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && is_char_literal(&chars, i) {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// At `i`, a raw string literal opens: the number of `#`s it uses.
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && is_ident_char(chars[i - 1]) {
        return None;
    }
    let mut j = i;
    if matches!(chars[j], 'b' | 'c') {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (chars.get(j) == Some(&'"')).then_some(hashes)
}

/// `'` at `i` opens a char literal (`'a'`, `'\n'`), not a lifetime (`'a`).
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// An identifier or a punctuation character, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    line: usize,
}

fn tokens(code: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        } else if is_ident_char(c) {
            let mut text = c.to_string();
            while let Some(&n) = chars.peek().filter(|n| is_ident_char(**n)) {
                text.push(n);
                chars.next();
            }
            let text = text.strip_prefix("r#").map_or(text.clone(), String::from);
            tokens.push(Token { text, line });
        } else if !c.is_whitespace() {
            tokens.push(Token {
                text: c.to_string(),
                line,
            });
        }
    }
    tokens
}

/// A name bound as a macro, and the line where that happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub name: String,
    pub line: usize,
}

/// Names `code` binds in the macro namespace in ways that can shadow the
/// standard macros: `macro_rules! NAME` and renaming imports `... as NAME`.
pub fn macro_bindings(code: &str) -> Vec<Binding> {
    let tokens = tokens(&code_only(code));
    let mut found = Vec::new();
    for window in tokens.windows(3) {
        if window[0].text == "macro_rules" && window[1].text == "!" {
            found.push(Binding {
                name: window[2].text.clone(),
                line: window[2].line,
            });
        }
    }
    for window in tokens.windows(2) {
        if window[0].text == "as" && window[1].text.starts_with(is_ident_start) {
            found.push(Binding {
                name: window[1].text.clone(),
                line: window[1].line,
            });
        }
    }
    found
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// The macros `code` invokes by bare name (`assert_eq!(..)`), not by path.
pub fn invoked_macros(code: &str) -> BTreeSet<String> {
    let tokens = tokens(&code_only(code));
    let mut names = BTreeSet::new();
    for (i, window) in tokens.windows(2).enumerate() {
        let by_path = i > 0 && tokens[i - 1].text == ":";
        if window[1].text == "!"
            && window[0].text.starts_with(is_ident_start)
            && window[0].text != "macro_rules"
            && !by_path
        {
            names.insert(window[0].text.clone());
        }
    }
    names
}

/// Ways `code` pulls other files into the build: `include!`-family macros
/// and `#[path = ...]` modules, each with its line.
pub fn file_inclusions(code: &str) -> Vec<Binding> {
    let tokens = tokens(&code_only(code));
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let next = |k: usize| tokens.get(i + k).map(|t| t.text.as_str());
        let is_include = matches!(
            token.text.as_str(),
            "include" | "include_str" | "include_bytes"
        ) && next(1) == Some("!");
        let is_path_attr = token.text == "path"
            && next(1) == Some("=")
            && i >= 1
            && tokens[i - 1].text == "["
            && i >= 2
            && matches!(tokens[i - 2].text.as_str(), "#" | "!");
        if is_include || is_path_attr {
            found.push(Binding {
                name: token.text.clone(),
                line: token.line,
            });
        }
    }
    found
}

/// How many test functions a test module declares: `#[test]` and
/// `#[tokio::test ...]` attributes.
pub fn count_tests(code: &str) -> usize {
    let tokens = tokens(&code_only(code));
    tokens
        .windows(3)
        .enumerate()
        .filter(|(i, w)| {
            w[0].text == "#"
                && w[1].text == "["
                && (w[2].text == "test"
                    || (w[2].text == "tokio"
                        && tokens.get(i + 5).is_some_and(|t| t.text == "test")))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_literals_are_blanked_keeping_lines() {
        let source =
            "a // macro_rules! x\n/* b /* nested */ c */ \"s\\\" q\" 'x' '\\n' r#\"raw \" \"# d\n";
        let code = code_only(source);
        assert_eq!(code.lines().count(), source.lines().count());
        let words: Vec<&str> = code.split_whitespace().collect();
        assert_eq!(words, ["a", "d"]);
    }

    #[test]
    fn lifetimes_are_not_char_literals() {
        let code = code_only("fn f<'a>(x: &'a str) -> &'a str { x }");
        assert!(code.contains("'a str"), "{code}");
    }

    #[test]
    fn finds_macro_definitions_and_renames() {
        let code =
            "macro_rules! assert_eq { () => {} }\nuse my as assert;\n// macro_rules! panic\n";
        let names: Vec<_> = macro_bindings(code)
            .into_iter()
            .map(|b| (b.name, b.line))
            .collect();
        assert_eq!(
            names,
            [("assert_eq".to_string(), 1), ("assert".to_string(), 2)]
        );
    }

    #[test]
    fn invoked_macros_skip_paths_and_strings() {
        let names = invoked_macros("assert_eq!(a, b); std::assert!(x); let s = \"panic!\";");
        assert_eq!(names.into_iter().collect::<Vec<_>>(), ["assert_eq"]);
    }

    #[test]
    fn finds_inclusions() {
        let code = "#[path = \"x.rs\"] mod x;\nconst S: &str = include_str!(\"y\");\n";
        let found: Vec<_> = file_inclusions(code).into_iter().map(|b| b.line).collect();
        assert_eq!(found, [1, 2]);
    }

    #[test]
    fn counts_plain_and_tokio_tests() {
        let tail = "#[cfg(test)]\nmod tests {\n#[test]\nfn a() {}\n#[tokio::test(start_paused = true)]\nasync fn b() {}\n// #[test]\n}\n";
        assert_eq!(count_tests(tail), 2);
    }
}
