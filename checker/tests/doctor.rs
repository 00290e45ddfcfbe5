//! The async doctor against the real compiler and the real runtime. Each
//! fixture under tests/doctor/ truly makes the mistake a note explains, in
//! a test or in code a test calls, as a learner's exercise would; the
//! fixtures are built through the engine in one cargo invocation per fixture
//! workspace, their tests run, and the explanations the doctor attaches are
//! checked. A change in rustc's or tokio's wording fails a test here instead
//! of silently dropping an explanation.

use checker::doctor::{self, notes::NOTES};
use checker::engine::Engine;
use checker::info_file::{Exercise, FailsWith, Source};
use checker::render;
use checker::verdict::Check;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// Fixtures that hang on purpose, stopped by a short timeout.
const HANGS: &[&str] = &[
    "hang_recv_loop",
    "hang_thread_sleep",
    "hang_std_lock",
    "hang_other_cause",
    "hang_recv_misses_signal",
];

struct Checked {
    check: Check,
    exercise: Exercise,
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
            ..Engine::new(&root, false)
        };
        // Every fixture of the workspace in one cargo invocation, as
        // `checker verify` checks a course.
        let every: Vec<&Exercise> = exercises.iter().collect();
        let checks = runtime
            .block_on(engine.check_many(&every, Source::Exercise, |_| {}))
            .unwrap_or_else(|e| panic!("{e:#}"));
        for (check, exercise) in checks.into_iter().zip(exercises) {
            all.insert(exercise.name.clone(), Checked { check, exercise });
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

/// Makes `to` a copy of `from`, also removing files that `from` no longer
/// has (a renamed fixture), except the Cargo.lock that `stage` writes.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(to).unwrap() {
        let entry = entry.unwrap();
        let gone = !from.join(entry.file_name()).exists() && entry.file_name() != "Cargo.lock";
        if gone && entry.file_type().unwrap().is_file() {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
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
            timeout: if HANGS.contains(&name.as_str()) {
                Duration::from_secs(1)
            } else {
                // Generous: the machine may be busy; only hangs should time out.
                Duration::from_secs(60)
            },
            dir: "fixtures".into(),
            points: 1,
            fails_with: FailsWith::Tests,
            failing_tests: Vec::new(),
            hints: vec!["a doctor fixture".into()],
            name,
        })
        .collect()
}

/// Checks that `fixture` fails as `kind` and that the doctor explains it with
/// exactly `note` (or nothing), mentioning each of `details`.
fn assert_explains(fixture: &str, kind: &str, note: Option<&str>, details: &[&str]) {
    let Checked { check, exercise } = checked(fixture);
    let report = render::check(check, exercise);
    assert_eq!(
        check.verdict.kind(),
        kind,
        "{fixture} did not fail as expected:\n{report}"
    );
    let explanations = doctor::diagnose(check);
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
        => "future-as-value" ["`answer()`", "line 7", "`u32`"];
    method_called_on_a_future: "method_on_future" fails as "compile-error"
        => "method-on-future" ["`.len()`", "line 7", "`String`"];
    await_outside_async: "await_outside_async" fails as "compile-error"
        => "await-outside-async" ["line 7", "`fn doubled() -> u32`"];
    await_on_a_plain_value: "await_not_future" fails as "compile-error"
        => "await-not-future" ["`answer()`", "line 7", "`u32`"];
    await_on_a_std_lock: "await_std_lock" fails as "compile-error"
        => "await-not-future" ["`count.lock()`", "line 5", "std::sync::MutexGuard"];
    plain_value_spawned: "spawn_not_future" fails as "compile-error"
        => "value-not-future" ["`tokio::spawn`", "`checksum(&data)`", "line 7", "`u32`"];
    plain_value_joined: "join_not_future" fails as "compile-error"
        => "value-not-future" ["`tokio::join!`", "`left()`", "line 6", "`u32`"];
    closure_returning_a_plain_value: "closure_not_future" fails as "compile-error"
        => "value-not-future" ["`twice`", "line 11", "`{integer}`"];
    async_main_called_by_a_test: "async_main" fails as "fail"
        => "async-without-runtime" ["`main()`", "line 17"];
    async_test_without_runtime: "async_test" fails as "compile-error"
        => "async-without-runtime" ["`answers`", "line 11"];
    tokio_attributes_on_plain_fns: "tokio_attribute_not_async" fails as "compile-error"
        => "tokio-attribute-not-async" ["`fn main`", "line 3", "`#[tokio::main]`"];
    tokio_time_feature_configured_out: "feature_time_missing" fails as "compile-error"
        => "tokio-feature" ["`tokio::time`", "`time` feature"];
    tokio_macros_feature_missing: "feature_macros_missing" fails as "compile-error"
        => "tokio-feature" ["`tokio::test`", "`macros` feature"];
    unused_future_warning_explains_a_failed_test: "unused_future" fails as "fail"
        => "unused-future" ["`greet()`", "line 11"];
    borrow_may_outlive_spawned_task: "borrow_outlives_task" fails as "compile-error"
        => "borrow-outlives-task" ["`name`", "line 4"];
    borrowed_data_escapes_into_spawn: "borrow_escapes_spawn" fails as "compile-error"
        => "borrow-escapes-spawn" ["`name`", "line 3"];
    rc_across_await_names_value_and_await: "not_send_rc" fails as "compile-error"
        => "not-send-rc" ["`counter`", "`Rc<i32>`", "line 10", "`.await` on line 11", "`tokio::spawn`"];
    refcell_borrow_across_await: "not_send_refcell" fails as "compile-error"
        => "not-send-refcell" ["`sum`", "`RefMut<'_, i32>`", "line 11", "`.await` on line 12"];
    mutex_guard_across_await: "not_send_mutex_guard" fails as "compile-error"
        => "not-send-mutex-guard" ["`guard`", "MutexGuard<'_, u32>", "line 10", "`.await` on line 11"];
    other_value_not_send_across_await: "not_send_other" fails as "compile-error"
        => "not-send" ["`mode`", "RwLockReadGuard", "line 11", "`.await` on line 12"];
    guard_dropped_before_await_still_counts: "dropped_guard" fails as "compile-error"
        => "drop-before-await" ["`guard`", "line 10", "`drop` on line 12", "`.await` on line 13"];
    guard_temporary_in_match_lives_across_await: "temporary_guard_match" fails as "compile-error"
        => "temporary-across-await" ["`pending.lock().unwrap()`", "`match`", "line 11", "`.await` on line 12"];
    guard_temporary_in_the_awaiting_statement: "temporary_guard_statement" fails as "compile-error"
        => "temporary-across-await" ["`latest.lock().unwrap()`", "its statement", "`.await` on line 10"];
    state_that_must_stay_on_one_thread: "not_send_local" fails as "compile-error"
        => "not-send-local" ["`room`", "`Room`", "`Rc<RefCell<Vec<String>>>`", "line 23", "`tokio::spawn`"];
    boxed_dyn_future_without_send_awaited_in_a_task: "dyn_future_not_send" fails as "compile-error"
        => "dyn-not-send" ["`lookup(id)`", "line 10", "`dyn Future<Output = u32>`", "`+ Send`", "`tokio::spawn`"];
    boxed_dyn_futures_without_send_spawned: "dyn_future_spawned" fails as "compile-error"
        => "dyn-not-send" ["line 10", "`Pin<Box<dyn Future<Output = u32>>>`", "`+ Send`"];
    boxed_error_without_send_in_a_tasks_output: "dyn_error_not_send" fails as "compile-error"
        => "dyn-not-send" ["line 3", "`dyn std::error::Error`", "`Result<u32, Box<dyn std::error::Error>>`"];
    entered_span_held_across_await: "span_entered_across_await" fails as "compile-error"
        => "span-entered-across-await" ["`_entered`", "`EnteredSpan`", "line 11", "`.await` on line 12"];
    recursive_async_fn: "async_recursion" fails as "compile-error"
        => "async-recursion" ["`countdown`", "line 2", "line 4"];
    future_cannot_be_unpinned: "cannot_unpin" fails as "compile-error"
        => "cannot-unpin" ["`work()`", "line 11", "`Pin::new`"];
    sleep_in_select_loop_cannot_be_unpinned: "cannot_unpin_select" fails as "compile-error"
        => "cannot-unpin" ["`Sleep`", "line 9"];
    async_fn_future_in_select_loop_cannot_be_unpinned: "cannot_unpin_select_fn" fails as "compile-error"
        => "cannot-unpin" ["`give_up()`", "line 11"];
    stream_next_needs_unpin: "cannot_unpin_stream" fails as "compile-error"
        => "cannot-unpin" ["`Unfold<..>`", "line 6"];
    future_polled_by_hand_in_poll_is_pinned_where_it_is: "unpin_local_in_poll" fails as "compile-error"
        => "cannot-unpin" ["line 16", "`tick()`", "`Pin::new`"];
    boxed_future_awaited_without_pin: "box_not_pinned" fails as "compile-error"
        => "box-not-pinned" ["`greeting(french)`", "line 12", "`Box<dyn Future<Output = String> + Send>`"];
    recursive_call_boxed_without_pin: "box_recursion_not_pinned" fails as "compile-error"
        => "box-not-pinned" ["line 7", "`Box<impl Future<Output = u32>>`", "not known to be"];
    async_block_in_an_unpin_trait_object: "box_unpin_trait_object" fails as "compile-error"
        => "box-not-pinned" ["line 6", "an async block's future", "+ Unpin"];
    inner_future_reached_without_projection: "pin_projection" fails as "compile-error"
        => "pin-projection" ["line 16", "`self.get_mut()`", "`F`"];
    wrapper_requiring_unpin_instead_of_projecting: "pin_projection_unpin_bound" fails as "compile-error"
        => "pin-projection" ["line 32", "an async block's future", "`Counted<..>`", "(line 12)"];
    two_async_blocks_two_types: "distinct_async_blocks" fails as "compile-error"
        => "distinct-async-blocks" ["line 3", "async blocks"];
    async_blocks_of_if_and_else: "distinct_async_blocks_if" fails as "compile-error"
        => "distinct-async-blocks" ["line 3", "async blocks"];
    futures_of_two_async_fns: "distinct_async_fns" fails as "compile-error"
        => "distinct-async-blocks" ["line 11", "two different async fns"];
    question_mark_in_async_block: "question_mark_async_block" fails as "compile-error"
        => "question-mark-async-block" ["line 5"];
    question_mark_in_spawned_block: "question_mark_spawned_block" fails as "compile-error"
        => "question-mark-async-block" ["line 5"];
    question_mark_in_async_closure: "question_mark_async_closure" fails as "compile-error"
        => "question-mark-async-block" ["line 5"];
    question_mark_in_block_returning_unit: "question_mark_unit_block" fails as "compile-error"
        => "question-mark-unit-async-block" ["line 4", "started on line 3", "`()`"];
    break_inside_async_block: "break_in_async_block" fails as "compile-error"
        => "break-in-async-block" ["`break`", "line 7", "line 5"];
    async_trait_method_through_dyn: "async_trait_dyn" fails as "compile-error"
        => "async-trait-dyn" ["`dyn Store`", "`get`", "line 15"];
    async_closure_future_not_send: "async_closure_not_send" fails as "compile-error"
        => "async-closure-not-send" ["`job()`", "line 6", "CallRefFuture"];
    async_closure_where_fnmut_is_required: "async_closure_fnmut" fails as "compile-error"
        => "closure-future-borrows" ["async closure", "line 26", "`FnMut() -> ...`", "`retry`"];
    closure_returning_a_borrowing_async_block: "closure_async_block_fnmut" fails as "compile-error"
        => "closure-future-borrows" ["`log`", "line 13", "`FnMut`"];
    trait_async_fn_future_checked_for_send: "trait_future_checked_for_send" fails as "compile-error"
        => "trait-future-not-send" ["line 10", "`Source::fetch`", "`assert_send`"];
    trait_async_fn_future_not_send: "trait_future_not_send" fails as "compile-error"
        => "trait-future-not-send" ["`source.fetch()`", "`Source::fetch`", "line 17", "`tokio::spawn`"];
    // ---------------------------------------------------------------- runtime
    no_reactor_running: "no_reactor" fails as "fail"
        => "no-reactor" ["line 3", "`tests::starts`"];
    runtime_started_inside_runtime: "runtime_in_runtime" fails as "fail"
        => "runtime-in-runtime" ["`tests::answers`"];
    runtime_dropped_inside_async: "runtime_dropped_in_async" fails as "fail"
        => "runtime-dropped-in-async" ["`tests::cleans_up`"];
    blocking_recv_inside_async: "blocking_recv_in_async" fails as "fail"
        => "blocking-in-async" ["line 5"];
    blocking_lock_inside_async: "blocking_lock_in_async" fails as "fail"
        => "blocking-in-async" ["line 3"];
    timers_disabled_on_built_runtime: "timers_disabled" fails as "fail"
        => "timers-disabled" ["line 8"];
    io_disabled_on_built_runtime: "io_disabled" fails as "fail"
        => "io-disabled" ["`tests::binds`"];
    spawn_local_without_local_set: "spawn_local_outside" fails as "fail"
        => "spawn-local-outside-localset" ["`tests::runs`"];
    pause_on_multi_thread_runtime: "pause_multi_thread" fails as "fail"
        => "pause-multi-thread" ["line 3"];
    join_error_of_panicked_task_in_a_test: "join_panicked" fails as "fail"
        => "join-panicked" ["index out of bounds", "line 7", "`tests::worker_reports_its_result`"];
    join_error_of_cancelled_task: "join_cancelled" fails as "fail"
        => "join-cancelled" ["line 7"];
    select_with_every_branch_disabled: "select_all_disabled" fails as "fail"
        => "select-all-disabled" ["line 5"];
    async_fn_resumed_after_completion: "async_fn_resumed" fails as "fail"
        => "async-fn-resumed" ["line 5"];
    drop_blocking_on_async_cleanup: "block_on_in_drop" fails as "fail"
        => "block-on-in-drop" ["`Drop::drop`", "line 10", "`tests::writes`"];
    // ---------------------------------------------------------------- hangs
    hang_in_receive_loop: "hang_recv_loop" fails as "timeout"
        => "hang-recv-loop" ["line 11"];
    hang_in_std_sleep: "hang_thread_sleep" fails as "timeout"
        => "hang-thread-sleep" ["line 6"];
    hang_on_std_lock: "hang_std_lock" fails as "timeout"
        => "hang-std-lock" ["line 7"];
    hang_reported_by_a_tests_own_timeout: "hang_in_test" fails as "fail"
        => "hang-recv-loop" ["line 6"];
    hang_in_receive_loop_that_ignores_its_stop_signal: "hang_recv_misses_signal" fails as "timeout"
        => "hang-recv-misses-signal" ["line 8", "`requests.recv()`", "`stop` (a `watch` channel)"];
}

/// Failures that are not async mistakes, some of them look-alikes of one:
/// the doctor must not invent an explanation for them.
macro_rules! explains_nothing {
    ($($test:ident: $fixture:literal fails as $kind:literal;)*) => {
        $(
            #[test]
            fn $test() {
                assert_explains($fixture, $kind, None, &[]);
            }
        )*
    };
}

explains_nothing! {
    unrelated_compile_error_gets_no_explanation: "unrelated_compile_error" fails as "compile-error";
    ordinary_assertion_failure_gets_no_explanation: "assertion_failure" fails as "fail";
    ordinary_panic_gets_no_explanation: "plain_panic" fails as "fail";
    hang_of_an_unknown_cause_gets_no_invented_one: "hang_other_cause" fails as "timeout";
    unmet_trait_bound_unrelated_to_async_gets_no_explanation: "unrelated_trait_bound" fails as "compile-error";
    two_closures_of_two_types_get_no_async_explanation: "distinct_closures" fails as "compile-error";
    rc_sent_to_a_thread_gets_no_async_explanation: "thread_spawn_rc" fails as "compile-error";
    fnmut_closure_escaping_a_borrow_without_async_gets_no_explanation: "fnmut_escape_without_async" fails as "compile-error";
    borrow_escaping_into_a_plain_thread_gets_no_async_explanation: "thread_spawn_borrow" fails as "compile-error";
    dyn_without_send_sent_to_a_plain_thread_gets_no_async_explanation: "thread_spawn_dyn" fails as "compile-error";
}

#[test]
fn hang_without_the_code_gets_no_invented_cause() {
    let Checked { check, .. } = checked("hang_recv_loop");
    let mut without_code = check.clone();
    without_code.code.clear();
    assert!(doctor::diagnose(&without_code).is_empty());
}

#[test]
fn the_report_names_a_hang_cause_only_for_a_check_that_waited_too_long() {
    checker::style::set_enabled(false);
    let Checked { check, exercise } = checked("hang_recv_loop");
    let report = render::check(check, exercise);
    assert!(report.contains("[hang-recv-loop]"), "{report}");
    // The same code, had the check failed some other way, names no hang.
    let Checked { check, exercise } = checked("plain_panic");
    let mut panicked_with_a_loop = check.clone();
    panicked_with_a_loop.code = checked("hang_recv_loop").check.code.clone();
    assert_eq!(doctor::section(&panicked_with_a_loop, exercise), "");
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
    checker::style::set_enabled(false);
    let Checked { check, exercise } = checked("not_send_rc");
    let report = render::check(check, exercise);
    let compiler = report
        .find("future cannot be sent between threads safely")
        .unwrap();
    let doctor = report.find("Async doctor:").expect(&report);
    assert!(compiler < doctor, "{report}");
    assert!(report.contains("[not-send-rc]"), "{report}");
    assert!(report.contains("exercises/04_tasks/"), "{report}");
    assert!(report.contains("`checker explain not-send-rc`"), "{report}");

    let Checked { check, exercise } = checked("unrelated_compile_error");
    assert!(!render::check(check, exercise).contains("Async doctor"));
}

/// Prints every fixture's report, to read the doctor's wording:
/// `cargo test -p checker --test doctor -- --ignored --nocapture`.
#[test]
#[ignore = "prints reports for people to read; asserts nothing"]
fn print_every_report() {
    checker::style::set_enabled(false);
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
        let Checked { check, exercise } = checked(name);
        println!("==================== {name}");
        print!("{}", render::check(check, exercise));
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
