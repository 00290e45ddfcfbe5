//! Class-wide regrade: every folder under a class folder is one student's
//! submission (as `gh classroom clone student-repos` lays them out:
//! `<assignment>-submissions/<repository>/`), graded in turn against the
//! pristine course. A submission that cannot be graded becomes an error
//! row; it never stops the others. A class folder given at the wrong level
//! is refused with the level to use.

use super::partition::Partition;
use super::report_json;
use super::{Options, Origin, grade};
use crate::engine::Engine;
use crate::info_file::Course;
use anyhow::{Context, bail};
use serde_json::Value;
use std::path::Path;

/// One student's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The submission folder's name.
    pub student: String,
    /// The grade as its JSON report (`asynclings-grade`), or why there is none.
    pub grade: Result<Value, String>,
}

/// The students of a class folder, and the share of them to grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// Every submission folder, sorted by name.
    pub all: Vec<String>,
    /// The ones in this partition (all of them without `--partition`).
    pub selected: Vec<String>,
}

/// Finds the submission folders under `dir`, refusing a folder that is a
/// single submission or a level above the submissions.
pub fn roster(dir: &Path, partition: Option<Partition>) -> anyhow::Result<Roster> {
    if is_checkout(dir) {
        bail!(
            "--class {}: this folder is one checkout of the course (it has exercises/), not a class; \
             grade it with --submission {0}, or give --class the folder that holds one folder per student",
            dir.display()
        );
    }
    let all = subfolders(dir)?;
    if all.is_empty() {
        bail!(
            "--class {}: no submission folders in it; clone the students' repositories into it \
             (`gh classroom clone student-repos` makes <assignment>-submissions/<repository>/)",
            dir.display()
        );
    }
    // A folder that holds several checkouts is a class, not a student: the
    // submissions are one level down (where `gh classroom clone` put them,
    // say, beside the course's own checkout).
    let nested_class = all.iter().find(|name| {
        let inner = dir.join(name);
        !is_checkout(&inner)
            && subfolders(&inner)
                .unwrap_or_default()
                .iter()
                .filter(|student| is_checkout(&inner.join(student)))
                .count()
                >= 2
    });
    if let Some(level) = nested_class {
        bail!(
            "--class {}: {} holds the students' checkouts: the submissions are one level down; use --class {}",
            dir.display(),
            dir.join(level).display(),
            dir.join(level).display()
        );
    }
    if !all.iter().any(|name| is_checkout(&dir.join(name))) {
        bail!(
            "--class {}: none of its {} folders has exercises/, so none is a submission of this course; \
             give --class the folder that holds one checkout per student",
            dir.display(),
            all.len()
        );
    }
    let selected = match partition {
        Some(partition) => partition.select(&all),
        None => all.clone(),
    };
    Ok(Roster { all, selected })
}

/// A checkout of the course: it has the exercises folder.
fn is_checkout(dir: &Path) -> bool {
    dir.join("exercises").is_dir()
}

/// Folder names under `dir`, sorted; hidden folders and files are not submissions.
fn subfolders(dir: &Path) -> anyhow::Result<Vec<String>> {
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

/// Grades `students` (folders under `dir`) one after the other, calling
/// `on_row` as each is graded so that the caller can save it at once.
pub async fn grade_class(
    course: &Course,
    engine: &Engine,
    dir: &Path,
    students: &[String],
    options: &Options,
    mut on_row: impl FnMut(&Row) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<Row>> {
    super::select(course, &options.only)?;
    let mut rows = Vec::new();
    for student in students {
        let path = dir.join(student);
        let result = if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            Err("the submission folder is a symlink; copy the repository in instead".to_string())
        } else if !is_checkout(&path) {
            Err(format!(
                "{student} has no exercises/ folder, so it is not a checkout of the course \
                 (an empty repository, or a different one)"
            ))
        } else {
            grade(course, engine, &Origin::Submission(path), options)
                .await
                .map(|grade| report_json::value(&grade))
                .map_err(|e| format!("{e:#}"))
        };
        let row = Row {
            student: student.clone(),
            grade: result,
        };
        on_row(&row)?;
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folders(root: &Path, paths: &[&str]) {
        for path in paths {
            std::fs::create_dir_all(root.join(path)).unwrap();
        }
    }

    #[test]
    fn the_gh_classroom_layout_is_found_and_wrong_levels_are_named() {
        let root = tempfile::tempdir().unwrap();
        let class = root.path().join("hw1-submissions");
        folders(
            &class,
            &[
                "hw1-alice/exercises",
                "hw1-bob/exercises",
                "hw1-carol",
                "hw1-dan/nested/exercises",
                ".git",
            ],
        );
        let roster = roster(&class, None).unwrap();
        // A student's repository with the course one level in is a student
        // (an error row), not a class.
        assert_eq!(roster.all, ["hw1-alice", "hw1-bob", "hw1-carol", "hw1-dan"]);

        let above = roster_error(root.path());
        assert!(above.contains("one level down"), "{above}");
        assert!(above.contains("hw1-submissions"), "{above}");
        let single = roster_error(&class.join("hw1-alice"));
        assert!(single.contains("--submission"), "{single}");
        // The course's checkout beside the class folder looks like one more
        // student, but the class one level down gives the mistake away.
        folders(root.path(), &["course/exercises"]);
        let beside = roster_error(root.path());
        assert!(beside.contains("one level down"), "{beside}");
        let empty = tempfile::tempdir().unwrap();
        assert!(roster_error(empty.path()).contains("no submission folders"));
        folders(empty.path(), &["notes/photos"]);
        assert!(roster_error(empty.path()).contains("none of its 1 folders"));
    }

    fn roster_error(dir: &Path) -> String {
        format!("{:#}", roster(dir, None).unwrap_err())
    }
}
