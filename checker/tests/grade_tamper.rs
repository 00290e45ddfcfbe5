//! Grading holds against an adversarial student: every way of faking a pass
//! that the issue lists, graded end to end with the real cargo.

mod support;

use checker::engine::Engine;
use checker::grade::{self, ExerciseGrade, Grade, Options, Origin, Status};
use checker::info_file::Course;
use std::path::Path;
use support::*;

fn grade_with(fixture: &Fixture, submission: &Path, only: &[&str], partial: bool) -> Grade {
    let course = Course::load(&fixture.course()).unwrap();
    let engine = Engine::new(&course.root, false);
    let options = Options {
        only: only.iter().map(|s| s.to_string()).collect(),
        partial,
    };
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(grade::grade(
            &course,
            &engine,
            &Origin::Submission(submission.to_path_buf()),
            &options,
        ))
        .unwrap()
}

/// Grades only the adder exercise of a submission whose adder file is `text`.
fn grade_adder(text: String) -> ExerciseGrade {
    let fixture = Fixture::new();
    let submission = fixture.submission("student", &with_adder(text));
    let grade = grade_with(&fixture, &submission, &["adder"], false);
    assert_eq!(grade.exercises.len(), 1);
    grade.exercises[0].clone()
}

#[test]
fn the_reference_solutions_get_full_marks() {
    let fixture = Fixture::new();
    let submission = fixture.submission("student", &solved());
    let grade = grade_with(&fixture, &submission, &[], false);
    let statuses: Vec<_> = grade.exercises.iter().map(|e| e.status).collect();
    assert_eq!(statuses, [Status::Pass; 3]);
    assert_eq!(grade.total(), 6.0);
    assert_eq!(grade.max(), 6);
    assert_eq!(grade.exercises[0].tests_passed(), 3);
    assert!(!grade.exercises[0].tests_modified);
}

#[test]
fn tests_edited_to_pass_gain_nothing_and_are_flagged() {
    let tests = ADDER_TESTS
        .replace("add(1, 2), 3", "add(1, 2), -1")
        .replace("add(-1, -2), -3", "add(-1, -2), 1")
        .replace("add(0, 5) == 5", "add(0, 5) == -5");
    let e = grade_adder(format!("{ADDER_BROKEN}\n{tests}"));
    assert_eq!(e.status, Status::TestsModified);
    assert!(e.tests_modified);
    assert_eq!(e.points, 0.0);
    assert_eq!(
        e.tests.len(),
        3,
        "the course's three tests ran: {:?}",
        e.tests
    );
    assert!(e.reason.contains("3 of 3 tests failed"), "{}", e.reason);
}

#[test]
fn deleted_tests_are_restored() {
    let e = grade_adder(ADDER_BROKEN.to_string());
    assert_eq!(e.status, Status::TestsModified);
    assert_eq!(e.tests.len(), 3);
    assert_eq!(e.points, 0.0);
}

#[test]
fn correct_code_with_deleted_tests_still_passes_but_is_flagged() {
    let e = grade_adder(ADDER_FIXED.to_string());
    assert_eq!(e.status, Status::Pass);
    assert!(e.tests_modified);
    assert_eq!(e.points, 3.0);
}

#[test]
fn ignored_tests_are_run_anyway() {
    let tests = ADDER_TESTS.replace("#[test]", "#[test]\n    #[ignore]");
    let e = grade_adder(format!("{ADDER_BROKEN}\n{tests}"));
    assert_eq!(e.status, Status::TestsModified);
    assert!(
        e.tests
            .iter()
            .all(|t| t.outcome != checker::verdict::TestOutcome::Ignored)
    );
    assert_eq!(e.points, 0.0);
}

#[test]
fn an_extra_passing_test_is_dropped() {
    let tests = ADDER_TESTS.replace(
        "    #[test]\n    fn adds_small",
        "    #[test]\n    fn mine() {\n        assert_eq!(add(0, 0), 0);\n    }\n\n    #[test]\n    fn adds_small",
    );
    let e = grade_adder(format!("{ADDER_BROKEN}\n{tests}"));
    assert_eq!(e.status, Status::TestsModified);
    assert!(e.tests.iter().all(|t| t.name != "tests::mine"));
    assert_eq!(e.tests.len(), 3);
}

#[test]
fn exiting_early_from_code_under_test_is_a_failure() {
    let code = ADDER_BROKEN.replace("    a - b\n", "    std::process::exit(0);\n");
    let e = grade_adder(format!("{code}\n{ADDER_TESTS}"));
    assert_eq!(e.status, Status::Fail, "{}", e.reason);
    assert!(!e.tests_modified);
    assert_eq!(e.points, 0.0);
}

#[test]
fn shadowing_assertion_macros_is_tampering() {
    let code = format!(
        "macro_rules! assert_eq {{ ($($t:tt)*) => {{}}; }}\nmacro_rules! assert {{ ($($t:tt)*) => {{}}; }}\n{ADDER_BROKEN}"
    );
    let e = grade_adder(format!("{code}\n{ADDER_TESTS}"));
    assert_eq!(e.status, Status::Tampered);
    assert!(e.reason.contains("redefines `assert_eq!`"), "{}", e.reason);
    assert_eq!(e.line, Some(1));
    assert_eq!(e.points, 0.0);
    assert!(e.verdict.is_none(), "a tampered file is not built");
}

#[test]
fn renaming_a_macro_into_assert_eq_is_tampering() {
    let code = format!(
        "macro_rules! agree {{ ($($t:tt)*) => {{}}; }}\n#[allow(unused_imports)]\nuse agree as assert_eq;\n{ADDER_BROKEN}"
    );
    let e = grade_adder(format!("{code}\n{ADDER_TESTS}"));
    assert_eq!(e.status, Status::Tampered);
    assert_eq!(e.line, Some(3));
}

#[test]
fn a_macro_that_only_looks_like_one_is_fine() {
    // Named in a comment and a string, and a macro the tests do not use.
    let code = ADDER_FIXED.replace(
        "pub fn add",
        "// macro_rules! assert_eq is not here\nmacro_rules! twice { ($e:expr) => { $e * 2 }; }\nconst NOTE: &str = \"macro_rules! assert\";\n\npub fn add",
    )
    .replace("println!(\"{}\", add(1, 2));", "println!(\"{} {} {NOTE}\", add(1, 2), twice!(2));");
    let e = grade_adder(format!("{code}\n{ADDER_TESTS}"));
    assert_eq!(e.status, Status::Pass, "{}\n{}", e.reason, e.output);
}

#[test]
fn including_the_reference_solution_is_tampering() {
    let code = "#[path = \"../../solutions/01_basics/adder.rs\"]\nmod reference;\npub use reference::add;\n\nfn main() {}\n";
    let e = grade_adder(format!("{code}\n{ADDER_TESTS}"));
    assert_eq!(e.status, Status::Tampered);
    assert!(e.reason.contains("#[path]"), "{}", e.reason);
}

#[test]
fn symlinks_out_of_the_submission_are_refused() {
    let fixture = Fixture::new();
    let submission = fixture.submission("student", &shipped());
    let file = submission.join("exercises/01_basics/adder.rs");
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(fixture.course().join("solutions/01_basics/adder.rs"), &file)
        .unwrap();
    // And a whole folder linked to the solutions.
    std::fs::remove_dir_all(submission.join("exercises/02_more")).unwrap();
    std::os::unix::fs::symlink(
        fixture.course().join("solutions/02_more"),
        submission.join("exercises/02_more"),
    )
    .unwrap();
    let grade = grade_with(&fixture, &submission, &["adder", "counter"], false);
    for e in &grade.exercises {
        assert_eq!(e.status, Status::Tampered, "{}: {}", e.name, e.reason);
        assert_eq!(e.points, 0.0);
    }
}

#[test]
fn manifests_build_scripts_and_cargo_config_of_the_student_never_run() {
    let fixture = Fixture::new();
    // Code that would pass only if the student's cargo config were used.
    let adder = "//! adder\n#[cfg(cheat)]\npub fn add(a: i32, b: i32) -> i32 { a + b }\n#[cfg(not(cheat))]\npub fn add(a: i32, b: i32) -> i32 { a - b }\n\nfn main() {}\n";
    let submission = fixture.submission("student", &with_adder(format!("{adder}\n{ADDER_TESTS}")));
    let marker = fixture.dir.path().join("build-script-ran");
    write(
        &submission.join(".cargo/config.toml"),
        "[build]\nrustflags = [\"--cfg\", \"cheat\"]\n",
    );
    write(
        &submission.join("exercises/.cargo/config.toml"),
        "[build]\nrustflags = [\"--cfg\", \"cheat\"]\n",
    );
    let build_rs = format!(
        "fn main() {{ std::fs::write({:?}, \"ran\").unwrap(); println!(\"cargo:rustc-cfg=cheat\"); }}\n",
        marker.display().to_string()
    );
    write(&submission.join("exercises/build.rs"), &build_rs);
    write(&submission.join("build.rs"), &build_rs);
    write(
        &submission.join("exercises/Cargo.toml"),
        "[package]\nname = \"exercises\"\nversion = \"0.1.0\"\nedition = \"2024\"\nbuild = \"build.rs\"\n",
    );
    write(
        &submission.join("Cargo.toml"),
        "[workspace]\nmembers = [\"exercises\"]\n",
    );
    let grade = grade_with(&fixture, &submission, &["adder"], false);
    let e = &grade.exercises[0];
    assert_eq!(e.status, Status::Fail, "{}", e.reason);
    assert!(!marker.exists(), "the student's build.rs ran");
}

#[test]
fn a_course_inside_the_submission_is_refused() {
    // cargo would read the student's .cargo/config.toml above the build.
    let fixture = Fixture::new();
    let course = Course::load(&fixture.course()).unwrap();
    let engine = Engine::new(&course.root, false);
    let err = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(grade::grade(
            &course,
            &engine,
            &Origin::Submission(fixture.dir.path().to_path_buf()),
            &Options::default(),
        ))
        .unwrap_err();
    assert!(err.to_string().contains("side by side"), "{err}");
    assert!(!err.to_string().contains("  "), "no runs of spaces: {err}");
}

#[test]
fn partial_credit_counts_the_course_tests_that_pass() {
    let code = ADDER_BROKEN.replace("    a - b\n", "    if a == 0 { b } else { a - b }\n");
    let fixture = Fixture::new();
    let submission = fixture.submission("student", &with_adder(format!("{code}\n{ADDER_TESTS}")));
    let partial = grade_with(&fixture, &submission, &["adder"], true);
    assert_eq!(partial.exercises[0].status, Status::Fail);
    assert_eq!(partial.exercises[0].points, 1.0, "1 of 3 tests, 3 points");
    let whole = grade_with(&fixture, &submission, &["adder"], false);
    assert_eq!(whole.exercises[0].points, 0.0);
}

#[test]
fn tests_added_outside_the_course_module_earn_no_partial_credit() {
    let code = ADDER_BROKEN.replace("    a - b\n", "    if a == 0 { b } else { a - b }\n");
    let extra = "#[cfg(test)]\nmod my_tests {\n    #[test]\n    fn one() {}\n    #[test]\n    fn two() {}\n}\n\n#[test]\nfn three() {}\n";
    let fixture = Fixture::new();
    let text = format!("{code}\n{extra}\n{ADDER_TESTS}");
    let submission = fixture.submission("student", &with_adder(text));
    let grade = grade_with(&fixture, &submission, &["adder"], true);
    let e = &grade.exercises[0];
    assert_eq!(e.status, Status::Fail);
    assert_eq!(e.tests.len(), 3, "{:?}", e.tests);
    assert_eq!(e.points, 1.0, "1 of the course's 3 tests, not 4 of 6");
}

#[test]
fn a_hanging_submission_times_out() {
    let code = ADDER_BROKEN.replace(
        "    a - b\n",
        "    loop {\n        std::hint::spin_loop();\n    }\n",
    );
    let e = grade_adder(format!("{code}\n{ADDER_TESTS}"));
    assert_eq!(e.status, Status::Timeout, "{}", e.reason);
    assert_eq!(e.points, 0.0);
}

#[test]
fn code_that_rustc_compiles_forever_is_stopped_at_the_build_timeout() {
    // The lint that stops endless const evaluation is allowed, so rustc
    // itself loops: only the build's time limit ends it.
    let fixture = Fixture::new();
    let submission = fixture.submission("student", &with_adder(adder_compiled_forever()));
    let course = Course::load(&fixture.course()).unwrap();
    let mut engine = Engine::new(&course.root, false);
    engine.build_timeout = std::time::Duration::from_secs(5);
    let options = Options {
        only: vec!["adder".into()],
        partial: true,
    };
    let grade = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(grade::grade(
            &course,
            &engine,
            &Origin::Submission(submission),
            &options,
        ))
        .unwrap();
    let e = &grade.exercises[0];
    assert_eq!(e.status, Status::BuildTimeout, "{}", e.reason);
    assert_eq!(e.status.name(), "build-timeout");
    assert!(
        e.reason.contains("still compiling after 5 s"),
        "{}",
        e.reason
    );
    assert_eq!(e.points, 0.0, "no partial credit: no test ran");
    assert!(e.tests.is_empty());
}

#[test]
fn megabytes_of_output_are_capped_in_the_grade() {
    let fixture = Fixture::new();
    let greet = "pub fn greeting() -> String {\n    let line = \"x\".repeat(1000);\n    for _ in 0..5000 {\n        println!(\"{line}\");\n    }\n    println!(\"the end\");\n    String::from(\"hello, world\")\n}\n";
    let mut files = solved();
    files[1].1 = format!("{greet}\n{GREET_TESTS}");
    let submission = fixture.submission("student", &files);
    let grade = grade_with(&fixture, &submission, &["greet"], false);
    let e = &grade.exercises[0];
    assert_eq!(e.status, Status::Pass);
    assert!(e.output_truncated);
    assert!(e.output.len() < 9 * 1024, "{} bytes kept", e.output.len());
    // The tail is kept: the last line printed comes after the cut.
    assert_eq!(e.output.matches("of output cut").count(), 1, "one marker");
    let (_, tail) = e.output.split_once("of output cut").expect(&e.output);
    assert!(tail.contains("the end\n"), "{tail}");
}

#[test]
fn a_file_that_does_not_compile_points_at_the_error() {
    let code = ADDER_BROKEN.replace("    a - b\n", "    a - \"b\"\n");
    let e = grade_adder(format!("{code}\n{ADDER_TESTS}"));
    assert_eq!(e.status, Status::CompileError);
    assert_eq!(e.line, Some(5));
    assert!(e.output.contains("error"), "{}", e.output);
}

#[test]
fn untouched_and_missing_files_are_not_built() {
    let fixture = Fixture::new();
    let mut files = shipped();
    files.remove(2);
    let submission = fixture.submission("student", &files);
    let grade = grade_with(&fixture, &submission, &[], false);
    let statuses: Vec<_> = grade.exercises.iter().map(|e| e.status).collect();
    assert_eq!(
        statuses,
        [Status::NotAttempted, Status::NotAttempted, Status::Missing]
    );
    assert_eq!(grade.total(), 0.0);
}

#[test]
fn unsafe_code_does_not_compile_even_when_allowed() {
    // `unsafe impl Send` would pass send1 in the real course; the course's
    // workspace forbids unsafe code, and `forbid` cannot be lifted.
    let fixture = Fixture::new();
    let real = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml"))
        .unwrap();
    assert!(
        real.contains("[workspace.lints.rust]\nunsafe_code = \"forbid\""),
        "the fixture mirrors the real course's lint"
    );
    let sneaky = ADDER_FIXED.replace(
        "    a + b\n",
        "    unsafe { std::mem::transmute::<u32, i32>((a + b) as u32) }\n",
    );
    let allowed = format!("#![allow(unsafe_code)]\n{sneaky}");
    for code in [sneaky, allowed] {
        let submission =
            fixture.submission("student", &with_adder(format!("{code}\n{ADDER_TESTS}")));
        let grade = grade_with(&fixture, &submission, &["adder"], false);
        let e = &grade.exercises[0];
        assert_eq!(e.status, Status::CompileError, "{}\n{}", e.reason, e.output);
        assert!(e.output.contains("unsafe"), "{}", e.output);
        assert_eq!(e.points, 0.0);
    }
}

#[test]
fn windows_line_endings_change_nothing() {
    let fixture = Fixture::new();
    let crlf = |files: Vec<(&'static str, String)>| -> Vec<(&'static str, String)> {
        files
            .into_iter()
            .map(|(path, text)| (path, text.replace('\n', "\r\n")))
            .collect()
    };
    let untouched = fixture.submission("untouched", &crlf(shipped()));
    let grade = grade_with(&fixture, &untouched, &[], false);
    let statuses: Vec<_> = grade.exercises.iter().map(|e| e.status).collect();
    assert_eq!(statuses, [Status::NotAttempted; 3]);
    let solved = fixture.submission("solved", &crlf(solved()));
    let grade = grade_with(&fixture, &solved, &[], false);
    for e in &grade.exercises {
        assert_eq!(e.status, Status::Pass, "{}: {}", e.name, e.reason);
        assert!(
            !e.tests_modified,
            "{}: CRLF tests are the course's tests",
            e.name
        );
    }
    let gitattributes =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.gitattributes"))
            .expect("the course has a .gitattributes");
    assert!(
        gitattributes
            .lines()
            .any(|l| l.split_whitespace().any(|a| a == "eol=lf"))
    );
}

#[test]
fn failed_tests_are_listed_in_a_stable_order() {
    let e = grade_adder(format!("{ADDER_BROKEN}\n{ADDER_TESTS}").replace("a - b", "a * b + 7"));
    assert_eq!(
        e.reason,
        "3 of 3 tests failed: tests::adds_negative, tests::adds_small, tests::adds_zero"
    );
    let names: Vec<&str> = e.tests.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "tests::adds_negative",
            "tests::adds_small",
            "tests::adds_zero"
        ]
    );
}

#[test]
fn a_failure_in_the_course_tests_points_at_the_learners_own_test_module() {
    // The learner's tests differ, so line 24 of the built file (in the
    // course's tests) is not line 24 of theirs.
    let mine = "#[cfg(test)]\nmod tests {\n    #[test]\n    fn mine() {}\n}\n";
    let text = format!("{ADDER_BROKEN}\n{mine}");
    let tests_start = text.lines().position(|l| l == "#[cfg(test)]").unwrap() + 1;
    let e = grade_adder(text);
    assert_eq!(e.status, Status::TestsModified);
    assert_eq!(e.line, Some(tests_start));
    // A panic in the learner's own code keeps its line.
    let panicking = ADDER_BROKEN.replace("    a - b\n", "    panic!(\"no\")\n");
    let e = grade_adder(format!("{panicking}\n{mine}"));
    assert_eq!(e.status, Status::TestsModified);
    assert_eq!(e.line, Some(5));
}

#[test]
fn a_huge_compiler_message_makes_a_short_one_line_reason() {
    let message = "no\n".repeat(100_000);
    let code = format!("{ADDER_FIXED}\ncompile_error!({message:?});\n");
    let e = grade_adder(format!("{code}\n{ADDER_TESTS}"));
    assert_eq!(e.status, Status::CompileError);
    assert!(!e.reason.contains('\n'));
    assert!(e.reason.chars().count() <= 301, "{} chars", e.reason.len());
    assert!(
        e.reason.starts_with("does not compile: no no no"),
        "{}",
        e.reason
    );
    assert!(
        e.output.len() < 9 * 1024,
        "{} bytes of output",
        e.output.len()
    );
    assert_eq!(e.output.matches("of output cut").count(), 1);
}
