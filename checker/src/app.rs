//! What every command starts from: the course found on disk, its manifest
//! loaded, and an engine to check its exercises.

use crate::engine::Engine;
use crate::info_file::{Course, INFO_FILE};
use anyhow::{Context, bail};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The loaded course and how to check it.
pub struct App {
    pub course: Course,
    pub engine: Engine,
}

impl App {
    /// Finds the course (at `dir`, or the nearest folder above the current
    /// one that holds info.toml) and loads it.
    pub fn open(dir: Option<&Path>) -> anyhow::Result<App> {
        let root = match dir {
            // Absolute: cargo runs in the course folder, where a relative
            // `--course course` would no longer lead to it.
            Some(dir) => std::path::absolute(dir)
                .with_context(|| format!("--course {}: cannot resolve the path", dir.display()))?,
            None => find_root()?,
        };
        let course = Course::load(&root)?;
        let engine = Engine::new(&course.root, color_enabled());
        Ok(App { course, engine })
    }
}

/// The nearest folder, from the current one upwards, with info.toml.
fn find_root() -> anyhow::Result<PathBuf> {
    let cwd = std::env::current_dir()?;
    for dir in cwd.ancestors() {
        if dir.join(INFO_FILE).is_file() && dir.join("Cargo.toml").is_file() {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(
        "no asynclings course here: no folder from {} upwards holds {INFO_FILE}\n  help: run the checker inside the course folder, or pass --course DIR",
        cwd.display()
    )
}

/// Colour on a terminal, off for pipes and when NO_COLOR is set.
pub fn color_enabled() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let forced = std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
    forced || (!no_color && std::io::stdout().is_terminal())
}
