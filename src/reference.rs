//! Reference baselines: each reference solution is built and run a few times in the grading
//! session itself, giving the expected result and the time students are measured against.
//!
//! The steps are separate ([`build`], [`time_once`], [`baseline`]) so that the scheduler runs
//! each as a unit of its own; [`measure`] chains them for `grade check`.

use std::path::PathBuf;
use std::time::Duration;

use crate::build::{self, Context, Program};
use crate::checks::read_result;
use crate::config::{Config, Exercise};
use crate::discover;
use crate::msg;
use crate::report::{millis, Baseline, Language};
use crate::run::{Exit, Limits};

/// A reference's outcome: a baseline, or why there is none.
pub type Measured = Result<Baseline, String>;

/// A reference built and ready to time.
#[derive(Debug, Clone)]
pub struct Built {
    pub program: Program,
    /// The reference's entry, as the instructor knows it, for messages.
    pub shown: PathBuf,
}

/// One timed run of a reference.
#[derive(Debug, Clone)]
pub struct Timed {
    pub elapsed: Duration,
    pub result: String,
    /// CPU time of all its processes, when its cgroup counted it.
    pub cpu: Option<Duration>,
    /// How long other work held the CPUs it waited for (see `run::Outcome::stalled`).
    pub stalled: Option<Duration>,
    /// What the monitor saw of its workers.
    pub figures: Option<Box<crate::monitor::WorkerFigures>>,
}

/// Finds and builds the reference of `exercise` in `language`.
pub fn build(
    config: &Config,
    exercise: &Exercise,
    language: Language,
    context: &Context,
) -> Result<Built, String> {
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
            msg!(
                context.lang,
                "reference-missing",
                path = expected.as_deref().unwrap_or(folder).display().to_string(),
                language = language.name(),
                exercise = exercise.name.as_str()
            )
        })?;
    let shown = folder.join(&entry.relative);
    let built = build::build(&entry, folder, context);
    let program = built.result.map_err(|failure| {
        msg!(
            context.lang,
            "reference-does-not-build",
            path = shown.display().to_string(),
            why = failure.message
        )
    })?;
    Ok(Built { program, shown })
}

/// Runs the reference once, as the students' programs are run (watched, so that both are timed
/// the same way: the program's own wall time), and reads its result.
pub(crate) fn time_once(
    config: &Config,
    exercise: &Exercise,
    language: Language,
    built: &Built,
    context: &Context,
    settle: Option<crate::schedule::Settle>,
) -> Result<Timed, String> {
    let shown = &built.shown;
    let job = built
        .program
        .job(context, exercise.workers.cpus)
        .map_err(|err| {
            msg!(
                context.lang,
                "reference-unprepared",
                path = shown.display().to_string(),
                error = err.to_string()
            )
        })?;
    let limits = Limits {
        timeout: exercise.timeout,
        output: config.course.output_limit,
    };
    let mut watch = crate::checks::Watch::new(&exercise.workers, language);
    watch.expect_cpu_view(&job.env);
    let mut paced = crate::schedule::Paced::new(&mut watch, None, settle);
    let outcome = context
        .launcher
        .launch(&job, limits, &mut paced)
        .map_err(|err| {
            msg!(
                context.lang,
                "reference-could-not-start",
                path = shown.display().to_string(),
                error = err.to_string()
            )
        })?;
    let figures = watch.figures();
    let outcome = crate::pipeline::program_time(outcome, figures.as_ref());
    if outcome.exit != Exit::Code(0) {
        return Err(msg!(
            context.lang,
            "reference-failed",
            path = shown.display().to_string(),
            how = outcome.describe(context.lang),
            stderr = crate::text::tail(&String::from_utf8_lossy(&outcome.stderr.bytes), 4)
        ));
    }
    let stdout = String::from_utf8_lossy(&outcome.stdout.bytes);
    let result = read_result(&exercise.result, &stdout).ok_or_else(|| {
        // What it printed instead, so that the instructor sees the label that differs.
        let last = stdout
            .lines()
            .rev()
            .find(|line| !line.trim().is_empty())
            .map(|line| line.trim().chars().take(80).collect::<String>());
        let path = shown.display().to_string();
        let pattern = exercise.result.as_str();
        match last {
            Some(last) => msg!(
                context.lang,
                "reference-no-result",
                path = path,
                pattern = pattern,
                last = last
            ),
            None => msg!(
                context.lang,
                "reference-no-output",
                path = path,
                pattern = pattern
            ),
        }
    })?;
    Ok(Timed {
        elapsed: outcome.elapsed,
        result,
        cpu: outcome.cpu,
        stalled: outcome.stalled,
        figures: figures.map(Box::new),
    })
}

/// The baseline of the runs kept: the median time, and the result they all printed.
pub fn baseline(
    exercise: &Exercise,
    language: Language,
    shown: &std::path::Path,
    runs: &[Timed],
    lang: crate::lang::Lang,
) -> Measured {
    let first = runs.first().ok_or_else(|| {
        msg!(
            lang,
            "reference-never-timed",
            path = shown.display().to_string()
        )
    })?;
    if runs.iter().any(|run| run.result != first.result) {
        return Err(msg!(
            lang,
            "reference-unstable",
            path = shown.display().to_string()
        ));
    }
    let mut times: Vec<Duration> = runs.iter().map(|run| run.elapsed).collect();
    let median_time = median(&mut times);
    // The workers of the run nearest the median: the one a student's run is compared with.
    let workers = runs
        .iter()
        .min_by_key(|run| run.elapsed.abs_diff(median_time))
        .and_then(|run| run.figures.as_deref().cloned());
    Ok(Baseline {
        exercise: exercise.name.clone(),
        language,
        result: Some(first.result.clone()),
        elapsed_ms: millis(median_time),
        runs: u32::try_from(runs.len()).unwrap_or(u32::MAX),
        attempts: Vec::new(),
        timeline: Vec::new(),
        workers,
        estimate: None,
    })
}

/// Builds and times the reference of `exercise` in `language`, one run after the other, as the
/// scheduler does: a run that other work slowed (see `schedule::fairness`) is timed again, up to
/// twice the runs asked for. Its baseline, every timing among its attempts, and the share of a
/// CPU it kept busy (see [`cpu_share`]).
pub fn measure(
    config: &Config,
    exercise: &Exercise,
    language: Language,
    context: &Context,
) -> Result<(Baseline, Option<f64>), String> {
    let built = build(config, exercise, language, context)?;
    let wanted = config.course.reference_runs as usize;
    let mut runs = Vec::with_capacity(wanted);
    let mut attempts = Vec::with_capacity(wanted);
    let mut tries = 0;
    while runs.len() < wanted && tries < 2 * wanted {
        let run = time_once(config, exercise, language, &built, context, None)?;
        tries += 1;
        let slowed = crate::schedule::fairness::slowed(run.elapsed, run.stalled, false);
        attempts.push(crate::report::Attempt {
            elapsed_ms: millis(run.elapsed),
            stalled_ms: run.stalled.map(millis),
            cpu_ms: run.cpu.map(millis),
            alone: true,
            contaminated: slowed,
        });
        // Once every try left is needed, runs are kept slowed or not: a machine that is never
        // quiet still gets a baseline, and its attempts say it was slowed.
        let left = 2 * wanted - tries;
        if !slowed || left < wanted - runs.len() {
            runs.push(run);
        }
    }
    let baseline = baseline(exercise, language, &built.shown, &runs, context.lang)?;
    Ok((
        Baseline {
            attempts,
            ..baseline
        },
        cpu_share(&runs),
    ))
}

/// The share of a CPU the reference keeps busy over its runs (CPU time over wall time), when
/// its cgroups counted it: what a student's run of the same exercise is expected to need.
pub fn cpu_share(runs: &[Timed]) -> Option<f64> {
    let mut shares: Vec<f64> = runs
        .iter()
        .filter_map(|run| {
            let cpu = run.cpu?;
            (!run.elapsed.is_zero()).then(|| cpu.as_secs_f64() / run.elapsed.as_secs_f64())
        })
        .collect();
    shares.sort_by(f64::total_cmp);
    shares.get(shares.len() / 2).copied()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}
