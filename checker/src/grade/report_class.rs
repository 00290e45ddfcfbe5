//! The class reports of `grade --class` and `grade merge`: `grades.csv` and
//! `grades.md` for people (a row per student, a status per exercise, and
//! why each exercise that did not pass failed), and `grades.json` for
//! machines: every student's full grade, plus what `grade merge` checks
//! before joining the partial results of several runners. The three are
//! rewritten together, each atomically, after every student, so a regrade
//! that is interrupted keeps what it finished.

use super::class::Row;
use super::partition::{Method, Partition};
use anyhow::{Context, bail};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// Names the class document kind.
pub const SCHEMA: &str = "asynclings-class";
/// The version of the class document's shape.
pub const SCHEMA_VERSION: u64 = 1;

/// A class's grades, complete or one partition of them.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassReport {
    /// The pristine course's folder name.
    pub course: String,
    /// The graded exercises, in course order.
    pub exercises: Vec<String>,
    pub partial: bool,
    /// The share of the class these rows are; `None` for all of it.
    pub partition: Option<Partition>,
    /// Students in the whole class folder, across every partition.
    pub class_size: usize,
    /// Students graded so far, in name order.
    pub rows: Vec<Row>,
}

impl ClassReport {
    /// `student,total,max,<exercise>...,error,reasons`: one line per
    /// student, each exercise cell its status.
    pub fn csv(&self) -> String {
        let mut header = vec!["student".to_string(), "total".into(), "max".into()];
        header.extend(self.exercises.iter().cloned());
        header.extend(["error".to_string(), "reasons".into()]);
        let mut out = csv_line(&header);
        for row in &self.rows {
            let mut cells = vec![row.student.clone()];
            match &row.grade {
                Ok(grade) => {
                    cells.push(number(&grade["score"]));
                    cells.push(number(&grade["max_score"]));
                    cells.extend(exercises(grade).map(|e| text(&e["status"])));
                    cells.push(String::new());
                    cells.push(
                        not_passed(grade)
                            .map(|e| format!("{}: {}", text(&e["name"]), why(e)))
                            .collect::<Vec<_>>()
                            .join("; "),
                    );
                }
                Err(error) => {
                    cells.extend([String::new(), String::new()]);
                    cells.extend(self.exercises.iter().map(|_| "error".to_string()));
                    cells.extend([error.clone(), String::new()]);
                }
            }
            out.push_str(&csv_line(&cells));
        }
        out
    }

    /// The same table in Markdown, with a ✓ for each passing exercise,
    /// followed by the reasons for everything that did not pass.
    pub fn markdown(&self) -> String {
        let mut out = String::from("| student | total |");
        for name in &self.exercises {
            out.push_str(&format!(" {} |", md_cell(name)));
        }
        out.push_str("\n|---|---:|");
        out.push_str(&"---|".repeat(self.exercises.len()));
        out.push('\n');
        let mut reasons = String::new();
        for row in &self.rows {
            out.push_str(&format!("| {} |", md_cell(&row.student)));
            match &row.grade {
                Ok(grade) => {
                    let total = format!(
                        "{} / {}",
                        number(&grade["score"]),
                        number(&grade["max_score"])
                    );
                    out.push_str(&format!(" {total} |"));
                    for e in exercises(grade) {
                        let cell = match text(&e["status"]).as_str() {
                            "pass" => "✓".to_string(),
                            status => status.to_string(),
                        };
                        out.push_str(&format!(" {cell} |"));
                    }
                    let mut failing = not_passed(grade).peekable();
                    if failing.peek().is_some() {
                        reasons.push_str(&format!("- {}\n", md_text(&row.student)));
                    }
                    for e in failing {
                        let line = format!("{}: {}", text(&e["name"]), why(e));
                        reasons.push_str(&format!("  - {}\n", md_text(&line)));
                    }
                }
                Err(error) => {
                    out.push_str(&format!(" error: {} |", md_cell(error)));
                    out.push_str(&" |".repeat(self.exercises.len()));
                }
            }
            out.push('\n');
        }
        if !reasons.is_empty() {
            out.push_str("\n## Why exercises did not pass\n\n");
            out.push_str(&reasons);
        }
        out
    }

    /// The `asynclings-class` document (docs/class-schema.json).
    pub fn json(&self) -> Value {
        let students: Vec<Value> = self
            .rows
            .iter()
            .map(|row| match &row.grade {
                Ok(grade) => json!({ "student": row.student, "grade": grade }),
                Err(error) => json!({ "student": row.student, "error": error }),
            })
            .collect();
        json!({
            "schema": SCHEMA,
            "version": SCHEMA_VERSION,
            "checker_version": env!("CARGO_PKG_VERSION"),
            "course": self.course,
            "exercises": self.exercises,
            "partial": self.partial,
            "partition": self.partition.map(|p| json!({
                "method": match p.method { Method::Count => "count", Method::Hash => "hash" },
                "index": p.index,
                "total": p.total,
            })),
            "class_size": self.class_size,
            "students": students,
        })
    }

    /// Reads a document written by [`ClassReport::json`]; `origin` names it
    /// in errors.
    pub fn from_json(value: &Value, origin: &str) -> anyhow::Result<ClassReport> {
        if value["schema"] != SCHEMA || value["version"] != SCHEMA_VERSION {
            bail!(
                "{origin} is not a grades.json of `checker grade --class` (schema {SCHEMA}, version {SCHEMA_VERSION})"
            );
        }
        let field = |name: &str| {
            value.get(name).with_context(|| {
                format!("{origin}: the class document has no `{name}`; was it edited?")
            })
        };
        let strings = |name: &str| -> anyhow::Result<Vec<String>> {
            field(name)?
                .as_array()
                .with_context(|| format!("{origin}: `{name}` is not a list"))?
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(String::from)
                        .with_context(|| format!("{origin}: `{name}` holds a non-string"))
                })
                .collect()
        };
        let partition = match field("partition")? {
            Value::Null => None,
            p => Some(Partition {
                method: match p["method"].as_str() {
                    Some("count") => Method::Count,
                    Some("hash") => Method::Hash,
                    _ => bail!("{origin}: unknown partition method {}", p["method"]),
                },
                index: count(&p["index"], origin, "partition.index")?,
                total: count(&p["total"], origin, "partition.total")?,
            }),
        };
        let mut rows = Vec::new();
        for student in field("students")?
            .as_array()
            .with_context(|| format!("{origin}: `students` is not a list"))?
        {
            let name = student["student"]
                .as_str()
                .with_context(|| format!("{origin}: a student without a name"))?;
            let grade = match (student.get("grade"), student.get("error")) {
                (Some(grade), None) if grade.is_object() => Ok(grade.clone()),
                (None, Some(Value::String(error))) => Err(error.clone()),
                _ => bail!("{origin}: {name} has neither a grade nor an error"),
            };
            rows.push(Row {
                student: name.to_string(),
                grade,
            });
        }
        Ok(ClassReport {
            course: field("course")?
                .as_str()
                .with_context(|| format!("{origin}: `course` is not a string"))?
                .to_string(),
            exercises: strings("exercises")?,
            partial: field("partial")?
                .as_bool()
                .with_context(|| format!("{origin}: `partial` is not true or false"))?,
            partition,
            class_size: count(field("class_size")?, origin, "class_size")?,
            rows,
        })
    }

    /// Writes grades.csv, grades.md and grades.json into `dir`, each
    /// replaced whole (a reader never sees half a file).
    pub fn write(&self, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
        let json = serde_json::to_string_pretty(&self.json()).expect("a JSON value serialises");
        let mut written = Vec::new();
        for (name, text) in [
            ("grades.csv", self.csv()),
            ("grades.md", self.markdown()),
            ("grades.json", json + "\n"),
        ] {
            let path = dir.join(name);
            crate::shipped::write_atomically(&path, text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            written.push(path);
        }
        Ok(written)
    }
}

fn count(value: &Value, origin: &str, name: &str) -> anyhow::Result<usize> {
    value
        .as_u64()
        .map(|n| n as usize)
        .with_context(|| format!("{origin}: `{name}` is not a count"))
}

fn exercises(grade: &Value) -> impl Iterator<Item = &Value> {
    grade["exercises"].as_array().into_iter().flatten()
}

fn not_passed(grade: &Value) -> impl Iterator<Item = &Value> {
    exercises(grade).filter(|e| e["status"] != "pass")
}

fn why(exercise: &Value) -> String {
    format!(
        "{}: {}",
        text(&exercise["status"]),
        text(&exercise["reason"])
    )
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// A number as people write it: `6`, `2.67`.
fn number(value: &Value) -> String {
    match value.as_f64() {
        Some(n) => n.to_string(),
        None => String::new(),
    }
}

/// A CSV line, fields quoted when they must be (RFC 4180).
fn csv_line(cells: &[String]) -> String {
    let fields: Vec<String> = cells
        .iter()
        .map(|text| {
            if text.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", text.replace('"', "\"\""))
            } else {
                text.clone()
            }
        })
        .collect();
    fields.join(",") + "\n"
}

/// Markdown text on one line, with its markup characters escaped.
fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A Markdown table cell: pipes escaped, on one line.
fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        let cells = ["plain", "a,b", "say \"hi\"\n"].map(String::from);
        assert_eq!(csv_line(&cells), "plain,\"a,b\",\"say \"\"hi\"\"\n\"\n");
    }

    #[test]
    fn markdown_cells_stay_in_their_column() {
        assert_eq!(md_cell("a|b\nc"), "a\\|b c");
        assert_eq!(md_text("`x` <b> *y*"), "\\`x\\` \\<b\\> \\*y\\*");
    }

    #[test]
    fn a_class_document_reads_back_as_written() {
        let report = ClassReport {
            course: "course".into(),
            exercises: vec!["adder".into()],
            partial: true,
            partition: Some("hash:2/3".parse().unwrap()),
            class_size: 7,
            rows: vec![
                Row {
                    student: "alice".into(),
                    grade: Ok(json!({"score": 1.5, "max_score": 3, "exercises": [
                        {"name": "adder", "status": "fail", "reason": "1 of 2 tests failed: tests::a"}
                    ]})),
                },
                Row {
                    student: "bob".into(),
                    grade: Err("bob has no exercises/ folder".into()),
                },
            ],
        };
        let back = ClassReport::from_json(&report.json(), "grades.json").unwrap();
        assert_eq!(back, report);
        assert_eq!(
            report.csv().lines().nth(1).unwrap(),
            "alice,1.5,3,fail,,adder: fail: 1 of 2 tests failed: tests::a"
        );
        let err =
            ClassReport::from_json(&json!({"schema": "asynclings-grade"}), "x.json").unwrap_err();
        assert!(err.to_string().contains("not a grades.json"), "{err}");
    }
}
