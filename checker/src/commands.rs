//! The command-line front ends. Each one picks exercises, asks the engine for
//! verdicts and renders them; none of them knows how a check works.

pub mod dev;
pub mod explain;
pub mod grade;
pub mod hint;
pub mod list;
pub mod reset;
pub mod run;
pub mod verify;

use crate::info_file::Course;
use crate::progress::Progress;
use colored::Colorize;
use std::time::Duration;

/// The option every command that builds exercises takes.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct BuildLimit {
    /// Stop a build still compiling after this long (e.g. 600, 90s, 10m);
    /// its exercises are reported as a build timeout. Default: 10m.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub build_timeout: Option<Duration>,
}

impl BuildLimit {
    /// Sets the engine's limit when one was given.
    pub fn apply(&self, engine: &mut crate::engine::Engine) {
        if let Some(limit) = self.build_timeout {
            engine.build_timeout = limit;
        }
    }
}

/// `600`, `600s`, `10m` or `1h`; more than zero.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => 0,
    };
    match number.parse::<u64>() {
        Ok(n) if n > 0 && scale > 0 => Ok(Duration::from_secs(n.saturating_mul(scale))),
        _ => Err(format!(
            "`{text}` is not a duration; give seconds (600) or a whole number with s, m or h (90s, 10m, 1h)"
        )),
    }
}

/// Loads the progress, telling the learner about anything that was repaired.
pub fn load_progress(course: &Course) -> Progress {
    let (progress, warnings) = Progress::load(course);
    for warning in warnings {
        eprintln!("{} {warning}", "warning:".yellow().bold());
    }
    progress
}

/// Warns before the slow first build, so a silent minute is not mistaken for a hang.
pub fn note_first_build(app: &crate::app::App) {
    if app.engine.is_first_build() {
        eprintln!("{}", crate::render::first_build_note());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_seconds_minutes_or_hours() {
        assert_eq!(parse_duration("600"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        for bad in ["", "0", "m", "10x", "1.5m", "-3", "10 m"] {
            let err = parse_duration(bad).unwrap_err();
            assert!(err.contains("not a duration"), "{bad}: {err}");
        }
    }
}
