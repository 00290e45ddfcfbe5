//! Everything watch reacts to, as one `Event` type on one channel: file
//! changes from `notify`, keys and resizes from the terminal, signals, and
//! the progress and results of the checks the loop starts. Each source
//! blocks in the kernel while nothing happens, so an idle watch uses no CPU.
//!
//! File changes are not debounced: every event of a save reaches the loop at
//! once, which starts the check on the first and restarts it only when a
//! later event shows other contents (see `Watch::on_file_changed`).

use crate::cargo::BuildProgress;
use crate::verdict::Check;
use crossterm::event::KeyEvent;
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// How long an exercise file may be gone before watch says it is missing:
/// editors that save by renaming the old file away or deleting it first
/// bring it back within a few milliseconds.
pub const MISSING_GRACE: Duration = Duration::from_millis(150);

/// Something the watch loop must react to.
#[derive(Debug)]
pub enum Event {
    /// An exercise file was written, replaced, created or removed (one
    /// event each; a save often makes several).
    FileChanged(PathBuf),
    /// An exercise file was found gone `MISSING_GRACE` ago: is it still?
    MaybeMissing(PathBuf),
    /// A key press.
    Key(KeyEvent),
    /// The terminal changed size.
    Resized,
    /// The file watcher stopped working (what went wrong).
    WatcherFailed(String),
    /// The terminal can no longer be read (what went wrong).
    InputFailed(String),
    /// Cargo's progress in the build of check number `check`.
    Building { check: u64, progress: BuildProgress },
    /// A check of one exercise ended (it was not cancelled).
    CheckFinished {
        exercise: String,
        result: anyhow::Result<Box<Check>>,
    },
    /// One more exercise of a "check all" has its verdict.
    CheckAllProgress { done: usize, failed: usize },
    /// "Check all" ended: every check in course order.
    CheckAllFinished(anyhow::Result<Vec<Check>>),
    /// The process was asked to stop (SIGTERM, SIGHUP, SIGINT from `kill`).
    Quit,
}

/// The one channel every source sends into.
pub fn channel() -> (UnboundedSender<Event>, UnboundedReceiver<Event>) {
    unbounded_channel()
}

/// Watches `dir` (recursively) and sends a `FileChanged` for each `.rs`
/// file touched. Editor side files (`.swp`, `~` backups, vim's `4913`
/// probe, `sed -i`'s temp file) are not `.rs` files and never get through.
/// The watcher stops when the returned value is dropped.
pub fn watch_files(dir: &Path, tx: UnboundedSender<Event>) -> notify::Result<RecommendedWatcher> {
    let mut watcher =
        notify::recommended_watcher(move |result: notify::Result<notify::Event>| match result {
            Ok(event) if is_content_change(&event.kind) => {
                for path in event.paths {
                    if path.extension().is_some_and(|e| e == "rs") {
                        let _ = tx.send(Event::FileChanged(path));
                    }
                }
            }
            Ok(_) => {}
            Err(e) => {
                let _ = tx.send(Event::WatcherFailed(e.to_string()));
            }
        })?;
    watcher.watch(dir, RecursiveMode::Recursive)?;
    Ok(watcher)
}

/// Sends `MaybeMissing(path)` after `MISSING_GRACE`.
pub fn recheck_missing(path: PathBuf, tx: UnboundedSender<Event>) {
    tokio::spawn(async move {
        tokio::time::sleep(MISSING_GRACE).await;
        let _ = tx.send(Event::MaybeMissing(path));
    });
}

/// Whether a file-system event can mean new contents. Opening and reading
/// are not (the checker's own build reads the file: counting that would
/// loop), nor are permission or timestamp changes.
fn is_content_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Reads keys and resizes on a thread of its own (crossterm's `read` blocks
/// until the terminal has something).
pub fn read_terminal(tx: UnboundedSender<Event>) {
    std::thread::spawn(move || {
        loop {
            let event = match crossterm::event::read() {
                Ok(crossterm::event::Event::Key(key))
                    if key.kind != crossterm::event::KeyEventKind::Release =>
                {
                    Event::Key(key)
                }
                Ok(crossterm::event::Event::Resize(..)) => Event::Resized,
                Ok(_) => continue,
                Err(e) => Event::InputFailed(e.to_string()),
            };
            let failed = matches!(event, Event::InputFailed(_));
            if tx.send(event).is_err() || failed {
                return;
            }
        }
    });
}

/// Turns termination signals into `Quit`, so the terminal is restored.
/// (In raw mode Ctrl-C is a key, not a signal.)
pub fn forward_signals(tx: UnboundedSender<Event>) {
    use tokio::signal::unix::{SignalKind, signal};
    for kind in [
        SignalKind::terminate(),
        SignalKind::hangup(),
        SignalKind::interrupt(),
    ] {
        let Ok(mut signals) = signal(kind) else {
            continue;
        };
        let tx = tx.clone();
        tokio::spawn(async move {
            if signals.recv().await.is_some() {
                let _ = tx.send(Event::Quit);
            }
        });
    }
}
