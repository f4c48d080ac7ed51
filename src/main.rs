//! The `grade` command line: parses arguments, calls the library, exits with its status.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use grade::app::{self, Format, GradeArgs};
use grade::export::Target;
use grade::lang::Lang;

/// Builds, runs, measures and lints students' solutions to a course on parallelism.
///
/// PATH is a folder of student folders (`grade submissions/`) or one student's folder
/// (`grade .` in your own folder, to check your work before validation).
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// A folder of student folders, or one student's folder.
    #[arg(default_value = ".")]
    path: PathBuf,

    /// The course: its course file, or the course bundle `grade pack` wrote [default:
    /// grader.toml, else grader.bundle.json, in the current folder or the nearest above].
    #[arg(
        long = "course",
        visible_alias = "config",
        value_name = "FILE",
        global = true
    )]
    config: Option<PathBuf>,

    /// What to print on stdout.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,

    /// Write the report to FILE, in the format its extension names: .json (kept up to date as
    /// grading goes, and read back by --resume), .xml (JUnit), .csv (a gradebook), .sarif (lint
    /// findings), .html (one page), .md (a job summary); or name the format before the file:
    /// gradescope:results.json, junit:report.junit. Repeatable.
    #[arg(long, short, value_name = "FILE", value_parser = clap::value_parser!(Target))]
    output: Vec<Target>,

    /// A CSV that maps each student folder (its `folder` column) to the ids a course platform
    /// imports grades by (`Email address`, `ID number`; Canvas: `Student`, `ID`, `SIS User
    /// ID`...): the gradebook gets those columns, in the roster's order.
    #[arg(long, value_name = "FILE")]
    roster: Option<PathBuf>,

    /// Reuse the results in the JSON report file (-o FILE.json) of exercises whose files and course file did not
    /// change since; grade the others.
    #[arg(long, requires = "output")]
    resume: bool,

    /// Grade only this exercise (repeatable).
    #[arg(long = "exercise", short, value_name = "NAME")]
    exercises: Vec<String>,

    /// Language of the messages and errors, and of the course's texts given by language
    /// [default: the course's, then the locale's].
    #[arg(long, value_enum)]
    lang: Option<Lang>,

    /// A missing exercise does not make the exit status 1 (the others still do; nothing
    /// graded at all still does).
    #[arg(long)]
    allow_missing: bool,

    /// Exit 1 when a student's score is under SCORE, and only then (failed checks that keep the
    /// score above it do not).
    #[arg(long, value_name = "SCORE")]
    fail_under: Option<f64>,

    /// CPUs' worth of builds and runs at once [default: the machine's CPUs]. A run whose time
    /// is judged still gets the CPUs to itself; 1 grades one thing at a time.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    jobs: Option<u32>,

    /// Grade only shard K of N of the class (`2/3`), chosen by a stable hash of each
    /// student's folder name; `grade merge` puts the shards' JSON reports together.
    #[arg(long, value_name = "K/N")]
    partition: Option<String>,

    /// When to use colours.
    #[arg(long, value_enum, default_value = "auto", global = true)]
    color: Color,
}

#[derive(Subcommand)]
enum Command {
    /// Lint the names, comments and parallel code of Python and Rust sources, as the `lint` check does.
    Lint {
        /// Files or folders to lint.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Language of the messages [default: the course's, then the locale's].
        #[arg(long, value_enum)]
        lang: Option<Lang>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: LintFormat,
    },
    /// Explain a lint rule, by code (N005) or name (name-too-short); `list` shows them all.
    Explain {
        code: String,
        /// Language of the explanation.
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Merge the JSON reports of a class graded in shards (`--partition K/N`) into the report of
    /// the whole class, with the verdicts and scores one run would give, in any format (-o,
    /// --format; JSON on stdout when neither is given).
    Merge {
        /// The shards' JSON reports.
        #[arg(required = true)]
        reports: Vec<PathBuf>,
        /// What to print on stdout [default: JSON when no -o is given, else the report for
        /// people].
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Write the merged report to FILE, in the format its extension names (as grading's
        /// -o). Repeatable.
        #[arg(long, short, value_name = "FILE", value_parser = clap::value_parser!(Target))]
        output: Vec<Target>,
        /// Who each student folder is, for the gradebook (as grading's --roster).
        #[arg(long, value_name = "FILE")]
        roster: Option<PathBuf>,
        /// A missing exercise does not make the exit status 1.
        #[arg(long)]
        allow_missing: bool,
        /// Exit 1 when a student's score is under SCORE, and only then.
        #[arg(long, value_name = "SCORE")]
        fail_under: Option<f64>,
        /// Language of the errors [default: the locale's].
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// List the protections that contain student code on this machine, and those missing.
    Doctor {
        /// Language of the lines [default: the course's, then the locale's].
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Find copied solutions: every pair of solutions of the same exercise, ranked by the code
    /// they share (names, literals, comments and layout aside), with the matching lines.
    Similar {
        /// A folder of student folders.
        path: PathBuf,
        /// Code that counts for no pair, shaped like a student's folder [default: the course's
        /// reference folder]. Repeatable: the reference and starter files.
        #[arg(long, value_name = "FOLDER")]
        base: Vec<PathBuf>,
        /// Past years' classes (folders of student folders), compared with this one. Repeatable.
        #[arg(long, value_name = "FOLDER")]
        against: Vec<PathBuf>,
        /// Only this exercise (repeatable).
        #[arg(long = "exercise", value_name = "NAME")]
        exercises: Vec<String>,
        /// Show the pairs scoring at least this percent (twice the shared code over both).
        #[arg(long, value_name = "PERCENT", default_value_t = 30.0)]
        min: f64,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: LintFormat,
        /// Language of the report [default: the course's, then the locale's].
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Write the course bundle students check their work with, without the solutions: the
    /// course file, each reference's result, times and workers figures, and how fast this
    /// machine is (no reference source).
    Pack {
        /// Where to write it.
        #[arg(long, short, value_name = "FILE", default_value = "grader.bundle.json")]
        output: PathBuf,
        /// Language of the lines and errors [default: the course's, then the locale's].
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Check the course file in one pass: every error in it at once, else each exercise's
    /// settings (defaults applied) and each reference built and run, with what it printed.
    Check {
        /// Language of the errors and of the course's texts given by language [default: the
        /// course's, then the locale's].
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LintFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    // The sandbox helper: a fresh process of this binary, before anything else starts a thread.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args
        .get(1)
        .is_some_and(|arg| arg == grade::sandbox::helper::HELPER_ARGUMENT)
    {
        let status = grade::sandbox::helper::main(&args[2..]);
        return ExitCode::from(u8::try_from(status).unwrap_or(u8::MAX));
    }
    let cli = Cli::parse();
    match cli.color {
        Color::Auto => {}
        Color::Always => anstream::ColorChoice::Always.write_global(),
        Color::Never => anstream::ColorChoice::Never.write_global(),
    }
    let status = match cli.command {
        None => app::grade_command(GradeArgs {
            path: cli.path,
            config: cli.config,
            outputs: app::Outputs {
                files: cli.output,
                format: Some(cli.format),
                roster: cli.roster,
            },
            exercises: cli.exercises,
            lang: cli.lang,
            resume: cli.resume,
            allow_missing: cli.allow_missing,
            fail_under: cli.fail_under,
            jobs: cli.jobs,
            partition: cli.partition,
        }),
        Some(Command::Lint {
            paths,
            lang,
            format,
        }) => app::lint_command(
            &paths,
            cli.config.as_deref(),
            lang,
            format == LintFormat::Json,
        ),
        Some(Command::Explain { code, lang }) => {
            app::explain_command(&code, cli.config.as_deref(), lang)
        }
        Some(Command::Merge {
            reports,
            format,
            output,
            roster,
            allow_missing,
            fail_under,
            lang,
        }) => app::merge_command(
            &reports,
            &app::Outputs {
                files: output,
                format,
                roster,
            },
            app::FailWhen {
                allow_missing,
                fail_under,
            },
            lang,
        ),
        Some(Command::Doctor { lang }) => app::doctor_command(cli.config.as_deref(), lang),
        Some(Command::Check { lang }) => app::check_command(cli.config.as_deref(), lang),
        Some(Command::Pack { output, lang }) => {
            app::pack_command(cli.config.as_deref(), &output, lang)
        }
        Some(Command::Similar {
            path,
            base,
            against,
            exercises,
            min,
            format,
            lang,
        }) => app::similar_command(
            cli.config.as_deref(),
            grade::similar::Sources {
                class: path,
                base,
                against,
                exercises,
            },
            min,
            format == LintFormat::Json,
            lang,
        ),
    };
    ExitCode::from(u8::try_from(status).unwrap_or(2))
}
