//! `checker grade`: grades a submission (or the whole class) against the
//! course's own tests and writes the reports asked for. It only parses
//! options, picks destinations and sets the exit code; grading itself is
//! `crate::grade`.

use crate::app::App;
use crate::grade::{
    self, Grade, Options, Origin, class, report_classroom, report_human, report_json, report_junit,
};
use crate::libtest::strip_ansi;
use anyhow::{Context, bail};
use colored::Colorize;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

#[derive(clap::Args, Debug)]
pub struct GradeArgs {
    /// Grade the exercise files of this checkout (a student's repository)
    /// with everything else from the course; by default the course's own.
    #[arg(long, value_name = "DIR", conflicts_with = "class")]
    pub submission: Option<PathBuf>,
    /// Grade every submission folder under DIR (one per student) and write
    /// grades.csv and grades.md.
    #[arg(long, value_name = "DIR")]
    pub class: Option<PathBuf>,
    /// Where --class writes grades.csv and grades.md.
    #[arg(long, value_name = "DIR", default_value = ".", requires = "class")]
    pub output_dir: PathBuf,
    /// Grade only these exercises or topic folders (repeat, or separate with commas).
    #[arg(long, value_name = "NAME|TOPIC", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Give a test exercise the fraction of its points that its passing tests make.
    #[arg(long)]
    pub partial: bool,
    /// Exit with 1 when the total is below POINTS (by default grading exits 0 whatever the score).
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
    File(PathBuf),
    /// Appended to this file ($GITHUB_OUTPUT).
    Append(PathBuf),
}

fn destinations(specs: &[FormatSpec]) -> anyhow::Result<Vec<(Format, Destination)>> {
    let specs = if specs.is_empty() {
        vec![FormatSpec {
            format: Format::Human,
            file: None,
        }]
    } else {
        specs.to_vec()
    };
    let github_output = std::env::var_os("GITHUB_OUTPUT").filter(|v| !v.is_empty());
    let mut out = Vec::new();
    for spec in specs {
        let destination = match (&spec.file, spec.format, &github_output) {
            (Some(file), _, _) => Destination::File(file.clone()),
            (None, Format::GithubClassroom, Some(path)) => Destination::Append(path.into()),
            (None, _, _) => Destination::Stdout,
        };
        out.push((spec.format, destination));
    }
    if out
        .iter()
        .filter(|(_, d)| *d == Destination::Stdout)
        .count()
        > 1
    {
        bail!(
            "only one --format can go to stdout; give the others a file, e.g. `--format junit=junit.xml`"
        );
    }
    Ok(out)
}

pub async fn run(app: &App, args: GradeArgs) -> anyhow::Result<ExitCode> {
    let options = Options {
        only: args.only.clone(),
        partial: args.partial,
    };
    if let Some(dir) = &args.class {
        if !args.formats.is_empty() {
            bail!(
                "--class writes grades.csv and grades.md (see --output-dir); --format is for one submission"
            );
        }
        return run_class(app, dir, &args.output_dir, &options).await;
    }
    let outputs = destinations(&args.formats)?;
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
        "{} {} exercises of {} against the course's own tests",
        "Grading".bold(),
        selected.len(),
        match &args.submission {
            Some(dir) => dir.display().to_string(),
            None => "this checkout".into(),
        }
    );
    let grade = grade::grade(&app.course, &app.engine, &origin, &options).await?;
    let stdout_taken_by_data = outputs
        .iter()
        .any(|(f, d)| *d == Destination::Stdout && *f != Format::Human);
    for (format, destination) in &outputs {
        write_report(&grade, *format, destination)?;
    }
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        for line in report_classroom::annotations(&grade) {
            if stdout_taken_by_data {
                eprintln!("{line}");
            } else {
                println!("{line}");
            }
        }
    }
    eprintln!(
        "Score: {} / {}",
        report_json::round_points(grade.total()),
        grade.max()
    );
    Ok(match args.fail_under {
        Some(minimum) if grade.total() < minimum => {
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
            print!("{text}");
            std::io::stdout().flush().context("cannot write to stdout")
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

async fn run_class(
    app: &App,
    dir: &Path,
    output_dir: &Path,
    options: &Options,
) -> anyhow::Result<ExitCode> {
    let selected = grade::select(&app.course, &options.only)?;
    let students = class::submissions(dir)?;
    eprintln!(
        "{} {} submissions in {} ({} exercises each)",
        "Grading".bold(),
        students.len(),
        dir.display(),
        selected.len()
    );
    let rows = class::grade_class(&app.course, &app.engine, dir, options, |row| {
        match &row.grade {
            Ok(grade) => eprintln!(
                "  {}: {} / {}",
                row.student,
                report_json::round_points(grade.total()),
                grade.max()
            ),
            Err(error) => eprintln!("  {}: {} {error}", row.student, "error:".red().bold()),
        }
    })
    .await?;
    std::fs::create_dir_all(output_dir)
        .with_context(|| format!("cannot create {}", output_dir.display()))?;
    for (name, text) in [
        ("grades.csv", class::csv(&rows, &selected)),
        ("grades.md", class::markdown(&rows, &selected)),
    ] {
        let path = output_dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("Wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let specs: Vec<FormatSpec> = ["human", "junit"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert!(destinations(&specs).is_err());
    }
}
