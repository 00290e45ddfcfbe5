//! The async doctor against the real compiler and the real runtime. Each
//! fixture under tests/doctor/ truly makes the mistake a note explains; the
//! fixtures are built through the engine in one cargo invocation per fixture
//! workspace and kind, run, and the explanations the doctor attaches are
//! checked. A change in rustc's or tokio's wording fails a test here instead
//! of silently dropping an explanation.

use checker::doctor::{self, notes::NOTES};
use checker::engine::Engine;
use checker::info_file::{Exercise, FailsWith, Mode, Source};
use checker::render;
use checker::verdict::Check;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// Fixtures checked through their test harness; the others run `main`.
const TEST_MODE: &[&str] = &["join_panicked", "assertion_failure", "hang_in_test"];
/// Fixtures that hang on purpose, stopped by a short timeout.
const HANGS: &[&str] = &["hang_recv_loop", "hang_thread_sleep", "hang_std_lock"];

struct Checked {
    check: Check,
    exercise: Exercise,
    code: String,
    /// The staged workspace the fixture was checked in.
    root: PathBuf,
}

/// Every fixture, checked once for the whole test binary.
fn checked(name: &str) -> &'static Checked {
    static CHECKED: OnceLock<HashMap<String, Checked>> = OnceLock::new();
    let all = CHECKED.get_or_init(check_all_fixtures);
    all.get(name)
        .unwrap_or_else(|| panic!("no fixture `{name}` in tests/doctor"))
}

fn check_all_fixtures() -> HashMap<String, Checked> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("doctor");
    let mut all = HashMap::new();
    // `slim` has tokio with fewer features, so it is a workspace of its own.
    for workspace in ["full", "slim"] {
        let root = stage(workspace, &tmp.join(workspace));
        let exercises = fixtures(&root);
        let engine = Engine {
            root: root.clone(),
            // Shared by both workspaces and every run: tokio is built once.
            target_dir: tmp.join("target"),
            color: false,
            jobs: 2,
            build_timeout: checker::engine::DEFAULT_BUILD_TIMEOUT,
        };
        // The run-mode fixtures in one cargo invocation. The engine builds
        // several test harnesses with `cargo build --tests`, which takes every
        // bin of the package (most of them broken here), so each test-mode
        // fixture is checked on its own (`cargo test --no-run --bin NAME`).
        let (tests, runs): (Vec<&Exercise>, Vec<&Exercise>) =
            exercises.iter().partition(|e| e.mode == Mode::Test);
        let mut batches = vec![runs];
        batches.extend(tests.into_iter().map(|e| vec![e]));
        let mut checks = Vec::new();
        for batch in batches.iter().filter(|b| !b.is_empty()) {
            checks.extend(
                runtime
                    .block_on(engine.check_many(batch, Source::Exercise, |_| {}))
                    .unwrap_or_else(|e| panic!("{e:#}")),
            );
        }
        let exercises = batches.into_iter().flatten().cloned();
        for (check, exercise) in checks.into_iter().zip(exercises) {
            let code = std::fs::read_to_string(root.join(exercise.relative_path(Source::Exercise)))
                .unwrap();
            all.insert(
                exercise.name.clone(),
                Checked {
                    check,
                    exercise,
                    code,
                    root: root.clone(),
                },
            );
        }
    }
    all
}

/// Copies fixture workspace `name` to `to` with the course's Cargo.lock, so
/// tokio resolves to the course's exact version. Unchanged files are not
/// rewritten, so cargo does not rebuild what it already built.
fn stage(name: &str, to: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/doctor")
        .join(name);
    copy_tree(&from, to);
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    write_if_changed(&to.join("Cargo.lock"), &std::fs::read(lock).unwrap());
    to.to_path_buf()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            write_if_changed(&target, &std::fs::read(entry.path()).unwrap());
        }
    }
}

fn write_if_changed(path: &Path, bytes: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(bytes) {
        std::fs::write(path, bytes).unwrap();
    }
}

/// An exercise for each fixture file of the staged workspace at `root`.
fn fixtures(root: &Path) -> Vec<Exercise> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("exercises/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let manifest = std::fs::read_to_string(root.join("exercises/Cargo.toml")).unwrap();
    for name in &names {
        assert!(
            manifest.contains(&format!("path = \"fixtures/{name}.rs\"")),
            "fixture {name} has no [[bin]] in its exercises/Cargo.toml"
        );
    }
    names
        .into_iter()
        .map(|name| Exercise {
            mode: if TEST_MODE.contains(&name.as_str()) {
                Mode::Test
            } else {
                Mode::Run
            },
            timeout: if HANGS.contains(&name.as_str()) {
                Duration::from_secs(1)
            } else {
                // Generous: the machine may be busy; only hangs should time out.
                Duration::from_secs(60)
            },
            dir: "fixtures".into(),
            points: 1,
            fails_with: FailsWith::Run,
            failing_tests: Vec::new(),
            hints: vec!["a doctor fixture".into()],
            name,
        })
        .collect()
}

/// Checks that `fixture` fails as `kind` and that the doctor explains it with
/// exactly `note` (or nothing), mentioning each of `details`.
fn assert_explains(fixture: &str, kind: &str, note: Option<&str>, details: &[&str]) {
    let Checked {
        check,
        exercise,
        code,
        ..
    } = checked(fixture);
    let report = render::check(check, exercise);
    assert_eq!(
        check.verdict.kind(),
        kind,
        "{fixture} did not fail as expected:\n{report}"
    );
    let explanations = doctor::diagnose_with_code(check, exercise, code);
    let names: Vec<&str> = explanations.iter().map(|e| e.note.name).collect();
    assert_eq!(
        names,
        note.into_iter().collect::<Vec<_>>(),
        "{fixture}: wrong explanations for:\n{report}"
    );
    for detail in details {
        assert!(
            explanations[0].what.contains(detail),
            "{fixture}: the explanation does not mention {detail}: {}",
            explanations[0].what
        );
    }
}

macro_rules! explains {
    ($($test:ident: $fixture:literal fails as $kind:literal => $note:literal $details:expr;)*) => {
        $(
            #[test]
            fn $test() {
                assert_explains($fixture, $kind, Some($note), &$details);
            }
        )*
        /// Every note some fixture above proves.
        const PROVEN: &[&str] = &[$($note),*];
    };
}

explains! {
    // ---------------------------------------------------------------- compile
    future_used_as_its_value: "future_as_value" fails as "compile-error"
        => "future-as-value" ["`answer()`", "line 8", "`u32`"];
    method_called_on_a_future: "method_on_future" fails as "compile-error"
        => "method-on-future" ["`.len()`", "line 8", "`String`"];
    await_outside_async: "await_outside_async" fails as "compile-error"
        => "await-outside-async" ["line 7", "`fn main()`"];
    async_main_without_runtime: "async_main" fails as "compile-error"
        => "async-main" ["line 2"];
    tokio_time_feature_configured_out: "feature_time_missing" fails as "compile-error"
        => "tokio-feature" ["`tokio::time`", "`time` feature"];
    tokio_macros_feature_missing: "feature_macros_missing" fails as "compile-error"
        => "tokio-feature" ["`tokio::main`", "`macros` feature"];
    unused_future_warning_explains_a_failed_run: "unused_future" fails as "fail"
        => "unused-future" ["`greet()`", "line 12"];
    borrow_may_outlive_spawned_task: "borrow_outlives_task" fails as "compile-error"
        => "borrow-outlives-task" ["`name`", "line 5"];
    borrowed_data_escapes_into_spawn: "borrow_escapes_spawn" fails as "compile-error"
        => "borrow-escapes-spawn" ["`name`", "line 3"];
    rc_across_await_names_value_and_await: "not_send_rc" fails as "compile-error"
        => "not-send-rc" ["`counter`", "`Rc<i32>`", "line 11", "`.await` on line 12", "`tokio::spawn`"];
    refcell_borrow_across_await: "not_send_refcell" fails as "compile-error"
        => "not-send-refcell" ["`sum`", "`RefMut<'_, i32>`", "line 12", "`.await` on line 13"];
    mutex_guard_across_await: "not_send_mutex_guard" fails as "compile-error"
        => "not-send-mutex-guard" ["`guard`", "MutexGuard<'_, i32>", "line 12", "`.await` on line 13"];
    other_value_not_send_across_await: "not_send_other" fails as "compile-error"
        => "not-send" ["`mode`", "RwLockReadGuard", "line 13", "`.await` on line 14"];
    recursive_async_fn: "async_recursion" fails as "compile-error"
        => "async-recursion" ["`countdown`", "line 2", "line 4"];
    future_cannot_be_unpinned: "cannot_unpin" fails as "compile-error"
        => "cannot-unpin" ["`work()`", "line 12", "`Pin::new`"];
    sleep_in_select_loop_cannot_be_unpinned: "cannot_unpin_select" fails as "compile-error"
        => "cannot-unpin" ["`Sleep`", "line 10"];
    two_async_blocks_two_types: "distinct_async_blocks" fails as "compile-error"
        => "distinct-async-blocks" ["line 4"];
    question_mark_in_async_block: "question_mark_async_block" fails as "compile-error"
        => "question-mark-async-block" ["line 6"];
    question_mark_in_spawned_block: "question_mark_spawned_block" fails as "compile-error"
        => "question-mark-async-block" ["line 6"];
    break_inside_async_block: "break_in_async_block" fails as "compile-error"
        => "break-in-async-block" ["`break`", "line 7", "line 5"];
    async_trait_method_through_dyn: "async_trait_dyn" fails as "compile-error"
        => "async-trait-dyn" ["`dyn Store`", "`get`", "line 16"];
    async_closure_future_not_send: "async_closure_not_send" fails as "compile-error"
        => "async-closure-not-send" ["`job()`", "line 6", "CallRefFuture"];
    trait_async_fn_future_not_send: "trait_future_not_send" fails as "compile-error"
        => "trait-future-not-send" ["`source.fetch()`", "`Source::fetch`", "line 17", "`tokio::spawn`"];
    // ---------------------------------------------------------------- runtime
    no_reactor_running: "no_reactor" fails as "fail"
        => "no-reactor" ["line 3"];
    runtime_started_inside_runtime: "runtime_in_runtime" fails as "fail"
        => "runtime-in-runtime" [];
    runtime_dropped_inside_async: "runtime_dropped_in_async" fails as "fail"
        => "runtime-dropped-in-async" [];
    blocking_recv_inside_async: "blocking_recv_in_async" fails as "fail"
        => "blocking-in-async" ["line 6"];
    blocking_lock_inside_async: "blocking_lock_in_async" fails as "fail"
        => "blocking-in-async" ["line 5"];
    timers_disabled_on_built_runtime: "timers_disabled" fails as "fail"
        => "timers-disabled" ["line 8"];
    io_disabled_on_built_runtime: "io_disabled" fails as "fail"
        => "io-disabled" [];
    spawn_local_without_local_set: "spawn_local_outside" fails as "fail"
        => "spawn-local-outside-localset" [];
    pause_on_multi_thread_runtime: "pause_multi_thread" fails as "fail"
        => "pause-multi-thread" ["line 4"];
    join_error_of_panicked_task_in_a_test: "join_panicked" fails as "fail"
        => "join-panicked" ["index out of bounds", "line 12", "`tests::worker_reports_its_result`"];
    join_error_of_cancelled_task: "join_cancelled" fails as "fail"
        => "join-cancelled" ["line 8"];
    select_with_every_branch_disabled: "select_all_disabled" fails as "fail"
        => "select-all-disabled" ["line 6"];
    async_fn_resumed_after_completion: "async_fn_resumed" fails as "fail"
        => "async-fn-resumed" ["line 5"];
    // ---------------------------------------------------------------- hangs
    hang_in_receive_loop: "hang_recv_loop" fails as "timeout"
        => "hang-recv-loop" ["line 11"];
    hang_in_std_sleep: "hang_thread_sleep" fails as "timeout"
        => "hang-thread-sleep" ["line 7"];
    hang_on_std_lock: "hang_std_lock" fails as "timeout"
        => "hang-std-lock" ["line 9"];
    hang_reported_by_a_tests_own_timeout: "hang_in_test" fails as "fail"
        => "hang-recv-loop" ["line 6"];
}

#[test]
fn unrelated_compile_error_gets_no_explanation() {
    assert_explains("unrelated_compile_error", "compile-error", None, &[]);
}

#[test]
fn ordinary_assertion_failure_gets_no_explanation() {
    assert_explains("assertion_failure", "fail", None, &[]);
}

#[test]
fn ordinary_panic_gets_no_explanation() {
    assert_explains("plain_panic", "fail", None, &[]);
}

#[test]
fn hang_without_the_code_gets_no_invented_cause() {
    let Checked {
        check, exercise, ..
    } = checked("hang_recv_loop");
    assert!(doctor::diagnose(check, exercise).is_empty());
}

#[test]
fn hang_section_names_the_cause_only_for_a_timeout() {
    colored::control::set_override(false);
    let Checked {
        check,
        exercise,
        root,
        ..
    } = checked("hang_recv_loop");
    let section = doctor::hang_section(check, exercise, root);
    assert!(section.contains("[hang-recv-loop]"), "{section}");
    let Checked {
        check,
        exercise,
        root,
        ..
    } = checked("plain_panic");
    assert_eq!(doctor::hang_section(check, exercise, root), "");
}

#[test]
fn every_note_is_proven_by_a_fixture() {
    for note in NOTES {
        assert!(
            PROVEN.contains(&note.name),
            "no fixture proves `{}`",
            note.name
        );
    }
}

#[test]
fn the_report_shows_the_doctor_under_the_compiler_output() {
    colored::control::set_override(false);
    let Checked {
        check, exercise, ..
    } = checked("not_send_rc");
    let report = render::check(check, exercise);
    let compiler = report
        .find("future cannot be sent between threads safely")
        .unwrap();
    let doctor = report.find("Async doctor:").expect(&report);
    assert!(compiler < doctor, "{report}");
    assert!(report.contains("[not-send-rc]"), "{report}");
    assert!(report.contains("exercises/04_tasks/"), "{report}");
    assert!(report.contains("`checker explain not-send-rc`"), "{report}");

    let Checked {
        check, exercise, ..
    } = checked("unrelated_compile_error");
    assert!(!render::check(check, exercise).contains("Async doctor"));
}

/// Prints every fixture's report, to read the doctor's wording:
/// `cargo test -p checker --test doctor -- --ignored --nocapture`.
#[test]
#[ignore = "prints reports for people to read; asserts nothing"]
fn print_every_report() {
    colored::control::set_override(false);
    let mut names: Vec<&str> = ["full", "slim"]
        .iter()
        .flat_map(|w| {
            std::fs::read_dir(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/doctor")
                    .join(w)
                    .join("exercises/fixtures"),
            )
            .unwrap()
            .map(|e| {
                e.unwrap()
                    .path()
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
        })
        .map(|n| &*Box::leak(n.into_boxed_str()))
        .collect();
    names.sort();
    for name in names {
        let Checked {
            check,
            exercise,
            code,
            ..
        } = checked(name);
        println!("==================== {name}");
        print!("{}", render::check(check, exercise));
        print!(
            "{}",
            doctor::render(&doctor::diagnose_with_code(check, exercise, code), exercise)
        );
    }
}

#[test]
fn every_lesson_names_an_exercise_of_the_course_in_its_topic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let course = checker::info_file::Course::load(root).unwrap_or_else(|e| panic!("{e}"));
    for (note, lesson) in doctor::lessons::LESSONS {
        if let Some(name) = lesson.exercise {
            let exercise = course.find(name).unwrap_or_else(|e| panic!("{note}: {e}"));
            assert_eq!(
                exercise.dir, lesson.topic,
                "{note}: {name} is in another topic"
            );
        }
    }
}
