//! The hot path that replays rustc instead of running cargo: it is taken
//! only when nothing but the exercise's source changed, its verdicts are
//! cargo's, and every other change falls back to cargo, so no verdict is
//! ever stale. A small course whose exercise uses a path dependency (the
//! kind of input a replay must not miss) builds in about a second.

use checker::cargo::Request;
use checker::engine::Engine;
use checker::info_file::{Course, Exercise, Source};
use checker::replay::{self, Replayed};
use checker::verdict::Verdict;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const EXERCISE: &str = "answer";
const PATH: &str = "exercises/t/answer.rs";

fn program(answer: &str) -> String {
    format!(
        "fn answer() -> u32 {{ {answer} }}\n\nfn main() {{ println!(\"{{}}\", answer()); }}\n\n\
         #[cfg(test)]\nmod tests {{\n    use super::*;\n\n    #[test]\n    fn is_the_helpers_number() {{\n        \
         assert_eq!(answer(), helper::NUMBER);\n    }}\n}}\n"
    )
}

/// A course with one exercise that uses the workspace's `helper` crate.
struct Fixture {
    dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Fixture {
            dir,
            runtime: tokio::runtime::Runtime::new().unwrap(),
        };
        fixture.write(
            "Cargo.toml",
            "[workspace]\nresolver = \"3\"\nmembers = [\"exercises\", \"solutions\", \"helper\"]\n",
        );
        fixture.write(
            "info.toml",
            "format_version = 1\nwelcome_message = \"hi\"\nfinal_message = \"bye\"\n\n\
             [[exercises]]\nname = \"answer\"\ndir = \"t\"\nfails_with = \"tests\"\n\
             failing_tests = [\"tests::is_the_helpers_number\"]\nhint = \"h\"\n",
        );
        fixture.write(
            "helper/Cargo.toml",
            "[package]\nname = \"helper\"\nedition = \"2024\"\n",
        );
        fixture.write("helper/src/lib.rs", "pub const NUMBER: u32 = 42;\n");
        for package in ["exercises", "solutions"] {
            fixture.write(
                &format!("{package}/Cargo.toml"),
                &format!(
                    "[package]\nname = \"{package}\"\nedition = \"2024\"\nautobins = false\n\n\
                     [dependencies]\nhelper = {{ path = \"../helper\" }}\n\n\
                     # BEGIN GENERATED BINS\n[[bin]]\nname = \"answer\"\npath = \"t/answer.rs\"\n# END GENERATED BINS\n"
                ),
            );
        }
        fixture.write(PATH, &program("41"));
        fixture.write("solutions/t/answer.rs", &program("42"));
        // As a course ships it: a lock file cargo writes during a build is
        // an input that changed while cargo ran, so that build is not recorded.
        let locked = std::process::Command::new(env!("CARGO"))
            .args(["generate-lockfile", "--offline"])
            .current_dir(fixture.root())
            .status()
            .unwrap();
        assert!(locked.success());
        fixture
    }

    /// A fixture checked once through cargo (which records), then edited
    /// to pass, and shown to replay that edit.
    fn replaying() -> Fixture {
        let fixture = Fixture::new();
        assert_eq!(fixture.check(), failed());
        fixture.write(PATH, &program("42"));
        assert_replays(&fixture);
        fixture
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn exercise(&self) -> Exercise {
        let course = Course::load(self.root()).unwrap_or_else(|e| panic!("{e}"));
        course.find(EXERCISE).unwrap().clone()
    }

    fn engine(&self) -> Engine {
        Engine::new(self.root(), false)
    }

    /// A check as run and watch make it.
    fn check(&self) -> Verdict {
        self.check_in_colour(false)
    }

    fn check_in_colour(&self, color: bool) -> Verdict {
        let exercise = self.exercise();
        let engine = Engine::new(self.root(), color);
        self.runtime
            .block_on(engine.check(&exercise, Source::Exercise))
            .unwrap()
            .verdict
    }

    /// Whether a replay can build the exercise now (it builds it if so).
    fn replay(&self) -> Replayed {
        self.replay_in_colour(false)
    }

    fn replay_in_colour(&self, color: bool) -> Replayed {
        let engine = self.engine();
        let request = Request {
            root: &engine.root,
            target_dir: &engine.target_dir,
            package: "exercises",
            bins: &[EXERCISE],
            color,
            record: true,
            timeout: engine.build_timeout,
        };
        self.runtime.block_on(replay::replay(&request))
    }

    fn recording(&self) -> PathBuf {
        self.engine()
            .target_dir
            .join("checker-replay/exercises/answer.plain.json")
    }
}

fn failed() -> Verdict {
    Verdict::TestsFailed {
        failed: vec!["tests::is_the_helpers_number".into()],
    }
}

fn assert_replays(fixture: &Fixture) {
    match fixture.replay() {
        Replayed::Built(_) => {}
        Replayed::Unusable(why) => panic!("expected a replay, but: {why}"),
    }
}

fn assert_falls_back(fixture: &Fixture, because: &str) {
    match fixture.replay() {
        Replayed::Built(_) => panic!("replayed although {because}"),
        Replayed::Unusable(why) => assert!(why.contains(because), "{why}"),
    }
}

#[test]
fn an_edit_is_replayed_and_judged_as_cargo_judges_it() {
    let fixture = Fixture::new();
    assert_falls_back(&fixture, "nothing recorded yet");
    assert_eq!(fixture.check(), failed());
    // Cargo compiled the exercise, so its command was recorded.
    assert!(fixture.recording().is_file());
    fixture.write(PATH, &program("42"));
    assert_replays(&fixture);
    assert_eq!(fixture.check(), Verdict::Passed);
    fixture.write(PATH, &program("40 + 1"));
    assert_eq!(fixture.check(), failed());
    fixture.write(PATH, &program("\"forty-two\""));
    assert_replays(&fixture);
    let exercise = fixture.exercise();
    let check = fixture
        .runtime
        .block_on(fixture.engine().check(&exercise, Source::Exercise))
        .unwrap();
    assert_eq!(check.verdict, Verdict::CompileError);
    let error = check.errors().next().expect("rustc's error");
    assert_eq!(error.spans[0].file_name, PATH);
    // A new module of the exercise is compiled too.
    fixture.write(
        PATH,
        &program("other::value()").replace("fn main", "mod other;\nfn main"),
    );
    fixture.write("exercises/t/other.rs", "pub fn value() -> u32 { 42 }\n");
    assert_eq!(fixture.check(), Verdict::Passed);
}

#[test]
fn coloured_checks_are_recorded_and_replayed_too() {
    // On a terminal cargo colours its status lines, the recorded one too.
    let fixture = Fixture::new();
    assert_eq!(fixture.check_in_colour(true), failed());
    fixture.write(PATH, &program("42"));
    match fixture.replay_in_colour(true) {
        Replayed::Built(build) => assert!(build.targets[EXERCISE].executable.is_some()),
        Replayed::Unusable(why) => panic!("expected a replay, but: {why}"),
    }
    fixture.write(PATH, &program("\"42\""));
    assert_eq!(fixture.check_in_colour(true), Verdict::CompileError);
}

#[test]
fn a_changed_path_dependency_goes_through_cargo_and_is_not_stale() {
    let fixture = Fixture::new();
    fixture.write(PATH, &program("42"));
    assert_eq!(fixture.check(), Verdict::Passed);
    fixture.write(PATH, &program("40 + 2"));
    assert_eq!(fixture.check(), Verdict::Passed);
    // The helper's number changes: a replay would link the old helper.
    fixture.write("helper/src/lib.rs", "pub const NUMBER: u32 = 7;\n");
    assert_falls_back(&fixture, "helper/src/lib.rs changed");
    assert_eq!(fixture.check(), failed());
    // Cargo rebuilt the exercise and recorded again.
    fixture.write(PATH, &program("3 + 4"));
    assert_replays(&fixture);
    assert_eq!(fixture.check(), Verdict::Passed);
}

#[test]
fn manifests_lock_file_and_configuration_go_through_cargo() {
    let fixture = Fixture::replaying();

    // A manifest edit (a lint level, say) changes what cargo would run.
    let manifest = std::fs::read_to_string(fixture.root().join("exercises/Cargo.toml")).unwrap();
    fixture.write(
        "exercises/Cargo.toml",
        &manifest.replace(
            "[dependencies]",
            "[lints.rust]\ndead_code = \"deny\"\n\n[dependencies]",
        ),
    );
    assert_falls_back(&fixture, "exercises/Cargo.toml changed");
    fixture.write(PATH, &(program("42") + "\nfn unused() {}\n"));
    assert_eq!(fixture.check(), Verdict::CompileError);
    fixture.write(PATH, &program("42"));
    assert_eq!(fixture.check(), Verdict::Passed);

    for (file, text) in [
        ("Cargo.lock", None),
        (
            ".cargo/config.toml",
            Some("[build]\nrustflags = [\"-Dwarnings\"]\n"),
        ),
        (
            "rust-toolchain.toml",
            Some("[toolchain]\nchannel = \"stable\"\n"),
        ),
    ] {
        fixture.write(PATH, &program("21 * 2"));
        assert_eq!(fixture.check(), Verdict::Passed, "{file}");
        fixture.write(PATH, &program("42"));
        assert_replays(&fixture);
        match text {
            Some(text) => fixture.write(file, text),
            None => {
                let lock = std::fs::read_to_string(fixture.root().join(file)).unwrap();
                fixture.write(file, &format!("{lock}\n"));
            }
        }
        assert_falls_back(&fixture, &format!("{file} changed"));
        assert_eq!(fixture.check(), Verdict::Passed, "{file}");
    }
}

#[test]
fn a_replay_that_fails_for_another_reason_falls_back_to_cargo() {
    let fixture = Fixture::replaying();
    // A recording that no longer runs (its rustc gone, say) is not a verdict.
    let recording = std::fs::read_to_string(fixture.recording()).unwrap();
    let broken = recording.replace("\"--crate-name\"", "\"--no-such-flag\",\"--crate-name\"");
    std::fs::write(fixture.recording(), broken).unwrap();
    assert_falls_back(&fixture, "rustc");
    assert_eq!(fixture.check(), Verdict::Passed);
    // The fallback recorded again.
    fixture.write(PATH, &program("41"));
    assert_replays(&fixture);
    assert_eq!(fixture.check(), failed());
}

#[test]
fn a_replayed_build_that_never_ends_is_stopped_at_the_build_timeout() {
    let fixture = Fixture::new();
    assert_eq!(fixture.check(), failed());
    // Recorded, so the next check is a replay.
    assert!(fixture.recording().is_file());
    // rustc evaluates this constant forever.
    let endless = "#![allow(long_running_const_eval)]\n\nconst SEED: u64 = {\n    let mut n: u64 = 0;\n    \
                   loop {\n        n = n.wrapping_add(1);\n    }\n};\n\n";
    fixture.write(PATH, &format!("{endless}{}", program("SEED as u32")));
    let exercise = fixture.exercise();
    let engine = Engine {
        build_timeout: Duration::from_secs(2),
        ..fixture.engine()
    };
    let started = Instant::now();
    let check = fixture
        .runtime
        .block_on(engine.check(&exercise, Source::Exercise))
        .unwrap();
    assert_eq!(
        check.verdict,
        Verdict::BuildTimedOut {
            after: Duration::from_secs(2)
        }
    );
    // Generous: this proves the build is stopped, not how fast rustc starts.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn no_replay_while_cargo_builds_in_the_same_folder() {
    use std::os::fd::AsRawFd;
    let fixture = Fixture::replaying();
    fixture.write(PATH, &program("41"));
    // What cargo holds while it builds.
    let lock = std::fs::File::options()
        .write(true)
        .open(fixture.engine().target_dir.join("debug/.cargo-lock"))
        .unwrap();
    // SAFETY: flock on a descriptor we own; released when `lock` closes.
    assert_eq!(unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) }, 0);
    assert_falls_back(&fixture, "cargo is building");
    drop(lock);
    assert_replays(&fixture);
    assert_eq!(fixture.check(), failed());
}

#[test]
fn a_build_script_in_the_workspace_is_never_replayed() {
    let fixture = Fixture::new();
    fixture.write("helper/build.rs", "fn main() {}\n");
    assert_eq!(fixture.check(), failed());
    fixture.write(PATH, &program("42"));
    assert_falls_back(&fixture, "nothing recorded yet");
    assert_eq!(fixture.check(), Verdict::Passed);
}
