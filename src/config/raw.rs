//! The raw serde mirror of `grader.toml`: exactly what the file says, nothing resolved.
//!
//! Unknown keys are rejected (`deny_unknown_fields`), keys are kebab-case, and values that need
//! checking after parsing (regexes, durations) keep their span so an error can name the line.

use serde::Deserialize;
use toml::Spanned;

use crate::lint::RawLint;
use crate::sandbox::RawSandbox;

/// The whole course file.
///
/// Tables (`lint`, `sandbox`) are not `Spanned`: toml cannot span a table that has sub-tables,
/// so their errors are placed by their header instead.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawConfig {
    pub course: RawCourse,
    #[serde(default)]
    pub defaults: RawExerciseSettings,
    pub exercises: indexmap::IndexMap<String, RawExercise>,
    pub lint: Option<RawLint>,
    pub sandbox: Option<RawSandbox>,
}

/// `[course]`: what the course is and how a grading session runs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawCourse {
    pub name: String,
    pub max_score: Option<Spanned<f64>>,
    pub lang: Option<crate::lang::Lang>,
    pub reference: Option<String>,
    pub reference_runs: Option<Spanned<u32>>,
    pub python: Option<String>,
    pub cargo: Option<String>,
    pub build_timeout: Option<Spanned<String>>,
    pub output_limit: Option<Spanned<String>>,
}

/// One `[exercises.<name>]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawExercise {
    pub title: Option<String>,
    pub python: Option<String>,
    pub rust: Option<String>,
    pub result: Spanned<String>,
    pub points: Option<Spanned<f64>>,
    #[serde(default)]
    pub hints: Vec<RawHint>,
    pub timeout: Option<Spanned<String>>,
    pub time_factor: Option<Spanned<f64>>,
    pub time_slack: Option<Spanned<String>>,
    pub workers: Option<RawWorkers>,
    pub weights: Option<RawWeights>,
    pub lint: Option<RawLint>,
    pub result_from: Option<crate::config::ResultFrom>,
    pub requires: Option<crate::config::Requirement>,
}

/// Settings that `[defaults]` gives every exercise and an exercise may override, key by key.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawExerciseSettings {
    pub timeout: Option<Spanned<String>>,
    pub time_factor: Option<Spanned<f64>>,
    pub time_slack: Option<Spanned<String>>,
    pub workers: Option<RawWorkers>,
    pub weights: Option<RawWeights>,
    pub result_from: Option<crate::config::ResultFrom>,
}

/// `workers = { ... }`: the limits of the `workers` check.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawWorkers {
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub cpus: Option<Spanned<u32>>,
    pub python: Option<crate::config::WorkerModelName>,
    pub rust: Option<crate::config::WorkerModelName>,
    pub interval: Option<Spanned<String>>,
    pub other_cpus: Option<Spanned<Vec<u32>>>,
}

/// `weights = { ... }`: how much each check counts in an exercise's score.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawWeights {
    pub build: Option<Spanned<f64>>,
    pub run: Option<Spanned<f64>>,
    pub result: Option<Spanned<f64>>,
    pub time: Option<Spanned<f64>>,
    pub workers: Option<Spanned<f64>>,
    pub lint: Option<Spanned<f64>>,
}

/// `[[exercises.<name>.hints]]`: advice attached to a known wrong answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawHint {
    pub result: String,
    pub message: String,
}
