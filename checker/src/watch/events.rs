//! Everything watch reacts to, as one `Event` type on one channel: debounced
//! file changes from `notify`, keys and resizes from the terminal, signals,
//! and the results of the checks the loop starts. Each source blocks in the
//! kernel while nothing happens, so an idle watch uses no CPU.

use crate::verdict::Check;
use crossterm::event::KeyEvent;
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// How long the files must be quiet before a save counts. Editors finish a
/// save (temp file, rename, backup) within a few milliseconds; this window
/// turns the burst into one event while adding little to save-to-verdict.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// Something the watch loop must react to.
#[derive(Debug)]
pub enum Event {
    /// An exercise file was written, replaced, created or removed; sent once
    /// per file after the burst of file-system events has settled.
    FileChanged(PathBuf),
    /// A key press.
    Key(KeyEvent),
    /// The terminal changed size.
    Resized,
    /// The file watcher stopped working (what went wrong).
    WatcherFailed(String),
    /// The terminal can no longer be read (what went wrong).
    InputFailed(String),
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

/// Watches `dir` (recursively) and sends a debounced `FileChanged` for each
/// `.rs` file touched. Editor side files (`.swp`, `~` backups, vim's `4913`
/// probe, `sed -i`'s temp file) are not `.rs` files and never get through.
/// The watcher stops when the returned value is dropped.
pub fn watch_files(dir: &Path, tx: UnboundedSender<Event>) -> notify::Result<RecommendedWatcher> {
    let (raw_tx, raw_rx) = unbounded_channel::<PathBuf>();
    let failures = tx.clone();
    let mut watcher =
        notify::recommended_watcher(move |result: notify::Result<notify::Event>| match result {
            Ok(event) if is_content_change(&event.kind) => {
                for path in event.paths {
                    if path.extension().is_some_and(|e| e == "rs") {
                        let _ = raw_tx.send(path);
                    }
                }
            }
            Ok(_) => {}
            Err(e) => {
                let _ = failures.send(Event::WatcherFailed(e.to_string()));
            }
        })?;
    watcher.watch(dir, RecursiveMode::Recursive)?;
    tokio::spawn(debounce(raw_rx, tx));
    Ok(watcher)
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

/// Collects touched paths until none has come for `DEBOUNCE`, then sends
/// each once. Waits on the channel (no timer) while nothing happens.
async fn debounce(mut raw: UnboundedReceiver<PathBuf>, tx: UnboundedSender<Event>) {
    while let Some(first) = raw.recv().await {
        let mut paths = BTreeSet::from([first]);
        loop {
            tokio::select! {
                next = raw.recv() => match next {
                    Some(path) => {
                        paths.insert(path);
                    }
                    None => break,
                },
                () = tokio::time::sleep(DEBOUNCE) => break,
            }
        }
        for path in paths {
            if tx.send(Event::FileChanged(path)).is_err() {
                return;
            }
        }
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
