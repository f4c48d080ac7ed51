//! From the raw file to validated settings: defaults applied, values checked, errors located.
//!
//! Every problem of the file is found in one pass: a bad value is reported and replaced by its
//! built-in default, so that the values after it are checked too. Each value is checked where
//! it is written, once: a bad `[defaults] timeout` is `defaults.timeout`, however many
//! exercises inherit it.

use std::cell::RefCell;
use std::path::Path;
use std::time::Duration;

use regex::Regex;
use toml::Spanned;

use super::raw::{self, RawConfig, RawCourse, RawExercise, RawWeights, RawWorkers};
use super::tables::{lint_changes, resolve_lint, resolve_sandbox};
use super::{
    Config, ConfigError, ConfigErrors, Course, Exercise, Hint, ResultFrom, Weights,
    WorkerModelName, Workers,
};
use crate::lang::Lang;
use crate::lint::LintSettings;
use crate::msg;

/// Built-in values for what the file leaves out.
const DEFAULT_MAX_SCORE: f64 = 20.0;
const DEFAULT_REFERENCE_RUNS: u32 = 3;
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TIME_FACTOR: f64 = 2.0;
const DEFAULT_TIME_SLACK: Duration = Duration::from_secs(1);
const DEFAULT_BUILD_TIMEOUT: Duration = Duration::from_secs(300);
const DEFAULT_OUTPUT_LIMIT: u64 = 1024 * 1024;
const DEFAULT_CPUS: u32 = 16;
const DEFAULT_INTERVAL: Duration = Duration::from_millis(2);
const DEFAULT_WEIGHTS: Weights = Weights {
    build: 1.0,
    run: 1.0,
    result: 3.0,
    time: 1.0,
    workers: 2.0,
    lint: 2.0,
};

/// The CPU counts a program is also shown unless the course says otherwise: one CPU, and an
/// odd count that divides no usual size of work.
const DEFAULT_OTHER_CPUS: [u32; 2] = [1, 3];

/// The group of the result regex the grader reads the value from.
const VALUE_GROUP: &str = "value";

/// The file being resolved, and the problems found in it so far.
pub(super) struct Source<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    /// The language of the messages, and of the course's texts given by language.
    pub(super) lang: Lang,
    errors: RefCell<Vec<ConfigError>>,
}

impl Source<'_> {
    pub(super) fn at(&self, key: &str, offset: usize, message: impl AsRef<str>) -> ConfigError {
        ConfigError::at_offset(
            self.path,
            self.text.as_bytes(),
            key,
            offset,
            message.as_ref(),
        )
    }

    /// An error about `key`, placed where `spanned` is written.
    pub(super) fn error<T>(
        &self,
        key: &str,
        spanned: &Spanned<T>,
        message: impl AsRef<str>,
    ) -> ConfigError {
        self.at(key, spanned.span().start, message)
    }

    /// An error about `key`, placed where the key is written, when it is.
    pub(super) fn about(&self, key: &str, message: impl AsRef<str>) -> ConfigError {
        match raw::offset_of(self.text, key) {
            Some(offset) => self.at(key, offset, message),
            None => ConfigError {
                path: self.path.to_path_buf(),
                location: None,
                key: key.to_string(),
                message: message.as_ref().to_string(),
            },
        }
    }

    pub(super) fn report(&self, error: ConfigError) {
        self.errors.borrow_mut().push(error);
    }

    /// The value, or `None` once its error is reported.
    pub(super) fn check<T>(&self, result: Result<T, ConfigError>) -> Option<T> {
        result.map_err(|error| self.report(error)).ok()
    }

    pub(super) fn error_count(&self) -> usize {
        self.errors.borrow().len()
    }

    pub(super) fn duration(&self, key: &str, value: &Spanned<String>) -> Option<Duration> {
        self.check(
            crate::units::parse_duration(value.get_ref(), self.lang)
                .map_err(|message| self.error(key, value, message)),
        )
    }

    pub(super) fn non_negative(&self, key: &str, value: &Spanned<f64>) -> Option<f64> {
        let number = *value.get_ref();
        if number.is_finite() && number >= 0.0 {
            Some(number)
        } else {
            self.report(self.error(
                key,
                value,
                msg!(self.lang, "config-negative", number = number.to_string()),
            ));
            None
        }
    }

    /// Every error, in the file's order, each once.
    fn finish(self) -> ConfigErrors {
        let mut errors = self.errors.into_inner();
        // Unplaced errors (a missing section) after the placed ones.
        errors.sort_by_key(|error| error.location.unwrap_or((usize::MAX, usize::MAX)));
        let mut unique: Vec<ConfigError> = Vec::with_capacity(errors.len());
        for error in errors {
            if !unique.contains(&error) {
                unique.push(error);
            }
        }
        ConfigErrors {
            errors: unique,
            lang: self.lang,
        }
    }
}

/// Parses `text`, read from `path`, into a validated [`Config`], or every problem it has, in
/// `lang`; the course's texts given by language are taken in `lang`.
pub(super) fn resolve(path: &Path, text: &str, lang: Lang) -> Result<Config, ConfigErrors> {
    let source = Source {
        path,
        text,
        lang,
        errors: RefCell::new(Vec::new()),
    };
    let (raw, read_errors) = raw::read(text, lang);
    for error in read_errors {
        source.report(match error.offset {
            Some(offset) => source.at(&error.key, offset, &error.message),
            None => source.about(&error.key, &error.message),
        });
    }
    let Some(raw) = raw else {
        return Err(source.finish());
    };
    let base = path.parent().unwrap_or(Path::new("."));

    let before_course = source.error_count();
    let course = raw
        .course
        .as_ref()
        .map(|course| resolve_course(&source, base, course));
    let course_ok = source.error_count() == before_course;

    let defaults = Layer::resolve(&source, "defaults", &LayerRaw::defaults(&raw));
    let lint = resolve_lint(&source, "lint", raw.lint.iter().collect());
    let mut exercises = Vec::with_capacity(raw.exercises.len());
    for (name, exercise) in &raw.exercises {
        exercises.push(resolve_exercise(
            &source,
            &raw,
            &defaults,
            lint.as_ref(),
            name,
            exercise,
        ));
    }
    let sandbox = resolve_sandbox(&source, raw.sandbox.as_ref());

    // An exercise is `None` only once its error is reported.
    let exercises: Vec<Exercise> = exercises.into_iter().flatten().collect();
    let (Some(course), Some(lint), Some(sandbox)) = (course, lint, sandbox) else {
        return Err(source.finish());
    };
    // Points that could not be read would make the total wrong: no check of it then.
    let points_read = !source
        .errors
        .borrow()
        .iter()
        .any(|error| error.key.ends_with(".points") || error.key == "course.max-score");
    let mut exercises = exercises;
    if raw.complete && course_ok && points_read && exercises.len() == raw.exercises.len() {
        distribute_points(&source, &course, &mut exercises, &raw);
    }
    if source.error_count() > 0 {
        return Err(source.finish());
    }
    Ok(Config {
        path: path.to_path_buf(),
        course,
        exercises,
        lint,
        sandbox,
        bundle: None,
    })
}

fn resolve_course(source: &Source, base: &Path, course: &RawCourse) -> Course {
    let max_score = course
        .max_score
        .as_ref()
        .and_then(|value| source.non_negative("course.max-score", value))
        .unwrap_or(DEFAULT_MAX_SCORE);
    let reference_runs = match &course.reference_runs {
        Some(runs) if *runs.get_ref() == 0 => {
            source.report(source.error(
                "course.reference-runs",
                runs,
                msg!(source.lang, "config-at-least", least = "1"),
            ));
            DEFAULT_REFERENCE_RUNS
        }
        Some(runs) => *runs.get_ref(),
        None => DEFAULT_REFERENCE_RUNS,
    };
    let build_timeout = course
        .build_timeout
        .as_ref()
        .and_then(|value| source.duration("course.build-timeout", value))
        .unwrap_or(DEFAULT_BUILD_TIMEOUT);
    let output_limit = course
        .output_limit
        .as_ref()
        .and_then(|value| {
            source.check(
                crate::units::parse_size(value.get_ref(), source.lang)
                    .map_err(|message| source.error("course.output-limit", value, message)),
            )
        })
        .unwrap_or(DEFAULT_OUTPUT_LIMIT);
    Course {
        name: course.name.clone(),
        max_score,
        lang: course.lang,
        reference: base.join(course.reference.as_deref().unwrap_or("reference")),
        reference_runs,
        python: course.python.clone().unwrap_or_else(|| "python3".into()),
        cargo: course.cargo.clone().unwrap_or_else(|| "cargo".into()),
        build_timeout,
        output_limit,
    }
}

/// The keys `[defaults]` and an exercise share, as written in one of them.
struct LayerRaw<'a> {
    timeout: Option<&'a Spanned<String>>,
    time_factor: Option<&'a Spanned<f64>>,
    time_slack: Option<&'a Spanned<String>>,
    workers: Option<&'a RawWorkers>,
    weights: Option<&'a RawWeights>,
    result_from: Option<ResultFrom>,
}

impl LayerRaw<'_> {
    fn defaults(raw: &RawConfig) -> LayerRaw<'_> {
        let defaults = &raw.defaults;
        LayerRaw {
            timeout: defaults.timeout.as_ref(),
            time_factor: defaults.time_factor.as_ref(),
            time_slack: defaults.time_slack.as_ref(),
            workers: defaults.workers.as_ref(),
            weights: defaults.weights.as_ref(),
            result_from: defaults.result_from,
        }
    }

    fn exercise(exercise: &RawExercise) -> LayerRaw<'_> {
        LayerRaw {
            timeout: exercise.timeout.as_ref(),
            time_factor: exercise.time_factor.as_ref(),
            time_slack: exercise.time_slack.as_ref(),
            workers: exercise.workers.as_ref(),
            weights: exercise.weights.as_ref(),
            result_from: exercise.result_from,
        }
    }
}

/// A value of a layer, with the key and place it was written at, for errors that involve
/// values of both layers.
#[derive(Debug, Clone)]
struct Placed<T> {
    value: T,
    key: String,
    offset: usize,
}

/// The shared keys of one layer (`[defaults]` or an exercise), each checked where it is
/// written; `None` where the layer says nothing, or something wrong (then reported).
#[derive(Debug, Default)]
struct Layer {
    /// `defaults` or `exercises.<name>`.
    prefix: String,
    timeout: Option<Duration>,
    time_factor: Option<f64>,
    time_slack: Option<Duration>,
    min: Option<Placed<u32>>,
    max: Option<Placed<u32>>,
    cpus: Option<u32>,
    python: Option<WorkerModelName>,
    rust: Option<WorkerModelName>,
    interval: Option<Duration>,
    other_cpus: Option<Vec<u32>>,
    weights: [Option<f64>; 6],
    result_from: Option<ResultFrom>,
}

/// The weights' keys, in [`Layer::weights`]'s order.
const WEIGHT_KEYS: [&str; 6] = ["build", "run", "result", "time", "workers", "lint"];

impl Layer {
    fn resolve(source: &Source, prefix: &str, raw: &LayerRaw) -> Layer {
        let key = |field: &str| format!("{prefix}.{field}");
        let timeout = raw.timeout.and_then(|value| {
            let timeout = source.duration(&key("timeout"), value)?;
            if timeout.is_zero() {
                source.report(source.error(
                    &key("timeout"),
                    value,
                    msg!(source.lang, "config-zero-timeout"),
                ));
                return None;
            }
            Some(timeout)
        });
        let mut layer = Layer {
            prefix: prefix.to_string(),
            timeout,
            time_factor: raw
                .time_factor
                .and_then(|value| source.non_negative(&key("time-factor"), value)),
            time_slack: raw
                .time_slack
                .and_then(|value| source.duration(&key("time-slack"), value)),
            result_from: raw.result_from,
            ..Layer::default()
        };
        if let Some(workers) = raw.workers {
            layer.workers(source, &key("workers"), workers);
        }
        if let Some(weights) = raw.weights {
            let fields = [
                &weights.build,
                &weights.run,
                &weights.result,
                &weights.time,
                &weights.workers,
                &weights.lint,
            ];
            for ((slot, field), name) in layer.weights.iter_mut().zip(fields).zip(WEIGHT_KEYS) {
                *slot = field.as_ref().and_then(|value| {
                    source.non_negative(&format!("{prefix}.weights.{name}"), value)
                });
            }
        }
        layer
    }

    fn workers(&mut self, source: &Source, key: &str, workers: &RawWorkers) {
        let placed = |field: &str, value: &Spanned<u32>| Placed {
            value: *value.get_ref(),
            key: format!("{key}.{field}"),
            offset: value.span().start,
        };
        self.min = workers.min.as_ref().map(|value| placed("min", value));
        self.max = workers.max.as_ref().map(|value| placed("max", value));
        self.cpus = workers.cpus.as_ref().and_then(|value| {
            if *value.get_ref() == 0 {
                source.report(source.error(
                    &format!("{key}.cpus"),
                    value,
                    msg!(source.lang, "config-at-least", least = "1"),
                ));
                None
            } else {
                Some(*value.get_ref())
            }
        });
        self.python = workers.python;
        self.rust = workers.rust;
        self.interval = workers
            .interval
            .as_ref()
            .and_then(|value| source.duration(&format!("{key}.interval"), value));
        self.other_cpus = workers.other_cpus.as_ref().and_then(|value| {
            if value.get_ref().contains(&0) {
                source.report(source.error(
                    &format!("{key}.other-cpus"),
                    value,
                    msg!(source.lang, "config-cpu-count"),
                ));
                None
            } else {
                Some(value.get_ref().clone())
            }
        });
    }
}

fn resolve_exercise(
    source: &Source,
    raw: &RawConfig,
    defaults: &Layer,
    course_lint: Option<&LintSettings>,
    name: &str,
    exercise: &Spanned<RawExercise>,
) -> Option<Exercise> {
    let key = |field: &str| format!("exercises.{name}.{field}");
    let table = exercise;
    let exercise = exercise.get_ref();
    if exercise.python.is_none() && exercise.rust.is_none() {
        source.report(source.at(
            &format!("exercises.{name}"),
            raw::offset_of(source.text, &format!("exercises.{name}")).unwrap_or(table.span().start),
            msg!(source.lang, "config-no-entry"),
        ));
    }
    let result = result_regex(source, &key("result"), &exercise.result);
    let own = Layer::resolve(
        source,
        &format!("exercises.{name}"),
        &LayerRaw::exercise(exercise),
    );
    let workers = resolve_workers(source, &own, defaults);
    let weight = |index: usize, fallback: f64| {
        own.weights[index]
            .or(defaults.weights[index])
            .unwrap_or(fallback)
    };
    let weights = Weights {
        build: weight(0, DEFAULT_WEIGHTS.build),
        run: weight(1, DEFAULT_WEIGHTS.run),
        result: weight(2, DEFAULT_WEIGHTS.result),
        time: weight(3, DEFAULT_WEIGHTS.time),
        workers: weight(4, DEFAULT_WEIGHTS.workers),
        lint: weight(5, DEFAULT_WEIGHTS.lint),
    };
    let total_weight = weights.build
        + weights.run
        + weights.result
        + weights.time
        + weights.workers
        + weights.lint;
    if total_weight <= 0.0 {
        source.report(source.at(
            &key("weights"),
            raw::offset_of(source.text, &format!("exercises.{name}")).unwrap_or(table.span().start),
            msg!(source.lang, "config-zero-weights"),
        ));
    }
    let points = match &exercise.points {
        Some(value) => source.non_negative(&key("points"), value).unwrap_or(0.0),
        None => f64::NAN,
    };
    let lint = match (course_lint, &exercise.lint) {
        (Some(course), None) => Some(course.clone()),
        (Some(_), Some(own)) => {
            resolve_lint(source, &key("lint"), raw.lint.iter().chain([own]).collect())
        }
        // The course's [lint] has an error, reported once: the exercise's is not checked on top.
        (None, _) => None,
    };
    let course_lang = raw.course.as_ref().and_then(|course| course.lang);
    let title = exercise
        .title
        .as_ref()
        .and_then(|title| course_text(source, &key("title"), title, course_lang));
    let hints: Vec<Hint> = exercise
        .hints
        .iter()
        .filter_map(|hint| {
            Some(Hint {
                result: hint.result.clone(),
                message: course_text(source, &key("hints.message"), &hint.message, course_lang)?,
            })
        })
        .collect();
    Some(Exercise {
        name: name.to_string(),
        title,
        python: exercise.python.clone(),
        rust: exercise.rust.clone(),
        result: result?,
        points,
        hints,
        timeout: own.timeout.or(defaults.timeout).unwrap_or(DEFAULT_TIMEOUT),
        time_factor: own
            .time_factor
            .or(defaults.time_factor)
            .unwrap_or(DEFAULT_TIME_FACTOR),
        time_slack: own
            .time_slack
            .or(defaults.time_slack)
            .unwrap_or(DEFAULT_TIME_SLACK),
        weights,
        lint: lint?,
        lint_changes: lint_changes(&raw.lint.iter().chain(&exercise.lint).collect::<Vec<_>>()),
        result_from: own
            .result_from
            .or(defaults.result_from)
            .unwrap_or(if workers.min > 0 {
                ResultFrom::Workers
            } else {
                ResultFrom::Anywhere
            }),
        requires: exercise.requires,
        workers,
    })
}

/// A text of the course (a title, a hint's message) in the run's language, else in the
/// course's `lang`, else the first given; an empty table by language is reported, unless it
/// is empty for a language of it already reported (left out of it).
fn course_text(
    source: &Source,
    key: &str,
    written: &Spanned<raw::RawText>,
    course_lang: Option<Lang>,
) -> Option<String> {
    let text = written.get_ref().pick(source.lang, course_lang);
    let inner = format!("{key}.");
    let said = source
        .errors
        .borrow()
        .iter()
        .any(|error| error.key.starts_with(&inner));
    if text.is_none() && !said {
        source.report(source.error(key, written, msg!(source.lang, "config-text-empty")));
    }
    text.map(str::to_string)
}

/// The regex that reads the result: valid, with the group named `value` the grader reads.
fn result_regex(source: &Source, key: &str, written: &Spanned<String>) -> Option<Regex> {
    const EXAMPLE: &str = "'^result = (?P<value>-?\\d+)'";
    let regex = match Regex::new(written.get_ref()) {
        Ok(regex) => regex,
        Err(err) => {
            source.report(source.error(
                key,
                written,
                msg!(
                    source.lang,
                    "config-invalid-regex",
                    reason = err.to_string()
                ),
            ));
            return None;
        }
    };
    if regex
        .capture_names()
        .flatten()
        .any(|name| name == VALUE_GROUP)
    {
        return Some(regex);
    }
    let groups = regex.captures_len() - 1;
    source.report(source.error(
        key,
        written,
        msg!(
            source.lang,
            "config-regex-without-value",
            groups = groups,
            example = EXAMPLE
        ),
    ));
    None
}

/// The exercise's workers, its own keys over the defaults' over the built-in ones.
fn resolve_workers(source: &Source, own: &Layer, defaults: &Layer) -> Workers {
    let min = own.min.clone().or_else(|| defaults.min.clone());
    let max = own.max.clone().or_else(|| defaults.max.clone());
    if let (Some(min), Some(max)) = (&min, &max) {
        if min.value > max.value {
            // Blamed on the exercise when one of the two is its own, else on [defaults].
            let layer = if own.min.is_some() || own.max.is_some() {
                &own.prefix
            } else {
                &defaults.prefix
            };
            let placed = if own.min.is_some() || own.max.is_none() {
                min
            } else {
                max
            };
            let same_layer = min.key.rsplit_once('.').map(|(table, _)| table)
                == max.key.rsplit_once('.').map(|(table, _)| table);
            let (min_value, max_value) = (min.value.to_string(), max.value.to_string());
            let message = if same_layer {
                msg!(
                    source.lang,
                    "config-min-over-max",
                    min = min_value,
                    max = max_value
                )
            } else {
                msg!(
                    source.lang,
                    "config-min-over-max-keys",
                    min = min_value,
                    min_key = min.key.as_str(),
                    max = max_value,
                    max_key = max.key.as_str()
                )
            };
            source.report(source.at(&format!("{layer}.workers"), placed.offset, message));
        }
    }
    let cpus = own.cpus.or(defaults.cpus).unwrap_or(DEFAULT_CPUS);
    let mut other_cpus: Vec<u32> = own
        .other_cpus
        .clone()
        .or_else(|| defaults.other_cpus.clone())
        .unwrap_or_else(|| DEFAULT_OTHER_CPUS.to_vec())
        .into_iter()
        .filter(|n| *n != cpus)
        .collect();
    other_cpus.sort_unstable();
    other_cpus.dedup();
    Workers {
        min: min.map_or(0, |min| min.value),
        max: max.map(|max| max.value),
        cpus,
        other_cpus,
        python: own
            .python
            .or(defaults.python)
            .unwrap_or(WorkerModelName::Processes),
        rust: own
            .rust
            .or(defaults.rust)
            .unwrap_or(WorkerModelName::Threads),
        interval: own
            .interval
            .or(defaults.interval)
            .unwrap_or(DEFAULT_INTERVAL),
    }
}

/// Exercises without `points` share what the others leave of `max-score`; the total must match.
fn distribute_points(
    source: &Source,
    course: &Course,
    exercises: &mut [Exercise],
    raw: &RawConfig,
) {
    let given: f64 = exercises
        .iter()
        .map(|e| e.points)
        .filter(|p| !p.is_nan())
        .sum();
    let unset = exercises.iter().filter(|e| e.points.is_nan()).count();
    let remaining = course.max_score - given;
    if unset > 0 {
        let share = (remaining / unset as f64).max(0.0);
        for exercise in exercises.iter_mut().filter(|e| e.points.is_nan()) {
            exercise.points = share;
        }
    }
    let total: f64 = exercises.iter().map(|e| e.points).sum();
    if (total - course.max_score).abs() > 1e-6 {
        let first = raw.exercises.iter().find_map(|(name, exercise)| {
            exercise
                .get_ref()
                .points
                .as_ref()
                .map(|points| (name, points))
        });
        let message = msg!(
            source.lang,
            "config-points-total",
            total = total.to_string(),
            max = course.max_score.to_string()
        );
        source.report(match first {
            Some((name, points)) => {
                source.error(&format!("exercises.{name}.points"), points, message)
            }
            None => source.about("course.max-score", message),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[course]
name = "Test"

[exercises.cube]
python = "cube.py"
result = 'result = (?P<value>\d+)'
"#;

    fn load(text: &str) -> Result<Config, ConfigErrors> {
        resolve(Path::new("grader.toml"), text, Lang::En)
    }

    fn only_error(text: &str) -> ConfigError {
        let errors = load(text).expect_err("an error");
        assert_eq!(errors.len(), 1, "{errors}");
        errors.errors[0].clone()
    }

    #[test]
    fn minimal_file_gets_defaults() {
        let config = load(MINIMAL).expect("valid");
        let cube = &config.exercises[0];
        assert_eq!(cube.points, 20.0);
        assert_eq!(cube.timeout, DEFAULT_TIMEOUT);
        assert_eq!(cube.weights, DEFAULT_WEIGHTS);
        assert_eq!(cube.workers.max, None);
        assert_eq!(config.course.reference, Path::new("reference"));
    }

    #[test]
    fn unknown_key_is_located() {
        let text = MINIMAL.replace(
            "python = \"cube.py\"",
            "python = \"cube.py\"\ntimout = \"2s\"",
        );
        let err = only_error(&text);
        assert_eq!(err.location.map(|(line, _)| line), Some(7), "{err}");
        assert_eq!(err.key, "exercises.cube.timout");
        assert!(err.message.contains("unknown field `timout`"), "{err}");
    }

    #[test]
    fn bad_regex_names_key_and_line() {
        let text = MINIMAL.replace(r"(?P<value>\d+)'", r"(?P<value>\d+'");
        let err = only_error(&text);
        assert_eq!(err.key, "exercises.cube.result");
        assert_eq!(err.location, Some((7, 10)));
        assert!(err
            .to_string()
            .starts_with("grader.toml:7:10: `exercises.cube.result`: invalid regex"));
    }

    // Regression: a regex with two unnamed groups was accepted, and the first one read.
    #[test]
    fn the_regex_needs_the_group_named_value() {
        for (regex, has) in [
            (r"(\w+) = (\d+)", "has 2 groups, none named `value`"),
            (r"result = (\d+)", "has a group, but not named `value`"),
            (r"result = \d+", "has no group"),
            (r"(?P<result>\d+)", "has a group, but not named `value`"),
        ] {
            let text = MINIMAL.replace(r"result = (?P<value>\d+)", regex);
            let err = only_error(&text);
            assert_eq!(err.key, "exercises.cube.result");
            assert_eq!(err.location.map(|(line, _)| line), Some(7));
            assert!(
                err.message.starts_with(&format!("the regex {has}")),
                "{err}"
            );
            assert!(err.message.contains("(?P<value>-?\\d+)"), "{err}");
        }
    }

    #[test]
    fn bad_duration_is_explained() {
        let text = MINIMAL.replace(
            "[exercises.cube]",
            "[exercises.cube]\ntimeout = \"ten seconds\"",
        );
        let err = only_error(&text);
        assert_eq!(err.key, "exercises.cube.timeout");
        assert!(err.message.contains("is not a duration"), "{err}");
    }

    // Regression: a bad `[defaults] timeout` was blamed on `exercises.<name>.timeout`.
    #[test]
    fn a_bad_default_is_blamed_on_the_default_once() {
        let text = MINIMAL.replace(
            "[exercises.cube]",
            "[defaults]\ntimeout = \"10 sec\"\n\n[exercises.cube]",
        ) + "\n[exercises.pool]\npython = \"pool.py\"\nresult = '(?P<value>\\d+)'\n";
        let err = only_error(&text);
        assert_eq!(err.key, "defaults.timeout");
        assert_eq!(err.location, Some((6, 11)));
        assert!(err.message.contains("write \"10s\""), "{err}");
    }

    #[test]
    fn every_error_of_the_file_at_once() {
        let text = r#"[course]
name = "Test"
output-limit = "1 MB"

[defaults]
timeout = "0s"
weights = { run = -1 }

[exercises.cube]
python = "cube.py"
result = 'result = (\d+)'
workers = { min = 5, max = 4 }

[exercises.pool]
rust = "pool"
result = '(?P<value>\d+)'
time-slack = "1 s"
colour = "red"

[lint.rules]
N999 = "off"
nope = "error"

[sandbox]
memory = "1G"
disk = "1MB"
"#;
        let errors = load(text).expect_err("errors");
        let found: Vec<(usize, &str)> = errors
            .iter()
            .map(|err| (err.location.map_or(0, |(line, _)| line), err.key.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (3, "course.output-limit"),
                (6, "defaults.timeout"),
                (7, "defaults.weights.run"),
                (11, "exercises.cube.result"),
                (12, "exercises.cube.workers"),
                (17, "exercises.pool.time-slack"),
                (18, "exercises.pool.colour"),
                (21, "lint.rules.N999"),
                (22, "lint.rules.nope"),
                (25, "sandbox.memory"),
                (26, "sandbox.disk"),
            ],
            "{errors}"
        );
    }

    #[test]
    fn an_exercise_lint_table_is_checked_on_top_of_the_course() {
        let text = MINIMAL.to_string()
            + "[exercises.cube.lint]\nrules = { N998 = \"off\", N005 = \"error\" }\n";
        let err = only_error(&text);
        assert_eq!(err.key, "exercises.cube.lint.rules.N998");
        assert_eq!(err.location.map(|(line, _)| line), Some(9));
        let text = MINIMAL.to_string()
            + "[lint]\nmin-name-length = 3\nrules = { C001 = \"off\" }\n\
               [exercises.cube.lint]\nrules = { N005 = \"error\" }\n";
        let config = load(&text).expect("valid");
        assert_eq!(
            config.exercises[0].lint_changes,
            [
                ("min-name-length".to_string(), "3".to_string()),
                ("rules.C001".to_string(), "off".to_string()),
                ("rules.N005".to_string(), "error".to_string()),
            ]
        );
    }

    #[test]
    fn points_must_add_up() {
        let text = MINIMAL.replace("[exercises.cube]", "[exercises.cube]\npoints = 12");
        let err = only_error(&text);
        assert!(err.message.contains("add up to 12"), "{err}");
    }

    #[test]
    fn errors_print_one_a_line() {
        let text = MINIMAL.replace(
            "[exercises.cube]",
            "[exercises.cube]\npoints = -1\ntimeout = \"1 s\"",
        );
        let errors = load(&text).expect_err("errors");
        assert_eq!(errors.len(), 2, "{errors}");
        assert!(
            errors.to_string().contains("\nerror: grader.toml:7:"),
            "{errors}"
        );
    }

    #[test]
    fn errors_are_in_the_course_s_language_unless_lang_says_otherwise() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("grader.toml");
        let text = MINIMAL
            .replace("name = \"Test\"", "name = \"Test\"\nlang = \"fr\"")
            .replace("[exercises.cube]", "[exercises.cube]\ntimeout = \"10 sec\"");
        std::fs::write(&path, text).expect("written");
        let french = Config::load_in(&path, None).expect_err("an error");
        let shown = french.to_string();
        assert_eq!(french.lang, Lang::Fr);
        assert!(
            shown.starts_with(&format!("{}:", path.display())),
            "{shown}"
        );
        assert!(
            shown.contains("`10 sec` n'est pas une durée : écrivez \"10s\""),
            "{shown}"
        );
        let english = Config::load_in(&path, Some(Lang::En)).expect_err("an error");
        assert!(
            english
                .to_string()
                .contains("`10 sec` is not a duration: write \"10s\""),
            "{english}"
        );
    }

    #[test]
    fn a_title_and_a_hint_are_shown_in_the_run_s_language() {
        let text = MINIMAL.replace("name = \"Test\"", "name = \"Test\"\nlang = \"fr\"")
            + "title = { fr = \"Exercice 1 : les cubes\", en = \"Exercise 1: the cubes\" }\n\
               [[exercises.cube.hints]]\nresult = \"1\"\nmessage = { en = \"squares\", fr = \"carrés\" }\n\
               [[exercises.cube.hints]]\nresult = \"2\"\nmessage = \"plain\"\n";
        let shown = |lang: Lang| {
            let config = resolve(Path::new("grader.toml"), &text, lang).expect("valid");
            let cube = &config.exercises[0];
            let hints: Vec<String> = cube.hints.iter().map(|hint| hint.message.clone()).collect();
            (cube.title.clone().unwrap_or_default(), hints)
        };
        assert_eq!(
            shown(Lang::En),
            (
                "Exercise 1: the cubes".into(),
                vec!["squares".into(), "plain".into()]
            )
        );
        assert_eq!(
            shown(Lang::Fr),
            (
                "Exercice 1 : les cubes".into(),
                vec!["carrés".into(), "plain".into()]
            )
        );
    }

    #[test]
    fn a_text_missing_in_the_run_s_language_falls_back_to_the_course_s_then_the_first() {
        let title = |course: &str, title: &str| {
            let text = MINIMAL.replace("name = \"Test\"", &format!("name = \"Test\"\n{course}"))
                + &format!("title = {title}\n");
            let config = resolve(Path::new("grader.toml"), &text, Lang::En).expect("valid");
            config.exercises[0].title.clone().unwrap_or_default()
        };
        assert_eq!(title("lang = \"fr\"", "{ fr = \"cubes\" }"), "cubes");
        assert_eq!(title("", "{ fr = \"cubes\" }"), "cubes");
        let err = only_error(&(MINIMAL.to_string() + "title = {}\n"));
        assert_eq!(err.key, "exercises.cube.title");
        let err = only_error(&(MINIMAL.to_string() + "title = { de = \"Würfel\" }\n"));
        assert_eq!(err.key, "exercises.cube.title.de");
    }
}
