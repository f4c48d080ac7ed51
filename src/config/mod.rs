//! The course file, `grader.toml`: parsed (see [`raw`]) then resolved into validated settings.
//!
//! Every error names the file, the key and the line, so an instructor can fix it at once; all
//! the errors of a file are found in one pass ([`ConfigErrors`]).

mod error;
mod raw;
mod resolve;
mod tables;

use std::path::{Path, PathBuf};
use std::time::Duration;

use regex::Regex;
use serde::{Deserialize, Serialize};

pub use error::{ConfigError, ConfigErrors};

use crate::lang::Lang;
use crate::lint::LintSettings;
use crate::msg;
use crate::sandbox::SandboxSettings;

/// The file looked for when `--config` is not given.
pub const FILE_NAME: &str = "grader.toml";

/// A validated course file.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the file was read from.
    pub path: PathBuf,
    pub course: Course,
    /// The exercises, in the order the file lists them.
    pub exercises: Vec<Exercise>,
    /// The course's `[lint]` settings, used by `grade lint` (exercises layer theirs on top).
    pub lint: LintSettings,
    /// Limits and policy of the sandbox student code runs in.
    pub sandbox: SandboxSettings,
    /// The course bundle the course was read from (a student's self-check), when it was: the
    /// references' results and times come from it, and `course.reference` is not used.
    pub bundle: Option<std::sync::Arc<crate::bundle::Bundle>>,
}

/// `[course]`, resolved.
#[derive(Debug, Clone)]
pub struct Course {
    pub name: String,
    pub max_score: f64,
    pub lang: Option<Lang>,
    /// The folder of reference solutions, shaped like a student's folder.
    pub reference: PathBuf,
    /// How many times each reference runs to set the time baseline (the median is kept).
    pub reference_runs: u32,
    pub python: String,
    pub cargo: String,
    pub build_timeout: Duration,
    /// Bytes kept of each output stream; a run that prints more fails with "output too large".
    pub output_limit: u64,
}

/// One exercise, with the defaults applied.
#[derive(Debug, Clone)]
pub struct Exercise {
    pub name: String,
    /// The title in the run's language (see [`Config::load_in`]), when the file gives one.
    pub title: Option<String>,
    /// The Python entry, a script relative to the student's folder (`cube.py`).
    pub python: Option<String>,
    /// The Rust entry, a crate folder relative to the student's folder (`cube`).
    pub rust: Option<String>,
    /// Reads the result from standard output: its group named `value` (the file is refused
    /// without one).
    pub result: Regex,
    pub points: f64,
    pub hints: Vec<Hint>,
    pub timeout: Duration,
    pub time_factor: f64,
    pub time_slack: Duration,
    pub workers: Workers,
    pub weights: Weights,
    /// The course's `[lint]` with the exercise's `lint` table layered on top.
    pub lint: LintSettings,
    /// The lint keys the course file sets for this exercise (`[lint]`, its own table on top),
    /// as `(key, value)`: `("rules.N005", "error")`. What its lint differs in from the default.
    pub lint_changes: Vec<(String, String)>,
    /// Where the printed result must come from.
    pub result_from: ResultFrom,
    /// What the solution must use to pass its results, if anything.
    pub requires: Option<Requirement>,
}

/// `result-from`: where the printed result must come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResultFrom {
    /// Python: the values the workers sent the main process add up to it (the default when the
    /// exercise asks for workers). For both languages: it is not a constant of the source.
    Workers,
    /// Any computation, as long as it is not a constant of the source.
    Anywhere,
}

/// `requires`: what a solution must use to pass its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Requirement {
    /// Python: a multiprocessing queue (`Queue`, `SimpleQueue`, `JoinableQueue`, a `Manager()`'s
    /// queue) that the workers put on and the main process gets from, checked at run time.
    /// Rust: a channel (`std::sync::mpsc`, crossbeam, flume), found in the source.
    Queue,
}

/// Advice shown when a student's result is a known wrong answer.
#[derive(Debug, Clone)]
pub struct Hint {
    pub result: String,
    /// The advice in the run's language (see [`Config::load_in`]).
    pub message: String,
}

/// What counts as a worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkerModelName {
    /// Processes other than the main one.
    Processes,
    /// Threads other than the main one, plus child processes.
    Threads,
}

/// The limits of the `workers` check.
#[derive(Debug, Clone)]
pub struct Workers {
    pub min: u32,
    /// At most this many at once; `None`: no limit (the file sets no `max`).
    pub max: Option<u32>,
    /// How many CPUs the program under test is told the machine has.
    pub cpus: u32,
    pub python: WorkerModelName,
    pub rust: WorkerModelName,
    pub interval: Duration,
    /// Other CPU counts the program is also run with: its result must not change.
    pub other_cpus: Vec<u32>,
}

/// How much each check counts in an exercise's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub build: f64,
    pub run: f64,
    pub result: f64,
    pub time: f64,
    pub workers: f64,
    pub lint: f64,
}

impl Config {
    /// Reads and validates the course file at `path`, in the course's language (see
    /// [`Config::load_in`], without `--lang`); on failure, every problem it has.
    pub fn load(path: &Path) -> Result<Config, ConfigErrors> {
        Config::load_in(path, None)
    }

    /// Reads and validates the course file at `path`, or the course of the bundle at `path`
    /// (see [`crate::bundle`]); on failure, every problem it has.
    ///
    /// `lang` is `--lang`, if given. The run's language is it, else the file's `[course] lang`
    /// (read before the file is validated, when it is valid TOML with that key), else the
    /// locale's, else English: the errors are written in it, and the course's own texts
    /// (titles, hints) are taken in it when the file gives them by language.
    pub fn load_in(path: &Path, lang: Option<Lang>) -> Result<Config, ConfigErrors> {
        let without_course = lang.or_else(Lang::from_locale).unwrap_or_default();
        let failed = |error: ConfigError| ConfigErrors {
            errors: vec![error],
            lang: without_course,
        };
        let text = std::fs::read(path)
            .map_err(|err| failed(ConfigError::io(path, &err, without_course)))?;
        let text = String::from_utf8(text).map_err(|err| {
            failed(ConfigError::at_offset(
                path,
                err.as_bytes(),
                "",
                err.utf8_error().valid_up_to(),
                &msg!(without_course, "config-not-utf8"),
            ))
        })?;
        if crate::bundle::Bundle::looks_like(&text) {
            // Refused in the course's language when the bundle says it, as a course file's errors.
            let refusal = lang
                .or_else(|| {
                    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
                    course_lang(value.get("course")?.as_str()?)
                })
                .unwrap_or(without_course);
            let bundle =
                crate::bundle::Bundle::read(&text, refusal).map_err(|why| ConfigErrors {
                    errors: vec![ConfigError {
                        path: path.to_path_buf(),
                        location: None,
                        key: String::new(),
                        message: why,
                    }],
                    lang: refusal,
                })?;
            let lang = lang
                .or_else(|| course_lang(&bundle.course))
                .or_else(Lang::from_locale)
                .unwrap_or_default();
            let mut config = resolve::resolve(path, &bundle.course, lang)?;
            config.bundle = Some(std::sync::Arc::new(bundle));
            return Ok(config);
        }
        let lang = lang
            .or_else(|| course_lang(&text))
            .or_else(Lang::from_locale)
            .unwrap_or_default();
        resolve::resolve(path, &text, lang)
    }

    /// Finds the course in `start` or the nearest folder above it that has one: its
    /// `grader.toml`, else its course bundle (`grader.bundle.json`).
    pub fn find(start: &Path) -> Option<PathBuf> {
        start.ancestors().find_map(|dir| {
            [FILE_NAME, crate::bundle::FILE_NAME]
                .into_iter()
                .map(|name| dir.join(name))
                .find(|candidate| candidate.is_file())
        })
    }

    /// The exercise named `name`.
    pub fn exercise(&self, name: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|exercise| exercise.name == name)
    }
}

/// The `[course] lang` of a file that is valid TOML with that key and a language we speak.
fn course_lang(text: &str) -> Option<Lang> {
    let table: toml::Table = text.parse().ok()?;
    table.get("course")?.get("lang")?.clone().try_into().ok()
}
