//! Reference baselines: each reference solution is built and run a few times in the grading
//! session itself, giving the expected result and the time students are measured against.

use std::time::Duration;

use crate::build::{self, Context};
use crate::checks::read_result;
use crate::config::{Config, Exercise};
use crate::discover;
use crate::report::{millis, Baseline, Language};
use crate::run::{Exit, Limits};

/// A reference's outcome: a baseline, or why there is none.
pub type Measured = Result<Baseline, String>;

/// Builds and times the reference of `exercise` in `language`.
pub fn measure(
    config: &Config,
    exercise: &Exercise,
    language: Language,
    context: &Context,
) -> Measured {
    let folder = &config.course.reference;
    let entry = discover::entries(folder, exercise)
        .into_iter()
        .find(|entry| entry.language == language)
        .ok_or_else(|| {
            let expected = match language {
                Language::Python => exercise.python.as_ref().map(|script| folder.join(script)),
                Language::Rust => exercise
                    .rust
                    .as_ref()
                    .map(|krate| folder.join(krate).join("Cargo.toml")),
            };
            format!(
                "{}: no {} reference for exercise `{}`: add it, shaped like a student's entry",
                expected.as_deref().unwrap_or(folder).display(),
                language.name(),
                exercise.name
            )
        })?;
    let shown = folder.join(&entry.relative);
    let built = build::build(&entry, folder, context);
    let program = built.result.map_err(|failure| {
        format!(
            "{}: the reference does not build: {}",
            shown.display(),
            failure.message
        )
    })?;
    let runs = config.course.reference_runs;
    let mut times = Vec::with_capacity(runs as usize);
    let mut result = None;
    for _ in 0..runs {
        // Run as the students' programs are, so the baseline is a fair one.
        let job = program.job(context, exercise.workers.cpus).map_err(|err| {
            format!(
                "{}: the reference could not be prepared: {err}",
                shown.display()
            )
        })?;
        let limits = Limits {
            timeout: exercise.timeout,
            output: config.course.output_limit,
        };
        // Watched as a student's run is, so that both are timed the same way: the program's
        // own wall time.
        let mut watch = crate::checks::Watch::new(&exercise.workers, language);
        watch.expect_cpu_view(&job.env);
        let outcome = context
            .launcher
            .launch(&job, limits, &mut watch)
            .map_err(|err| format!("{}: the reference could not start: {err}", shown.display()))?;
        let outcome = crate::pipeline::program_time(outcome, watch.figures().as_ref());
        if outcome.exit != Exit::Code(0) {
            return Err(format!(
                "{}: the reference failed: it {}: {}",
                shown.display(),
                outcome.describe(),
                crate::text::tail(&String::from_utf8_lossy(&outcome.stderr.bytes), 4)
            ));
        }
        let stdout = String::from_utf8_lossy(&outcome.stdout.bytes);
        let value = read_result(&exercise.result, &stdout).ok_or_else(|| {
            // What it printed instead, so that the instructor sees the label that differs.
            let last = stdout
                .lines()
                .rev()
                .find(|line| !line.trim().is_empty())
                .map(|line| line.trim().chars().take(80).collect::<String>());
            format!(
                "{}: the reference printed no line matching `{}`{}",
                shown.display(),
                exercise.result.as_str(),
                match last {
                    Some(line) => format!("; its last line is `{line}`"),
                    None => "; it printed nothing".to_string(),
                }
            )
        })?;
        if result.as_ref().is_some_and(|previous| previous != &value) {
            return Err(format!(
                "{}: the reference printed different results from run to run",
                shown.display()
            ));
        }
        result = Some(value);
        times.push(outcome.elapsed);
    }
    Ok(Baseline {
        exercise: exercise.name.clone(),
        language,
        result,
        elapsed_ms: millis(median(&mut times)),
        runs,
    })
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}
