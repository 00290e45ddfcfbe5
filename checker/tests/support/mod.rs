//! Test courses, shared by every test of the checker's command line: one
//! builder that writes a course from its exercises ([`write_course`]), the
//! small course grading is tested on ([`Fixture`]) with helpers to make
//! submissions from it, and helpers to run and inspect the checker.
//! Exercises have no dependencies, so each one compiles in about a second.

#![allow(dead_code)]

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

/// One exercise of a test course: its info.toml entry and both files.
pub struct Entry {
    pub name: String,
    /// Its topic folder.
    pub dir: String,
    /// The info.toml lines after `name` and `dir` (mode, fails_with, hint...).
    pub info: String,
    pub exercise: String,
    pub solution: String,
}

impl Entry {
    pub fn new(name: &str, dir: &str, info: &str, exercise: &str, solution: &str) -> Entry {
        Entry {
            name: name.into(),
            dir: dir.into(),
            info: info.into(),
            exercise: exercise.into(),
            solution: solution.into(),
        }
    }
}

/// Writes a course at `root` as the real one is laid out: a workspace of
/// `exercises` and `solutions` that forbids unsafe code, info.toml
/// (`header`, then one entry per exercise), `[[bin]]` lists as `dev sync`
/// writes them, and a README per topic.
pub fn write_course(root: &Path, header: &str, entries: &[Entry]) {
    write(
        &root.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"exercises\", \"solutions\"]\n\n\
         [workspace.lints.rust]\nunsafe_code = \"forbid\"\n",
    );
    let mut info = header.to_string();
    let mut bins = String::new();
    for e in entries {
        info.push_str(&format!(
            "\n[[exercises]]\nname = \"{}\"\ndir = \"{}\"\n{}",
            e.name, e.dir, e.info
        ));
        bins.push_str(&format!(
            "[[bin]]\nname = \"{}\"\npath = \"{}/{}.rs\"\n",
            e.name, e.dir, e.name
        ));
        write(
            &root.join(format!("exercises/{}/{}.rs", e.dir, e.name)),
            &e.exercise,
        );
        write(
            &root.join(format!("solutions/{}/{}.rs", e.dir, e.name)),
            &e.solution,
        );
        write(
            &root.join(format!("exercises/{}/README.md", e.dir)),
            &format!("# {}\n", e.dir),
        );
    }
    write(&root.join("info.toml"), &info);
    for package in ["exercises", "solutions"] {
        write(
            &root.join(package).join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
                 publish = false\nautobins = false\n\n[lints]\nworkspace = true\n\n\
                 # BEGIN GENERATED BINS\n{bins}# END GENERATED BINS\n"
            ),
        );
    }
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
        let (shipped, solved) = (shipped(), solved());
        let info = [
            "points = 3\ntimeout = 3\nfails_with = \"tests\"\n\
             failing_tests = [\"tests::adds_negative\", \"tests::adds_small\", \"tests::adds_zero\"]\n\
             hint = \"add\"\n",
            "fails_with = \"tests\"\nfailing_tests = [\"tests::greets_the_world\"]\nhint = \"the world\"\n",
            "points = 2\nfails_with = \"tests\"\nfailing_tests = [\"tests::counts\"]\nhint = \"len\"\n",
        ];
        let entries: Vec<Entry> = shipped
            .iter()
            .zip(&solved)
            .zip(info)
            .map(|(((path, exercise), (_, solution)), info)| {
                let (dir, file) = path.split_once('/').unwrap();
                Entry::new(file.trim_end_matches(".rs"), dir, info, exercise, solution)
            })
            .collect();
        write_course(
            &dir.path().join("course"),
            "format_version = 1\ntimeout = 10\nwelcome_message = \"hi\"\nfinal_message = \"bye\"\n",
            &entries,
        );
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

/// `checker --course COURSE grade ARGS...` through the real binary, without
/// colour and outside GitHub Actions unless `env` says otherwise.
pub fn grade_command(course: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_checker"));
    command
        .arg("--course")
        .arg(course)
        .arg("grade")
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_OUTPUT");
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

/// Runs [`grade_command`] to the end.
pub fn grade(course: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    grade_command(course, args, env).output().unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Command lines of live processes (not zombies) that name `path`: rustc
/// and cargo name the files and folders they build.
pub fn processes_mentioning(path: &Path) -> Vec<String> {
    let needle = path.to_string_lossy().into_owned();
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let dir = entry.path();
        let Ok(cmdline) = fs::read(dir.join("cmdline")) else {
            continue;
        };
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        let zombie = fs::read_to_string(dir.join("stat")).map_or(true, |s| s.contains(") Z "));
        if cmdline.contains(&needle) && !zombie {
            found.push(cmdline);
        }
    }
    found
}

/// An adder that rustc never finishes compiling: an endless loop in a
/// `const`, with the lint that would stop it allowed.
pub fn adder_compiled_forever() -> String {
    let code = ADDER_FIXED
        .replace(
            "//! adder: add two numbers.\n",
            "//! adder: add two numbers.\n#![allow(long_running_const_eval)]\n\nconst ZERO: i32 = {\n    let mut n: i32 = 0;\n    loop {\n        n = n.wrapping_add(1);\n    }\n};\n",
        )
        .replace("a + b", "a + b + ZERO");
    format!("{code}\n{ADDER_TESTS}")
}

/// Validates `value` against the subset of JSON Schema the grade schema
/// uses (type, const, enum, properties, required, additionalProperties,
/// items, minimum), returning every violation with its path.
pub fn validate(schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
            _ => panic!("bad type in schema at {path}"),
        };
        let ok = types.iter().any(|t| match *t {
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            other => panic!("unknown type {other}"),
        });
        if !ok {
            errors.push(format!("{path}: {value} is not of type {types:?}"));
            return;
        }
    }
    if let Some(constant) = schema.get("const")
        && constant != value
    {
        errors.push(format!("{path}: {value} is not {constant}"));
    }
    if let Some(Value::Array(allowed)) = schema.get("enum")
        && !allowed.contains(value)
    {
        errors.push(format!("{path}: {value} is not one of {allowed:?}"));
    }
    if let (Some(minimum), Some(n)) = (schema.get("minimum"), value.as_f64())
        && n < minimum.as_f64().unwrap()
    {
        errors.push(format!("{path}: {n} is below {minimum}"));
    }
    if let Value::Object(object) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        if let Some(Value::Array(required)) = schema.get("required") {
            for key in required {
                if !object.contains_key(key.as_str().unwrap()) {
                    errors.push(format!("{path}: missing {key}"));
                }
            }
        }
        for (key, inner) in object {
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => validate(sub, inner, &format!("{path}.{key}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}: unexpected property {key}"))
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(sub)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(sub, item, &format!("{path}[{i}]"), errors);
        }
    }
}

pub fn assert_valid_grade_json(report: &Value) {
    assert_valid_against("grade-schema.json", report);
}

/// Checks `value` against `docs/<schema>`.
pub fn assert_valid_against(schema: &str, value: &Value) {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs")
        .join(schema);
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let mut errors = Vec::new();
    validate(&schema, value, "$", &mut errors);
    assert!(
        errors.is_empty(),
        "schema violations:\n{}",
        errors.join("\n")
    );
}
