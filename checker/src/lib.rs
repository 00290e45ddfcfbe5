//! asynclings' checker: one engine that turns an exercise into a verdict,
//! and thin front ends (run, verify, watch, grade) that choose which
//! exercises to check and how to show the verdicts.

pub mod app;
pub mod bins;
pub mod cargo;
pub mod commands;
pub mod doctor;
pub mod engine;
pub mod grade;
pub mod info_file;
pub mod integrity;
pub mod libtest;
pub mod process;
pub mod progress;
pub mod render;
pub mod shipped;
pub mod suggest;
pub mod test_module;
pub mod verdict;
pub mod watch;
pub mod wrong_answers;
