//! A small course for grading tests: dependency-free exercises that compile
//! in about a second, and helpers to make submissions from them.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

pub const ADDER_TESTS: &str = "#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_small() {
        assert_eq!(add(1, 2), 3);
    }

    #[test]
    fn adds_negative() {
        assert_eq!(add(-1, -2), -3);
    }

    #[test]
    fn adds_zero() {
        assert!(add(0, 5) == 5);
    }
}
";

pub const ADDER_BROKEN: &str = "//! adder: add two numbers.

pub fn add(a: i32, b: i32) -> i32 {
    // TODO: add them
    a - b
}

fn main() {
    println!(\"{}\", add(1, 2));
}
";

pub const ADDER_FIXED: &str = "//! adder: add two numbers.

pub fn add(a: i32, b: i32) -> i32 {
    a + b
}

fn main() {
    println!(\"{}\", add(1, 2));
}
";

pub const GREET_TESTS: &str = "#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets_the_world() {
        assert_eq!(greeting(), \"hello, world\");
    }
}
";

pub const GREET_BROKEN: &str = "//! greet: say hello to the world.

pub fn greeting() -> String {
    // TODO: greet the world
    String::from(\"hello\")
}

fn main() {
    println!(\"{}\", greeting());
}
";

pub const GREET_FIXED: &str = "//! greet: say hello to the world.

pub fn greeting() -> String {
    String::from(\"hello, world\")
}

fn main() {
    println!(\"{}\", greeting());
}
";

pub const COUNTER_TESTS: &str = "#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(count(&[1, 2, 3]), 3);
    }
}
";

pub const COUNTER_BROKEN: &str = "//! counter: count the items.

pub fn count(items: &[i32]) -> usize {
    // TODO
    let _ = items;
    0
}

fn main() {
    println!(\"{}\", count(&[1]));
}
";

pub const COUNTER_FIXED: &str = "//! counter: count the items.

pub fn count(items: &[i32]) -> usize {
    items.len()
}

fn main() {
    println!(\"{}\", count(&[1]));
}
";

const INFO: &str = r#"format_version = 1
timeout = 10
welcome_message = "hi"
final_message = "bye"

[[exercises]]
name = "adder"
dir = "01_basics"
points = 3
timeout = 3
fails_with = "tests"
failing_tests = ["tests::adds_negative", "tests::adds_small", "tests::adds_zero"]
hint = "add"

[[exercises]]
name = "greet"
dir = "01_basics"
fails_with = "tests"
failing_tests = ["tests::greets_the_world"]
hint = "the world"

[[exercises]]
name = "counter"
dir = "02_more"
points = 2
fails_with = "tests"
failing_tests = ["tests::counts"]
hint = "len"
"#;

fn manifest(name: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\nautobins = false\n\n\
         [[bin]]\nname = \"adder\"\npath = \"01_basics/adder.rs\"\n\n\
         [[bin]]\nname = \"greet\"\npath = \"01_basics/greet.rs\"\n\n\
         [[bin]]\nname = \"counter\"\npath = \"02_more/counter.rs\"\n"
    )
}

pub fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The files of a submission (or course package): name -> text.
pub fn files(adder: &str, greet: &str, counter: &str) -> Vec<(&'static str, String)> {
    vec![
        ("01_basics/adder.rs", adder.to_string()),
        ("01_basics/greet.rs", greet.to_string()),
        ("02_more/counter.rs", counter.to_string()),
    ]
}

pub fn shipped() -> Vec<(&'static str, String)> {
    files(
        &format!("{ADDER_BROKEN}\n{ADDER_TESTS}"),
        &format!("{GREET_BROKEN}\n{GREET_TESTS}"),
        &format!("{COUNTER_BROKEN}\n{COUNTER_TESTS}"),
    )
}

pub fn solved() -> Vec<(&'static str, String)> {
    files(
        &format!("{ADDER_FIXED}\n{ADDER_TESTS}"),
        &format!("{GREET_FIXED}\n{GREET_TESTS}"),
        &format!("{COUNTER_FIXED}\n{COUNTER_TESTS}"),
    )
}

/// A temporary course: `root/course` (pristine) and room for submissions.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let course = dir.path().join("course");
        write(
            &course.join("Cargo.toml"),
            "[workspace]\nresolver = \"3\"\nmembers = [\"exercises\", \"solutions\"]\n",
        );
        write(&course.join("info.toml"), INFO);
        for (package, files) in [("exercises", shipped()), ("solutions", solved())] {
            write(&course.join(package).join("Cargo.toml"), &manifest(package));
            for (path, text) in files {
                write(&course.join(package).join(path), &text);
            }
        }
        Fixture { dir }
    }

    pub fn course(&self) -> PathBuf {
        self.dir.path().join("course")
    }

    /// Makes a submission folder `name` (under `parent`, or the fixture
    /// root) holding `files` under exercises/.
    pub fn submission_in(
        &self,
        parent: &Path,
        name: &str,
        files: &[(&'static str, String)],
    ) -> PathBuf {
        let root = parent.join(name);
        fs::create_dir_all(&root).unwrap();
        for (path, text) in files {
            write(&root.join("exercises").join(path), text);
        }
        root
    }

    pub fn submission(&self, name: &str, files: &[(&'static str, String)]) -> PathBuf {
        self.submission_in(self.dir.path(), name, files)
    }
}

/// `files` with the adder file replaced.
pub fn with_adder(adder: String) -> Vec<(&'static str, String)> {
    let mut all = solved();
    all[0].1 = adder;
    all
}
