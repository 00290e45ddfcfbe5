//! A real pseudo-terminal to drive `checker watch` from tests and the
//! benchmark: the program gets a terminal of its own (it cannot tell it
//! from a person's), and we read what it draws, with escape sequences
//! stripped, waiting on a condition variable rather than polling.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long to wait for text before failing: builds on a busy machine are slow.
pub const PATIENCE: Duration = Duration::from_secs(180);

pub struct Terminal {
    master: std::fs::File,
    child: Child,
    output: Arc<(Mutex<Output>, Condvar)>,
    /// How much of the plain text `expect` has consumed.
    seen: usize,
}

#[derive(Default)]
struct Output {
    raw: Vec<u8>,
    /// `raw` without escape sequences and carriage returns.
    plain: Vec<u8>,
    state: Escape,
    closed: bool,
}

#[derive(Default, Clone, Copy)]
enum Escape {
    #[default]
    None,
    Start,
    Csi,
    /// `ESC ( B`: a character set designation, one byte follows.
    Charset,
    Osc,
    OscEnd,
}

impl Output {
    fn push(&mut self, bytes: &[u8]) {
        self.raw.extend_from_slice(bytes);
        for &b in bytes {
            self.state = match (self.state, b) {
                (Escape::None, 0x1b) => Escape::Start,
                (Escape::None, b'\r') => Escape::None,
                (Escape::None, _) => {
                    self.plain.push(b);
                    Escape::None
                }
                (Escape::Start, b'[') => Escape::Csi,
                (Escape::Start, b'(' | b')') => Escape::Charset,
                (Escape::Charset, _) => Escape::None,
                (Escape::Start, b']') => Escape::Osc,
                (Escape::Start, _) => Escape::None,
                (Escape::Csi, 0x40..=0x7e) => Escape::None,
                (Escape::Csi, _) => Escape::Csi,
                (Escape::Osc, 0x07) => Escape::None,
                (Escape::Osc, 0x1b) => Escape::OscEnd,
                (Escape::Osc, _) => Escape::Osc,
                (Escape::OscEnd, b'\\') => Escape::None,
                (Escape::OscEnd, _) => Escape::Osc,
            };
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

impl Terminal {
    /// Starts `command` on a new 100x40 pseudo-terminal.
    pub fn spawn(mut command: Command) -> Terminal {
        let (mut master, mut slave) = (-1, -1);
        let size = libc::winsize {
            ws_row: 40,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two fds into the given ints; the name and
        // termios pointers may be null.
        let opened = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(opened, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both fds were just opened and are owned by nobody else.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        command
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(|| {
                // A session of its own with the pty as controlling terminal,
                // as a shell in a terminal window would have.
                if libc::setsid() == -1 || libc::ioctl(0, libc::TIOCSCTTY, 0) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("could not start the checker");
        // Our copies of the slave end go with `command`, so reading the
        // master ends when the program and its children have exited.
        drop(command);
        let master = std::fs::File::from(master);
        let output = Arc::new((Mutex::new(Output::default()), Condvar::new()));
        let sink = Arc::clone(&output);
        let mut reader = master.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let (lock, wake) = &*sink;
                let mut output = lock.lock().unwrap_or_else(|e| e.into_inner());
                if n == 0 {
                    output.closed = true;
                } else {
                    output.push(&buf[..n]);
                }
                wake.notify_all();
                if n == 0 {
                    return;
                }
            }
        });
        Terminal {
            master,
            child,
            output,
            seen: 0,
        }
    }

    /// Types `keys`.
    pub fn send(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).unwrap();
        self.master.flush().unwrap();
    }

    /// Waits for `needle` in the text drawn since the last match and returns
    /// that text, up to and including the needle.
    pub fn expect(&mut self, needle: &str) -> String {
        self.expect_within(needle, PATIENCE)
    }

    pub fn expect_within(&mut self, needle: &str, patience: Duration) -> String {
        let deadline = Instant::now() + patience;
        let (lock, wake) = &*self.output;
        let mut output = lock.lock().unwrap();
        loop {
            if let Some(at) = find(&output.plain[self.seen..], needle.as_bytes()) {
                let end = self.seen + at + needle.len();
                let text = String::from_utf8_lossy(&output.plain[self.seen..end]).into_owned();
                self.seen = end;
                return text;
            }
            let now = Instant::now();
            if output.closed || now >= deadline {
                let rest = String::from_utf8_lossy(&output.plain[self.seen..]).into_owned();
                let tail: String = {
                    let chars: Vec<char> = rest.chars().collect();
                    chars[chars.len().saturating_sub(3000)..].iter().collect()
                };
                let why = if output.closed {
                    "the program ended"
                } else {
                    "timed out"
                };
                // Unlocked first, so the reader thread is not poisoned too.
                drop(output);
                panic!(
                    "`{needle}` did not appear ({why}); the screen since the last match ends with:\n{tail}"
                );
            }
            output = wake.wait_timeout(output, deadline - now).unwrap().0;
        }
    }

    /// Everything the program wrote, escape sequences included.
    pub fn raw(&self) -> Vec<u8> {
        self.output.0.lock().unwrap().raw.clone()
    }

    /// Waits for the program to exit.
    pub fn wait(&mut self) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the checker did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The terminal's line settings, as the program left them.
    pub fn termios(&self) -> libc::termios {
        use std::os::fd::AsRawFd;
        // SAFETY: tcgetattr fills a plain struct for a valid fd.
        unsafe {
            let mut termios = std::mem::zeroed();
            assert_eq!(libc::tcgetattr(self.master.as_raw_fd(), &mut termios), 0);
            termios
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        // The checker leads its own session: take its builds down with it.
        // SAFETY: kill(2) only sends a signal.
        unsafe {
            libc::kill(-(self.child.id() as i32), libc::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
