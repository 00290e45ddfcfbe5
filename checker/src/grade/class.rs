//! Class-wide regrade: every folder under a class folder is one student's
//! submission, graded in turn against the pristine course. A submission that
//! cannot be graded at all becomes an error row; it never stops the others.
//! The result is written as one CSV file and one Markdown table.

use super::report_json::round_points;
use super::{Grade, Options, Origin, grade};
use crate::engine::Engine;
use crate::info_file::{Course, Exercise};
use anyhow::Context;
use std::path::Path;

/// One student's row.
#[derive(Debug)]
pub struct Row {
    /// The submission folder's name.
    pub student: String,
    /// The grade, or why there is none.
    pub grade: Result<Grade, String>,
}

/// The submission folders under `dir`, sorted by name; hidden folders and
/// plain files are not submissions.
pub fn submissions(dir: &Path) -> anyhow::Result<Vec<String>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the class folder {}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
        if !name.starts_with('.') && is_dir {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Grades every submission under `dir`, calling `on_row` as each finishes.
pub async fn grade_class(
    course: &Course,
    engine: &Engine,
    dir: &Path,
    options: &Options,
    mut on_row: impl FnMut(&Row),
) -> anyhow::Result<Vec<Row>> {
    super::select(course, &options.only)?;
    let mut rows = Vec::new();
    for student in submissions(dir)? {
        let path = dir.join(&student);
        let result = if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            Err("the submission folder is a symlink; copy the repository in instead".to_string())
        } else {
            grade(course, engine, &Origin::Submission(path), options)
                .await
                .map_err(|e| format!("{e:#}"))
        };
        let row = Row {
            student,
            grade: result,
        };
        on_row(&row);
        rows.push(row);
    }
    Ok(rows)
}

/// A CSV field, quoted when it must be (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// `student,total,max,<exercise>...,error`: one line per student, each
/// exercise cell its status.
pub fn csv(rows: &[Row], exercises: &[&Exercise]) -> String {
    let mut header = vec!["student".to_string(), "total".into(), "max".into()];
    header.extend(exercises.iter().map(|e| e.name.clone()));
    header.push("error".into());
    let mut out = header
        .iter()
        .map(|h| csv_field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for row in rows {
        let mut cells = vec![row.student.clone()];
        match &row.grade {
            Ok(grade) => {
                cells.push(round_points(grade.total()).to_string());
                cells.push(grade.max().to_string());
                cells.extend(grade.exercises.iter().map(|e| e.status.name().to_string()));
                cells.push(String::new());
            }
            Err(error) => {
                cells.extend(["".to_string(), "".to_string()]);
                cells.extend(exercises.iter().map(|_| "error".to_string()));
                cells.push(error.clone());
            }
        }
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

/// A Markdown table cell: pipes escaped, on one line.
fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The same table in Markdown, with a ✓ for each passing exercise.
pub fn markdown(rows: &[Row], exercises: &[&Exercise]) -> String {
    let mut out = String::from("| student | total |");
    for e in exercises {
        out.push_str(&format!(" {} |", md_cell(&e.name)));
    }
    out.push_str("\n|---|---:|");
    out.push_str(&"---|".repeat(exercises.len()));
    out.push('\n');
    for row in rows {
        out.push_str(&format!("| {} |", md_cell(&row.student)));
        match &row.grade {
            Ok(grade) => {
                out.push_str(&format!(
                    " {} / {} |",
                    round_points(grade.total()),
                    grade.max()
                ));
                for e in &grade.exercises {
                    let cell = if e.passed() {
                        "✓".to_string()
                    } else {
                        e.status.name().to_string()
                    };
                    out.push_str(&format!(" {cell} |"));
                }
            }
            Err(error) => {
                out.push_str(&format!(" error: {} |", md_cell(error)));
                out.push_str(&" |".repeat(exercises.len()));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\"\n"), "\"say \"\"hi\"\"\n\"");
    }

    #[test]
    fn markdown_cells_stay_in_their_column() {
        assert_eq!(md_cell("a|b\nc"), "a\\|b c");
    }
}
