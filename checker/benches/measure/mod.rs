//! What the benchmarks share: the number of rounds from the command line,
//! medians, and files of the real course put back however a run ends.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

/// `ROUNDS` from `cargo bench ... -- ROUNDS`, or `default`.
pub fn rounds(default: usize) -> usize {
    std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map_or(default, |a| a.parse().expect("ROUNDS is a number"))
}

pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    let n = times.len();
    if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Files as they were when it was made (or their absence), written back
/// when it is dropped.
pub struct Restore(Vec<(PathBuf, Option<Vec<u8>>)>);

impl Restore {
    pub fn files(paths: &[PathBuf]) -> Restore {
        Restore(
            paths
                .iter()
                .map(|p| (p.clone(), std::fs::read(p).ok()))
                .collect(),
        )
    }
}

impl Drop for Restore {
    fn drop(&mut self) {
        for (path, contents) in &self.0 {
            let _ = match contents {
                Some(contents) => std::fs::write(path, contents),
                None => std::fs::remove_file(path),
            };
        }
    }
}
