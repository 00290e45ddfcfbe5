//! Where a warm check's time goes, on the real course's futures5 (edited in
//! place, restored afterwards):
//!
//!     cargo bench -p checker --bench hot_path [-- ROUNDS]
//!
//! Each round times, alternately: cargo starting (`cargo --version`); cargo
//! after an edit (start, reading the workspace, fingerprinting every unit,
//! rustc); cargo with nothing to do (`cargo test --no-run --bin futures5`:
//! the same without rustc); the checker's replay after an edit (the stamps,
//! then rustc alone); and running the test program. Prints the median of
//! each.

mod measure;

use checker::cargo::Request;
use checker::replay::{self, Replayed};
use measure::{Restore, median, ms};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NAME: &str = "futures5";
const FILE: &str = "exercises/01_futures/futures5.rs";

fn timed(command: &mut Command) -> Duration {
    let started = Instant::now();
    let status = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let elapsed = started.elapsed();
    assert!(
        status.success() || status.code() == Some(101),
        "{command:?}"
    );
    elapsed
}

fn main() {
    let rounds = measure::rounds(11);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let target_dir = root.join("target/checker");
    let file = root.join(FILE);
    let solution = std::fs::read_to_string(root.join(FILE.replace("exercises/", "solutions/")))
        .expect("the solution");
    let _restore = Restore::files(std::slice::from_ref(&file));
    let edit = |tag: &str| std::fs::write(&file, format!("{solution}// bench {tag}\n")).unwrap();
    let cargo = || {
        let mut command = Command::new(env!("CARGO"));
        command
            .args(["test", "--no-run", "--quiet", "--message-format=json"])
            .args(["--package", "exercises", "--bin", NAME])
            .arg("--target-dir")
            .arg(&target_dir)
            .current_dir(root);
        command
    };
    let request = Request {
        root,
        target_dir: &target_dir,
        package: "exercises",
        bins: &[NAME],
        color: false,
        record: true,
        timeout: checker::engine::DEFAULT_BUILD_TIMEOUT,
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let engine = checker::engine::Engine::new(root, false);
    let course = checker::info_file::Course::load(root).unwrap_or_else(|e| panic!("{e}"));
    let exercise = course.find(NAME).unwrap();
    // Warm up: a cargo build after an edit records the command to replay.
    edit("warm");
    runtime
        .block_on(engine.check(exercise, checker::info_file::Source::Exercise))
        .unwrap();

    let mut rows: Vec<(&str, Vec<Duration>)> = vec![
        ("cargo starts (cargo --version)", Vec::new()),
        ("cargo, nothing to do (no-op build)", Vec::new()),
        ("cargo after an edit (no-op + rustc)", Vec::new()),
        ("replay after an edit (stamps + rustc)", Vec::new()),
        ("the test program runs", Vec::new()),
    ];
    for round in 0..rounds {
        rows[0]
            .1
            .push(timed(Command::new(env!("CARGO")).arg("--version")));
        // Each side is timed on its second edit, as in a learner's run of
        // edits: its incremental state then follows its own last build.
        edit(&format!("cargo {round}"));
        timed(&mut cargo());
        edit(&format!("cargo {round} again"));
        rows[2].1.push(timed(&mut cargo()));
        rows[1].1.push(timed(&mut cargo()));
        let mut exe = None;
        for again in ["", " again"] {
            edit(&format!("replay {round}{again}"));
            let started = Instant::now();
            let replayed = runtime.block_on(replay::replay(&request));
            let elapsed = started.elapsed();
            exe = match replayed {
                Replayed::Built(mut build) => build.targets.remove(NAME).and_then(|t| t.executable),
                Replayed::Unusable(why) => panic!("the replay was not used: {why}"),
            };
            if !again.is_empty() {
                rows[3].1.push(elapsed);
            }
        }
        let exe = exe.expect("a program");
        rows[4].1.push(timed(Command::new(exe).current_dir(root)));
    }
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("machine: {cores} cores, load average {}", load.trim());
    for (what, times) in rows {
        println!("{what:40} median of {rounds}: {:7.1} ms", ms(median(times)));
    }
}
