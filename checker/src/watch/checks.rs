//! Starting and concluding checks: the check in flight is a future the
//! watch loop owns (replacing it cancels it); its verdict records a pass,
//! moves on to the next pending exercise, or stays on screen.

use super::events::Event;
use super::state::Status;
use super::{Flow, Watch};
use crate::engine::{Activity, Engine};
use crate::info_file::{Exercise, Source};
use crate::render;
use crate::style::Colorize;
use crate::verdict::Check;
use std::future::Future;
use std::pin::Pin;

/// The check in flight and what it is about. Dropping it cancels it.
pub(super) struct Running {
    pub(super) future: Pin<Box<dyn Future<Output = Event>>>,
    pub(super) job: Job,
}

pub(super) enum Job {
    /// One exercise, with the contents it was started for (`None` when the
    /// file could not be read; the engine will say why).
    One {
        exercise: String,
        contents: Option<Vec<u8>>,
    },
    /// Every exercise ("check all").
    All,
}

impl Watch<'_> {
    /// Checks the current exercise, cancelling whatever check was running.
    pub(super) fn start_check(&mut self) {
        self.running = None;
        self.finished = None;
        let Some(exercise) = self.state.current(self.course) else {
            self.state.status = Status::Finished;
            return;
        };
        let path = self.watched_path(exercise);
        let contents = match std::fs::read(&path) {
            Ok(contents) => Some(contents),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.state.status = Status::Missing;
                return;
            }
            Err(_) => None,
        };
        let engine = self.observed_engine();
        let exercise = exercise.clone();
        let name = exercise.name.clone();
        let future = Box::pin(async move {
            let result = engine
                .check(&exercise, Source::Exercise)
                .await
                .map(Box::new);
            Event::CheckFinished {
                exercise: exercise.name,
                result,
            }
        });
        self.running = Some(Running {
            future,
            job: Job::One {
                exercise: name,
                contents,
            },
        });
        self.state.status = Status::Checking;
        self.state.first_build = self.engine.is_first_build();
    }

    /// The engine for a new check, whose build progress comes back as
    /// events marked with the check's number.
    fn observed_engine(&mut self) -> Engine {
        self.check_number += 1;
        self.state.building = None;
        let (tx, check) = (self.tx.clone(), self.check_number);
        // Exercises checked come back through check-all's own callback.
        self.engine.observed(move |activity| {
            if let Activity::Building(progress) = activity
                && progress.has_dependencies()
            {
                let _ = tx.send(Event::Building {
                    check,
                    progress: progress.clone(),
                });
            }
        })
    }

    pub(super) fn on_checked(&mut self, name: &str, result: anyhow::Result<Box<Check>>) -> Flow {
        let Some(exercise) = self.state.current(self.course) else {
            return Flow::Same;
        };
        if exercise.name != name {
            return Flow::Same;
        }
        let check = match result {
            Ok(check) => check,
            Err(e) => {
                self.state.status = Status::Error(format!("{e:#}"));
                return Flow::Redraw;
            }
        };
        let was_done = self.state.progress.is_done(name);
        let changed = self
            .state
            .progress
            .record(self.course, name, check.verdict.passed());
        if !check.verdict.passed() {
            // A done exercise that fails again is pending again.
            if changed && let Some(warning) = self.save_warning() {
                self.state.notice = Some(warning);
            }
            self.state.status = Status::Checked(check);
            return Flow::Redraw;
        }
        let passed = format!(
            "{} {}",
            render::summary(&check, exercise),
            render::solution_note(exercise)
        );
        if was_done {
            // Revisiting a finished exercise: stay on it until the learner moves.
            self.state.notice = Some(format!("{passed}\nPress n for the next exercise."));
            self.state.status = Status::Checked(check);
            return Flow::Redraw;
        }
        self.state.notice = Some(self.saved(passed));
        self.state.welcome = false;
        self.state.hint_level = 0;
        self.start_check();
        Flow::Redraw
    }

    /// `message`, with a warning if the progress file cannot be written.
    pub(super) fn saved(&self, message: String) -> String {
        match self.save_warning() {
            None => message,
            Some(warning) => format!("{message}\n{warning}"),
        }
    }

    /// Saves the progress; a warning when the file cannot be written.
    fn save_warning(&self) -> Option<String> {
        let error = self.state.progress.save().err()?;
        Some(format!("{} {error:#}", "warning:".yellow().bold()))
    }

    pub(super) fn start_check_all(&mut self) {
        let engine = self.observed_engine();
        let exercises = self.course.exercises.clone();
        let total = exercises.len();
        let tx = self.tx.clone();
        let future = Box::pin(async move {
            let all: Vec<&Exercise> = exercises.iter().collect();
            let (mut done, mut failed) = (0, 0);
            let result = engine
                .check_many(&all, Source::Exercise, |check| {
                    done += 1;
                    failed += usize::from(!check.verdict.passed());
                    let _ = tx.send(Event::CheckAllProgress { done, failed });
                })
                .await;
            Event::CheckAllFinished(result)
        });
        self.running = Some(Running {
            future,
            job: Job::All,
        });
        self.state.status = Status::CheckingAll {
            done: 0,
            failed: 0,
            total,
        };
    }

    pub(super) fn on_checked_all(&mut self, result: anyhow::Result<Vec<Check>>) -> Flow {
        let checks = match result {
            Ok(checks) => checks,
            Err(e) => {
                self.state.status = Status::Error(format!("{e:#}"));
                return Flow::Redraw;
            }
        };
        let progress = &mut self.state.progress;
        for (exercise, check) in self.course.exercises.iter().zip(&checks) {
            progress.record(self.course, &exercise.name, check.verdict.passed());
        }
        progress.go_to_first_pending(self.course);
        let passed = checks.iter().filter(|c| c.verdict.passed()).count();
        let summary = format!(
            "Checked all {} exercises: {passed} pass, {} to do.",
            checks.len(),
            checks.len() - passed
        );
        let first_pending = checks.into_iter().find(|c| !c.verdict.passed());
        match first_pending {
            Some(check) => {
                self.state.status = Status::Checked(Box::new(check));
                self.state.notice =
                    Some(self.saved(format!("{summary} Here is the first one pending.")));
            }
            None => {
                self.state.status = Status::Finished;
                self.state.notice = Some(self.saved(summary));
            }
        }
        Flow::Redraw
    }
}
