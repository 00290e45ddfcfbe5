//! `checker grade`: grades a submission (or the whole class, or one
//! partition of it) against the course's own tests and writes the reports
//! asked for; `checker grade merge` joins partitions. It only parses
//! options, checks and picks destinations, and sets the exit code; grading
//! itself is `crate::grade`.

use crate::ansi::strip_ansi;
use crate::app::App;
use crate::grade::partition::Partition;
use crate::grade::report_class::ClassReport;
use crate::grade::{
    self, Grade, Options, Origin, actions, class, merge, report_classroom, report_human,
    report_json, report_junit,
};
use crate::render::plural;
use crate::style::Colorize;
use anyhow::{Context, bail};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct GradeArgs {
    #[command(subcommand)]
    pub command: Option<GradeCommand>,
    /// Grade the exercise files of this checkout (a student's repository)
    /// with everything else from the course; by default the course's own.
    #[arg(long, value_name = "DIR", conflicts_with = "class")]
    pub submission: Option<PathBuf>,
    /// Grade every submission folder under DIR (one per student) and write
    /// grades.csv, grades.md and grades.json, updated after each student.
    #[arg(long, value_name = "DIR")]
    pub class: Option<PathBuf>,
    /// Where --class writes its reports (default: the current folder).
    #[arg(long, value_name = "DIR", requires = "class")]
    pub output_dir: Option<PathBuf>,
    /// Grade only partition K of N of the class, as cargo-nextest splits
    /// tests: count:K/N (round robin by name) or hash:K/N. Join the N
    /// grades.json with `checker grade merge`.
    #[arg(long, value_name = "SPEC", requires = "class")]
    pub partition: Option<Partition>,
    /// Grade only these exercises or topic folders (repeat, or separate with commas).
    #[arg(long, value_name = "NAME|TOPIC", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Give a test exercise the fraction of its points that its passing tests make.
    #[arg(long)]
    pub partial: bool,
    /// Exit with 1 when the score is below POINTS (by default grading exits 0 whatever the score).
    #[arg(long, value_name = "POINTS", conflicts_with = "class")]
    pub fail_under: Option<f64>,
    /// A report and where it goes: human, json, junit or github-classroom,
    /// optionally `=FILE` (e.g. `--format json=grade.json --format junit=junit.xml`).
    /// Without a file a report goes to stdout; github-classroom goes to
    /// $GITHUB_OUTPUT when that is set. Repeat for several. Default: human.
    #[arg(long = "format", value_name = "KIND[=FILE]")]
    pub formats: Vec<FormatSpec>,
    #[command(flatten)]
    pub build: crate::commands::BuildLimit,
}

#[derive(clap::Subcommand, Debug)]
pub enum GradeCommand {
    /// Join the grades.json of every `--class --partition K/N` run into one
    /// grades.csv, grades.md and grades.json.
    Merge {
        /// The grades.json of each partition.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Where to write the joined reports.
        #[arg(long, value_name = "DIR", default_value = ".")]
        output_dir: PathBuf,
    },
}

/// A report kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Junit,
    GithubClassroom,
}

/// A report kind and its destination file, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    pub format: Format,
    pub file: Option<PathBuf>,
}

impl FromStr for FormatSpec {
    type Err = String;

    fn from_str(spec: &str) -> Result<Self, String> {
        let (kind, file) = match spec.split_once('=') {
            Some((kind, file)) if !file.is_empty() => (kind, Some(PathBuf::from(file))),
            Some((kind, _)) => return Err(format!("`{kind}=` needs a file name after `=`")),
            None => (spec, None),
        };
        let format = match kind {
            "human" => Format::Human,
            "json" => Format::Json,
            "junit" => Format::Junit,
            "github-classroom" => Format::GithubClassroom,
            other => {
                return Err(format!(
                    "unknown report `{other}`; use human, json, junit or github-classroom"
                ));
            }
        };
        Ok(FormatSpec { format, file })
    }
}

/// Where one rendered report is written.
#[derive(Debug, PartialEq, Eq)]
enum Destination {
    Stdout,
    /// The github-classroom line when stdout holds another report and there
    /// is no $GITHUB_OUTPUT (the workflow's command run on a laptop).
    Stderr,
    File(PathBuf),
    /// Appended to this file ($GITHUB_OUTPUT).
    Append(PathBuf),
}

fn destinations(
    specs: &[FormatSpec],
    github_output: Option<PathBuf>,
) -> anyhow::Result<Vec<(Format, Destination)>> {
    let specs = if specs.is_empty() {
        vec![FormatSpec {
            format: Format::Human,
            file: None,
        }]
    } else {
        specs.to_vec()
    };
    let mut out = Vec::new();
    for spec in &specs {
        let destination = match (&spec.file, spec.format, &github_output) {
            (Some(file), _, _) => Destination::File(file.clone()),
            (None, Format::GithubClassroom, Some(path)) => Destination::Append(path.clone()),
            (None, _, _) => Destination::Stdout,
        };
        out.push((spec.format, destination));
    }
    let on_stdout = |out: &[(Format, Destination)]| {
        out.iter()
            .filter(|(_, d)| *d == Destination::Stdout)
            .count()
    };
    if on_stdout(&out) > 1 {
        for (format, destination) in &mut out {
            if *format == Format::GithubClassroom && *destination == Destination::Stdout {
                *destination = Destination::Stderr;
            }
        }
    }
    if on_stdout(&out) > 1 {
        bail!(
            "only one --format can go to stdout; give the others a file, e.g. `--format junit=junit.xml`"
        );
    }
    for (_, destination) in &out {
        if let Destination::File(path) = destination {
            check_writable(path)?;
        }
    }
    Ok(out)
}

/// Fails now, before minutes of grading, if `path` could not be written.
fn check_writable(path: &Path) -> anyhow::Result<()> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        bail!(
            "cannot write a report to {}: there is no folder {}; create it first",
            path.display(),
            parent.display()
        );
    }
    if path.is_dir() {
        bail!(
            "cannot write a report to {}: it is a folder; give a file name",
            path.display()
        );
    }
    let probe = if path.exists() {
        std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map(drop)
    } else {
        std::fs::File::create_new(path).and_then(|_| std::fs::remove_file(path))
    };
    probe.with_context(|| format!("cannot write a report to {}", path.display()))
}

pub async fn run(app: &App, args: GradeArgs) -> anyhow::Result<ExitCode> {
    if let Some(GradeCommand::Merge { files, output_dir }) = &args.command {
        return run_merge(files, output_dir);
    }
    let options = Options {
        only: args.only.clone(),
        partial: args.partial,
    };
    if let Some(dir) = &args.class {
        if !args.formats.is_empty() {
            bail!(
                "--class writes grades.csv, grades.md and grades.json (see --output-dir); --format is for one submission"
            );
        }
        let output_dir = args.output_dir.as_deref().unwrap_or(Path::new("."));
        return run_class(app, dir, output_dir, args.partition, &options).await;
    }
    // clap lets `requires` slide when a conflicting option is given.
    if args.output_dir.is_some() || args.partition.is_some() {
        bail!(
            "--output-dir and --partition are for --class; one submission's reports go where --format says"
        );
    }
    let github_output = std::env::var_os("GITHUB_OUTPUT")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let outputs = destinations(&args.formats, github_output)?;
    let origin = match &args.submission {
        Some(dir) => {
            if !dir.is_dir() {
                bail!("--submission {}: no such folder", dir.display());
            }
            Origin::Submission(dir.clone())
        }
        None => Origin::InPlace,
    };
    let selected = grade::select(&app.course, &options.only)?;
    eprintln!(
        "{} {} of {} against the course's own tests",
        "Grading".bold(),
        plural(selected.len(), "exercise"),
        match &args.submission {
            Some(dir) => dir.display().to_string(),
            None => "this checkout".into(),
        }
    );
    let (engine, meter) = super::with_meter(&app.engine, Some("Graded"));
    let grade = grade::grade(&app.course, &engine, &origin, &options).await;
    super::clear(&meter);
    let grade = grade?;
    let stdout_taken_by_data = outputs
        .iter()
        .any(|(f, d)| *d == Destination::Stdout && *f != Format::Human);
    for (format, destination) in &outputs {
        write_report(&grade, *format, destination)?;
    }
    if actions::in_github_actions() {
        for line in actions::annotations(&grade) {
            if stdout_taken_by_data {
                eprintln!("{line}");
            } else {
                println!("{line}");
            }
        }
    }
    eprintln!("Score: {} / {}", grade.score(), grade.max());
    Ok(match args.fail_under {
        Some(minimum) if grade.score() < minimum => {
            eprintln!(
                "{} the score is below --fail-under {minimum}",
                "error:".red().bold()
            );
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    })
}

fn write_report(grade: &Grade, format: Format, destination: &Destination) -> anyhow::Result<()> {
    let text = match format {
        Format::Human => report_human::render(grade),
        Format::Json => report_json::render(grade),
        Format::Junit => report_junit::render(grade),
        Format::GithubClassroom => report_classroom::result_line(grade),
    };
    match destination {
        Destination::Stdout => {
            // In an Actions log, what the learner's program printed must not
            // be read as workflow commands.
            let text = if format == Format::Human && actions::in_github_actions() {
                actions::fenced(&text)?
            } else {
                text
            };
            print!("{text}");
            std::io::stdout().flush().context("cannot write to stdout")
        }
        Destination::Stderr => {
            eprint!("{text}");
            Ok(())
        }
        Destination::File(path) => {
            // Colour codes belong on a terminal, not in a file.
            let text = if format == Format::Human {
                strip_ansi(&text)
            } else {
                text
            };
            std::fs::write(path, text)
                .with_context(|| format!("cannot write the report to {}", path.display()))
        }
        Destination::Append(path) => std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .with_context(|| {
                format!(
                    "cannot append the result to $GITHUB_OUTPUT ({})",
                    path.display()
                )
            }),
    }
}

/// Makes `dir` and checks that reports can be written in it.
fn prepare_output_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the output folder {}", dir.display()))?;
    check_writable(&dir.join(".grades-write-check"))
}

async fn run_class(
    app: &App,
    dir: &Path,
    output_dir: &Path,
    partition: Option<Partition>,
    options: &Options,
) -> anyhow::Result<ExitCode> {
    let selected = grade::select(&app.course, &options.only)?;
    let roster = class::roster(dir, partition)?;
    prepare_output_dir(output_dir)?;
    eprintln!(
        "{} {}{} in {} ({} each)",
        "Grading".bold(),
        plural(roster.selected.len(), "submission"),
        partition.map_or(String::new(), |p| format!(
            " (partition {p} of {})",
            roster.all.len()
        )),
        dir.display(),
        plural(selected.len(), "exercise")
    );
    let mut report = ClassReport {
        course: grade::course_name(&app.course),
        exercises: selected.iter().map(|e| e.name.clone()).collect(),
        partial: options.partial,
        partition,
        class_size: roster.all.len(),
        rows: Vec::new(),
    };
    report.write(output_dir)?;
    let (engine, meter) = super::with_meter(&app.engine, Some("Graded"));
    let graded = class::grade_class(
        &app.course,
        &engine,
        dir,
        &roster.selected,
        options,
        |row| {
            super::clear(&meter);
            match &row.grade {
                Ok(grade) => eprintln!(
                    "  {}: {} / {}",
                    row.student,
                    grade["score"].as_f64().unwrap_or_default(),
                    grade["max_score"].as_u64().unwrap_or_default()
                ),
                Err(error) => eprintln!(
                    "  {}: {} {}",
                    row.student,
                    "error:".red().bold(),
                    strip_ansi(error)
                ),
            }
            report.rows.push(row.clone());
            report.write(output_dir).map(drop)
        },
    )
    .await;
    super::clear(&meter);
    graded?;
    for name in ["grades.csv", "grades.md", "grades.json"] {
        eprintln!("Wrote {}", output_dir.join(name).display());
    }
    Ok(ExitCode::SUCCESS)
}

fn run_merge(files: &[PathBuf], output_dir: &Path) -> anyhow::Result<ExitCode> {
    let mut parts = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let value: serde_json::Value = serde_json::from_str(&text).with_context(|| {
            format!(
                "{} is not JSON; give the grades.json of each partition",
                file.display()
            )
        })?;
        let origin = file.display().to_string();
        parts.push((origin.clone(), ClassReport::from_json(&value, &origin)?));
    }
    let whole = merge::merge(parts)?;
    prepare_output_dir(output_dir)?;
    for path in whole.write(output_dir)? {
        eprintln!("Wrote {}", path.display());
    }
    eprintln!(
        "{} from {}",
        plural(whole.rows.len(), "student"),
        plural(files.len(), "partition")
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(list: &[&str]) -> Vec<FormatSpec> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn format_specs_parse_with_and_without_files() {
        let spec: FormatSpec = "junit=out/junit.xml".parse().unwrap();
        assert_eq!(spec.format, Format::Junit);
        assert_eq!(spec.file, Some(PathBuf::from("out/junit.xml")));
        assert_eq!("human".parse::<FormatSpec>().unwrap().file, None);
        assert!("xml".parse::<FormatSpec>().is_err());
        assert!("json=".parse::<FormatSpec>().is_err());
    }

    #[test]
    fn two_reports_on_stdout_are_refused() {
        assert!(destinations(&specs(&["human", "junit"]), None).is_err());
    }

    #[test]
    fn without_github_output_the_classroom_line_makes_room_on_stdout() {
        let both = specs(&["human", "github-classroom"]);
        let local = destinations(&both, None).unwrap();
        assert_eq!(local[0].1, Destination::Stdout);
        assert_eq!(local[1].1, Destination::Stderr);
        let actions = destinations(&both, Some("out".into())).unwrap();
        assert_eq!(actions[1].1, Destination::Append("out".into()));
        let alone = destinations(&specs(&["github-classroom"]), None).unwrap();
        assert_eq!(alone[0].1, Destination::Stdout);
    }

    #[test]
    fn report_files_are_checked_before_grading() {
        let dir = tempfile::tempdir().unwrap();
        let nowhere = dir.path().join("no/such/folder/grade.json");
        let err = check_writable(&nowhere).unwrap_err().to_string();
        assert!(err.contains("there is no folder"), "{err}");
        assert!(
            check_writable(dir.path()).is_err(),
            "a folder is not a file"
        );
        let fresh = dir.path().join("grade.json");
        check_writable(&fresh).unwrap();
        assert!(!fresh.exists(), "checking leaves nothing behind");
    }
}
