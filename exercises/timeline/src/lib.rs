//! A tiny text timeline of when each piece of async work ran.
//!
//! Exercises about concurrency record spans against tokio's clock (paused in
//! tests, so the figures are exact) and print the timeline, which the checker
//! shows with the test results. The learner then *sees* whether two fetches
//! overlapped instead of reading a number.
//!
//! [`Recorder`] does the same for `tracing` spans: a subscriber that a test
//! installs, queries (which request was this step part of?) and prints.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread", start_paused = true)]
//! # async fn main() {
//! let timeline = timeline::Timeline::new();
//! let span = timeline.start("fetch");
//! tokio::time::sleep(std::time::Duration::from_millis(300)).await;
//! span.end();
//! assert!(timeline.to_string().contains("fetch"));
//! # }
//! ```

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

mod recorder;

pub use recorder::{EventRecord, Recorder, SpanRecord};

/// Width of the drawn bar area in characters.
const WIDTH: usize = 40;

/// A shared record of spans; cheap to clone into tasks.
#[derive(Clone)]
pub struct Timeline {
    origin: Instant,
    spans: Arc<Mutex<Vec<Entry>>>,
}

struct Entry {
    label: String,
    start: Duration,
    end: Option<Duration>,
}

/// One running piece of work; ends when `end` is called or it is dropped.
pub struct Span {
    timeline: Timeline,
    index: usize,
}

impl Timeline {
    /// Starts a timeline whose zero is now.
    pub fn new() -> Self {
        Timeline {
            origin: Instant::now(),
            spans: Arc::default(),
        }
    }

    /// Marks the start of `label`; the returned span marks its end.
    pub fn start(&self, label: impl Into<String>) -> Span {
        let mut spans = self.spans.lock().unwrap();
        spans.push(Entry {
            label: label.into(),
            start: self.origin.elapsed(),
            end: None,
        });
        Span {
            timeline: self.clone(),
            index: spans.len() - 1,
        }
    }

    /// `(label, start, end)` of every finished span, in start order.
    pub fn spans(&self) -> Vec<(String, Duration, Duration)> {
        let spans = self.spans.lock().unwrap();
        spans
            .iter()
            .filter_map(|e| e.end.map(|end| (e.label.clone(), e.start, end)))
            .collect()
    }
}

impl Default for Timeline {
    fn default() -> Self {
        Self::new()
    }
}

impl Span {
    /// Marks the end of this piece of work.
    pub fn end(self) {}
}

impl Drop for Span {
    fn drop(&mut self) {
        let now = self.timeline.origin.elapsed();
        let mut spans = self.timeline.spans.lock().unwrap();
        spans[self.index].end.get_or_insert(now);
    }
}

/// One row of a drawing: `WIDTH` columns standing for `0 .. total`.
struct Bar {
    total: Duration,
    cells: [char; WIDTH],
}

impl Bar {
    fn new(total: Duration) -> Self {
        Bar {
            total,
            cells: [' '; WIDTH],
        }
    }

    fn column(&self, t: Duration) -> usize {
        if self.total.is_zero() {
            0
        } else {
            ((t.as_secs_f64() / self.total.as_secs_f64()) * WIDTH as f64).round() as usize
        }
    }

    /// Marks `from .. to` with `mark`, at least one column wide so that an
    /// instant still shows.
    fn fill(&mut self, from: Duration, to: Duration, mark: char) {
        let start = self.column(from).min(WIDTH - 1);
        let end = self.column(to).max(start + 1).min(WIDTH);
        self.cells[start..end].fill(mark);
    }
}

impl fmt::Display for Bar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.cells.iter().try_for_each(|c| write!(f, "{c}"))
    }
}

impl fmt::Display for Timeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let spans = self.spans();
        let total = spans.iter().map(|s| s.2).max().unwrap_or_default();
        let label_width = spans.iter().map(|s| s.0.len()).max().unwrap_or(0);
        writeln!(f, "timeline (0 .. {} ms)", total.as_millis())?;
        for (label, start, end) in &spans {
            let mut bar = Bar::new(total);
            bar.fill(*start, *end, '#');
            writeln!(
                f,
                "  {label:<label_width$} |{bar}| {:>5} ms .. {:>5} ms",
                start.as_millis(),
                end.as_millis()
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn overlapping_spans_share_columns() {
        let timeline = Timeline::new();
        let a = timeline.start("a");
        let b = timeline.start("b");
        tokio::time::sleep(Duration::from_millis(100)).await;
        a.end();
        tokio::time::sleep(Duration::from_millis(100)).await;
        b.end();
        let spans = timeline.spans();
        assert_eq!(spans[0].1, Duration::ZERO);
        assert_eq!(spans[0].2, Duration::from_millis(100));
        assert_eq!(spans[1].2, Duration::from_millis(200));
        let text = timeline.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "timeline (0 .. 200 ms)");
        assert!(lines[1].contains(&format!("|{}{}|", "#".repeat(20), " ".repeat(20))));
        assert!(lines[2].contains(&format!("|{}|", "#".repeat(40))));
    }

    #[tokio::test(start_paused = true)]
    async fn unfinished_spans_are_not_drawn() {
        let timeline = Timeline::new();
        let _running = timeline.start("running");
        assert!(timeline.spans().is_empty());
        assert_eq!(timeline.to_string(), "timeline (0 .. 0 ms)\n");
    }
}
