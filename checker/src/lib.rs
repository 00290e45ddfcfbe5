//! asynclings' checker: one engine that turns an exercise into a verdict,
//! and thin front ends (run, verify, watch, grade) that choose which
//! exercises to check and how to show the verdicts.
//!
//! # Module map
//!
//! The course, as files on disk:
//! - [`info_file`]: info.toml, the manifest (exercises, order, hints).
//! - [`progress`]: the learner's progress file and the one rule that records a verdict.
//! - [`shipped`]: the exercise files as shipped (embedded), restoring them, atomic writes.
//! - [`bins`]: the generated `[[bin]]` lists of the exercises and solutions packages.
//! - [`test_module`]: the `#[cfg(test)] mod tests` tail every test exercise ends with.
//! - [`wrong_answers`]: plausible mistakes kept under wrong_answers/, which the tests must reject.
//!
//! Checking, from exercise to verdict:
//! - [`engine`]: the one engine: builds, runs and judges exercises, cancellable.
//! - [`cargo`]: one cargo invocation for many bins, its JSON sorted by target.
//! - [`process`]: runs a program in its own process group, timed and capped.
//! - [`libtest`]: reads the test harness's report lines.
//! - [`diagnostic`]: rustc's diagnostics and which of them are errors.
//! - [`verdict`]: what a check concludes (`Verdict`, `Check`).
//!
//! Putting verdicts into words:
//! - [`describe`]: each verdict described once: what happened, what to do.
//! - [`render`]: a check as text for people (diagnostics, output, summary).
//! - [`doctor`]: the async doctor: recognised async mistakes, explained.
//! - [`meter`]: progress bars: cargo's build, exercises checked.
//! - [`style`]: colour and emphasis, only on a terminal.
//! - [`ansi`]: escape sequences taken out of text.
//! - [`suggest`]: "did you mean ...?" for mistyped names.
//!
//! Front ends:
//! - [`app`]: what every command starts from (course and engine).
//! - [`commands`]: run, verify, list, hint, reset, explain, grade, dev.
//! - [`watch`]: the interactive companion: checks on every save.
//! - [`grade`]: headless grading and its reports (JSON, JUnit, Classroom).
//! - [`integrity`]: the course's own check (`dev check`, `cargo test`).

pub mod ansi;
pub mod app;
pub mod bins;
pub mod cargo;
pub mod commands;
pub mod describe;
pub mod diagnostic;
pub mod doctor;
pub mod engine;
pub mod grade;
pub mod info_file;
pub mod integrity;
pub mod libtest;
pub mod meter;
pub mod process;
pub mod progress;
pub mod render;
pub mod replay;
pub mod shipped;
pub mod style;
pub mod suggest;
pub mod test_module;
pub mod verdict;
pub mod watch;
pub mod wrong_answers;
