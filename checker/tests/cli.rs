//! The checker's command line end to end, on small temporary courses whose
//! exercises need no dependencies (each builds in about a second): the
//! happy path, and every kind of bad input getting a clear message.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use support::{Entry, processes_mentioning, write_course};

/// One exercise of a fixture course.
struct Ex {
    name: &'static str,
    fails_with: &'static str,
    extra: &'static str,
    exercise: &'static str,
    solution: &'static str,
}

const TEST_PASSING: &str = "fn answer() -> u32 { 42 }\nfn main() { println!(\"{}\", answer()); }\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn answer_is_42() {\n        assert_eq!(answer(), 42);\n    }\n}\n";

fn test_ex(name: &'static str) -> Ex {
    Ex {
        name,
        fails_with: "tests",
        extra: "failing_tests = [\"tests::answer_is_42\"]\n",
        exercise: Box::leak(TEST_PASSING.replace("42 }", "41 }").into_boxed_str()),
        solution: TEST_PASSING,
    }
}

/// The test module of a [`program_ex`]: one test that calls `run`.
const RUNS_TEST: &str =
    "\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn runs() {\n        super::run();\n    }\n}\n";

/// An exercise whose one test, `tests::runs`, calls `fn run()` of `code`
/// (which does whatever the case needs: hang, flood, exit); its solution's
/// `run` does nothing.
fn program_ex(name: &'static str, code: &str) -> Ex {
    Ex {
        name,
        fails_with: "tests",
        extra: "failing_tests = [\"tests::runs\"]\n",
        exercise: Box::leak(format!("{code}{RUNS_TEST}").into_boxed_str()),
        solution: Box::leak(format!("fn run() {{}}\n{RUNS_TEST}").into_boxed_str()),
    }
}

/// A temporary course: workspace, info.toml, exercises and solutions.
struct Course {
    dir: tempfile::TempDir,
}

impl Course {
    fn new(exercises: &[Ex]) -> Course {
        let dir = tempfile::tempdir().unwrap();
        let entries: Vec<Entry> = exercises
            .iter()
            .map(|ex| {
                let info = format!(
                    "fails_with = \"{}\"\n{}hint = \"Think about {}.\"\n",
                    ex.fails_with, ex.extra, ex.name
                );
                Entry::new(ex.name, "t", &info, ex.exercise, ex.solution)
            })
            .collect();
        write_course(
            dir.path(),
            "format_version = 1\ntimeout = 5\nwelcome_message = \"Welcome!\"\nfinal_message = \"All done!\"\n",
            &entries,
        );
        Course { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn checker(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_checker"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }

    fn write(&self, relative: &str, text: &str) {
        write(self.root(), relative, text);
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.root().join(relative)).unwrap()
    }
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn run_fails_then_passes_and_moves_on() {
    let course = Course::new(&[test_ex("first"), test_ex("second")]);
    let failed = course.checker(&["run"]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    let text = stdout(&failed);
    assert!(
        text.contains("1 test failed: tests::answer_is_42"),
        "{text}"
    );
    assert!(
        text.contains("left: 41"),
        "the test's own message is shown: {text}"
    );

    course.write("exercises/t/first.rs", TEST_PASSING);
    let passed = course.checker(&["run"]);
    assert_eq!(passed.status.code(), Some(0), "{}", stdout(&passed));
    let text = stdout(&passed);
    assert!(text.contains("✓ first passes."), "{text}");
    assert!(text.contains("solutions/t/first.rs"), "{text}");
    assert!(text.contains("Next: second"), "{text}");
    let progress = course.read(".asynclings-progress");
    assert!(progress.contains("current = \"second\""), "{progress}");
    assert!(progress.contains("done = [\"first\"]"), "{progress}");

    let list = stdout(&course.checker(&["list", "--json"]));
    let rows: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(rows[0]["done"], true);
    assert_eq!(rows[1]["current"], true);
}

#[test]
fn compile_error_is_shown_with_rustc_diagnostics() {
    let mut ex = test_ex("broken");
    ex.exercise = "fn main() { let x: u32 = \"no\"; }\n";
    ex.fails_with = "compile";
    ex.extra = "";
    let course = Course::new(&[ex]);
    let output = course.checker(&["run", "broken"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("error[E0308]: mismatched types"), "{text}");
    assert!(text.contains("exercises/t/broken.rs:1:26"), "{text}");
    assert!(text.contains("does not compile yet"), "{text}");
}

#[test]
fn hanging_exercise_times_out_with_the_usual_causes() {
    let mut ex = program_ex(
        "hang",
        "fn run() { loop { std::thread::sleep(std::time::Duration::from_secs(1)); } }\n",
    );
    ex.extra = "timeout = 1\n";
    ex.fails_with = "timeout";
    let course = Course::new(&[ex]);
    let started = Instant::now();
    let output = course.checker(&["run", "hang"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("hang timed out after 1 s"), "{text}");
    assert!(text.contains("sender is never dropped"), "{text}");
    // Generous: this proves the check is stopped, not how fast cargo is.
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// An exercise rustc never finishes compiling: the lint that stops endless
/// const evaluation is allowed, so the loop runs in the compiler forever.
const ENDLESS_CONST: &str = "#![allow(long_running_const_eval)]\n\nconst SEED: u64 = {\n    let mut n: u64 = 0;\n    loop {\n        n = n.wrapping_add(1);\n    }\n};\n\nfn main() {\n    println!(\"{SEED}\");\n}\n";

#[test]
fn a_build_that_never_ends_is_stopped_at_the_build_timeout() {
    let mut ex = test_ex("endless");
    ex.exercise = ENDLESS_CONST;
    let course = Course::new(&[ex]);
    let started = Instant::now();
    let output = course.checker(&["run", "endless", "--build-timeout", "3s"]);
    let elapsed = started.elapsed();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("endless was still compiling after 3 s"),
        "{text}"
    );
    assert!(text.contains("--build-timeout"), "{text}");
    // Generous: this proves the build is stopped, not how fast cargo starts.
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
    assert_eq!(
        processes_mentioning(course.root()),
        Vec::<String>::new(),
        "cargo or rustc outlived the stopped build"
    );
    let bad = course.checker(&["run", "endless", "--build-timeout", "soon"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("not a duration"), "{}", stderr(&bad));
}

#[test]
fn flooding_exercise_output_is_capped() {
    let mut flood = program_ex(
        "flood",
        "fn run() { println!(\"start\"); for i in 0..2_000_000 { println!(\"line {i}\"); } panic!(\"the end\"); }\n",
    );
    // Printing 2 million lines takes seconds on a busy machine; the course's
    // 5 s must not be what this test measures.
    flood.extra = "failing_tests = [\"tests::runs\"]\ntimeout = 60\n";
    let course = Course::new(&[flood]);
    let output = course.checker(&["run", "flood"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.len() < 100_000, "output was {} bytes", text.len());
    assert!(text.contains("start"), "head kept");
    assert!(text.contains("the end"), "tail kept");
    assert!(text.contains("of output cut"), "the cut is said");
}

#[test]
fn child_processes_do_not_outlive_the_check() {
    let pid_file = tempfile::NamedTempFile::new().unwrap();
    let program = format!(
        "fn run() {{\n    let child = std::process::Command::new(\"sleep\").arg(\"60\").spawn().unwrap();\n    std::fs::write({:?}, child.id().to_string()).unwrap();\n}}\n",
        pid_file.path()
    );
    let mut ex = program_ex("forker", &program);
    ex.fails_with = "compile"; // not checked here; only the run matters
    ex.extra = "";
    let course = Course::new(&[ex]);
    let output = course.checker(&["run", "forker"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let pid = std::fs::read_to_string(pid_file.path()).unwrap();
    let proc_dir = PathBuf::from(format!("/proc/{}", pid.trim()));
    let deadline = Instant::now() + Duration::from_secs(10);
    while alive(&proc_dir) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !alive(&proc_dir),
        "the exercise's child process {pid} is still running"
    );
}

/// Running (not a zombie waiting to be reaped).
fn alive(proc_dir: &Path) -> bool {
    std::fs::read_to_string(proc_dir.join("stat"))
        .map(|stat| !stat.contains(") Z "))
        .unwrap_or(false)
}

#[test]
fn non_utf8_output_is_shown_not_fatal() {
    // Written past libtest's capture, then the test program exits early.
    let course = Course::new(&[program_ex(
        "bytes",
        "use std::io::Write;\nfn run() { std::io::stdout().write_all(b\"caf\\xe9 ok\\n\").unwrap(); std::process::exit(3); }\n",
    )]);
    let output = course.checker(&["run", "bytes"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("caf\u{fffd} ok"), "{text}");
    assert!(text.contains("exited with code 3"), "{text}");
}

#[test]
fn zero_tests_is_not_a_pass() {
    let mut ex = test_ex("empty");
    ex.exercise = "fn main() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    #[ignore]\n    fn skipped() {}\n}\n";
    let course = Course::new(&[ex]);
    let output = course.checker(&["run", "empty"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("no test passed"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn exiting_early_from_a_test_is_not_a_pass() {
    let mut ex = test_ex("quitter");
    ex.exercise = Box::leak(
        TEST_PASSING
            .replace(
                "fn answer() -> u32 { 42 }",
                "fn answer() -> u32 { std::process::exit(0) }",
            )
            .into_boxed_str(),
    );
    let course = Course::new(&[ex]);
    let output = course.checker(&["run", "quitter"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("before the test harness reported"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn broken_manifests_get_a_position_and_a_fix() {
    let course = Course::new(&[test_ex("first")]);
    let info = course.read("info.toml");
    let cases: Vec<(String, &str)> = vec![
        (
            info.replace("[[exercises]]", "[[exercises]"),
            "info.toml:6:",
        ),
        (info.replace("hint =", "hnit ="), "did you mean `hint`?"),
        (
            info.replace("fails_with = \"tests\"", "fails_with = \"test\""),
            "unknown variant",
        ),
        (
            format!("{info}{}", &info[info.find("\n[[exercises]]").unwrap()..]),
            "is used twice",
        ),
        (info.replace("Think about first.", " "), "has an empty hint"),
        (
            info.replace("name = \"first\"", "name = \"frist\""),
            "exercises/t/frist.rs is missing",
        ),
        (
            info.replace("format_version = 1", "format_version = \"one\""),
            "info.toml:1:",
        ),
        (
            info.replace("dir = \"t\"\n", "dir = \"t\"\nmode = \"run\"\n"),
            "unknown key `mode`\n  help: every exercise is checked by its tests now",
        ),
        (
            info.replace("fails_with = \"tests\"", "fails_with = \"run\""),
            "run mode is gone",
        ),
    ];
    for (text, expected) in cases {
        course.write("info.toml", &text);
        let output = course.checker(&["list"]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{expected}: {message}");
        assert!(
            message.contains(expected),
            "expected `{expected}` in: {message}"
        );
        assert!(message.contains("help:"), "a fix is named: {message}");
        assert!(!message.contains("panicked"), "{message}");
    }
}

#[test]
fn missing_manifest_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_checker"))
        .arg("list")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no asynclings course here"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn corrupt_progress_is_reported_kept_and_rebuilt() {
    let course = Course::new(&[test_ex("first"), test_ex("second")]);
    course.write(".asynclings-progress", "current = [not toml");
    let output = course.checker(&["list"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("could not be read"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        course.read(".asynclings-progress.corrupt"),
        "current = [not toml"
    );
    assert!(
        course
            .read(".asynclings-progress")
            .contains("current = \"first\"")
    );
}

#[test]
fn stale_progress_names_are_forgotten() {
    let course = Course::new(&[test_ex("first"), test_ex("second")]);
    course.write(
        ".asynclings-progress",
        "current = \"gone\"\ndone = [\"first\", \"old\"]\n",
    );
    let output = course.checker(&["list"]);
    let warnings = stderr(&output);
    assert!(
        warnings.contains("`old`, which is no longer in the course"),
        "{warnings}"
    );
    assert!(
        warnings.contains("`gone` is no longer in the course"),
        "{warnings}"
    );
    let progress = course.read(".asynclings-progress");
    assert!(progress.contains("current = \"second\""), "{progress}");
    assert!(!progress.contains("old"), "{progress}");
}

#[test]
fn hint_gives_the_nudge_first_and_the_recipe_on_request() {
    let course = Course::new(&[test_ex("first")]);
    let info = course.read("info.toml").replace(
        "hint = \"Think about first.\"",
        "hints = [\"Think about first.\", \"Write first like this.\"]",
    );
    course.write("info.toml", &info);
    let nudge = stdout(&course.checker(&["hint", "first"]));
    assert!(nudge.contains("Think about first."), "{nudge}");
    assert!(!nudge.contains("Write first like this."), "{nudge}");
    assert!(nudge.contains("hint first --all"), "{nudge}");
    let all = stdout(&course.checker(&["hint", "first", "--all"]));
    assert!(all.contains("Think about first."), "{all}");
    assert!(all.contains("Write first like this."), "{all}");
}

#[test]
fn unknown_exercise_name_gets_a_suggestion() {
    let course = Course::new(&[test_ex("first")]);
    let output = course.checker(&["hint", "frist"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `first`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn verify_summarises_and_dev_check_holds_exercises_to_their_entry() {
    let course = Course::new(&[
        test_ex("first"),
        program_ex("second", "fn run() { panic!(\"not yet\") }\n"),
    ]);
    let solutions = course.checker(&["verify", "--solutions"]);
    assert_eq!(solutions.status.code(), Some(0), "{}", stdout(&solutions));
    assert!(
        stdout(&solutions).contains("2 passed, 0 failed"),
        "{}",
        stdout(&solutions)
    );
    let exercises = course.checker(&["verify"]);
    assert_eq!(exercises.status.code(), Some(1));
    assert!(
        stdout(&exercises).contains("0 passed, 2 failed"),
        "{}",
        stdout(&exercises)
    );

    let check = course.checker(&["dev", "check"]);
    let text = stdout(&check);
    // The fixture's files are not the real course's, so the embedded copies
    // differ; everything else must hold.
    let other: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with('✗') && !l.contains("embedded"))
        .collect();
    assert!(other.is_empty(), "{text}");

    // An exercise that passes as shipped, and a wrong failing_tests list.
    course.write("exercises/t/first.rs", TEST_PASSING);
    course.write(
        "info.toml",
        &course
            .read("info.toml")
            .replace("tests::answer_is_42", "tests::other"),
    );
    let text = stdout(&course.checker(&["dev", "check"]));
    assert!(
        text.contains("first: as shipped it should fail with `tests` but it passes"),
        "{text}"
    );
}

#[test]
fn dev_check_requires_every_wrong_answer_to_be_rejected_as_stated() {
    let course = Course::new(&[test_ex("first")]);
    let workspace = course
        .read("Cargo.toml")
        .replace("\"solutions\"]", "\"solutions\", \"wrong_answers\"]");
    course.write("Cargo.toml", &workspace);
    course.write(
        "wrong_answers/Cargo.toml",
        "[package]\nname = \"wrong_answers\"\nedition = \"2024\"\nautobins = false\n\n# BEGIN GENERATED BINS\n# END GENERATED BINS\n",
    );
    let header = |what: &str| {
        format!("//! Wrong answer to first: {what}.\n//!\n//! Rejected by: tests::answer_is_42\n")
    };
    let rejected = format!(
        "{}{}",
        header("off by one"),
        TEST_PASSING.replace("42 }", "43 }")
    );
    let accepted = format!("{}{}", header("the right answer"), TEST_PASSING);
    course.write("wrong_answers/t/first__off_by_one.rs", &rejected);
    course.write("wrong_answers/t/first__right_after_all.rs", &accepted);
    // A new file is not in the bins list until `dev sync` adds it.
    let drifted = stdout(&course.checker(&["dev", "check"]));
    assert!(
        drifted.contains("does not match the files under wrong_answers/"),
        "{drifted}"
    );
    assert_eq!(course.checker(&["dev", "sync"]).status.code(), Some(0));
    assert!(
        course
            .read("wrong_answers/Cargo.toml")
            .contains("name = \"first__off_by_one\"")
    );

    let check = course.checker(&["dev", "check"]);
    assert_eq!(check.status.code(), Some(1));
    let text = stdout(&check);
    let about = |file: &str| -> Vec<&str> { text.lines().filter(|l| l.contains(file)).collect() };
    assert_eq!(
        about("first__right_after_all"),
        [
            "✗ wrong_answers/t/first__right_after_all.rs: this wrong answer to first (the right answer.) \
          should fail with `tests` but it passes; the exercise's tests no longer reject it: make them catch this mistake"
        ],
        "{text}"
    );
    assert!(about("first__off_by_one").is_empty(), "{text}");

    // An edited test module is not an answer to the exercise's tests.
    course.write(
        "wrong_answers/t/first__off_by_one.rs",
        &rejected.replace("answer(), 42", "answer(), 43"),
    );
    let text = stdout(&course.checker(&["dev", "check"]));
    assert!(
        text.contains("first__off_by_one.rs: its test module differs from first's"),
        "{text}"
    );
}

#[test]
fn dev_check_holds_every_exercise_to_the_course_standards() {
    let course = Course::new(&[test_ex("first")]);
    let info = course.read("info.toml").replacen(
        "\n[[exercises]]",
        "\n[standards]\nhint_levels = 2\nwrong_answers = 1\n\n[[exercises]]",
        1,
    );
    course.write("info.toml", &info);
    let check = course.checker(&["dev", "check", "first"]);
    assert_eq!(check.status.code(), Some(1));
    let text = stdout(&check);
    assert!(
        text.contains("first: 1 hint level(s), the course's standard is 2"),
        "{text}"
    );
    assert!(
        text.contains(
            "first: 0 wrong answer(s) under wrong_answers/t/, the course's standard is 1"
        ),
        "{text}"
    );
}

#[test]
fn dev_check_finds_drifted_bins_and_sync_repairs_them() {
    let course = Course::new(&[test_ex("first")]);
    let manifest = course.read("exercises/Cargo.toml");
    course.write(
        "exercises/Cargo.toml",
        &manifest.replace("t/first.rs", "t/other.rs"),
    );
    let text = stdout(&course.checker(&["dev", "check"]));
    assert!(
        text.contains("does not match info.toml; run `cargo run -p checker -- dev sync`"),
        "{text}"
    );
    let output = course.checker(&["dev", "sync"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(course.read("exercises/Cargo.toml"), manifest);
}

#[test]
fn test_module_must_match_the_solution() {
    let mut ex = test_ex("first");
    ex.exercise = Box::leak(
        TEST_PASSING
            .replace("42 }", "41 }")
            .replace("fn answer_is_42", "fn answer_is_41")
            .into_boxed_str(),
    );
    ex.extra = "failing_tests = [\"tests::answer_is_41\"]\n";
    let course = Course::new(&[ex]);
    let text = stdout(&course.checker(&["dev", "check"]));
    assert!(text.contains("the test module differs"), "{text}");
}

/// `reset` needs the real course: its shipped copies are embedded in the checker.
#[test]
fn reset_restores_the_shipped_exercise() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let copy = tempfile::tempdir().unwrap();
    for file in ["info.toml", "Cargo.toml"] {
        std::fs::copy(real.join(file), copy.path().join(file)).unwrap();
    }
    copy_tree(&real.join("exercises"), &copy.path().join("exercises"));
    copy_tree(&real.join("solutions"), &copy.path().join("solutions"));
    let intro = copy.path().join("exercises/00_intro/intro1.rs");
    let shipped = std::fs::read_to_string(&intro).unwrap();
    std::fs::write(&intro, "// my attempt\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_checker"))
        .args(["--course", copy.path().to_str().unwrap(), "reset", "intro1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&intro).unwrap(), shipped);
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn one_exercise_that_does_not_compile_does_not_stop_the_others() {
    let mut broken = test_ex("broken");
    broken.exercise = "fn main() { let x: u32 = \"no\"; }\n";
    let mut exercises = vec![broken];
    for name in ["one", "two", "three", "four", "five"] {
        let mut ex = test_ex(name);
        ex.exercise = TEST_PASSING;
        exercises.push(ex);
    }
    let course = Course::new(&exercises);
    let output = course.checker(&["verify"]);
    let text = stdout(&output);
    assert!(text.contains("5 passed, 1 failed"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("broken") && l.contains("compile-error")),
        "{text}"
    );
}

#[test]
fn checking_some_exercises_ignores_a_broken_one_outside_the_selection() {
    let mut broken = test_ex("broken");
    broken.exercise = "fn main() { let x: u32 = \"no\"; }\n";
    let mut one = test_ex("one");
    one.exercise = TEST_PASSING;
    let course = Course::new(&[broken, one, test_ex("two")]);
    let loaded = checker::info_file::Course::load(course.root()).unwrap();
    let engine = checker::engine::Engine::new(course.root(), false);
    let selected: Vec<_> = loaded.exercises[1..].iter().collect();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let checks = runtime
        .block_on(engine.check_many(&selected, checker::info_file::Source::Exercise, |_| {}))
        .unwrap();
    let verdicts: Vec<&str> = checks.iter().map(|c| c.verdict.kind()).collect();
    assert_eq!(verdicts, ["pass", "fail"]);
}

#[test]
fn verify_records_every_verdict_as_run_does() {
    let mut solved = test_ex("solved");
    solved.exercise = TEST_PASSING;
    let course = Course::new(&[test_ex("broken"), solved]);
    // `broken` was done once and has been broken since.
    course.write(
        ".asynclings-progress",
        "current = \"broken\"\ndone = [\"broken\"]\n",
    );
    let output = course.checker(&["verify"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let progress = course.read(".asynclings-progress");
    assert!(progress.contains("done = [\"solved\"]"), "{progress}");
    assert!(progress.contains("current = \"broken\""), "{progress}");
}
