//! The `json` report: a grade as a documented, versioned JSON document.
//! docs/grade-schema.json is its schema; bump [`SCHEMA_VERSION`] on any
//! change a consumer could notice (a field removed, renamed or retyped).

use super::Grade;
use crate::verdict::TestOutcome;
use serde_json::{Value, json};

/// The version of the document's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// The report as a JSON value.
pub fn value(grade: &Grade) -> Value {
    let exercises: Vec<Value> = grade
        .exercises
        .iter()
        .zip(grade.shown_points())
        .map(|(e, points)| {
            let tests: Vec<Value> = e
                .tests
                .iter()
                .map(|t| {
                    json!({
                        "name": t.name,
                        "status": match t.outcome {
                            TestOutcome::Passed => "passed",
                            TestOutcome::Failed => "failed",
                            TestOutcome::Ignored => "ignored",
                        },
                    })
                })
                .collect();
            json!({
                "name": e.name,
                "topic": e.topic,
                // Every exercise is checked by its tests; kept for version 1.
                "mode": "test",
                "file": e.file.display().to_string(),
                "status": e.status.name(),
                "reason": e.reason,
                "points": points,
                "max_points": e.max_points,
                "tests_modified": e.tests_modified,
                "verdict": e.verdict.as_ref().map(|v| v.kind()),
                "duration_ms": e.duration.as_millis() as u64,
                "line": e.line,
                "tests_expected": e.tests_expected,
                "tests": tests,
                "output": e.output,
                "output_truncated": e.output_truncated,
                "doctor": e.doctor.iter().map(|d| json!({
                    "note": d.note.name,
                    "title": d.note.title,
                    "what": d.what,
                })).collect::<Vec<Value>>(),
            })
        })
        .collect();
    json!({
        "schema": "asynclings-grade",
        "version": SCHEMA_VERSION,
        "checker_version": env!("CARGO_PKG_VERSION"),
        "course": grade.course,
        "submission": grade.submission,
        "partial": grade.partial,
        "score": grade.score(),
        "max_score": grade.max(),
        "duration_ms": grade.duration.as_millis() as u64,
        "exercises": exercises,
    })
}

/// The report as pretty-printed JSON text.
pub fn render(grade: &Grade) -> String {
    let mut text = serde_json::to_string_pretty(&value(grade)).expect("a JSON value serialises");
    text.push('\n');
    text
}
