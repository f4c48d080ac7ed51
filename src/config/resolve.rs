//! From the raw file to validated settings: defaults applied, values checked, errors located.

use std::path::Path;
use std::time::Duration;

use regex::Regex;
use toml::Spanned;

use super::raw::{RawConfig, RawExercise, RawWeights, RawWorkers};
use super::{
    Config, ConfigError, Course, Exercise, Hint, ResultFrom, Weights, WorkerModelName, Workers,
};
use crate::lint::{LintSettings, RawLint};
use crate::sandbox::SandboxSettings;

/// Built-in values for what the file leaves out.
const DEFAULT_MAX_SCORE: f64 = 20.0;
const DEFAULT_REFERENCE_RUNS: u32 = 3;
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TIME_FACTOR: f64 = 2.0;
const DEFAULT_TIME_SLACK: Duration = Duration::from_secs(1);
const DEFAULT_BUILD_TIMEOUT: Duration = Duration::from_secs(300);
const DEFAULT_OUTPUT_LIMIT: u64 = 1024 * 1024;
const DEFAULT_WEIGHTS: Weights = Weights {
    build: 1.0,
    run: 1.0,
    result: 3.0,
    time: 1.0,
    workers: 2.0,
    lint: 2.0,
};

/// Context for locating errors: the file's path and text.
struct Source<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Source<'_> {
    fn error<T>(&self, key: &str, spanned: &Spanned<T>, message: impl AsRef<str>) -> ConfigError {
        ConfigError::at_offset(
            self.path,
            self.text.as_bytes(),
            key,
            spanned.span().start,
            message.as_ref(),
        )
    }

    fn duration(&self, key: &str, value: &Spanned<String>) -> Result<Duration, ConfigError> {
        crate::units::parse_duration(value.get_ref())
            .map_err(|message| self.error(key, value, message))
    }

    fn non_negative(&self, key: &str, value: &Spanned<f64>) -> Result<f64, ConfigError> {
        let number = *value.get_ref();
        if number.is_finite() && number >= 0.0 {
            Ok(number)
        } else {
            Err(self.error(key, value, format!("must be a number >= 0, not {number}")))
        }
    }
}

/// Parses `text`, read from `path`, into a validated [`Config`].
pub(super) fn resolve(path: &Path, text: &str) -> Result<Config, ConfigError> {
    let raw: RawConfig = toml::from_str(text).map_err(|err| {
        let offset = err.span().map_or(0, |span| span.start);
        let message = err.message().trim().to_string();
        ConfigError::at_offset(path, text.as_bytes(), "", offset, &message)
    })?;
    let source = Source { path, text };
    let base = path.parent().unwrap_or(Path::new("."));

    let course = resolve_course(&source, base, &raw)?;
    if raw.exercises.is_empty() {
        return Err(ConfigError {
            path: path.to_path_buf(),
            location: None,
            key: "exercises".into(),
            message: "no exercise is defined: add an [exercises.<name>] table".into(),
        });
    }
    let mut exercises = Vec::with_capacity(raw.exercises.len());
    for (name, exercise) in &raw.exercises {
        exercises.push(resolve_exercise(&source, &raw, name, exercise)?);
    }
    distribute_points(&source, &course, &mut exercises, &raw)?;

    let lint = LintSettings::resolve(&lint_layers(&raw, None))
        .map_err(|message| located(&source, "lint", &message))?;
    let sandbox = match &raw.sandbox {
        Some(table) => SandboxSettings::resolve(table)
            .map_err(|message| located(&source, "sandbox", &message))?,
        None => SandboxSettings::default(),
    };
    Ok(Config {
        path: path.to_path_buf(),
        course,
        exercises,
        lint,
        sandbox,
    })
}

/// The `[lint]` tables that apply, course first, exercise last.
fn lint_layers<'a>(raw: &'a RawConfig, exercise: Option<&'a RawExercise>) -> Vec<&'a RawLint> {
    raw.lint
        .iter()
        .chain(exercise.and_then(|exercise| exercise.lint.as_ref()))
        .collect()
}

/// An error from the validation of table `table` (`lint`, `exercises.cube.lint`), placed at the
/// table's header. The table's own messages start with the key they are about.
fn located(source: &Source, table: &str, message: &str) -> ConfigError {
    let (key, message) = match message.split_once(": ") {
        Some((named, rest)) if !named.contains(' ') => (named.to_string(), rest.to_string()),
        _ => (table.to_string(), message.to_string()),
    };
    let key = match table.rsplit_once('.') {
        // `exercises.cube.lint` + `lint.rules.x` -> `exercises.cube.lint.rules.x`
        Some((parent, _)) => format!("{parent}.{key}"),
        None => key,
    };
    let header = source.text.lines().scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len() + 1;
        Some((start, line.trim_start()))
    });
    let found = header
        .filter(|(_, line)| {
            line.starts_with(&format!("[{table}]")) || line.starts_with(&format!("[{table}."))
        })
        .map(|(start, _)| start)
        .next();
    match found {
        Some(offset) => {
            ConfigError::at_offset(source.path, source.text.as_bytes(), &key, offset, &message)
        }
        None => ConfigError {
            path: source.path.to_path_buf(),
            location: None,
            key,
            message,
        },
    }
}

fn resolve_course(source: &Source, base: &Path, raw: &RawConfig) -> Result<Course, ConfigError> {
    let course = &raw.course;
    let max_score = match &course.max_score {
        Some(value) => source.non_negative("course.max-score", value)?,
        None => DEFAULT_MAX_SCORE,
    };
    let reference_runs = match &course.reference_runs {
        Some(runs) if *runs.get_ref() == 0 => {
            return Err(source.error("course.reference-runs", runs, "must be at least 1"))
        }
        Some(runs) => *runs.get_ref(),
        None => DEFAULT_REFERENCE_RUNS,
    };
    let build_timeout = match &course.build_timeout {
        Some(value) => source.duration("course.build-timeout", value)?,
        None => DEFAULT_BUILD_TIMEOUT,
    };
    let output_limit = match &course.output_limit {
        Some(value) => crate::units::parse_size(value.get_ref())
            .map_err(|message| source.error("course.output-limit", value, message))?,
        None => DEFAULT_OUTPUT_LIMIT,
    };
    Ok(Course {
        name: course.name.clone(),
        max_score,
        lang: course.lang,
        reference: base.join(course.reference.as_deref().unwrap_or("reference")),
        reference_runs,
        python: course.python.clone().unwrap_or_else(|| "python3".into()),
        cargo: course.cargo.clone().unwrap_or_else(|| "cargo".into()),
        build_timeout,
        output_limit,
    })
}

fn resolve_exercise(
    source: &Source,
    raw: &RawConfig,
    name: &str,
    exercise: &RawExercise,
) -> Result<Exercise, ConfigError> {
    let key = |field: &str| format!("exercises.{name}.{field}");
    let defaults = &raw.defaults;
    if exercise.python.is_none() && exercise.rust.is_none() {
        return Err(ConfigError {
            path: source.path.to_path_buf(),
            location: None,
            key: format!("exercises.{name}"),
            message:
                "names no entry: add `python = \"<script>.py\"` or `rust = \"<crate folder>\"`"
                    .into(),
        });
    }
    let result = Regex::new(exercise.result.get_ref()).map_err(|err| {
        source.error(
            &key("result"),
            &exercise.result,
            format!("invalid regex: {err}"),
        )
    })?;
    if result.captures_len() < 2 {
        return Err(source.error(
            &key("result"),
            &exercise.result,
            "the regex has no group: capture the value, e.g. 'result = (?P<value>-?\\d+)'",
        ));
    }
    let timeout = match exercise.timeout.as_ref().or(defaults.timeout.as_ref()) {
        Some(value) => source.duration(&key("timeout"), value)?,
        None => DEFAULT_TIMEOUT,
    };
    if timeout.is_zero() {
        let value = exercise.timeout.as_ref().or(defaults.timeout.as_ref());
        if let Some(value) = value {
            return Err(source.error(&key("timeout"), value, "must be longer than 0s"));
        }
    }
    let time_factor = match exercise
        .time_factor
        .as_ref()
        .or(defaults.time_factor.as_ref())
    {
        Some(value) => source.non_negative(&key("time-factor"), value)?,
        None => DEFAULT_TIME_FACTOR,
    };
    let time_slack = match exercise
        .time_slack
        .as_ref()
        .or(defaults.time_slack.as_ref())
    {
        Some(value) => source.duration(&key("time-slack"), value)?,
        None => DEFAULT_TIME_SLACK,
    };
    let workers = resolve_workers(
        source,
        &key("workers"),
        exercise.workers.as_ref(),
        defaults.workers.as_ref(),
    )?;
    let weights = resolve_weights(
        source,
        &key("weights"),
        exercise.weights.as_ref(),
        defaults.weights.as_ref(),
    )?;
    let points = match &exercise.points {
        Some(value) => source.non_negative(&key("points"), value)?,
        None => f64::NAN,
    };
    Ok(Exercise {
        name: name.to_string(),
        title: exercise.title.clone(),
        python: exercise.python.clone(),
        rust: exercise.rust.clone(),
        result,
        points,
        hints: exercise
            .hints
            .iter()
            .map(|hint| Hint {
                result: hint.result.clone(),
                message: hint.message.clone(),
            })
            .collect(),
        timeout,
        time_factor,
        time_slack,
        weights,
        lint: LintSettings::resolve(&lint_layers(raw, Some(exercise)))
            .map_err(|message| located(source, &key("lint"), &message))?,
        result_from: exercise
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

/// The CPU counts a program is also shown unless the course says otherwise: one CPU, and an
/// odd count that divides no usual size of work.
const DEFAULT_OTHER_CPUS: [u32; 2] = [1, 3];

fn resolve_workers(
    source: &Source,
    key: &str,
    exercise: Option<&RawWorkers>,
    defaults: Option<&RawWorkers>,
) -> Result<Workers, ConfigError> {
    let pick = |get: &dyn Fn(&RawWorkers) -> Option<u32>| {
        exercise.and_then(get).or_else(|| defaults.and_then(get))
    };
    let min = pick(&|workers| workers.min).unwrap_or(0);
    let max = pick(&|workers| workers.max).unwrap_or(u32::MAX);
    let cpus_value = exercise
        .and_then(|workers| workers.cpus.as_ref())
        .or_else(|| defaults.and_then(|workers| workers.cpus.as_ref()));
    let cpus = match cpus_value {
        Some(value) if *value.get_ref() == 0 => {
            return Err(source.error(&format!("{key}.cpus"), value, "must be at least 1"))
        }
        Some(value) => *value.get_ref(),
        None => 16,
    };
    if min > max {
        return Err(ConfigError {
            path: source.path.to_path_buf(),
            location: None,
            key: key.to_string(),
            message: format!("min ({min}) is greater than max ({max})"),
        });
    }
    let interval_value = exercise
        .and_then(|workers| workers.interval.as_ref())
        .or_else(|| defaults.and_then(|workers| workers.interval.as_ref()));
    let interval = match interval_value {
        Some(value) => source.duration(&format!("{key}.interval"), value)?,
        None => Duration::from_millis(2),
    };
    let other_cpus = match exercise
        .and_then(|workers| workers.other_cpus.as_ref())
        .or_else(|| defaults.and_then(|workers| workers.other_cpus.as_ref()))
    {
        Some(value) if value.get_ref().contains(&0) => {
            return Err(source.error(
                &format!("{key}.other-cpus"),
                value,
                "a CPU count must be at least 1",
            ))
        }
        Some(value) => value.get_ref().clone(),
        None => DEFAULT_OTHER_CPUS.to_vec(),
    };
    let mut other_cpus: Vec<u32> = other_cpus.into_iter().filter(|n| *n != cpus).collect();
    other_cpus.sort_unstable();
    other_cpus.dedup();
    Ok(Workers {
        min,
        max,
        cpus,
        other_cpus,
        python: exercise
            .and_then(|workers| workers.python)
            .or_else(|| defaults.and_then(|workers| workers.python))
            .unwrap_or(WorkerModelName::Processes),
        rust: exercise
            .and_then(|workers| workers.rust)
            .or_else(|| defaults.and_then(|workers| workers.rust))
            .unwrap_or(WorkerModelName::Threads),
        interval,
    })
}

fn resolve_weights(
    source: &Source,
    key: &str,
    exercise: Option<&RawWeights>,
    defaults: Option<&RawWeights>,
) -> Result<Weights, ConfigError> {
    let pick = |field: &str,
                get: &dyn Fn(&RawWeights) -> Option<&Spanned<f64>>,
                fallback: f64|
     -> Result<f64, ConfigError> {
        match exercise.and_then(get).or_else(|| defaults.and_then(get)) {
            Some(value) => source.non_negative(&format!("{key}.{field}"), value),
            None => Ok(fallback),
        }
    };
    Ok(Weights {
        build: pick(
            "build",
            &|weights| weights.build.as_ref(),
            DEFAULT_WEIGHTS.build,
        )?,
        run: pick("run", &|weights| weights.run.as_ref(), DEFAULT_WEIGHTS.run)?,
        result: pick(
            "result",
            &|weights| weights.result.as_ref(),
            DEFAULT_WEIGHTS.result,
        )?,
        time: pick(
            "time",
            &|weights| weights.time.as_ref(),
            DEFAULT_WEIGHTS.time,
        )?,
        workers: pick(
            "workers",
            &|weights| weights.workers.as_ref(),
            DEFAULT_WEIGHTS.workers,
        )?,
        lint: pick(
            "lint",
            &|weights| weights.lint.as_ref(),
            DEFAULT_WEIGHTS.lint,
        )?,
    })
}

/// Exercises without `points` share what the others leave of `max-score`; the total must match.
fn distribute_points(
    source: &Source,
    course: &Course,
    exercises: &mut [Exercise],
    raw: &RawConfig,
) -> Result<(), ConfigError> {
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
        let location = raw
            .exercises
            .values()
            .find_map(|exercise| exercise.points.as_ref());
        let message = format!(
            "the exercises' points add up to {total}, but course.max-score is {}: make them agree",
            course.max_score
        );
        return Err(match location {
            Some(points) => source.error("points", points, message),
            None => ConfigError {
                path: source.path.to_path_buf(),
                location: None,
                key: "points".into(),
                message,
            },
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[course]
name = "Test"

[exercises.cube]
python = "cube.py"
result = 'result = (\d+)'
"#;

    fn load(text: &str) -> Result<Config, ConfigError> {
        resolve(Path::new("grader.toml"), text)
    }

    #[test]
    fn minimal_file_gets_defaults() {
        let config = load(MINIMAL).expect("valid");
        let cube = &config.exercises[0];
        assert_eq!(cube.points, 20.0);
        assert_eq!(cube.timeout, DEFAULT_TIMEOUT);
        assert_eq!(cube.weights, DEFAULT_WEIGHTS);
        assert_eq!(config.course.reference, Path::new("reference"));
    }

    #[test]
    fn unknown_key_is_located() {
        let text = MINIMAL.replace(
            "python = \"cube.py\"",
            "python = \"cube.py\"\ntimout = \"2s\"",
        );
        let err = load(&text).expect_err("unknown key");
        assert_eq!(err.location.map(|(line, _)| line), Some(7), "{err}");
        assert!(err.message.contains("unknown field `timout`"), "{err}");
    }

    #[test]
    fn bad_regex_names_key_and_line() {
        let text = MINIMAL.replace(r"result = 'result = (\d+)'", "result = 'result = (\\d+'");
        let err = load(&text).expect_err("bad regex");
        assert_eq!(err.key, "exercises.cube.result");
        assert_eq!(err.location, Some((7, 10)));
        assert!(err
            .to_string()
            .starts_with("grader.toml:7:10: `exercises.cube.result`: invalid regex"));
    }

    #[test]
    fn bad_duration_is_explained() {
        let text = MINIMAL.replace(
            "[exercises.cube]",
            "[exercises.cube]\ntimeout = \"ten seconds\"",
        );
        let err = load(&text).expect_err("bad duration");
        assert_eq!(err.key, "exercises.cube.timeout");
        assert!(err.message.contains("is not a duration"), "{err}");
    }

    #[test]
    fn points_must_add_up() {
        let text = MINIMAL.replace("[exercises.cube]", "[exercises.cube]\npoints = 12");
        let err = load(&text).expect_err("points");
        assert!(err.message.contains("add up to 12"), "{err}");
    }
}
