//! The interactive exercise list (key `l`): move with the arrows or j/k,
//! show all, done or pending exercises, search by name with `/`, and press
//! Enter to make the selected exercise the current one.

use crate::info_file::Course;
use crate::progress::Progress;
use crate::style::Colorize;
use crossterm::event::{KeyCode, KeyEvent};
use std::fmt::Write as _;

/// Which exercises the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    Done,
    Pending,
}

/// What the watch loop should do after a key in the list.
#[derive(Debug, PartialEq, Eq)]
pub enum ListAction {
    /// Nothing changed.
    Same,
    Redraw,
    /// Back to the exercise screen.
    Close,
    /// Make exercise number `.0` (course order) current.
    Jump(usize),
}

pub struct ListState {
    /// The highlighted exercise (course index).
    selected: Option<usize>,
    filter: Filter,
    search: String,
    /// Keys go into the search box.
    typing: bool,
}

impl ListState {
    /// A list with the current exercise highlighted.
    pub fn new(current: Option<usize>) -> ListState {
        ListState {
            selected: Some(current.unwrap_or(0)),
            filter: Filter::All,
            search: String::new(),
            typing: false,
        }
    }

    /// Course indices of the exercises shown, in course order.
    fn rows(&self, course: &Course, progress: &Progress) -> Vec<usize> {
        let search = self.search.to_lowercase();
        course
            .exercises
            .iter()
            .enumerate()
            .filter(|(_, e)| match self.filter {
                Filter::All => true,
                Filter::Done => progress.is_done(&e.name),
                Filter::Pending => !progress.is_done(&e.name),
            })
            .filter(|(_, e)| e.name.contains(&search) || e.dir.to_lowercase().contains(&search))
            .map(|(i, _)| i)
            .collect()
    }

    /// Keeps the highlight on a shown row.
    fn settle(&mut self, course: &Course, progress: &Progress) {
        let rows = self.rows(course, progress);
        if !self.selected.is_some_and(|s| rows.contains(&s)) {
            self.selected = rows.first().copied();
        }
    }

    pub fn key(&mut self, key: KeyEvent, course: &Course, progress: &Progress) -> ListAction {
        if self.typing {
            match key.code {
                KeyCode::Char(c) => self.search.push(c),
                KeyCode::Backspace => {
                    self.search.pop();
                }
                KeyCode::Enter => self.typing = false,
                KeyCode::Esc => {
                    self.typing = false;
                    self.search.clear();
                }
                _ => return ListAction::Same,
            }
            self.settle(course, progress);
            return ListAction::Redraw;
        }
        let rows = self.rows(course, progress);
        let at = self
            .selected
            .and_then(|s| rows.iter().position(|&r| r == s));
        let move_to = |position: usize| rows.get(position).copied();
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                if let Some(next) = at.and_then(|a| move_to(a + 1)) {
                    self.selected = Some(next);
                }
            }
            KeyCode::Up | KeyCode::Char('k') => {
                if let Some(prev) = at.and_then(|a| a.checked_sub(1)).and_then(move_to) {
                    self.selected = Some(prev);
                }
            }
            KeyCode::PageDown => {
                self.selected = at
                    .map(|a| (a + 10).min(rows.len().saturating_sub(1)))
                    .and_then(move_to)
            }
            KeyCode::PageUp => self.selected = at.map(|a| a.saturating_sub(10)).and_then(move_to),
            KeyCode::Home | KeyCode::Char('g') => self.selected = rows.first().copied(),
            KeyCode::End | KeyCode::Char('G') => self.selected = rows.last().copied(),
            KeyCode::Char('a') => self.filter = Filter::All,
            KeyCode::Char('d') => self.filter = Filter::Done,
            KeyCode::Char('p') => self.filter = Filter::Pending,
            KeyCode::Char('/') => {
                self.typing = true;
                self.search.clear();
            }
            KeyCode::Enter => {
                return match self.selected {
                    Some(index) => ListAction::Jump(index),
                    None => ListAction::Same,
                };
            }
            KeyCode::Esc | KeyCode::Char('q' | 'l') => return ListAction::Close,
            _ => return ListAction::Same,
        }
        self.settle(course, progress);
        ListAction::Redraw
    }

    /// The list, scrolled so the highlight is visible in `height` rows.
    pub fn draw(
        &self,
        course: &Course,
        progress: &Progress,
        current: Option<usize>,
        width: usize,
        height: usize,
    ) -> String {
        let rows = self.rows(course, progress);
        let filter = match self.filter {
            Filter::All => "all",
            Filter::Done => "done",
            Filter::Pending => "pending",
        };
        let mut text = format!(
            "{}  showing {filter}, {} of {}",
            "Exercises".bold(),
            rows.len(),
            course.exercises.len()
        );
        if self.typing || !self.search.is_empty() {
            let _ = write!(
                text,
                "  search: /{}{}",
                self.search,
                if self.typing { "_" } else { "" }
            );
        }
        text.push_str("\n\n");
        let name_width = course
            .exercises
            .iter()
            .map(|e| e.name.len())
            .max()
            .unwrap_or(4);
        // Title, blank line, blank line and two legend lines.
        let visible = height.saturating_sub(5).max(3);
        let at = self
            .selected
            .and_then(|s| rows.iter().position(|&r| r == s))
            .unwrap_or(0);
        let first = at
            .saturating_sub(visible / 2)
            .min(rows.len().saturating_sub(visible));
        if rows.is_empty() {
            text.push_str("  (no exercise matches)\n");
        }
        for &index in rows.iter().skip(first).take(visible) {
            let exercise = &course.exercises[index];
            let status = if progress.is_done(&exercise.name) {
                "done   ".green()
            } else {
                "pending".yellow()
            };
            let line = format!(
                "{} {:>3}  {:name_width$}  {status}  {}{}",
                if Some(index) == self.selected {
                    ">"
                } else {
                    " "
                },
                index + 1,
                exercise.name,
                exercise.dir,
                if Some(index) == current {
                    "  (current)"
                } else {
                    ""
                }
            );
            if Some(index) == self.selected {
                let _ = writeln!(text, "{}", line.reversed());
            } else {
                let _ = writeln!(text, "{line}");
            }
        }
        let legend = if self.typing {
            "type to search, Enter keep, Esc clear"
        } else {
            "up/down or j/k move  Enter jump  / search  a all  d done  p pending  Esc back"
        };
        let legend: String = legend.chars().take(width.max(20)).collect();
        let _ = write!(text, "\n{legend}");
        text
    }
}
