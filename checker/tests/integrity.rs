//! The course integrity check, run by `cargo test` at the root: every
//! solution passes, every shipped exercise fails for the reason it teaches,
//! and compile-fail exercises produce the diagnostics their snapshots expect.

use checker::engine::Engine;
use checker::info_file::Course;
use checker::integrity;
use std::path::{Path, PathBuf};

fn course() -> Course {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    Course::load(root).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn course_is_consistent() {
    let course = course();
    let engine = Engine::new(&course.root, false);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let report = runtime
        .block_on(integrity::check(&course, &engine, &[], |step| {
            eprintln!("{step}")
        }))
        .unwrap();
    assert!(
        report.problems.is_empty(),
        "{} problem(s):\n{}",
        report.problems.len(),
        report.problems.join("\n")
    );
}

/// trybuild wants each snapshot beside its source file and prints paths
/// relative to this crate, so the exercises (from the learner's folder) are
/// staged as git-ignored copies beside their committed snapshots.
#[test]
fn compile_fail_exercises_match_their_snapshots() {
    let course = course();
    let cases = integrity::compile_fail_cases(&course);
    if cases.is_empty() {
        return;
    }
    let staged = Staged(
        cases
            .iter()
            .map(|(source, snapshot)| {
                let copy = snapshot.with_extension("rs");
                std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
                std::fs::copy(source, &copy).unwrap();
                copy
            })
            .collect(),
    );
    let tests = trybuild::TestCases::new();
    for copy in &staged.0 {
        tests.compile_fail(copy.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap());
    }
}

/// Removes the staged copies however the test ends.
struct Staged(Vec<PathBuf>);

impl Drop for Staged {
    fn drop(&mut self) {
        for copy in &self.0 {
            let _ = std::fs::remove_file(copy);
        }
    }
}
