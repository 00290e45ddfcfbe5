//! `checker grade` end to end through the binary: every report format parsed
//! back (JSON against docs/grade-schema.json, JUnit with an XML parser, the
//! Classroom result decoded from base64), exit codes, GitHub annotations and
//! the class-wide regrade.

mod support;

use base64::Engine as _;
use quick_xml::events::Event;
use serde_json::Value;
use std::path::Path;
use std::process::Output;
use support::*;

fn checker(course: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    grade(course, args, env)
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

/// What Jenkins' JUnit schema (junit-10.xsd, the one GitLab's and most CI
/// readers accept) allows: for each element, its attributes (required ones
/// marked `!`) and its children in their order (`?` at most one, `*` any).
const JUNIT_SCHEMA: &[(&str, &[&str], &[&str])] = &[
    (
        "testsuites",
        &[
            "name", "time", "tests", "failures", "disabled", "errors", "skipped",
        ],
        &["testsuite*"],
    ),
    (
        "testsuite",
        &[
            "name!",
            "tests!",
            "failures",
            "errors",
            "time",
            "disabled",
            "skipped",
            "timestamp",
            "hostname",
            "id",
            "package",
        ],
        &["properties?", "testcase*", "system-out?", "system-err?"],
    ),
    (
        "testcase",
        &["name!", "assertions", "time", "classname", "status"],
        &[
            "skipped?",
            "error*",
            "failure*",
            "system-out*",
            "system-err*",
        ],
    ),
    ("failure", &["type", "message"], &[]),
    ("error", &["type", "message"], &[]),
    ("skipped", &["message"], &[]),
];

/// Checks `node` and its children against [`JUNIT_SCHEMA`].
fn junit_violations(node: &Node, errors: &mut Vec<String>) {
    let Some((_, attributes, children)) = JUNIT_SCHEMA.iter().find(|(n, ..)| *n == node.name)
    else {
        errors.push(format!("<{}> is not a JUnit element", node.name));
        return;
    };
    for (key, _) in &node.attrs {
        if !attributes.iter().any(|a| a.trim_end_matches('!') == key) {
            errors.push(format!("<{}> may not have `{key}`", node.name));
        }
    }
    for required in attributes.iter().filter_map(|a| a.strip_suffix('!')) {
        if !node.attrs.iter().any(|(k, _)| k == required) {
            errors.push(format!("<{}> needs `{required}`", node.name));
        }
    }
    // The children must follow the sequence: walk it once.
    let mut position = 0;
    for child in &node.children {
        let fits = |rule: &&str| rule.trim_end_matches(['?', '*']) == child.name;
        match children[position..].iter().position(fits) {
            Some(offset) => {
                position += offset;
                if children[position].ends_with('?') {
                    position += 1;
                }
            }
            None => errors.push(format!("<{}> in <{}> out of place", child.name, node.name)),
        }
        junit_violations(child, errors);
    }
}

fn assert_valid_junit(xml: &str) {
    let mut errors = Vec::new();
    junit_violations(&parse_xml(xml), &mut errors);
    assert!(
        errors.is_empty(),
        "not valid JUnit:\n{}\n{xml}",
        errors.join("\n")
    );
}

#[test]
fn the_junit_check_rejects_what_the_schema_forbids() {
    let xml = "<testsuites><testsuite tests=\"1\"><testcase name=\"a\" file=\"x.rs\">\
               <failure/><skipped/></testcase></testsuite></testsuites>";
    let mut errors = Vec::new();
    junit_violations(&parse_xml(xml), &mut errors);
    assert_eq!(
        errors,
        [
            "<testsuite> needs `name`",
            "<testcase> may not have `file`",
            "<skipped> in <testcase> out of place"
        ]
    );
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
    // One reporter test per point, so that its count of passing tests and
    // the sum of their scores (what Classroom records) are the same number.
    let tests = result["tests"].as_array().unwrap();
    let names: Vec<&str> = tests.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "adder (point 1 of 3)",
            "adder (point 2 of 3)",
            "adder (point 3 of 3)",
            "greet",
            "counter (point 1 of 2)",
            "counter (point 2 of 2)"
        ]
    );
    let scores: Vec<f64> = tests
        .iter()
        .map(|t| t["score"].as_f64().expect("a numeric score"))
        .collect();
    assert_eq!(scores, [1.0; 6]);
    assert!(tests.iter().all(|t| t["status"] == "pass"));
    assert_valid_junit(&std::fs::read_to_string(&junit).unwrap());
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
    // adder earned 2 of its 3 points: two passing reporter tests, one failing.
    let adder: Vec<(&str, f64)> = tests[..3]
        .iter()
        .map(|t| (t["status"].as_str().unwrap(), t["score"].as_f64().unwrap()))
        .collect();
    assert_eq!(adder, [("pass", 1.0), ("pass", 1.0), ("fail", 0.0)]);
    assert_eq!(tests[0]["line_no"], 29);
    assert_eq!(tests[3]["score"], 0.0, "a numeric score even for zero");
    assert_eq!(tests[4]["status"], "fail");
    let sum: f64 = tests.iter().map(|t| t["score"].as_f64().unwrap()).sum();
    assert_eq!(
        sum,
        report["score"].as_f64().unwrap(),
        "Classroom's total is the report's"
    );
    assert_valid_junit(&std::fs::read_to_string(&junit).unwrap());
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
    let rows = parse_csv(&csv);
    assert_eq!(
        rows[0],
        [
            "student", "total", "max", "adder", "greet", "counter", "error", "reasons"
        ]
    );
    assert_eq!(rows[1], ["alice", "6", "6", "pass", "pass", "pass", "", ""]);
    assert_eq!(
        rows[2][..7],
        ["bob", "3", "6", "compile-error", "pass", "pass", ""]
    );
    assert!(
        rows[2][7].starts_with("adder: compile-error: does not compile: expected expression"),
        "the reasons too: {csv}"
    );
    assert_eq!(
        rows[3][..7],
        ["carol", "3", "6", "timeout", "pass", "pass", ""]
    );
    assert_eq!(
        rows[3][7],
        "adder: timeout: stopped after 3 s (the exercise's timeout)"
    );
    // A folder that is not a checkout is an error, not an all-missing zero.
    assert_eq!(rows[4][..6], ["dave", "", "", "error", "error", "error"]);
    assert!(rows[4][6].contains("no exercises/ folder"), "{csv}");
    assert_eq!(rows[5][0], "eve");
    assert!(rows[5][6].contains("symlink"), "{csv}");
    assert_eq!(rows.len(), 6, "notes.txt is not a submission");

    let markdown = std::fs::read_to_string(reports.join("grades.md")).unwrap();
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(lines[0], "| student | total | adder | greet | counter |");
    assert_eq!(lines[2], "| alice | 6 / 6 | ✓ | ✓ | ✓ |");
    assert!(
        lines[3].starts_with("| bob | 3 / 6 | compile-error |"),
        "{markdown}"
    );
    assert!(
        lines[5].starts_with("| dave | error: dave has no exercises/"),
        "{markdown}"
    );
    assert!(lines[6].starts_with("| eve | error:"), "{markdown}");
    let why = markdown
        .split("## Why exercises did not pass\n\n")
        .nth(1)
        .expect("a section with the reasons");
    assert!(
        why.starts_with(
            "- bob\n  - adder: compile-error: does not compile: expected expression, found \\`}\\`"
        ),
        "{why}"
    );
    assert!(
        why.contains("- carol\n  - adder: timeout: stopped after 3 s"),
        "{why}"
    );

    let class_json: Value =
        serde_json::from_str(&std::fs::read_to_string(reports.join("grades.json")).unwrap())
            .unwrap();
    assert_eq!(class_json["schema"], "asynclings-class");
    assert_eq!(class_json["class_size"], 5);
    for student in class_json["students"].as_array().unwrap() {
        if let Some(grade) = student.get("grade") {
            assert_valid_grade_json(grade);
        }
    }
    let table: Vec<&str> = lines
        .iter()
        .take_while(|l| !l.is_empty())
        .copied()
        .collect();
    for line in table.iter().filter(|l| !l.starts_with("|---")) {
        assert_eq!(line.matches(" |").count(), 5, "five columns: {line}");
    }
}

/// Rows of RFC 4180 CSV (quoted fields may hold commas, quotes, newlines).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new()]];
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let row = rows.last_mut().unwrap();
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                row.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(String::new()),
            ('\n', false) => rows.push(vec![String::new()]),
            (c, _) => row.last_mut().unwrap().push(c),
        }
    }
    if rows.last().is_some_and(|r| r == &[""]) {
        rows.pop();
    }
    rows
}

#[test]
fn learner_output_cannot_issue_workflow_commands_in_an_actions_log() {
    let fixture = Fixture::new();
    // A failing adder whose test output tries to forge the report, silence
    // the checker's annotations and colour the log.
    let hostile = ADDER_BROKEN.replace(
        "    a - b\n",
        "    println!(\"::notice title=Autograding report::100/100\");\n    \
         println!(\"::stop-commands::mine\");\n    \
         println!(\"\\u{1b}[2J\\u{1b}]0;pwned\\u{7}cleared\");\n    a - b\n",
    );
    let submission =
        fixture.submission("student", &with_adder(format!("{hostile}\n{ADDER_TESTS}")));
    let course = fixture.course();
    let submission = submission.to_str().unwrap();
    let grade_adder = |env: &[(&str, &str)]| {
        checker(
            &course,
            &["--submission", submission, "--only", "adder"],
            env,
        )
    };
    let output = grade_adder(&[("GITHUB_ACTIONS", "true")]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let log = text(&output.stdout);
    let lines: Vec<&str> = log.lines().collect();
    let token = lines[0]
        .strip_prefix("::stop-commands::")
        .unwrap_or_else(|| panic!("the report opens with the fence: {log}"));
    assert_eq!(token.len(), 32);
    let resume = format!("::{token}::");
    let end = lines
        .iter()
        .position(|l| *l == resume)
        .expect("the fence closes");
    let fenced = &lines[1..end];
    assert!(fenced.contains(&"::notice title=Autograding report::100/100"));
    assert!(fenced.contains(&"::stop-commands::mine"));
    assert!(
        fenced.contains(&"cleared"),
        "escape sequences removed: {log}"
    );
    assert!(!log.contains('\u{1b}') && !log.contains('\u{7}'));
    // The checker's own annotation comes after the fence, where it counts.
    assert!(
        lines[end + 1..]
            .iter()
            .any(|l| l.starts_with("::error file=exercises/01_basics/adder.rs,")),
        "{log}"
    );
    // A second run draws a new token.
    let again = grade_adder(&[("GITHUB_ACTIONS", "true")]);
    assert!(!text(&again.stdout).contains(token));
    // Outside Actions there is no fence, and the escapes are still gone.
    let plain = grade_adder(&[]);
    let plain = text(&plain.stdout);
    assert!(
        plain
            .lines()
            .all(|l| !l.starts_with("::stop-commands::") || l == "::stop-commands::mine"),
        "{plain}"
    );
    assert!(!plain.contains('\u{1b}'));
}

#[test]
fn bad_options_and_report_paths_fail_before_grading() {
    let fixture = Fixture::new();
    let submission = fixture.submission("student", &solved());
    let sub = submission.to_str().unwrap();
    let course = fixture.course();
    let nowhere = fixture.dir.path().join("no/such/folder/grade.json");
    let output = checker(
        &course,
        &[
            "--submission",
            sub,
            "--format",
            &format!("json={}", nowhere.display()),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("there is no folder"), "{stderr}");
    assert!(
        !stderr.contains("Grading"),
        "refused before grading: {stderr}"
    );
    for args in [
        vec!["--submission", sub, "--output-dir", "out"],
        vec!["--submission", sub, "--partition", "1/2"],
        vec!["--class", sub, "--partition", "3/2"],
    ] {
        let output = checker(&course, &args, &[]);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
    let one = checker(&course, &["--submission", sub, "--only", "adder"], &[]);
    assert!(
        text(&one.stderr).contains("Grading 1 exercise of"),
        "{}",
        text(&one.stderr)
    );
}

#[test]
fn the_junit_failure_of_an_exercise_that_was_not_built_says_why() {
    let fixture = Fixture::new();
    let mut files = solved();
    files.remove(2);
    files[0].1 = format!(
        "macro_rules! assert_eq {{ ($($t:tt)*) => {{}}; }}\n{}\n{ADDER_TESTS}",
        ADDER_BROKEN
    );
    let submission = fixture.submission("student", &files);
    let output = checker(
        &fixture.course(),
        &[
            "--submission",
            submission.to_str().unwrap(),
            "--format",
            "junit",
        ],
        &[],
    );
    let xml = text(&output.stdout);
    assert_valid_junit(&xml);
    let suites = parse_xml(&xml);
    let adder = suites.children[0].children[0].child("failure").unwrap();
    assert_eq!(adder.attr("type"), "tampered");
    assert!(
        adder
            .text
            .starts_with("exercises/01_basics/adder.rs:1\nline 1: redefines `assert_eq!`"),
        "{}",
        adder.text
    );
    let counter = suites.children[1].children[0].child("failure").unwrap();
    assert_eq!(counter.attr("type"), "missing");
    assert!(
        counter.text.contains("is missing from the submission"),
        "{}",
        counter.text
    );
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
