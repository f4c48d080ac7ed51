//! `grade`: a thin binary over the library. Only the `lint` and `explain` subcommands for now.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use grade::lang::Lang;
use grade::lint::{cli, LintSettings, RawLint};
use serde::Deserialize;

#[derive(Parser)]
#[command(name = "grade", version, about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint names and comments of Python and Rust sources.
    Lint {
        /// grader.toml whose `[lint]` table configures the rules.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Language of the messages (default: the locale's, else English).
        #[arg(long, value_enum)]
        lang: Option<Lang>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Files or folders to lint.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Explain a lint rule, by code (N005) or name (name-too-short).
    Explain {
        code: String,
        /// Language of the explanation.
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// The part of grader.toml this binary reads.
#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    lint: RawLint,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let code = match args.command {
        Command::Lint {
            config,
            lang,
            format,
            paths,
        } => {
            let lang = lang.or_else(Lang::from_locale).unwrap_or_default();
            match load_settings(config) {
                Ok(settings) => {
                    cli::lint_command(&paths, &settings, lang, matches!(format, Format::Json))
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    2
                }
            }
        }
        Command::Explain { code, lang } => {
            cli::explain_command(&code, lang.or_else(Lang::from_locale).unwrap_or_default())
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}

fn load_settings(config: Option<PathBuf>) -> Result<LintSettings, String> {
    let Some(path) = config else {
        return Ok(LintSettings::default());
    };
    let text =
        std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    let file: ConfigFile =
        toml::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    LintSettings::resolve(&[&file.lint]).map_err(|message| format!("{}: {message}", path.display()))
}
