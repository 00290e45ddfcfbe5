//! Save-to-verdict latency of `checker watch` against `checker run` for the
//! same edit, on the real course's intro1 (edited in place, restored after).
//!
//!     cargo bench -p checker --bench watch_latency [-- ROUNDS]
//!
//! Each round starts watch on a pseudo-terminal, waits for its first verdict,
//! writes a new (still failing) intro1 and times until watch has drawn the
//! verdict for it; then writes another version and times `checker run
//! intro1` from the write to its exit. Both sides rebuild intro1 once per
//! edit with the same checker binary. Prints medians and the difference.

mod measure;
#[path = "../tests/pty/mod.rs"]
mod pty;

use measure::{Restore, median, ms};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const INTRO1: &str = "exercises/00_intro/intro1.rs";
const PROGRESS: &str = ".asynclings-progress";
const VERDICT: &str = "intro1: 1 test failed";

fn main() {
    let rounds = measure::rounds(15);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let checker = env!("CARGO_BIN_EXE_checker");
    let shipped = std::fs::read_to_string(root.join(INTRO1)).unwrap();
    let _restore = Restore::files(&[root.join(INTRO1), root.join(PROGRESS)]);
    // A new greeting each time: rustc really recompiles, and the program
    // still fails, so watch stays on intro1.
    let version = |tag: &str| {
        shipped.replace(
            "String::from(\"Hello!\")",
            &format!("String::from(\"Hello {tag}!\")"),
        )
    };
    let intro1 = root.join(INTRO1);
    let run_once = |tag: &str| -> Duration {
        std::fs::write(&intro1, version(tag)).unwrap();
        let started = Instant::now();
        let status = Command::new(checker)
            .args(["run", "intro1"])
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert_eq!(
            status.code(),
            Some(1),
            "checker run should report the failure"
        );
        started.elapsed()
    };
    let watch_once = |tag: &str| -> Duration {
        std::fs::write(root.join(PROGRESS), "current = \"intro1\"\ndone = []\n").unwrap();
        let mut command = Command::new(checker);
        command.arg("watch").current_dir(root);
        let mut terminal = pty::Terminal::spawn(command);
        terminal.expect(VERDICT);
        std::fs::write(&intro1, version(tag)).unwrap();
        let started = Instant::now();
        terminal.expect(&format!("Hello {tag}!"));
        terminal.expect(VERDICT);
        let elapsed = started.elapsed();
        terminal.send("q");
        assert!(terminal.wait().success());
        elapsed
    };

    // Warm the build (dependencies, the checker's target directory).
    run_once("warm-run");
    watch_once("warm-watch");
    let (mut watch, mut run) = (Vec::new(), Vec::new());
    for i in 0..rounds {
        watch.push(watch_once(&format!("w{i}")));
        run.push(run_once(&format!("r{i}")));
    }
    let show = |times: &[Duration]| {
        let mut sorted: Vec<String> = times.iter().map(|t| format!("{:.1}", ms(*t))).collect();
        sorted.sort_by(|a, b| a.parse::<f64>().unwrap().total_cmp(&b.parse().unwrap()));
        sorted.join(" ")
    };
    println!("watch samples (ms): {}", show(&watch));
    println!("run samples (ms):   {}", show(&run));
    let (w, r) = (median(watch), median(run));
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("machine: {cores} cores");
    println!(
        "save to verdict, watch (median of {rounds}):      {:7.1} ms",
        ms(w)
    );
    println!(
        "save + checker run intro1 (median of {rounds}): {:7.1} ms",
        ms(r)
    );
    println!(
        "watch overhead over run: {:+.1} ms (target at most +10 ms)",
        ms(w) - ms(r)
    );
}
