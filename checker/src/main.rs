//! The `checker` command line: parses arguments, opens the course and hands
//! over to a front end. Exit codes: 0 success, 1 a check failed, 2 a usage
//! or course error.

use checker::app::App;
use checker::commands::{self, BuildLimit};
use checker::style::Colorize;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Checks, watches and grades the asynclings exercises.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The course folder (the one with info.toml); by default the nearest one
    /// above the current folder.
    #[arg(long, global = true, value_name = "DIR")]
    course: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Watch the exercises and check each one as you save it (the default).
    Watch {
        /// Do not watch files; press r to check (for network mounts, WSL on /mnt).
        #[arg(long)]
        manual_run: bool,
        #[command(flatten)]
        build: BuildLimit,
    },
    /// Check the current exercise (or NAME) once; mark it done when it passes.
    Run {
        name: Option<String>,
        #[command(flatten)]
        build: BuildLimit,
    },
    /// List every exercise with its topic and status.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show the hint of the current exercise (or NAME): a nudge first.
    Hint {
        name: Option<String>,
        /// Show every level of the hint, down to the recipe.
        #[arg(long)]
        all: bool,
    },
    /// Restore an exercise to its shipped version.
    Reset {
        name: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Check every exercise, in parallel, and print a summary.
    Verify {
        /// Check the reference solutions instead of the exercises.
        #[arg(long)]
        solutions: bool,
        #[command(flatten)]
        build: BuildLimit,
    },
    /// Grade exercises against the course's own tests (for teachers and CI).
    Grade(commands::grade::GradeArgs),
    /// Explain an async mistake the checker recognises (a name or a rustc code, e.g. E0733).
    Explain {
        name: Option<String>,
        /// List every mistake the checker explains.
        #[arg(long)]
        list: bool,
    },
    /// Tools for course authors.
    #[command(subcommand)]
    Dev(DevCommand),
}

#[derive(Subcommand)]
enum DevCommand {
    /// Check the whole course: files, bins lists, solutions pass, exercises fail as stated,
    /// wrong answers are rejected.
    Check {
        /// Check only these exercises (and their wrong answers).
        names: Vec<String>,
        #[command(flatten)]
        build: BuildLimit,
    },
    /// Regenerate the [[bin]] lists of exercises/ and solutions/ from info.toml.
    Sync,
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "{} the checker itself crashed ({info}). This is a bug in the checker, not in your exercise; please report it.",
            "error:".red().bold()
        );
    }));
    let cli = Cli::parse();
    checker::style::set_enabled(checker::app::color_enabled());
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!(
                "{} could not start the async runtime: {e}",
                "error:".red().bold()
            );
            return ExitCode::from(2);
        }
    };
    // Watch turns these signals into a quit of its own.
    let watching = matches!(cli.command, None | Some(Command::Watch { .. }));
    let outcome = if watching {
        runtime.block_on(dispatch(cli))
    } else {
        runtime.block_on(until_stopped(dispatch(cli)))
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{} {e:#}", "error:".red().bold());
            ExitCode::from(2)
        }
    }
}

/// Runs `command` unless Ctrl-C or a termination request (a cancelled CI
/// job) comes first. Then the command is dropped, which kills every build
/// and program it started: cargo and the learner's programs run in process
/// groups of their own, which the terminal's Ctrl-C does not reach.
async fn until_stopped(
    command: impl Future<Output = anyhow::Result<ExitCode>>,
) -> anyhow::Result<ExitCode> {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut interrupt), Ok(mut terminate)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return command.await;
    };
    let signal = tokio::select! {
        result = command => return result,
        _ = interrupt.recv() => libc::SIGINT,
        _ = terminate.recv() => libc::SIGTERM,
    };
    eprintln!("\nStopped; every build and program the checker had started was stopped too.");
    Ok(ExitCode::from(128 + signal as u8))
}

async fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    // Explaining needs no course.
    if let Some(Command::Explain { name, list }) = &cli.command {
        commands::explain::run(name.as_deref(), *list)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut app = App::open(cli.course.as_deref())?;
    let build = match &cli.command {
        Some(
            Command::Watch { build, .. }
            | Command::Run { build, .. }
            | Command::Verify { build, .. }
            | Command::Dev(DevCommand::Check { build, .. }),
        ) => build.clone(),
        Some(Command::Grade(args)) => args.build.clone(),
        _ => BuildLimit::default(),
    };
    build.apply(&mut app.engine);
    let ok = |()| ExitCode::SUCCESS;
    match cli.command {
        None => checker::watch::run(&app, false).await,
        Some(Command::Watch { manual_run, .. }) => checker::watch::run(&app, manual_run).await,
        Some(Command::Run { name, .. }) => commands::run::run(&app, name.as_deref()).await,
        Some(Command::List { json }) => commands::list::run(&app, json).map(ok),
        Some(Command::Hint { name, all }) => {
            commands::hint::run(&app, name.as_deref(), all).map(ok)
        }
        Some(Command::Reset { name, yes }) => commands::reset::run(&app, &name, yes).map(ok),
        Some(Command::Verify { solutions, .. }) => commands::verify::run(&app, solutions).await,
        Some(Command::Grade(args)) => commands::grade::run(&app, args).await,
        Some(Command::Dev(DevCommand::Check { names, .. })) => {
            commands::dev::check(&app, &names).await
        }
        Some(Command::Dev(DevCommand::Sync)) => commands::dev::sync(&app).map(ok),
        Some(Command::Explain { .. }) => unreachable!("handled before the course is opened"),
    }
}
