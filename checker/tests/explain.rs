//! `checker explain` end to end: the real binary, run outside any course.

use std::process::{Command, Output};

fn explain(args: &[&str]) -> Output {
    let outside = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_checker"))
        .arg("explain")
        .args(args)
        .current_dir(outside.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn list_names_every_note_without_a_course() {
    let output = explain(&["--list"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    for note in checker::doctor::notes::NOTES {
        assert!(text.contains(note.name), "{} missing:\n{text}", note.name);
    }
}

#[test]
fn a_rustc_code_prints_the_long_note() {
    let output = explain(&["E0733"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(text.contains("[async-recursion, E0733]"), "{text}");
    assert!(text.contains("Box::pin"), "{text}");
    assert!(text.contains("exercise `asyncfn1`"), "{text}");
}

#[test]
fn an_unknown_name_is_a_usage_error_with_a_suggestion() {
    let output = explain(&["no-reactr"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("did you mean `no-reactor`?"), "{stderr}");
}
