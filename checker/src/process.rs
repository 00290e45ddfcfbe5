//! Runs a learner's program under control: its own process group, stdin
//! closed, stdout and stderr merged into one capped capture, and a wall-clock
//! timeout. When the program ends, times out or the check is cancelled (the
//! future dropped), the whole group is killed, so a hung test, a detached
//! thread or a child process never outlives its check.

use std::io::Read;
use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::process::Command;
use tokio::sync::oneshot;

/// Bytes kept from the start and from the end of a program's output.
pub const OUTPUT_HEAD: usize = 24 * 1024;
pub const OUTPUT_TAIL: usize = 24 * 1024;

/// Variables a learner's program never sees: the files through which a CI
/// step reports its results (a program could forge a grade by appending to
/// them) and the tokens that come with them.
const SCRUBBED_ENV: &[&str] = &[
    "GITHUB_OUTPUT",
    "GITHUB_ENV",
    "GITHUB_PATH",
    "GITHUB_STATE",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_TOKEN",
    "ACTIONS_RUNTIME_TOKEN",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "CI_JOB_TOKEN",
];

/// How a supervised program ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Status(ExitStatus),
    TimedOut(Duration),
}

/// What a supervised run produced.
#[derive(Debug)]
pub struct Run {
    pub exit: Exit,
    pub output: Captured,
    pub duration: Duration,
}

/// Program output with its middle cut out once it passes the cap.
#[derive(Debug, Clone, Default)]
pub struct Captured {
    head: Vec<u8>,
    tail: Vec<u8>,
    /// Bytes seen in total, including those cut.
    total: usize,
    /// Lines starting with `test ` seen anywhere, so test results survive the cut.
    test_lines: Vec<String>,
    partial_line: Vec<u8>,
}

/// Most `test ...` lines remembered; a flood of them is not a test report.
const MAX_TEST_LINES: usize = 10_000;

impl Captured {
    /// Output made of `text`, as if a program printed it.
    pub fn from_text(text: &str) -> Captured {
        let mut captured = Captured::default();
        captured.push(text.as_bytes());
        captured.finish();
        captured
    }

    fn push(&mut self, mut bytes: &[u8]) {
        self.total += bytes.len();
        self.scan_lines(bytes);
        let room = OUTPUT_HEAD.saturating_sub(self.head.len());
        let into_head = room.min(bytes.len());
        self.head.extend_from_slice(&bytes[..into_head]);
        bytes = &bytes[into_head..];
        if bytes.is_empty() {
            return;
        }
        self.tail.extend_from_slice(bytes);
        if self.tail.len() > 2 * OUTPUT_TAIL {
            self.tail.drain(..self.tail.len() - OUTPUT_TAIL);
        }
    }

    fn scan_lines(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if b == b'\n' {
                let line = std::mem::take(&mut self.partial_line);
                if self.test_lines.len() < MAX_TEST_LINES && line.starts_with(b"test ") {
                    self.test_lines
                        .push(String::from_utf8_lossy(&line).trim_end().to_string());
                }
            } else if self.partial_line.len() < 4096 {
                self.partial_line.push(b);
            }
        }
    }

    fn finish(&mut self) {
        if self.tail.len() > OUTPUT_TAIL {
            self.tail.drain(..self.tail.len() - OUTPUT_TAIL);
        }
    }

    /// Bytes the program printed, kept or not.
    pub fn total_bytes(&self) -> usize {
        self.total
    }

    /// Bytes left out of the middle.
    pub fn cut(&self) -> usize {
        self.total - self.head.len() - self.tail.len()
    }

    /// The kept text (invalid UTF-8 replaced), with a marker where bytes were cut.
    pub fn text(&self) -> String {
        self.text_within(usize::MAX, usize::MAX)
    }

    /// At most `head` bytes from the start and `tail` from the end of what
    /// was kept, with one marker that counts everything left out (here and
    /// by the capture's own cap), so a shorter view never shows two cuts.
    pub fn text_within(&self, head: usize, tail: usize) -> String {
        if self.cut() == 0 {
            let mut whole = self.head.clone();
            whole.extend_from_slice(&self.tail);
            return cap_bytes(&whole, head, tail, 0);
        }
        let first = &self.head[..char_start(&self.head, head.min(self.head.len()))];
        let from = self.tail.len() - tail.min(self.tail.len());
        let last = &self.tail[char_end(&self.tail, from)..];
        join_cut(first, self.total - first.len() - last.len(), last)
    }

    /// Every `test ...` line the program printed, even from the cut middle.
    pub fn test_lines(&self) -> &[String] {
        &self.test_lines
    }
}

fn human_bytes(n: usize) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} bytes")
    }
}

/// `text` kept whole when it fits in `head + tail` bytes, otherwise its
/// first `head` and last `tail` bytes (at char boundaries) around the one
/// marker every capped output uses; whether anything was cut.
pub fn cap(text: &str, head: usize, tail: usize) -> (String, bool) {
    let capped = cap_bytes(text.as_bytes(), head, tail, 0);
    let cut = capped != text;
    (capped, cut)
}

fn cap_bytes(bytes: &[u8], head: usize, tail: usize, already_cut: usize) -> String {
    if bytes.len() <= head.saturating_add(tail) {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let first = &bytes[..char_start(bytes, head)];
    let last = &bytes[char_end(bytes, bytes.len() - tail)..];
    join_cut(
        first,
        already_cut + bytes.len() - first.len() - last.len(),
        last,
    )
}

/// `at`, moved back to the start of the UTF-8 character it falls in.
fn char_start(bytes: &[u8], mut at: usize) -> usize {
    while at > 0 && at < bytes.len() && bytes[at] & 0xC0 == 0x80 {
        at -= 1;
    }
    at
}

/// `at`, moved forward past a UTF-8 character it falls inside.
fn char_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at] & 0xC0 == 0x80 {
        at += 1;
    }
    at
}

fn join_cut(first: &[u8], cut: usize, last: &[u8]) -> String {
    let mut text = String::from_utf8_lossy(first).into_owned();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!(
        "\n[... {} of output cut; showing the first {} and the last {} ...]\n\n",
        human_bytes(cut),
        human_bytes(first.len()),
        human_bytes(last.len())
    ));
    text.push_str(&String::from_utf8_lossy(last));
    text
}

/// Kills a process group when dropped: the cancel path and the normal path
/// alike; builds use it too, for cargo and every rustc it starts. Only while
/// the group's leader is not reaped is its id sure to be the group's; past
/// that, `disarm` it.
pub(crate) struct GroupGuard(Option<i32>);

impl GroupGuard {
    /// Guards the group led by process `pid`.
    pub(crate) fn new(pid: i32) -> GroupGuard {
        GroupGuard(Some(pid))
    }

    /// Lets the group live on.
    pub(crate) fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        if let Some(pid) = self.0 {
            // SAFETY: kill(2) with a negative pid only sends a signal; a group
            // that no longer exists gives ESRCH, which is fine to ignore.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
}

/// Runs `program args` in `dir` with a `timeout`, capturing its output.
pub async fn run(
    program: &Path,
    args: &[&str],
    dir: &Path,
    env: &[(&str, &str)],
    timeout: Duration,
) -> anyhow::Result<Run> {
    use anyhow::Context;
    let (reader, writer) = std::io::pipe().context("could not create a pipe for program output")?;
    let mut command = Command::new(program);
    for var in SCRUBBED_ENV {
        command.env_remove(var);
    }
    command
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(
            writer
                .try_clone()
                .context("could not share the output pipe")?,
        )
        .stderr(writer)
        .process_group(0)
        .kill_on_drop(true);
    let started = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("could not start {}", program.display()))?;
    // Our copies of the write end are gone with `command`; EOF then means
    // every process in the group has closed its output.
    drop(command);
    let pid = child
        .id()
        .context("the program exited before it could be watched")? as i32;
    let guard = GroupGuard::new(pid);

    let captured = Arc::new(Mutex::new(Captured::default()));
    let (done_tx, done_rx) = oneshot::channel();
    let sink = Arc::clone(&captured);
    std::thread::spawn(move || {
        let mut reader = reader;
        let mut buf = [0u8; 16 * 1024];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().push(&buf[..n]);
        }
        let _ = done_tx.send(());
    });

    let exit = match tokio::time::timeout(timeout, child.wait()).await {
        Ok(status) => Exit::Status(status.context("could not wait for the program")?),
        Err(_) => Exit::TimedOut(timeout),
    };
    let duration = started.elapsed();
    // Whatever the program left behind (children, grandchildren) goes now.
    drop(guard);
    let _ = child.wait().await;
    // A process that escaped the group could hold the pipe open forever: give
    // the reader a moment to drain, then keep what it has.
    let _ = tokio::time::timeout(Duration::from_millis(500), done_rx).await;
    let mut output = std::mem::take(&mut *captured.lock().unwrap());
    output.finish();
    Ok(Run {
        exit,
        output,
        duration,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, timeout: Duration) -> Run {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(run(
            Path::new("/bin/sh"),
            &["-c", script],
            Path::new("."),
            &[],
            timeout,
        ))
        .unwrap()
    }

    #[test]
    fn merges_stdout_and_stderr_in_order() {
        let run = sh("echo one; echo two >&2; echo three", Duration::from_secs(5));
        assert_eq!(run.output.text(), "one\ntwo\nthree\n");
        assert!(matches!(run.exit, Exit::Status(s) if s.success()));
    }

    #[test]
    fn timeout_kills_the_whole_group() {
        let marker = tempfile::NamedTempFile::new().unwrap();
        let path = marker.path().display().to_string();
        // A background child that would write the marker after the timeout.
        let script = format!("(sleep 1; echo late > {path}) & sleep 30");
        let run = sh(&script, Duration::from_millis(200));
        assert_eq!(run.exit, Exit::TimedOut(Duration::from_millis(200)));
        std::thread::sleep(Duration::from_millis(1300));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
    }

    #[test]
    fn children_left_behind_are_killed_when_the_program_exits() {
        let marker = tempfile::NamedTempFile::new().unwrap();
        let path = marker.path().display().to_string();
        let script = format!("(sleep 1; echo late > {path}) >/dev/null 2>&1 & exit 0");
        let run = sh(&script, Duration::from_secs(5));
        assert!(matches!(run.exit, Exit::Status(s) if s.success()));
        std::thread::sleep(Duration::from_millis(1300));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
    }

    #[test]
    fn flood_is_capped_keeping_head_and_tail() {
        let run = sh(
            "echo first; head -c 5000000 /dev/zero | tr '\\0' x; echo; echo test t ... ok; echo last",
            Duration::from_secs(20),
        );
        let text = run.output.text();
        assert!(text.starts_with("first\n"));
        assert!(text.ends_with("test t ... ok\nlast\n"));
        assert!(text.contains("of output cut"));
        assert!(text.len() < OUTPUT_HEAD + OUTPUT_TAIL + 200);
        assert_eq!(run.output.test_lines(), ["test t ... ok"]);
    }

    #[test]
    fn a_shorter_view_of_capped_output_has_one_marker_counting_every_cut() {
        let mut captured = Captured::default();
        captured.push(b"first\n");
        captured.push("é".repeat(60_000).as_bytes());
        captured.push(b"\nlast\n");
        captured.finish();
        let text = captured.text_within(4 * 1024, 4 * 1024);
        assert_eq!(text.matches("of output cut").count(), 1, "{text}");
        assert!(text.starts_with("first\n"));
        assert!(text.ends_with("\nlast\n"));
        assert!(text.len() < 8 * 1024 + 200, "{} bytes", text.len());
        // 120 006 bytes in all, 8 KiB kept (give or take a split character).
        assert!(text.contains("[... 109.2 KiB of output cut;"), "{text}");
        // Output that fits the first cap but not the shorter view.
        let short = Captured::from_text(&"x".repeat(10_000));
        let text = short.text_within(100, 100);
        assert!(text.contains("[... 9.6 KiB of output cut; showing the first 100 bytes and the last 100 bytes ...]"), "{text}");
        assert_eq!(
            Captured::from_text("small\n").text_within(100, 100),
            "small\n"
        );
    }

    #[test]
    fn cap_keeps_head_and_tail_at_char_boundaries() {
        let text = "é".repeat(100);
        let (capped, cut) = cap(&text, 11, 11);
        assert!(cut);
        assert!(capped.starts_with("ééééé\n\n[..."), "{capped}");
        assert!(capped.ends_with("...]\n\nééééé"), "{capped}");
        assert_eq!(cap("short", 10, 10), ("short".to_string(), false));
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        let run = sh("printf 'a\\377b\\n'", Duration::from_secs(5));
        assert_eq!(run.output.text(), "a\u{fffd}b\n");
    }

    #[test]
    fn stdin_is_closed() {
        let run = sh("cat; echo done", Duration::from_secs(5));
        assert_eq!(run.output.text(), "done\n");
    }
}
