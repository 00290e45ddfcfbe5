//! The first build's progress, on a real pseudo-terminal: while cargo builds
//! the dependencies, watch and run show a bar of crates built and the crate
//! being compiled; verify shows its progress over the exercises. Nothing of
//! it reaches a pipe. Each test builds a fresh course whose one dependency
//! has a build script that takes two seconds, long enough for cargo to
//! report progress (it starts after half a second).

mod pty;

use pty::Terminal;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};

/// One build at a time: the machine has few cores.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const ADD1: &str = "fn add(a: i32, b: i32) -> i32 {\n    a - b\n}\n\nfn main() {\n    println!(\"{}\", slow::ANSWER + add(1, 2));\n}\n\n\
#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn adds() {\n        assert_eq!(add(2, 2), 4);\n    }\n}\n";

/// A course whose exercises use `slow`, a crate that takes a while to build.
fn course() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |relative: &str, text: &str| {
        let path = dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "Cargo.toml",
        "[workspace]\nresolver = \"3\"\nmembers = [\"exercises\", \"solutions\", \"slow\"]\n",
    );
    write(
        "info.toml",
        "format_version = 1\nwelcome_message = \"Welcome.\"\nfinal_message = \"Done.\"\n\n\
         [[exercises]]\nname = \"add1\"\ndir = \"t\"\nfails_with = \"tests\"\n\
         failing_tests = [\"tests::adds\"]\nhint = \"plus\"\n\n\
         [[exercises]]\nname = \"add2\"\ndir = \"t\"\nfails_with = \"tests\"\n\
         failing_tests = [\"tests::adds\"]\nhint = \"plus\"\n",
    );
    write(
        "slow/Cargo.toml",
        "[package]\nname = \"slow\"\nedition = \"2024\"\nbuild = \"build.rs\"\n",
    );
    write(
        "slow/build.rs",
        "fn main() { std::thread::sleep(std::time::Duration::from_secs(2)); }\n",
    );
    write("slow/src/lib.rs", "pub const ANSWER: i32 = 0;\n");
    for package in ["exercises", "solutions"] {
        write(
            &format!("{package}/Cargo.toml"),
            &format!(
                "[package]\nname = \"{package}\"\nedition = \"2024\"\nautobins = false\n\n\
                 [dependencies]\nslow = {{ path = \"../slow\" }}\n\n# BEGIN GENERATED BINS\n\
                 [[bin]]\nname = \"add1\"\npath = \"t/add1.rs\"\n\
                 [[bin]]\nname = \"add2\"\npath = \"t/add2.rs\"\n# END GENERATED BINS\n"
            ),
        );
        let text = if package == "exercises" {
            ADD1.to_string()
        } else {
            ADD1.replace("a - b", "a + b")
        };
        write(&format!("{package}/t/add1.rs"), &text);
        write(&format!("{package}/t/add2.rs"), &text);
    }
    dir
}

fn checker(root: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_checker"));
    command
        .arg("--course")
        .arg(root)
        .args(args)
        .current_dir(root)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR");
    command
}

/// `checker ARGS` on a terminal, building a fresh course (returned, to keep
/// it alive); the lock keeps builds one at a time.
fn on_terminal(args: &[&str]) -> (MutexGuard<'static, ()>, tempfile::TempDir, Terminal) {
    let one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let course = course();
    let terminal = Terminal::spawn(checker(course.path(), args));
    (one, course, terminal)
}

#[test]
fn watch_shows_the_first_build_crate_by_crate() {
    let (_one, _course, mut terminal) = on_terminal(&["watch"]);
    terminal.expect("Checking add1");
    terminal.expect("the first check also compiles the course's dependencies");
    terminal.expect("Building dependencies [");
    // The crate being compiled (here, its build script running).
    let shown = terminal.expect("slow(build");
    assert!(shown.contains('/'), "a count of crates: {shown}");
    terminal.expect("add1: 1 test failed");
    terminal.send("q");
    assert!(terminal.wait().success());
}

#[test]
fn run_shows_the_build_on_a_terminal_and_nothing_in_a_pipe() {
    let (_one, course, mut terminal) = on_terminal(&["run", "add1"]);
    terminal.expect("Building dependencies [");
    terminal.expect("slow(build");
    terminal.expect("add1: 1 test failed");
    assert_eq!(terminal.wait().code(), Some(1));

    // Again with nothing built, its output to pipes.
    std::fs::remove_dir_all(course.path().join("target")).unwrap();
    let output = checker(course.path(), &["run", "add1"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(stdout.contains("add1: 1 test failed"), "{stdout}");
    for text in [&stdout, &stderr] {
        assert!(!text.contains("Building"), "progress in a pipe: {text}");
        assert!(!text.contains('\r'), "progress in a pipe: {text}");
    }
}

#[test]
fn verify_shows_progress_over_the_exercises() {
    let (_one, _course, mut terminal) = on_terminal(&["verify", "--solutions"]);
    terminal.expect("Building dependencies [");
    terminal.expect("Checked [");
    terminal.expect("2/2");
    terminal.expect("2 passed, 0 failed");
    assert_eq!(terminal.wait().code(), Some(0));
}
