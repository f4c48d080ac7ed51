//! `grade check`: a course validated in one pass, before any student is graded.
//!
//! The course file has loaded (its errors, all of them, are the caller's to print): this shows
//! the settings each exercise ends up with, defaults included, then builds and runs every
//! reference as a grading session would, and says what each printed, in how long, or what is
//! wrong with it. The references must also agree across languages, and no hint may be attached
//! to the reference's own answer.

use std::io::Write;

use crate::build::Context;
use crate::checks::{hint_for, same_value};
use crate::config::{Config, Exercise, Requirement, ResultFrom, WorkerModelName};
use crate::lang::Lang;
use crate::launch::Sandboxed;
use crate::msg;
use crate::report::{Baseline, Language};
use crate::sandbox::{Sandbox, SandboxSettings};
use crate::scratch::Scratch;
use crate::toolchain::Toolchain;
use crate::units::{duration_setting, size_setting};

/// Checks the course `config` and prints what it found to `out`: 0 when everything is fine,
/// 2 when a reference is missing, fails, or disagrees. Its sentences are in `lang`; the
/// settings keep the course file's keys.
pub fn check(config: &Config, out: &mut dyn Write, lang: Lang) -> i32 {
    // A closed stdout (`grade check | head`) must not stop the check.
    let _ = write!(out, "{}", settings(config, lang));
    let _ = out.flush();
    let problems = references(config, out, lang);
    if problems == 0 {
        let _ = writeln!(out, "\n{}", msg!(lang, "course-check-ready"));
        crate::app::EXIT_PASS
    } else {
        let _ = writeln!(
            out,
            "\n{}",
            msg!(lang, "course-check-problems", count = problems)
        );
        crate::app::EXIT_ERROR
    }
}

/// The effective settings of the course and of each exercise, `[defaults]` and built-in
/// values applied, named by their keys in the course file.
pub fn settings(config: &Config, lang: Lang) -> String {
    let course = &config.course;
    let points: f64 = config
        .exercises
        .iter()
        .map(|exercise| exercise.points)
        .sum();
    let mut text = msg!(
        lang,
        "course-check-heading",
        name = course.name.as_str(),
        path = config.path.display().to_string(),
        exercises = config.exercises.len(),
        points = number(points)
    );
    text.push('\n');
    let locale = msg!(lang, "course-check-lang-locale");
    let course_lang = course.lang.map_or(locale.as_str(), |lang| match lang {
        crate::lang::Lang::En => "en",
        crate::lang::Lang::Fr => "fr",
    });
    let rows = [
        ("max-score", number(course.max_score)),
        ("reference", course.reference.display().to_string()),
        ("reference-runs", course.reference_runs.to_string()),
        ("python", course.python.clone()),
        ("cargo", course.cargo.clone()),
        ("build-timeout", duration(course.build_timeout)),
        ("output-limit", size_setting(course.output_limit)),
        ("lang", course_lang.to_string()),
    ];
    text.push_str(&table(&rows));
    text.push_str(&format!(
        "sandbox\n{}",
        table(&sandbox_rows(&config.sandbox))
    ));
    for exercise in &config.exercises {
        text.push_str(&format!("\nexercises.{}", exercise.name));
        if let Some(title) = &exercise.title {
            text.push_str(&format!(": {title}"));
        }
        text.push('\n');
        text.push_str(&table(&exercise_rows(exercise, lang)));
    }
    text
}

/// `  key  value` lines, the values aligned.
fn table(rows: &[(&str, String)]) -> String {
    let width = rows.iter().map(|(key, _)| key.len()).max().unwrap_or(0);
    rows.iter()
        .map(|(key, value)| format!("  {key:<width$}  {value}\n"))
        .collect()
}

fn exercise_rows(exercise: &Exercise, lang: Lang) -> Vec<(&'static str, String)> {
    let entries: Vec<String> = [
        exercise
            .python
            .as_ref()
            .map(|script| format!("python {script}")),
        exercise
            .rust
            .as_ref()
            .map(|krate| format!("rust {krate}/Cargo.toml")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let workers = &exercise.workers;
    let weights = &exercise.weights;
    let other_cpus: Vec<String> = workers.other_cpus.iter().map(u32::to_string).collect();
    let mut rows = vec![
        ("entries", entries.join(", ")),
        ("result", exercise.result.as_str().to_string()),
        ("points", number(exercise.points)),
        ("timeout", duration(exercise.timeout)),
        ("time-factor", number(exercise.time_factor)),
        ("time-slack", duration(exercise.time_slack)),
        (
            "workers",
            format!(
                "min {}, max {}, cpus {}, other-cpus {}, python {}, rust {}, interval {}",
                workers.min,
                workers
                    .max
                    .map_or_else(|| "none (no limit)".to_string(), |max| max.to_string()),
                workers.cpus,
                if other_cpus.is_empty() {
                    "none".to_string()
                } else {
                    other_cpus.join(", ")
                },
                model(workers.python),
                model(workers.rust),
                duration(workers.interval),
            ),
        ),
        (
            "result-from",
            match exercise.result_from {
                ResultFrom::Workers => "workers",
                ResultFrom::Anywhere => "anywhere",
            }
            .to_string(),
        ),
        (
            "requires",
            match exercise.requires {
                Some(Requirement::Queue) => "queue",
                None => "nothing",
            }
            .to_string(),
        ),
        (
            "weights",
            format!(
                "build {}, run {}, result {}, time {}, workers {}, lint {}",
                number(weights.build),
                number(weights.run),
                number(weights.result),
                number(weights.time),
                number(weights.workers),
                number(weights.lint),
            ),
        ),
    ];
    let lint = if !exercise.lint.enabled {
        "off".to_string()
    } else if exercise.lint_changes.is_empty() {
        msg!(lang, "course-check-lint-defaults")
    } else {
        let changes: Vec<String> = exercise
            .lint_changes
            .iter()
            .map(|(key, value)| format!("{key} = {value}"))
            .collect();
        msg!(
            lang,
            "course-check-lint-changed",
            changes = changes.join("; ")
        )
    };
    rows.push(("lint", lint));
    for hint in &exercise.hints {
        rows.push(("hint", format!("{}: {}", hint.result, hint.message)));
    }
    rows
}

fn sandbox_rows(sandbox: &SandboxSettings) -> Vec<(&'static str, String)> {
    vec![
        ("memory", size_setting(sandbox.memory)),
        ("tasks", sandbox.tasks.to_string()),
        ("cpu-time", duration(sandbox.cpu_time)),
        ("file-size", size_setting(sandbox.file_size)),
        ("open-files", sandbox.open_files.to_string()),
        ("disk", size_setting(sandbox.disk)),
        ("files", sandbox.files.to_string()),
        ("isolation", sandbox.isolation.name().to_string()),
        ("required", sandbox.required.to_string()),
        ("uid", sandbox.uid.to_string()),
    ]
}

fn model(model: WorkerModelName) -> &'static str {
    match model {
        WorkerModelName::Processes => "processes",
        WorkerModelName::Threads => "threads",
    }
}

/// A number as the course file writes it: `4`, `1.5`.
fn number(value: f64) -> String {
    format!("{value}")
}

fn duration(value: std::time::Duration) -> String {
    duration_setting(value).unwrap_or_else(|| format!("{value:?}"))
}

/// Builds and runs every reference the course names, printing a line for each, and one for
/// each problem; how many problems there were. A course bundle's references are not run: the
/// times it holds are listed.
fn references(config: &Config, out: &mut dyn Write, lang: Lang) -> usize {
    if let Some(bundle) = &config.bundle {
        let heading = msg!(
            lang,
            "course-check-bundle",
            file = config.path.display().to_string(),
            grader = bundle.grader.as_str()
        );
        let _ = writeln!(out, "\n{heading}");
        let width = name_width(config);
        for packed in &bundle.references {
            let baseline = &packed.baseline;
            let line = crate::bundle::pack::describe(baseline, packed.cpu_share, lang);
            let _ = writeln!(
                out,
                "  {:<width$}  {:<6}  {line}",
                baseline.exercise,
                baseline.language.name()
            );
        }
        return 0;
    }
    let heading = msg!(
        lang,
        "course-check-references",
        folder = config.course.reference.display().to_string(),
        runs = config.course.reference_runs
    );
    let _ = writeln!(out, "\n{heading}");
    let bench = match Bench::prepare(config, lang) {
        Ok(bench) => bench,
        Err(why) => return problem(out, &why, lang),
    };
    let describe = |baseline: &Baseline, _: Option<f64>| {
        msg!(
            lang,
            "course-check-reference",
            value = baseline.result.as_deref().unwrap_or_default(),
            ms = baseline.elapsed_ms
        )
    };
    measure_all(config, &bench.context(config, lang), out, lang, &describe).0
}

/// What building and running references needs, set up as a grading session sets it up (see
/// `pipeline::grade`): the sandbox, scratch space, the toolchains, Ctrl-C heard.
pub(crate) struct Bench {
    scratch: Scratch,
    pub(crate) toolchain: Toolchain,
    launcher: Sandboxed,
}

impl Bench {
    /// The set-up, or what stops it, in `lang`.
    pub(crate) fn prepare(config: &Config, lang: Lang) -> Result<Bench, String> {
        let sandbox = Sandbox::detect(&config.sandbox, lang)
            .map_err(|err| msg!(lang, "course-check-sandbox", error = err.to_string()))?;
        let scratch = Scratch::new()
            .map_err(|err| msg!(lang, "course-check-scratch", error = err.to_string()))?;
        crate::run::reap::become_subreaper();
        crate::interrupt::install()
            .map_err(|err| msg!(lang, "course-check-interrupt", error = err.to_string()))?;
        Ok(Bench {
            scratch,
            toolchain: Toolchain::detect(&config.course.python, &config.course.cargo, lang),
            launcher: Sandboxed { sandbox },
        })
    }

    pub(crate) fn context<'b>(&'b self, config: &Config, lang: Lang) -> Context<'b> {
        Context::new(config, &self.scratch, &self.toolchain, &self.launcher, lang)
    }
}

/// Builds and times every reference of the course in turn, printing a line for each (what
/// `describe` says of its baseline and CPU share, or its error), then what the references of an
/// exercise disagree on. How many problems there were, and each baseline with its CPU share.
pub(crate) fn measure_all(
    config: &Config,
    context: &Context,
    out: &mut dyn Write,
    lang: Lang,
    describe: &dyn Fn(&Baseline, Option<f64>) -> String,
) -> (usize, Vec<(Baseline, Option<f64>)>) {
    let width = name_width(config);
    let mut problems = 0;
    let mut measured = Vec::new();
    for exercise in &config.exercises {
        let mut results: Vec<(Language, String)> = Vec::new();
        for language in languages(exercise) {
            if crate::interrupt::requested() {
                problems += problem(out, &msg!(lang, "course-check-interrupted"), lang);
                return (problems, measured);
            }
            let line = match crate::reference::measure(config, exercise, language, context) {
                Ok((baseline, share)) => {
                    let line = describe(&baseline, share);
                    results.push((language, baseline.result.clone().unwrap_or_default()));
                    measured.push((baseline, share));
                    line
                }
                Err(why) => {
                    problems += 1;
                    msg!(lang, "course-check-error", why = why)
                }
            };
            let _ = writeln!(
                out,
                "  {:<width$}  {:<6}  {line}",
                exercise.name,
                language.name()
            );
            let _ = out.flush();
        }
        for disagreement in disagreements(exercise, &results, lang) {
            problems += problem(out, &disagreement, lang);
        }
    }
    (problems, measured)
}

/// The width of the longest exercise name, to align the references' lines.
fn name_width(config: &Config) -> usize {
    config
        .exercises
        .iter()
        .map(|exercise| exercise.name.len())
        .max()
        .unwrap_or(0)
}

/// Prints a problem that belongs to no one reference; one problem.
pub(crate) fn problem(out: &mut dyn Write, message: &str, lang: Lang) -> usize {
    let _ = writeln!(out, "  {}", msg!(lang, "course-check-error", why = message));
    1
}

/// The languages `exercise` has an entry in, Python first.
pub(crate) fn languages(exercise: &Exercise) -> Vec<Language> {
    [
        exercise.python.as_ref().map(|_| Language::Python),
        exercise.rust.as_ref().map(|_| Language::Rust),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// What is wrong with the values the references of `exercise` printed: two languages that do
/// not agree, or a hint attached to the right answer.
fn disagreements(exercise: &Exercise, results: &[(Language, String)], lang: Lang) -> Vec<String> {
    let mut problems = Vec::new();
    if let [(first, expected), rest @ ..] = results {
        for (language, value) in rest {
            if !same_value(expected, value) {
                problems.push(msg!(
                    lang,
                    "course-check-disagree",
                    exercise = exercise.name.as_str(),
                    first = first.name(),
                    expected = expected.as_str(),
                    other = language.name(),
                    value = value.as_str()
                ));
            }
        }
        if let Some(hint) = hint_for(exercise, expected) {
            problems.push(msg!(
                lang,
                "course-check-hint-on-answer",
                exercise = exercise.name.as_str(),
                result = hint.result.as_str()
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(file.path(), text).expect("write");
        Config::load(file.path()).expect("valid")
    }

    #[test]
    fn settings_show_the_defaults_applied() {
        let config = config(
            "[course]\nname = \"t\"\n[defaults]\ntimeout = \"2s\"\nworkers = { max = 4 }\n\
             [exercises.cube]\npython = \"cube.py\"\nresult = '(?P<value>\\d+)'\ntime-slack = \"500ms\"\n\
             [exercises.cube.lint]\nrules = { N005 = \"error\" }\n\
             [exercises.free]\nrust = \"free\"\nresult = '(?P<value>\\d+)'\nworkers = { min = 1 }\n",
        );
        let text = settings(&config, Lang::En);
        for expected in [
            "exercises.cube\n",
            "  timeout      2s\n",
            "  time-slack   500ms\n",
            "  time-factor  2\n",
            "min 0, max 4, cpus 16, other-cpus 1, 3, python processes, rust threads",
            "  lint         the defaults, with rules.N005 = error\n",
            "  entries      rust free/Cargo.toml\n",
            "min 1, max 4,",
            "  points       10\n",
            "  memory      1GiB\n",
        ] {
            assert!(text.contains(expected), "{expected:?} not in\n{text}");
        }
    }

    #[test]
    fn no_max_is_shown_as_no_limit() {
        let config = config(
            "[course]\nname = \"t\"\n[exercises.cube]\npython = \"cube.py\"\nresult = '(?P<value>\\d+)'\n",
        );
        let text = settings(&config, Lang::En);
        assert!(text.contains("max none (no limit)"), "{text}");
        assert!(!text.contains(&u32::MAX.to_string()), "{text}");
    }

    #[test]
    fn references_must_agree_and_hints_be_wrong_answers() {
        let config = config(
            "[course]\nname = \"t\"\n[exercises.cube]\npython = \"cube.py\"\nresult = '(?P<value>\\d+)'\n\
             [[exercises.cube.hints]]\nresult = \"42\"\nmessage = \"m\"\n",
        );
        let cube = &config.exercises[0];
        let agree = [
            (Language::Python, "41".to_string()),
            (Language::Rust, "41".to_string()),
        ];
        assert!(disagreements(cube, &agree, Lang::En).is_empty());
        let disagree = [
            (Language::Python, "42".to_string()),
            (Language::Rust, "41".to_string()),
        ];
        let problems = disagreements(cube, &disagree, Lang::En);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("python reference printed 42, the rust one 41"));
        assert!(problems[1].contains("a hint is attached to 42"));
    }
}
