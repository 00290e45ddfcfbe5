//! `checker grade` end to end through the binary: every report format parsed
//! back (JSON against docs/grade-schema.json, JUnit with an XML parser, the
//! Classroom result decoded from base64), exit codes, GitHub annotations and
//! the class-wide regrade.

mod support;

use base64::Engine as _;
use quick_xml::events::Event;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};
use support::*;

fn checker(course: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_checker"));
    command
        .arg("--course")
        .arg(course)
        .arg("grade")
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_OUTPUT");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Validates `value` against the subset of JSON Schema the grade schema
/// uses (type, const, enum, properties, required, additionalProperties,
/// items, minimum), returning every violation with its path.
fn validate(schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
            _ => panic!("bad type in schema at {path}"),
        };
        let ok = types.iter().any(|t| match *t {
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            other => panic!("unknown type {other}"),
        });
        if !ok {
            errors.push(format!("{path}: {value} is not of type {types:?}"));
            return;
        }
    }
    if let Some(constant) = schema.get("const")
        && constant != value
    {
        errors.push(format!("{path}: {value} is not {constant}"));
    }
    if let Some(Value::Array(allowed)) = schema.get("enum")
        && !allowed.contains(value)
    {
        errors.push(format!("{path}: {value} is not one of {allowed:?}"));
    }
    if let (Some(minimum), Some(n)) = (schema.get("minimum"), value.as_f64())
        && n < minimum.as_f64().unwrap()
    {
        errors.push(format!("{path}: {n} is below {minimum}"));
    }
    if let Value::Object(object) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        if let Some(Value::Array(required)) = schema.get("required") {
            for key in required {
                if !object.contains_key(key.as_str().unwrap()) {
                    errors.push(format!("{path}: missing {key}"));
                }
            }
        }
        for (key, inner) in object {
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => validate(sub, inner, &format!("{path}.{key}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}: unexpected property {key}"))
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(sub)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(sub, item, &format!("{path}[{i}]"), errors);
        }
    }
}

fn assert_valid_grade_json(report: &Value) {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/grade-schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let mut errors = Vec::new();
    validate(&schema, report, "$", &mut errors);
    assert!(
        errors.is_empty(),
        "schema violations:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    let schema: Value = serde_json::json!({
        "type": "object", "additionalProperties": false, "required": ["a"],
        "properties": { "a": { "enum": ["x"] }, "b": { "type": "integer", "minimum": 1 } }
    });
    let mut errors = Vec::new();
    validate(
        &schema,
        &serde_json::json!({"a": "y", "b": 0, "c": 1}),
        "$",
        &mut errors,
    );
    assert_eq!(errors.len(), 3, "{errors:?}");
}

/// A parsed JUnit element: name, attributes, children, text.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn attr(&self, key: &str) -> &str {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("<{}> has no {key}", self.name))
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
}

fn parse_xml(xml: &str) -> Node {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    let element = |e: &quick_xml::events::BytesStart| Node {
        name: e.name().as_ref().to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("a well-formed attribute");
                (
                    a.key.as_ref().to_string(),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("an escaped value")
                        .into_owned(),
                )
            })
            .collect(),
        ..Node::default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let node = element(&e);
                stack.last_mut().unwrap().children.push(node);
            }
            Event::End(_) => {
                let node = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(node);
            }
            Event::Text(t) => {
                let text = t.xml10_content().into_owned();
                stack.last_mut().unwrap().text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content().into_owned();
                let resolved = match name.as_str() {
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "amp" => "&".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    n if n.starts_with('#') => {
                        char::from_u32(n[1..].parse().unwrap()).unwrap().to_string()
                    }
                    other => panic!("unknown entity {other}"),
                };
                stack.last_mut().unwrap().text.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut root = stack.pop().unwrap();
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.pop().unwrap()
}

#[test]
fn every_report_parses_and_agrees_for_the_reference_solutions() {
    let fixture = Fixture::new();
    let submission = fixture.submission("student", &solved());
    let out = fixture.dir.path();
    let github_output = out.join("github_output");
    std::fs::write(&github_output, "earlier=1\n").unwrap();
    let json = out.join("grade.json");
    let junit = out.join("junit.xml");
    let output = checker(
        &fixture.course(),
        &[
            "--submission",
            submission.to_str().unwrap(),
            "--format",
            &format!("json={}", json.display()),
            "--format",
            &format!("junit={}", junit.display()),
            "--format",
            "github-classroom",
            "--format",
            "human",
        ],
        &[("GITHUB_OUTPUT", github_output.to_str().unwrap())],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let human = text(&output.stdout);
    assert!(human.contains("Total: 6 / 6 points"), "{human}");

    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_valid_grade_json(&report);
    assert_eq!(report["score"], 6.0);
    assert_eq!(report["exercises"][0]["tests"].as_array().unwrap().len(), 3);

    let suites = parse_xml(&std::fs::read_to_string(&junit).unwrap());
    assert_eq!(suites.name, "testsuites");
    let topics: Vec<&str> = suites.children.iter().map(|s| s.attr("name")).collect();
    assert_eq!(topics, ["01_basics", "02_more"]);
    assert_eq!(suites.children[0].children.len(), 2);
    assert_eq!(suites.attr("failures"), "0");

    let written = std::fs::read_to_string(&github_output).unwrap();
    assert!(
        written.starts_with("earlier=1\n"),
        "appended, not overwritten"
    );
    let line = written.lines().find(|l| l.starts_with("result=")).unwrap();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(line.trim_start_matches("result="))
        .unwrap();
    let result: Value = serde_json::from_slice(&decoded).unwrap();
    assert_eq!(result["version"], 1);
    assert_eq!(result["status"], "pass");
    assert_eq!(result["max_score"], 6);
    let scores: Vec<f64> = result["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["score"].as_f64().expect("a numeric score"))
        .collect();
    assert_eq!(scores, [3.0, 1.0, 2.0]);
}

#[test]
fn failures_are_reported_in_every_format_with_annotations_in_actions() {
    let fixture = Fixture::new();
    // adder fails a test and prints markup and control characters; greet is
    // untouched; counter does not compile.
    let adder = ADDER_BROKEN.replace(
        "    a - b\n",
        "    println!(\"<b>&\\u{1}\\u{1b}[31m\\\"quoted\\\"</b>\");\n    a + b + i32::from(a == 0)\n",
    );
    let counter = COUNTER_BROKEN.replace("    0\n", "    \"zero\"\n");
    let files = files(
        &format!("{adder}\n{ADDER_TESTS}"),
        &format!("{GREET_BROKEN}\n{GREET_TESTS}"),
        &format!("{counter}\n{COUNTER_TESTS}"),
    );
    let submission = fixture.submission("student", &files);
    let out = fixture.dir.path();
    let github_output = out.join("github_output");
    let junit = out.join("junit.xml");
    let output = checker(
        &fixture.course(),
        &[
            "--submission",
            submission.to_str().unwrap(),
            "--format",
            "json",
            "--format",
            &format!("junit={}", junit.display()),
            "--format",
            "github-classroom",
            "--partial",
        ],
        &[
            ("GITHUB_OUTPUT", github_output.to_str().unwrap()),
            ("GITHUB_ACTIONS", "true"),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "a low score is not an error");

    let report: Value = serde_json::from_slice(&output.stdout).expect("stdout is only JSON");
    assert_valid_grade_json(&report);
    let statuses: Vec<&str> = report["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["fail", "not-attempted", "compile-error"]);
    assert_eq!(report["exercises"][0]["points"], 2.0, "2 of 3 tests pass");
    assert_eq!(report["score"], 2.0);

    // Annotations go to stderr, since stdout carries the JSON.
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("::error file=exercises/01_basics/adder.rs,line=29,title=adder (fail)::"),
        "{stderr}"
    );
    assert!(
        stderr.contains("::error file=exercises/02_more/counter.rs,line=6,"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("greet.rs"),
        "untouched exercises are not annotated"
    );

    let suites = parse_xml(&std::fs::read_to_string(&junit).unwrap());
    let basics = &suites.children[0];
    let adder_case = &basics.children[0];
    let failure = adder_case.child("failure").expect("adder fails");
    assert_eq!(failure.attr("type"), "fail");
    assert!(failure.attr("message").contains("1 of 3 tests failed"));
    assert!(failure.text.contains("<b>&"), "{}", failure.text);
    assert!(failure.text.contains("\"quoted\""));
    assert!(
        !failure.text.contains(['\u{1}', '\u{1b}']),
        "control characters are replaced"
    );
    assert!(
        basics.children[1].child("skipped").is_some(),
        "greet not attempted"
    );
    assert_eq!(basics.attr("skipped"), "1");
    let counter_case = &suites.children[1].children[0];
    assert_eq!(
        counter_case.child("failure").unwrap().attr("type"),
        "compile-error"
    );

    let written = std::fs::read_to_string(&github_output).unwrap();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(written.trim().trim_start_matches("result="))
        .unwrap();
    let result: Value = serde_json::from_slice(&decoded).unwrap();
    assert_eq!(result["status"], "fail");
    let tests = result["tests"].as_array().unwrap();
    assert_eq!(tests[0]["score"], 2.0);
    assert_eq!(tests[0]["line_no"], 29);
    assert_eq!(tests[1]["score"], 0.0, "a numeric score even for zero");
    assert_eq!(tests[2]["status"], "fail");
}

#[test]
fn exit_codes() {
    let fixture = Fixture::new();
    let submission = fixture.submission("student", &shipped());
    let sub = submission.to_str().unwrap();
    let course = fixture.course();
    let code = |args: &[&str]| checker(&course, args, &[]).status.code();
    assert_eq!(code(&["--submission", sub, "--fail-under", "1"]), Some(1));
    assert_eq!(code(&["--submission", sub, "--fail-under", "0"]), Some(0));
    assert_eq!(code(&["--submission", sub, "--only", "nosuch"]), Some(2));
    assert_eq!(
        code(&["--submission", sub, "--format", "json", "--format", "junit"]),
        Some(2)
    );
    assert_eq!(code(&["--submission", "/nonexistent/folder"]), Some(2));
    assert_eq!(code(&["--format", "yaml"]), Some(2));
    let not_a_course = checker(fixture.dir.path(), &["--submission", sub], &[]);
    assert_eq!(not_a_course.status.code(), Some(2));
    // Selection by topic grades only that topic.
    let only = checker(
        &course,
        &["--submission", sub, "--only", "02_more", "--format", "json"],
        &[],
    );
    let report: Value = serde_json::from_slice(&only.stdout).unwrap();
    assert_eq!(report["exercises"].as_array().unwrap().len(), 1);
    assert_eq!(report["max_score"], 2);
}

#[test]
fn a_class_with_broken_submissions_is_graded_in_full() {
    let fixture = Fixture::new();
    let class = fixture.dir.path().join("class");
    fixture.submission_in(&class, "alice", &solved());
    let broken = with_adder(format!(
        "{}\n{ADDER_TESTS}",
        ADDER_BROKEN.replace("a - b", "a -")
    ));
    fixture.submission_in(&class, "bob", &broken);
    let hanging = with_adder(format!(
        "{}\n{ADDER_TESTS}",
        ADDER_BROKEN.replace("    a - b\n", "    loop {}\n")
    ));
    fixture.submission_in(&class, "carol", &hanging);
    std::fs::create_dir_all(class.join("dave")).unwrap();
    // A submission folder that is a symlink cannot be graded: an error row.
    std::os::unix::fs::symlink(class.join("alice"), class.join("eve")).unwrap();
    std::fs::write(class.join("notes.txt"), "not a submission").unwrap();
    let reports = fixture.dir.path().join("reports");
    let output = checker(
        &fixture.course(),
        &[
            "--class",
            class.to_str().unwrap(),
            "--output-dir",
            reports.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));

    let csv = std::fs::read_to_string(reports.join("grades.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "student", "total", "max", "adder", "greet", "counter", "error"
        ]
    );
    assert_eq!(rows[1], ["alice", "6", "6", "pass", "pass", "pass", ""]);
    assert_eq!(
        rows[2],
        ["bob", "3", "6", "compile-error", "pass", "pass", ""]
    );
    assert_eq!(rows[3], ["carol", "3", "6", "timeout", "pass", "pass", ""]);
    assert_eq!(
        rows[4],
        ["dave", "0", "6", "missing", "missing", "missing", ""]
    );
    assert_eq!(rows[5][0], "eve");
    assert!(rows[5].last().unwrap().contains("symlink"), "{csv}");
    assert_eq!(rows.len(), 6, "notes.txt is not a submission");

    let markdown = std::fs::read_to_string(reports.join("grades.md")).unwrap();
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(lines[0], "| student | total | adder | greet | counter |");
    assert_eq!(lines[2], "| alice | 6 / 6 | ✓ | ✓ | ✓ |");
    assert!(
        lines[3].starts_with("| bob | 3 / 6 | compile-error |"),
        "{markdown}"
    );
    assert!(lines[6].starts_with("| eve | error:"), "{markdown}");
    for line in lines.iter().filter(|l| !l.starts_with("|---")) {
        assert_eq!(line.matches(" |").count(), 5, "five columns: {line}");
    }
}

#[test]
fn the_doctors_notes_reach_the_json_and_human_reports() {
    let fixture = Fixture::new();
    // counter returns an async fn's future where its result is needed (an
    // async mistake the doctor knows); adder fails an ordinary test.
    let counter = COUNTER_BROKEN.replace(
        "pub fn count(items: &[i32]) -> usize {\n    // TODO\n    let _ = items;\n    0\n}\n",
        "async fn tally(items: &[i32]) -> usize {\n    items.len()\n}\n\n\
         pub fn count(items: &[i32]) -> usize {\n    tally(items)\n}\n",
    );
    assert_ne!(counter, COUNTER_BROKEN);
    let adder = ADDER_BROKEN.replace("a - b", "a * b");
    let files = files(
        &format!("{adder}\n{ADDER_TESTS}"),
        &format!("{GREET_BROKEN}\n{GREET_TESTS}"),
        &format!("{counter}\n{COUNTER_TESTS}"),
    );
    let submission = fixture.submission("student", &files);
    let json = fixture.dir.path().join("grade.json");
    let output = checker(
        &fixture.course(),
        &[
            "--submission",
            submission.to_str().unwrap(),
            "--format",
            &format!("json={}", json.display()),
            "--format",
            "human",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));

    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_valid_grade_json(&report);
    let doctor = |i: usize| report["exercises"][i]["doctor"].as_array().unwrap().clone();
    assert_eq!(report["exercises"][0]["status"], "fail");
    assert!(doctor(0).is_empty(), "an ordinary failure gets no note");
    let counter_notes = doctor(2);
    assert_eq!(counter_notes.len(), 1, "{counter_notes:?}");
    assert_eq!(counter_notes[0]["note"], "future-as-value");
    let what = counter_notes[0]["what"].as_str().unwrap();
    assert!(what.contains("`tally(items)`"), "{what}");

    let human = text(&output.stdout);
    let at_counter = human.find("── counter").expect(&human);
    assert!(
        human[at_counter..].contains("Async doctor:")
            && human[at_counter..].contains("[future-as-value]"),
        "{human}"
    );
    assert_eq!(human.matches("Async doctor:").count(), 1, "{human}");
}
