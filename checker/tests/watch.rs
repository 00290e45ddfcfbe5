//! `checker watch` end to end: the real binary on a real pseudo-terminal,
//! checking a small temporary course with the real cargo. Exercises have no
//! dependencies, so each check builds in about a second.

mod pty;
mod support;

use pty::Terminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use support::{Entry, write_course};

/// One watch at a time: each runs cargo, and the machine has few cores.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn real_course() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The course's info.toml up to its first exercise.
const INFO_HEADER: &str = r#"format_version = 1
timeout = 10
welcome_message = "Welcome to the fixture course."
final_message = "Fixture course complete."
"#;

const ADD1: &str = "fn add(a: i32, b: i32) -> i32 {
    a - b
}

fn main() {
    println!(\"{}\", add(1, 2));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() {
        assert_eq!(add(2, 2), 4);
    }
}
";

/// The error is on line 2, where watch's link must point.
const LAST1: &str = "fn five() -> i32 {\n    \"five\"\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn is_five() {\n        assert_eq!(super::five(), 5);\n    }\n}\n";
const LAST1_SOLVED: &str = "fn five() -> i32 {\n    5\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn is_five() {\n        assert_eq!(super::five(), 5);\n    }\n}\n";

/// A temporary course; `progress` is the progress file to start from.
struct Course {
    dir: tempfile::TempDir,
}

impl Course {
    /// The real intro1 (so `x` can restore its shipped copy), then two more.
    fn new(progress: Option<&str>) -> Course {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let real = |source: &str| {
            std::fs::read_to_string(real_course().join(source).join("00_intro/intro1.rs")).unwrap()
        };
        let entries = [
            Entry::new(
                "intro1",
                "00_intro",
                "fails_with = \"tests\"\nfailing_tests = [\"tests::greets_whoever_it_is_given_by_name\"]\n\
                 hint = \"Hint for intro1: use format!.\"\n",
                &real("exercises"),
                &real("solutions"),
            ),
            Entry::new(
                "add1",
                "01_basics",
                "fails_with = \"tests\"\nfailing_tests = [\"tests::adds\"]\ntimeout = 120\n\
                 hints = [\"Hint for add1: plus, not minus.\", \"Recipe for add1: write `a + b`.\"]\n",
                ADD1,
                &ADD1.replace("a - b", "a + b"),
            ),
            Entry::new(
                "last1",
                "01_basics",
                "fails_with = \"compile\"\nhint = \"Hint for last1: a number has no quotes.\"\n",
                LAST1,
                LAST1_SOLVED,
            ),
        ];
        write_course(root, INFO_HEADER, &entries);
        if let Some(progress) = progress {
            std::fs::write(root.join(".asynclings-progress"), progress).unwrap();
        }
        Course { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    fn solution(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(&relative.replacen("exercises", "solutions", 1))).unwrap()
    }

    fn progress(&self) -> String {
        std::fs::read_to_string(self.path(".asynclings-progress")).unwrap_or_default()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_checker"));
        command
            .arg("--course")
            .arg(self.root())
            .args(args)
            .current_dir(self.root())
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR");
        command
    }

    fn watch(&self, args: &[&str]) -> Terminal {
        Terminal::spawn(self.command(args))
    }
}

const INTRO1: &str = "exercises/00_intro/intro1.rs";
const ADD1_PATH: &str = "exercises/01_basics/add1.rs";
/// The shipped intro1 fails its test's `assert_eq!`.
const INTRO1_FAILS: &str = "intro1: 1 test failed";
const ADD1_FAILS: &str = "add1: 1 test failed";
const ON_ADD1: &str = "current = \"add1\"\ndone = [\"intro1\"]\n";

/// A marker that proves the screen is up to date: everything drawn before
/// it has been drawn. Uses the reset prompt and answers no.
fn sync(terminal: &mut Terminal) -> String {
    terminal.send("x");
    let mut text = terminal.expect("[y/N]");
    terminal.send("n");
    text += &terminal.expect("Nothing changed.");
    text
}

fn checks_started(text: &str, name: &str) -> usize {
    text.matches(&format!("Checking {name} (")).count()
}

#[test]
fn a_pass_is_recorded_and_moves_on_to_the_next_exercise() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let course = Course::new(None);
    let mut terminal = course.watch(&[]);
    terminal.expect("Welcome to the fixture course.");
    terminal.expect("Checking intro1 (exercises/00_intro/intro1.rs)");
    terminal.expect(INTRO1_FAILS);
    terminal.expect("Progress: [");
    terminal.expect("0/3");
    // The path links to the line where main panicked.
    terminal.expect("Current exercise: exercises/00_intro/intro1.rs:27:");
    let raw = String::from_utf8_lossy(&terminal.raw()).into_owned();
    let url = format!(
        "\x1b]8;;file://{}#27\x1b\\",
        std::fs::canonicalize(course.path(INTRO1))
            .unwrap()
            .display()
    );
    assert!(raw.contains(&url), "no OSC 8 link {url:?} in the output");
    terminal.expect("q quit");

    std::fs::write(course.path(INTRO1), course.solution(INTRO1)).unwrap();
    // The next exercise is checked at once; the pass stays noted below it.
    terminal.expect("Checking add1 (exercises/01_basics/add1.rs)");
    terminal.expect("intro1 passes. The reference solution is in solutions/00_intro/intro1.rs");
    terminal.expect(ADD1_FAILS);
    terminal.expect("1/3");
    assert!(course.progress().contains("done = [\"intro1\"]"));
    assert!(course.progress().contains("current = \"add1\""));

    // Solving the last two ends the course.
    std::fs::write(course.path(ADD1_PATH), course.solution(ADD1_PATH)).unwrap();
    terminal.expect("Checking last1");
    terminal.expect("add1 passes.");
    terminal.expect("last1 does not compile yet");
    std::fs::write(course.path("exercises/01_basics/last1.rs"), LAST1_SOLVED).unwrap();
    terminal.expect("Fixture course complete.");
    terminal.expect("last1 passes.");
    terminal.expect("3/3");
    terminal.send("q");
    terminal.expect("Your progress is saved");
    assert!(terminal.wait().success());
}

#[test]
fn keys_h_n_p_and_q_and_ctrl_c_restore_the_terminal() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let course = Course::new(Some(ON_ADD1));
    std::fs::write(course.path(INTRO1), course.solution(INTRO1)).unwrap();
    let mut terminal = course.watch(&["watch"]);
    terminal.expect(ADD1_FAILS);
    // h shows the nudge, h again the recipe too, a third h hides the hint.
    terminal.send("h");
    terminal.expect("Hint for add1: plus, not minus.");
    let nudge = terminal.expect("press h again for more");
    assert!(!nudge.contains("Recipe for add1"), "{nudge}");
    terminal.send("h");
    terminal.expect("Recipe for add1: write `a + b`.");
    terminal.send("h");
    let hidden = sync(&mut terminal);
    assert!(!hidden.contains("Hint for add1"), "{hidden}");
    terminal.send("n");
    terminal.expect("Checking last1");
    terminal.expect("last1 does not compile yet");
    // A compile error links to rustc's first error.
    terminal.expect("Current exercise: exercises/01_basics/last1.rs:2:");
    terminal.send("n");
    terminal.expect("This is the last exercise.");
    terminal.send("p");
    terminal.expect("Checking add1");
    terminal.expect(ADD1_FAILS);
    assert!(course.progress().contains("current = \"add1\""));
    terminal.send("p");
    terminal.expect("Checking intro1");
    // intro1 is done already: passing again shows it and stays.
    terminal.expect("Press n for the next exercise.");
    terminal.send("p");
    terminal.expect("This is the first exercise.");
    terminal.send("\x03");
    terminal
        .expect("Your progress is saved. `cargo run -p checker watch` brings you back to intro1.");
    assert!(terminal.wait().success());
    let termios = terminal.termios();
    assert_ne!(
        termios.c_lflag & libc::ICANON,
        0,
        "canonical mode not restored"
    );
    assert_ne!(termios.c_lflag & libc::ECHO, 0, "echo not restored");
}

#[test]
fn the_list_filters_searches_and_jumps() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let course = Course::new(Some(ON_ADD1));
    std::fs::write(course.path(INTRO1), course.solution(INTRO1)).unwrap();
    // As inside tmux or screen, whose terminfo colours tests differently.
    let mut command = course.command(&[]);
    command.env("TERM", "screen");
    let mut terminal = Terminal::spawn(command);
    terminal.expect(ADD1_FAILS);
    terminal.send("l");
    terminal.expect("showing all, 3 of 3");
    terminal.expect("add1");
    terminal.send("d");
    terminal.expect("showing done, 1 of 3");
    terminal.send("p");
    terminal.expect("showing pending, 2 of 3");
    terminal.send("a");
    terminal.expect("showing all, 3 of 3");
    terminal.send("/las");
    terminal.expect("showing all, 1 of 3  search: /las_");
    terminal.send("\r");
    terminal.expect("showing all, 1 of 3  search: /las");
    terminal.send("\r");
    terminal.expect("Checking last1");
    terminal.expect("last1 does not compile yet");
    assert!(course.progress().contains("current = \"last1\""));
    // Moving with the arrows, then Esc closes the list without a jump.
    terminal.send("l");
    terminal.expect("showing all, 3 of 3");
    terminal.send("k");
    terminal.send("k");
    terminal.send("\r");
    terminal.expect("Checking intro1");
    terminal.expect("Press n for the next exercise.");
    terminal.send("l");
    terminal.expect("showing all");
    terminal.send("\x1b");
    terminal.expect("q quit");
    terminal.send("q");
    assert!(terminal.wait().success());
}

#[test]
fn x_resets_the_exercise_after_confirmation() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let course = Course::new(None);
    let shipped = std::fs::read_to_string(real_course().join(INTRO1)).unwrap();
    let broken = "fn main() { let x: u8 = \"no\"; }\n";
    std::fs::write(course.path(INTRO1), broken).unwrap();
    let mut terminal = course.watch(&[]);
    terminal.expect("intro1 does not compile yet");
    terminal.send("x");
    terminal.expect("Reset exercises/00_intro/intro1.rs to its shipped version? Your changes will be lost. [y/N]");
    terminal.send("n");
    terminal.expect("Nothing changed.");
    assert_eq!(
        std::fs::read_to_string(course.path(INTRO1)).unwrap(),
        broken
    );
    terminal.send("x");
    terminal.expect("[y/N]");
    terminal.send("y");
    let mut text = terminal.expect("exercises/00_intro/intro1.rs is back to its shipped version.");
    text += &terminal.expect(INTRO1_FAILS);
    assert_eq!(
        std::fs::read_to_string(course.path(INTRO1)).unwrap(),
        shipped
    );
    // The reset and the watcher seeing it make one check, not two.
    text += &sync(&mut terminal);
    assert_eq!(checks_started(&text, "intro1"), 1, "{text}");
    terminal.send("q");
    assert!(terminal.wait().success());
}

/// The shipped intro1 with a different (still wrong) greeting: it runs, prints
/// the greeting and fails, so each version is recognisable on screen.
fn intro1_version(n: usize) -> String {
    std::fs::read_to_string(real_course().join(INTRO1))
        .unwrap()
        .replace(
            "String::from(\"Hello!\")",
            &format!("String::from(\"Hello v{n}!\")"),
        )
}

#[test]
fn every_editor_save_style_triggers_exactly_one_check() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let course = Course::new(None);
    let path = course.path(INTRO1);
    let dir = path.parent().unwrap().to_path_buf();
    let mut terminal = course.watch(&[]);
    terminal.expect(INTRO1_FAILS);
    sync(&mut terminal);

    type Save = fn(&Path, &Path, &str);
    let styles: [(&str, Save); 6] = [
        ("write in place", |path, _, text| {
            std::fs::write(path, text).unwrap()
        }),
        (
            "temp file renamed over (JetBrains, vim)",
            |path, dir, text| {
                let temp = dir.join("intro1.rs___jb_tmp___");
                std::fs::write(&temp, text).unwrap();
                std::fs::rename(&temp, path).unwrap();
            },
        ),
        (
            "vim with swap, probe and backup files",
            |path, dir, text| {
                std::fs::write(dir.join(".intro1.rs.swp"), "swap").unwrap();
                std::fs::write(dir.join("4913"), "").unwrap();
                std::fs::remove_file(dir.join("4913")).unwrap();
                let backup = dir.join("intro1.rs~");
                std::fs::rename(path, &backup).unwrap();
                std::fs::write(path, text).unwrap();
                std::fs::remove_file(&backup).unwrap();
                std::fs::remove_file(dir.join(".intro1.rs.swp")).unwrap();
            },
        ),
        ("delete and recreate", |path, _, text| {
            std::fs::remove_file(path).unwrap();
            std::fs::write(path, text).unwrap();
        }),
        ("sed -i", |path, _, text| {
            // sed writes a temp file in the same folder and renames it over.
            let version = text
                .split("Hello v")
                .nth(1)
                .unwrap()
                .split('!')
                .next()
                .unwrap();
            let status = Command::new("sed")
                .arg("-i")
                .arg(format!("s/Hello v[0-9]*!/Hello v{version}!/"))
                .arg(path)
                .status()
                .unwrap();
            assert!(status.success());
        }),
        ("a burst of writes", |path, _, text| {
            for i in 0..5 {
                std::fs::write(path, format!("{text}// draft {i}\n")).unwrap();
            }
            std::fs::write(path, text).unwrap();
        }),
    ];
    for (n, (style, save)) in styles.iter().enumerate() {
        let text = intro1_version(n + 1);
        save(&path, &dir, &text);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "{style}");
        let mut seen = terminal.expect(&format!("Hello v{}!", n + 1));
        seen += &terminal.expect(INTRO1_FAILS);
        seen += &sync(&mut terminal);
        assert_eq!(
            checks_started(&seen, "intro1"),
            1,
            "{style}: expected one check, the screen showed:\n{seen}"
        );
    }

    // Side files alone, and other exercises, do not disturb the screen.
    std::fs::write(dir.join(".intro1.rs.swp"), "swap").unwrap();
    std::fs::write(dir.join("intro1.rs~"), "backup").unwrap();
    std::fs::write(course.path(ADD1_PATH), ADD1.replace("a - b", "a * b")).unwrap();
    // Give the watcher time to report them (the debounce window, many times over).
    std::thread::sleep(Duration::from_millis(500));
    let seen = sync(&mut terminal);
    assert_eq!(checks_started(&seen, "intro1"), 0, "{seen}");
    assert_eq!(checks_started(&seen, "add1"), 0, "{seen}");

    // A deleted file is a message, and its return is checked.
    std::fs::remove_file(&path).unwrap();
    terminal.expect("exercises/00_intro/intro1.rs is missing: it was deleted or renamed.");
    std::fs::write(&path, course.solution(INTRO1)).unwrap();
    terminal.expect("Checking add1");
    terminal.expect("intro1 passes.");
    terminal.send("q");
    assert!(terminal.wait().success());
}

#[test]
fn saving_the_contents_already_checked_does_not_check_again() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let course = Course::new(None);
    let path = course.path(INTRO1);
    let mut terminal = course.watch(&[]);
    terminal.expect(INTRO1_FAILS);
    sync(&mut terminal);
    // A save without an edit, and the late events of a save whose check
    // has finished already: the verdict on screen is for these contents.
    let unchanged = std::fs::read(&path).unwrap();
    std::fs::write(&path, &unchanged).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let seen = sync(&mut terminal);
    assert_eq!(checks_started(&seen, "intro1"), 0, "{seen}");
    // r still checks again on request.
    terminal.send("r");
    terminal.expect("Checking intro1 (");
    terminal.expect(INTRO1_FAILS);
    terminal.send("q");
    assert!(terminal.wait().success());
}

#[test]
fn a_save_during_a_check_cancels_it_and_the_last_contents_win() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let course = Course::new(Some(ON_ADD1));
    let marker = course.path("slow.pid");
    let mut terminal = course.watch(&[]);
    terminal.expect(ADD1_FAILS);

    // A test that records its pid, then takes a minute before failing.
    let slow = ADD1.replace(
        "assert_eq!(add(2, 2), 4);",
        "std::fs::write(\"slow.pid\", std::process::id().to_string()).unwrap();\n        \
         std::thread::sleep(std::time::Duration::from_secs(60));\n        \
         assert_eq!(add(2, 2), 4);",
    );
    std::fs::write(course.path(ADD1_PATH), slow).unwrap();
    terminal.expect("Checking add1");
    let deadline = Instant::now() + pty::PATIENCE;
    while !marker.exists() {
        assert!(Instant::now() < deadline, "the slow test never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid: i32 = loop {
        // The file may be seen before its contents are written.
        if let Ok(pid) = std::fs::read_to_string(&marker).unwrap().parse() {
            break pid;
        }
        std::thread::sleep(Duration::from_millis(20));
    };

    std::fs::write(course.path(ADD1_PATH), course.solution(ADD1_PATH)).unwrap();
    let seen = terminal.expect("Checking last1") + &terminal.expect("add1 passes.");
    assert!(
        !seen.contains("failed"),
        "a stale verdict was shown:\n{seen}"
    );
    assert!(
        !seen.contains("timed out"),
        "a stale verdict was shown:\n{seen}"
    );
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let state = stat.rsplit(") ").next().unwrap_or("").chars().next();
    assert!(
        matches!(state, None | Some('Z' | 'X')),
        "the cancelled test {pid} is still running: {stat}"
    );
    terminal.send("q");
    assert!(terminal.wait().success());
}

#[test]
fn check_all_records_every_verdict_and_goes_to_the_first_pending() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let course = Course::new(Some("current = \"last1\"\ndone = []\n"));
    std::fs::write(course.path(INTRO1), course.solution(INTRO1)).unwrap();
    std::fs::write(course.path("exercises/01_basics/last1.rs"), LAST1_SOLVED).unwrap();
    let mut terminal = course.watch(&[]);
    // last1 passes at once and the next pending one (after it, wrapping) is intro1.
    terminal.expect("Checking intro1");
    terminal.expect("last1 passes.");
    terminal.expect("intro1 passes.");
    terminal.expect(ADD1_FAILS);
    terminal.send("c");
    terminal.expect("Checking all 3 exercises");
    terminal.expect("Checked all 3 exercises: 2 pass, 1 to do. Here is the first one pending.");
    terminal.expect("Current exercise: exercises/01_basics/add1.rs");
    let progress = course.progress();
    assert!(
        progress.contains("done = [\"intro1\", \"last1\"]"),
        "{progress}"
    );
    assert!(progress.contains("current = \"add1\""), "{progress}");
    terminal.send("q");
    assert!(terminal.wait().success());
}

#[test]
fn manual_run_checks_only_when_asked() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let course = Course::new(Some(ON_ADD1));
    let mut terminal = course.watch(&["watch", "--manual-run"]);
    terminal.expect(ADD1_FAILS);
    terminal.expect("r check");
    terminal.expect("(manual mode: save, then press r)");
    std::fs::write(course.path(ADD1_PATH), course.solution(ADD1_PATH)).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let seen = sync(&mut terminal);
    assert_eq!(checks_started(&seen, "add1"), 0, "{seen}");
    terminal.send("r");
    terminal.expect("Checking last1");
    terminal.expect("add1 passes.");
    terminal.send("q");
    assert!(terminal.wait().success());
}

#[test]
fn without_a_terminal_watch_points_to_run_and_verify() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let course = Course::new(None);
    for args in [&[][..], &["watch"][..]] {
        let output = course
            .command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("watch needs an interactive terminal"),
            "{stderr}"
        );
        assert!(stderr.contains("cargo run -p checker run"), "{stderr}");
        assert!(stderr.contains("cargo run -p checker verify"), "{stderr}");
    }
}
