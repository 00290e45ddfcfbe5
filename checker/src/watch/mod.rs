//! `checker watch` (and `checker` alone): the learner's companion. It checks
//! the current exercise, re-checks it on every save, and moves on to the next
//! pending exercise each time one passes.
//!
//! One loop reacts to one kind of `Event` (file changed, key, check
//! finished, ...). The check in flight is a future the loop owns: a save
//! replaces it, and dropping the old one kills its build and program, so the
//! verdict on screen always belongs to the file's latest contents.

mod checks;
mod events;
mod list;
mod screen;
mod state;
mod terminal;

use crate::app::App;
use crate::engine::Engine;
use crate::info_file::{Course, Exercise, Source};
use crate::progress::{PROGRESS_FILE, Progress};
use crate::style::Colorize;
use anyhow::Context;
use checks::{Job, Running};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use events::Event;
use list::ListAction;
use state::{State, Status, View};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tokio::sync::mpsc::UnboundedSender;

/// Runs watch until the learner quits. Exit code 2 when there is no terminal
/// or the file watcher cannot start.
pub async fn run(app: &App, manual_run: bool) -> anyhow::Result<ExitCode> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!(
            "{} watch needs an interactive terminal, and this is not one (a pipe, CI, an editor's task runner?).\n  \
             help: `cargo run -p checker run` checks the current exercise once; \
             `cargo run -p checker verify` checks them all.",
            "error:".red().bold()
        );
        return Ok(ExitCode::from(2));
    }
    let course = &app.course;
    let fresh = !course.root.join(PROGRESS_FILE).exists();
    let (progress, warnings) = Progress::load(course);
    // Paths from the watcher are absolute; compare them with absolute paths.
    let exercises_dir = std::fs::canonicalize(course.root.join(Source::Exercise.package()))
        .with_context(|| {
            format!(
                "cannot open the exercises folder in {}",
                course.root.display()
            )
        })?;

    let (tx, mut rx) = events::channel();
    let _watcher = if manual_run {
        None
    } else {
        match events::watch_files(&exercises_dir, tx.clone()) {
            Ok(watcher) => Some(watcher),
            Err(e) => {
                eprintln!(
                    "{} cannot watch {} for changes: {e}\n  \
                     help: on file systems without change notification (network mounts, WSL on /mnt) \
                     run `cargo run -p checker watch --manual-run` and press r to check after saving.",
                    "error:".red().bold(),
                    exercises_dir.display()
                );
                return Ok(ExitCode::from(2));
            }
        }
    };
    events::forward_signals(tx.clone());
    let terminal =
        terminal::RawTerminal::enter().context("could not switch the terminal to raw mode")?;
    events::read_terminal(tx.clone());

    let mut watch = Watch {
        course,
        engine: &app.engine,
        exercises_dir,
        state: State {
            progress,
            status: Status::Checking,
            view: View::Exercise,
            notice: (!warnings.is_empty()).then(|| format!("warning: {}", warnings.join("\n"))),
            hint_level: 0,
            welcome: fresh,
            manual: manual_run,
            first_build: false,
            building: None,
        },
        running: None,
        finished: None,
        check_number: 0,
        tx,
    };
    watch.start_check();
    watch.draw()?;
    loop {
        // The receiver never ends: `watch.tx` keeps the channel open.
        let event = tokio::select! {
            Some(event) = rx.recv() => event,
            event = async { watch.running.as_mut().expect("guarded").future.as_mut().await },
                if watch.running.is_some() => {
                watch.finished = watch.running.take().map(|running| running.job);
                event
            }
        };
        match watch.handle(event)? {
            Flow::Redraw => watch.draw()?,
            Flow::Same => {}
            Flow::Quit => break,
        }
    }
    drop(terminal);
    println!(
        "\r\nYour progress is saved. `cargo run -p checker watch` brings you back to {}.",
        watch
            .state
            .current(course)
            .map_or("the end of the course", |e| e.name.as_str())
    );
    Ok(ExitCode::SUCCESS)
}

/// What the loop does after an event.
#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Redraw,
    /// Nothing visible changed.
    Same,
    Quit,
}

/// The loop's world: the course, what is on screen and the check in flight.
struct Watch<'a> {
    course: &'a Course,
    engine: &'a Engine,
    /// The exercises folder, canonical.
    exercises_dir: PathBuf,
    state: State,
    running: Option<Running>,
    /// What the last check that ran to its end was about.
    finished: Option<Job>,
    /// Counts the checks started, so progress of a cancelled one is ignored.
    check_number: u64,
    tx: UnboundedSender<Event>,
}

impl Watch<'_> {
    fn draw(&self) -> anyhow::Result<()> {
        screen::draw(&self.state, self.course).context("could not write to the terminal")
    }

    fn handle(&mut self, event: Event) -> anyhow::Result<Flow> {
        Ok(match event {
            Event::FileChanged(path) => self.on_file_changed(&path),
            Event::MaybeMissing(path) => self.on_maybe_missing(&path),
            Event::Building { check, progress } => {
                if self.check_number != check {
                    // From a check that was cancelled since.
                    return Ok(Flow::Same);
                }
                self.state.building = Some(progress);
                Flow::Redraw
            }
            Event::Key(key) => self.on_key(key),
            Event::Resized => Flow::Redraw,
            Event::WatcherFailed(message) => {
                self.state.manual = true;
                self.state.notice = Some(format!(
                    "{} the file watcher stopped ({message}): saves are no longer noticed. \
                     Press r to check, or restart with `cargo run -p checker watch --manual-run`.",
                    "warning:".yellow().bold()
                ));
                Flow::Redraw
            }
            Event::InputFailed(message) => {
                anyhow::bail!("could not read the terminal: {message}")
            }
            Event::CheckFinished { exercise, result } => self.on_checked(&exercise, result),
            Event::CheckAllProgress { done, failed } => match &mut self.state.status {
                // Progress queued behind the end of (or a cancelled) check-all is stale.
                Status::CheckingAll {
                    done: shown_done,
                    failed: shown_failed,
                    ..
                } if matches!(self.running, Some(Running { job: Job::All, .. })) => {
                    (*shown_done, *shown_failed) = (done, failed);
                    Flow::Redraw
                }
                _ => Flow::Same,
            },
            Event::CheckAllFinished(result) => self.on_checked_all(result),
            Event::Quit => Flow::Quit,
        })
    }

    /// The path of `exercise`'s file as the watcher reports it.
    fn watched_path(&self, exercise: &Exercise) -> PathBuf {
        self.exercises_dir.join(exercise.file_in_package())
    }

    /// A save makes several events (write, close, rename, ...). The first
    /// starts a check at once; a later one restarts it only when the file
    /// holds other contents than the check was started for, so the check
    /// that completes is always of the saved file, and one save shows one
    /// check.
    fn on_file_changed(&mut self, path: &Path) -> Flow {
        // Other exercises may change (an editor's "save all"): not our business.
        let Some(exercise) = self.state.current(self.course) else {
            return Flow::Same;
        };
        if path != self.watched_path(exercise) {
            return Flow::Same;
        }
        let now = match std::fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // Mid-save (renamed away, or deleted to be written anew): the
                // running check is of contents that are gone. Whether the file
                // is missing for good is decided in a moment.
                self.running = None;
                events::recheck_missing(path.to_path_buf(), self.tx.clone());
                return Flow::Same;
            }
            now => now.ok(),
        };
        // The check running, or else the one whose verdict is on screen.
        let latest = match (&self.running, &self.state.status) {
            (Some(running), _) => Some(&running.job),
            (None, Status::Checked(_)) => self.finished.as_ref(),
            (None, _) => None,
        };
        if let (
            Some(Job::One {
                exercise: checked,
                contents: Some(contents),
            }),
            Some(now),
        ) = (latest, now.as_deref())
            && *checked == exercise.name
            && contents == now
        {
            // Late events of a save already checked (or being checked).
            return Flow::Same;
        }
        // The screen already says this exercise is being checked: restart quietly.
        let shown = matches!(self.state.status, Status::Checking);
        self.start_check();
        if shown && matches!(self.state.status, Status::Checking) {
            Flow::Same
        } else {
            Flow::Redraw
        }
    }

    /// `path` was gone a moment ago; if it still is, say so.
    fn on_maybe_missing(&mut self, path: &Path) -> Flow {
        let Some(exercise) = self.state.current(self.course) else {
            return Flow::Same;
        };
        if path != self.watched_path(exercise) || path.exists() {
            return Flow::Same;
        }
        self.start_check();
        Flow::Redraw
    }

    /// Makes exercise `index` the current one and checks it.
    fn go_to(&mut self, index: usize) {
        let name = self.course.exercises[index].name.clone();
        self.state.progress.set_current(&name);
        self.state.notice = None;
        if let Err(e) = self.state.progress.save() {
            self.state.notice = Some(format!("{} {e:#}", "warning:".yellow().bold()));
        }
        self.state.welcome = false;
        self.state.hint_level = 0;
        self.start_check();
    }

    fn on_key(&mut self, key: KeyEvent) -> Flow {
        let ctrl_c =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl_c {
            return Flow::Quit;
        }
        match &mut self.state.view {
            View::List(list) => {
                match list.key(key, self.course, &self.state.progress) {
                    ListAction::Same => return Flow::Same,
                    ListAction::Redraw => {}
                    ListAction::Close => self.state.view = View::Exercise,
                    ListAction::Jump(index) => {
                        self.state.view = View::Exercise;
                        self.state.notice = None;
                        self.go_to(index);
                    }
                }
                Flow::Redraw
            }
            View::ConfirmReset => {
                self.state.view = View::Exercise;
                self.state.notice = Some("Nothing changed.".to_string());
                if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                    self.reset_current();
                }
                Flow::Redraw
            }
            View::Exercise => self.on_exercise_key(key),
        }
    }

    /// A key on the exercise screen.
    fn on_exercise_key(&mut self, key: KeyEvent) -> Flow {
        let KeyCode::Char(c) = key.code else {
            return Flow::Same;
        };
        let current = self.state.current_index(self.course);
        let last = self.course.exercises.len() - 1;
        match c {
            'q' => return Flow::Quit,
            // Each press shows one more level; past the last, the hint hides.
            'h' => {
                let levels = self.state.current(self.course).map_or(0, |e| e.hints.len());
                self.state.hint_level = (self.state.hint_level + 1) % (levels + 1);
            }
            'l' => self.state.view = View::List(list::ListState::new(current)),
            'n' => match current {
                Some(i) if i < last => self.go_to(i + 1),
                Some(_) => self.state.notice = Some("This is the last exercise.".into()),
                None => self.state.notice = Some("You are past the last exercise.".into()),
            },
            'p' => match current {
                Some(0) => self.state.notice = Some("This is the first exercise.".into()),
                Some(i) => self.go_to(i - 1),
                None => self.go_to(last),
            },
            'r' => {
                self.state.notice = None;
                self.start_check();
            }
            'c' => {
                self.state.notice = None;
                self.start_check_all();
            }
            'x' if current.is_some() => self.state.view = View::ConfirmReset,
            _ => return Flow::Same,
        }
        Flow::Redraw
    }

    /// Restores the shipped file (as `checker reset` does) and checks it.
    fn reset_current(&mut self) {
        let Some(exercise) = self.state.current(self.course) else {
            return;
        };
        match crate::shipped::restore(self.course, exercise) {
            Ok(()) => {
                let message = format!(
                    "{} is back to its shipped version.",
                    exercise.relative_path(Source::Exercise).display()
                );
                self.state.progress.mark_pending(&exercise.name);
                self.state.notice = Some(self.saved(message));
                self.start_check();
            }
            Err(e) => {
                self.state.notice = Some(format!("{} {e:#}", "error:".red().bold()));
            }
        }
    }
}
