//! Regrading a whole class through the binary: the folder layout of
//! `gh classroom clone`, partitions and their merge, a build that never ends
//! and a regrade interrupted halfway.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::*;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A class of six in `<root>/hw1-submissions/`, as `gh classroom clone
/// student-repos` lays it out: solved, untouched, not compiling, partly
/// right, not a checkout at all.
fn class(fixture: &Fixture) -> PathBuf {
    let class = fixture.dir.path().join("classroom/hw1-submissions");
    fixture.submission_in(&class, "hw1-alice", &solved());
    fixture.submission_in(&class, "hw1-bob", &shipped());
    let broken = format!("{}\n{ADDER_TESTS}", ADDER_BROKEN.replace("a - b", "a -"));
    fixture.submission_in(&class, "hw1-carol", &with_adder(broken));
    std::fs::create_dir_all(class.join("hw1-dave/src")).unwrap();
    let partly = ADDER_BROKEN.replace("    a - b\n", "    if a == 0 { b } else { a - b }\n");
    fixture.submission_in(
        &class,
        "hw1-erin",
        &with_adder(format!("{partly}\n{ADDER_TESTS}")),
    );
    fixture.submission_in(&class, "hw1-frank", &shipped());
    class
}

#[test]
fn the_gh_classroom_layout_is_graded_and_wrong_levels_are_refused() {
    let fixture = Fixture::new();
    let class = class(&fixture);
    let course = fixture.course();
    let out = fixture.dir.path().join("out");
    let args = |dir: &Path| {
        vec![
            "--class".to_string(),
            dir.display().to_string(),
            "--output-dir".into(),
            out.display().to_string(),
        ]
    };
    let run = |dir: &Path| {
        let args = args(dir);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        grade(&course, &args, &[])
    };

    let above = run(class.parent().unwrap());
    assert_eq!(above.status.code(), Some(2));
    let message = text(&above.stderr);
    assert!(message.contains("one level down"), "{message}");
    assert!(
        message.contains(&format!("--class {}", class.display())),
        "{message}"
    );
    assert!(!out.join("grades.csv").exists(), "nothing graded");

    let one = run(&class.join("hw1-alice"));
    assert_eq!(one.status.code(), Some(2));
    assert!(
        text(&one.stderr).contains("--submission"),
        "{}",
        text(&one.stderr)
    );

    let right = run(&class);
    assert_eq!(right.status.code(), Some(0), "{}", text(&right.stderr));
    let csv = read(&out.join("grades.csv"));
    let students: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        students,
        [
            "hw1-alice",
            "hw1-bob",
            "hw1-carol",
            "hw1-dave",
            "hw1-erin",
            "hw1-frank"
        ]
    );
    assert!(
        csv.contains("hw1-dave,,,error,error,error,\"hw1-dave has no exercises/ folder"),
        "{csv}"
    );
}

/// `value` without what differs from run to run of the same code: times,
/// and the program's output (libtest prints tests as they finish, with
/// their times and thread ids).
fn without_run_noise(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("duration_ms");
            map.remove("output");
            map.values_mut().for_each(without_run_noise);
        }
        Value::Array(items) => items.iter_mut().for_each(without_run_noise),
        _ => {}
    }
}

#[test]
fn merging_the_partitions_equals_the_unpartitioned_run() {
    let fixture = Fixture::new();
    let class = class(&fixture);
    let course = fixture.course();
    let out = fixture.dir.path().join("out");
    let class_arg = class.display().to_string();
    let run = |extra: &[&str], dir: &Path| {
        let dir = dir.display().to_string();
        let mut args = vec!["--class", &class_arg, "--partial", "--output-dir", &dir];
        args.extend_from_slice(extra);
        let output = grade(&course, &args, &[]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    };
    run(&[], &out.join("whole"));

    for method in ["count", "hash"] {
        let mut parts = Vec::new();
        let mut graded = 0;
        for index in 1..=3 {
            let dir = out.join(format!("{method}-{index}"));
            run(&["--partition", &format!("{method}:{index}/3")], &dir);
            let part: Value = serde_json::from_str(&read(&dir.join("grades.json"))).unwrap();
            graded += part["students"].as_array().unwrap().len();
            parts.push(dir.join("grades.json").display().to_string());
        }
        assert_eq!(graded, 6, "{method}: each student in exactly one partition");
        let merged = out.join(format!("{method}-merged"));
        let mut args = vec!["merge", "--output-dir"];
        let merged_arg = merged.display().to_string();
        args.push(&merged_arg);
        args.extend(parts.iter().map(String::as_str).rev());
        let output = grade(&course, &args, &[]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));

        for name in ["grades.csv", "grades.md"] {
            assert_eq!(
                read(&merged.join(name)),
                read(&out.join("whole").join(name)),
                "{method}: {name}"
            );
        }
        let mut merged: Value = serde_json::from_str(&read(&merged.join("grades.json"))).unwrap();
        let mut whole: Value = serde_json::from_str(&read(&out.join("whole/grades.json"))).unwrap();
        without_run_noise(&mut merged);
        without_run_noise(&mut whole);
        assert_eq!(merged, whole, "{method}: grades.json");
    }
    // Partial credit shows: erin passes 1 of adder's 3 tests (1 of its 3 points).
    let csv = read(&out.join("whole/grades.csv"));
    assert!(csv.contains("hw1-erin,4,6,fail,pass,pass"), "{csv}");

    // A missing partition is named, not silently dropped.
    let incomplete = grade(
        &course,
        &[
            "merge",
            "--output-dir",
            &out.join("bad").display().to_string(),
            &out.join("hash-1/grades.json").display().to_string(),
            &out.join("hash-3/grades.json").display().to_string(),
        ],
        &[],
    );
    assert_eq!(incomplete.status.code(), Some(2));
    assert!(
        text(&incomplete.stderr).contains("partition 2/3 is missing"),
        "{}",
        text(&incomplete.stderr)
    );
}

#[test]
fn a_build_that_never_ends_does_not_stall_the_students_after_it() {
    let fixture = Fixture::new();
    let class = fixture.dir.path().join("class");
    fixture.submission_in(&class, "a-forever", &with_adder(adder_compiled_forever()));
    fixture.submission_in(&class, "b-solved", &solved());
    let out = fixture.dir.path().join("out");
    let output = grade(
        &fixture.course(),
        &[
            "--class",
            &class.display().to_string(),
            "--output-dir",
            &out.display().to_string(),
            "--build-timeout",
            "5s",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let csv = read(&out.join("grades.csv"));
    let rows: Vec<&str> = csv.lines().collect();
    assert!(
        rows[1].starts_with(
            "a-forever,3,6,build-timeout,pass,pass,,\"adder: build-timeout: still compiling after 5 s"
        ),
        "{csv}"
    );
    assert_eq!(rows[2], "b-solved,6,6,pass,pass,pass,,");
    assert_eq!(
        processes_mentioning(fixture.dir.path()),
        Vec::<String>::new()
    );
}

#[test]
fn an_interrupted_regrade_keeps_the_students_it_finished() {
    let fixture = Fixture::new();
    let class = fixture.dir.path().join("class");
    fixture.submission_in(&class, "a-solved", &solved());
    fixture.submission_in(&class, "b-forever", &with_adder(adder_compiled_forever()));
    fixture.submission_in(&class, "c-solved", &solved());
    let out = fixture.dir.path().join("out");
    let mut checker = grade_command(
        &fixture.course(),
        &[
            "--class",
            &class.display().to_string(),
            "--output-dir",
            &out.display().to_string(),
        ],
        &[],
    )
    .stderr(std::process::Stdio::null())
    .spawn()
    .unwrap();
    // The first student is written as soon as they are graded; the second
    // one's build would then run for the default ten minutes.
    let deadline = Instant::now() + Duration::from_secs(120);
    while !std::fs::read_to_string(out.join("grades.csv")).is_ok_and(|c| c.contains("a-solved")) {
        assert!(Instant::now() < deadline, "the first row never came");
        assert!(
            checker.try_wait().unwrap().is_none(),
            "the checker ended early"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(1));
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &checker.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = checker.wait().unwrap();
    assert_eq!(status.code(), Some(128 + 15), "stopped by SIGTERM, cleanly");

    let csv = read(&out.join("grades.csv"));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert_eq!(lines[1], "a-solved,6,6,pass,pass,pass,,");
    let json: Value = serde_json::from_str(&read(&out.join("grades.json"))).unwrap();
    assert_eq!(json["students"].as_array().unwrap().len(), 1);
    assert!(read(&out.join("grades.md")).contains("| a-solved | 6 / 6 |"));
    // The endless build went with the checker.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !processes_mentioning(fixture.dir.path()).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        processes_mentioning(fixture.dir.path()),
        Vec::<String>::new()
    );
}
