//! The grading pipeline: discover -> references -> for each student and exercise: build, run,
//! check, score -> report. A broken submission is data; only the grader's own failures are errors.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use crate::build::{self, Context};
use crate::checks;
use crate::config::{Config, Exercise};
use crate::discover::{self, Entry, Student};
use crate::events::{Event, Reporter};
use crate::launch::Launcher;
use crate::reference::{self, Measured};
use crate::report::{
    Check, CheckKind, ExerciseReport, ExerciseVerdict, Language, Report, Submission, Summary,
    Verdict,
};
use crate::run::Limits;
use crate::score;
use crate::scratch::Scratch;
use crate::toolchain::Toolchain;

/// What to grade, and how.
pub struct Options {
    /// A folder of student folders, or one student's folder.
    pub path: PathBuf,
    /// Only these exercises (all when empty).
    pub exercises: Vec<String>,
    /// The language of lint messages.
    pub lang: crate::lang::Lang,
    /// What contains student code on this machine, for the report.
    pub protections: Vec<crate::report::Protection>,
    /// An earlier report whose results are reused where nothing changed (`--resume`).
    pub previous: Option<Report>,
    /// The report already in the output file: what this run does not grade of it (other
    /// students, other exercises) is kept, so that grading part of a class loses nothing.
    pub existing: Option<Report>,
}

/// An error that keeps the grader from doing its job at all.
#[derive(Debug)]
pub struct GradeError(pub String);

impl std::fmt::Display for GradeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GradeError {}

/// Grades every student under `options.path` against `config`.
///
/// After each exercise the report so far is sent as [`Event::Checkpoint`], so a reporter can
/// write it and a crash loses only the exercise in progress. An interruption (Ctrl-C, SIGTERM)
/// stops after the run in progress, which is killed, and the report says so.
pub fn grade(
    config: &Config,
    options: &Options,
    launcher: &dyn Launcher,
    reporter: &mut dyn Reporter,
) -> Result<Report, GradeError> {
    let started = Instant::now();
    crate::run::reap::become_subreaper();
    let exercises = chosen_exercises(config, &options.exercises)?;
    let (students, problems) = discover::students(&options.path, config).map_err(GradeError)?;
    let scratch =
        Scratch::new().map_err(|err| GradeError(format!("cannot create scratch space: {err}")))?;
    let toolchain = Toolchain::detect(&config.course.python, &config.course.cargo);
    let context = Context::new(config, &scratch, &toolchain, launcher);
    let config_text = std::fs::read(&config.path).unwrap_or_default();

    let names: Vec<String> = students.iter().map(|s| s.name.clone()).collect();
    reporter.event(&Event::Started {
        config,
        root: &options.path,
        students: &names,
        protections: &options.protections,
    });
    let mut report = Report {
        course: config.course.name.clone(),
        config: config.path.clone(),
        protections: options.protections.clone(),
        ..Report::of_errors(Vec::new())
    };
    let unreachable = launcher.unreachable(&toolchain.paths());
    let problems = problems.into_iter().chain(
        toolchain
            .problems
            .iter()
            .chain(&unreachable)
            .cloned()
            .map(discover::Problem::Error),
    );
    for problem in problems {
        match problem {
            discover::Problem::Error(message) => {
                reporter.event(&Event::Problem(&message));
                report.errors.push(message);
            }
            discover::Problem::Warning(message) => {
                reporter.event(&Event::Warning(&message));
                report.warnings.push(message);
            }
        }
    }

    // What to grade: every entry, with what an earlier report already says of it (`--resume`).
    let plan = plan(
        &students,
        &exercises,
        &config_text,
        &config.course.reference,
        options.previous.as_ref(),
    );

    let graded_names: Vec<&str> = students.iter().map(|s| s.name.as_str()).collect();
    let (kept, earlier_exercises) = carried_over(
        options.existing.as_ref(),
        &options.path,
        &graded_names,
        &exercises,
        config,
    );
    report.summary.kept = kept.len();
    report.submissions = kept;

    let baselines = measure_references(config, &plan, &context, reporter, &mut report.errors);
    report.references = baselines
        .values()
        .filter_map(|m| m.as_ref().ok())
        .cloned()
        .collect();

    'students: for (student, entries) in &plan {
        // Exercises this run does not grade keep what the existing report says of them.
        let earlier: Vec<ExerciseReport> = earlier_exercises
            .get(&student.name)
            .cloned()
            .unwrap_or_default();
        report.submissions.push(Submission {
            student: student.name.clone(),
            path: student.path.clone(),
            score: student_score(&earlier),
            max_score: score::round(
                exercises.iter().map(|e| e.points).sum::<f64>()
                    + earlier.iter().map(|e| e.max_score).sum::<f64>(),
            ),
            exercises: earlier,
            kept: false,
        });
        for (exercise, found) in entries {
            let mut graded = Vec::new();
            if found.is_empty() {
                graded.push(missing(student, exercise));
            }
            for planned in found {
                if crate::interrupt::requested() {
                    report.interrupted = true;
                    break 'students;
                }
                let result = match &planned.earlier {
                    Some(earlier) => earlier.clone(),
                    None => grade_entry(
                        student,
                        exercise,
                        planned,
                        &baselines,
                        &context,
                        options.lang,
                    ),
                };
                if crate::interrupt::requested() {
                    // The run in progress was killed half-way: its verdict would be a lie.
                    report.interrupted = true;
                    break 'students;
                }
                graded.push(result);
            }
            for result in graded {
                reporter.event(&Event::Exercise {
                    student: &student.name,
                    report: &result,
                });
                if let Some(submission) = report.submissions.last_mut() {
                    submission.exercises.push(result);
                    submission.score = student_score(&submission.exercises);
                }
            }
            report.summary = summarize(&report.submissions, report.summary.kept, started);
            reporter.event(&Event::Checkpoint(&report));
        }
        if let Some(submission) = report.submissions.last() {
            reporter.event(&Event::Student(submission));
        }
    }
    if report.interrupted {
        let graded = report.summary.exercises;
        let message =
            format!("interrupted: the report holds the {graded} exercise(s) graded before");
        reporter.event(&Event::Problem(&message));
        report.errors.push(message);
    }
    report
        .submissions
        .sort_by_cached_key(|submission| discover::collation_key(&submission.student));
    report.summary = summarize(&report.submissions, report.summary.kept, started);
    reporter.event(&Event::Finished(&report));
    Ok(report)
}

/// What of the existing report this run keeps: the students it does not grade (outside the
/// folder graded), and, for those it grades, their results of the exercises it does not grade.
fn carried_over(
    existing: Option<&Report>,
    root: &std::path::Path,
    graded: &[&str],
    exercises: &[&Exercise],
    config: &Config,
) -> (Vec<Submission>, BTreeMap<String, Vec<ExerciseReport>>) {
    let Some(existing) = existing else {
        return (Vec::new(), BTreeMap::new());
    };
    let canonical_root = std::fs::canonicalize(root).ok();
    let under_root = |path: &std::path::Path| {
        path.starts_with(root)
            || match (&canonical_root, std::fs::canonicalize(path)) {
                (Some(root), Ok(path)) => path.starts_with(root),
                _ => false,
            }
    };
    let mut kept = Vec::new();
    let mut earlier = BTreeMap::new();
    for submission in &existing.submissions {
        if graded.contains(&submission.student.as_str()) {
            // The course's other exercises; one removed from the course since is gone.
            let others: Vec<ExerciseReport> = submission
                .exercises
                .iter()
                .filter(|result| !exercises.iter().any(|e| e.name == result.exercise))
                .filter(|result| config.exercise(&result.exercise).is_some())
                .map(|result| ExerciseReport {
                    kept: true,
                    ..result.clone()
                })
                .collect();
            earlier.insert(submission.student.clone(), others);
        } else if !under_root(&submission.path) {
            kept.push(Submission {
                kept: true,
                ..submission.clone()
            });
        }
    }
    (kept, earlier)
}

/// Every entry of every student, each with what an earlier report already says of it.
fn plan<'a>(
    students: &'a [Student],
    exercises: &[&'a Exercise],
    config_text: &[u8],
    reference: &std::path::Path,
    previous: Option<&Report>,
) -> Plan<'a> {
    students
        .iter()
        .map(|student| {
            let entries = exercises
                .iter()
                .map(|exercise| {
                    let found = discover::entries(&student.path, exercise)
                        .into_iter()
                        .map(|entry| {
                            plan_entry(student, exercise, entry, config_text, reference, previous)
                        })
                        .collect();
                    (*exercise, found)
                })
                .collect();
            (student, entries)
        })
        .collect()
}

/// An entry, its fingerprint, and its result in `previous` if nothing it depends on changed.
fn plan_entry(
    student: &Student,
    exercise: &Exercise,
    entry: Entry,
    config_text: &[u8],
    reference: &std::path::Path,
    previous: Option<&Report>,
) -> Planned {
    // A script may import its neighbours: the whole folder counts. A crate is its folder.
    let folder = match entry.language {
        Language::Python => student.path.clone(),
        Language::Rust => entry.path.clone(),
    };
    // The reference too: a result judged against a missing or since-fixed reference is stale.
    let reference_folder = match (entry.language, &exercise.rust) {
        (Language::Rust, Some(krate)) => reference.join(krate),
        _ => reference.to_path_buf(),
    };
    let reference_digest =
        crate::scratch::fingerprint(b"", &exercise.name, "reference", &reference_folder);
    let course = [config_text, reference_digest.as_bytes()].concat();
    let fingerprint =
        crate::scratch::fingerprint(&course, &exercise.name, entry.language.name(), &folder);
    let earlier = previous
        .and_then(|previous| earlier_result(previous, &student.name, &exercise.name, &fingerprint));
    Planned {
        entry,
        fingerprint,
        earlier,
    }
}

/// The exercises named by `--exercise`, all of them when none is.
fn chosen_exercises<'a>(
    config: &'a Config,
    wanted: &[String],
) -> Result<Vec<&'a Exercise>, GradeError> {
    for name in wanted {
        if config.exercise(name).is_none() {
            let known: Vec<&str> = config.exercises.iter().map(|e| e.name.as_str()).collect();
            return Err(GradeError(format!(
                "no exercise `{name}` in {}: choose among {}",
                config.path.display(),
                known.join(", ")
            )));
        }
    }
    Ok(config
        .exercises
        .iter()
        .filter(|e| wanted.is_empty() || wanted.contains(&e.name))
        .collect())
}

/// The result an earlier report holds for this entry, if nothing it depends on changed.
fn earlier_result(
    previous: &Report,
    student: &str,
    exercise: &str,
    fingerprint: &str,
) -> Option<ExerciseReport> {
    previous
        .submissions
        .iter()
        .filter(|submission| submission.student == student)
        .flat_map(|submission| &submission.exercises)
        .find(|result| result.exercise == exercise && result.fingerprint == fingerprint)
        .cloned()
}

/// An entry to grade.
struct Planned {
    entry: Entry,
    fingerprint: String,
    /// Its result in the earlier report, when `--resume` can reuse it.
    earlier: Option<ExerciseReport>,
}

/// Each student with, per exercise, the entries found (none when missing).
type Plan<'a> = Vec<(&'a Student, Vec<(&'a Exercise, Vec<Planned>)>)>;

type Baselines = BTreeMap<(String, Language), Measured>;

/// Times the references of every (exercise, language) some student submitted.
fn measure_references(
    config: &Config,
    plan: &Plan,
    context: &Context,
    reporter: &mut dyn Reporter,
    errors: &mut Vec<String>,
) -> Baselines {
    let mut needed: Vec<(&Exercise, Language)> = Vec::new();
    for (_, entries) in plan {
        for (exercise, found) in entries {
            // A result reused from an earlier report needs no baseline.
            for planned in found.iter().filter(|planned| planned.earlier.is_none()) {
                let language = planned.entry.language;
                if !needed
                    .iter()
                    .any(|(e, l)| e.name == exercise.name && *l == language)
                {
                    needed.push((exercise, language));
                }
            }
        }
    }
    let mut baselines = Baselines::new();
    for (exercise, language) in needed {
        let mut measured = reference::measure(config, exercise, language, context);
        // A hint on the right answer would tell every student who has it right they are wrong.
        if let Ok(baseline) = &measured {
            let hinted = baseline
                .result
                .as_deref()
                .and_then(|value| checks::hint_for(exercise, value));
            if let Some(hint) = hinted {
                measured = Err(format!(
                    "{}: a hint of exercise `{}` is on {}, the reference's own result: remove \
                     it, or fix the reference",
                    config.path.display(),
                    exercise.name,
                    hint.result
                ));
            }
        }
        match &measured {
            Ok(baseline) => reporter.event(&Event::Reference(Ok(baseline))),
            Err(why) => {
                reporter.event(&Event::Reference(Err(why)));
                errors.push(why.clone());
            }
        }
        baselines.insert((exercise.name.clone(), language), measured);
    }
    baselines
}

fn missing(student: &Student, exercise: &Exercise) -> ExerciseReport {
    ExerciseReport {
        exercise: exercise.name.clone(),
        title: exercise.title.clone(),
        kept: false,
        language: None,
        entry: None,
        verdict: ExerciseVerdict::Missing,
        score: 0.0,
        max_score: exercise.points,
        fingerprint: String::new(),
        message: Some(discover::missing_message(&student.path, exercise)),
        checks: Vec::new(),
    }
}

/// Builds, runs and checks one entry.
fn grade_entry(
    student: &Student,
    exercise: &Exercise,
    planned: &Planned,
    baselines: &Baselines,
    context: &Context,
    lang: crate::lang::Lang,
) -> ExerciseReport {
    let entry = &planned.entry;
    if let Some(problem) = grader_problem(exercise, entry.language, baselines, context.toolchain) {
        return ExerciseReport {
            exercise: exercise.name.clone(),
            title: exercise.title.clone(),
            kept: false,
            language: Some(entry.language),
            entry: Some(entry.relative.clone()),
            verdict: ExerciseVerdict::Error,
            score: 0.0,
            max_score: exercise.points,
            fingerprint: String::new(),
            message: Some(problem),
            checks: Vec::new(),
        };
    }
    let built = build::build(entry, &student.path, context);
    let mut checks = vec![checks::build_check(&built)];
    match &built.result {
        Err(_) => {
            for kind in [
                CheckKind::Run,
                CheckKind::Result,
                CheckKind::Time,
                CheckKind::Workers,
            ] {
                checks.push(Check::skipped(kind, "not run: the build failed"));
            }
        }
        Ok(program) => {
            let sources = checks::source::solution_sources(entry, &student.path);
            checks.extend(run_and_check(
                exercise,
                entry.language,
                program,
                &sources,
                &built.left_out,
                baselines,
                context,
            ))
        }
    }
    checks.push(checks::lint_check(
        entry,
        &student.path,
        &exercise.lint,
        lang,
        built.result.is_ok(),
    ));
    let failed = checks.iter().any(|check| check.verdict == Verdict::Fail);
    ExerciseReport {
        exercise: exercise.name.clone(),
        title: exercise.title.clone(),
        kept: false,
        language: Some(entry.language),
        entry: Some(entry.relative.clone()),
        verdict: if failed {
            ExerciseVerdict::Fail
        } else {
            ExerciseVerdict::Pass
        },
        score: score::exercise_score(&checks, &exercise.weights, exercise.points),
        max_score: exercise.points,
        fingerprint: planned.fingerprint.clone(),
        message: None,
        checks,
    }
}

/// Why the grader cannot judge an entry in `language` of `exercise`, if it cannot: no toolchain
/// for it, or no reference that built, ran and printed a result in that language. A problem of
/// the grader's is never a student's grade.
fn grader_problem(
    exercise: &Exercise,
    language: Language,
    baselines: &Baselines,
    toolchain: &Toolchain,
) -> Option<String> {
    let missing_tool = match language {
        Language::Python => toolchain.python.is_none(),
        Language::Rust => toolchain.cargo.is_none(),
    };
    if missing_tool {
        let problems = toolchain.problems.join("; ");
        return Some(format!(
            "not graded: the grading machine has no usable {} toolchain ({problems})",
            language.name()
        ));
    }
    match baselines.get(&(exercise.name.clone(), language)) {
        Some(Err(why)) => Some(format!("not graded: {why}")),
        Some(Ok(baseline)) if baseline.result.is_none() => Some(format!(
            "not graded: the {} reference printed no result",
            language.name()
        )),
        _ => None,
    }
}

/// Runs the program under the monitor, then checks its run, result, time and workers.
fn run_and_check(
    exercise: &Exercise,
    language: Language,
    program: &build::Program,
    sources: &[(String, String)],
    left_out: &[String],
    baselines: &Baselines,
    context: &Context,
) -> Vec<Check> {
    const AFTER_RUN: [CheckKind; 3] = [CheckKind::Result, CheckKind::Time, CheckKind::Workers];
    let limits = Limits {
        timeout: exercise.timeout,
        output: context.output_limit,
    };
    let mut watch = checks::Watch::new(&exercise.workers, language);
    // What crosses between a Python program's processes is noted in a file of the grader's.
    let record_path =
        (language == Language::Python).then(|| program.workdir.with_file_name("record.jsonl"));
    let outcome = program
        .job(context, exercise.workers.cpus)
        .and_then(|mut job| {
            if let Some(path) = &record_path {
                std::fs::File::create(path)?;
                job.record = Some(path.clone());
            }
            watch.expect_cpu_view(&job.env);
            Ok(job)
        })
        .and_then(|job| context.launcher.launch(&job, limits, &mut watch));
    let figures = watch.figures();
    let outcome = match outcome {
        Ok(outcome) => program_time(outcome, figures.as_ref()),
        Err(err) => {
            let mut checks = vec![Check::new(
                CheckKind::Run,
                Verdict::Fail,
                format!("the program could not be started: {err}"),
                crate::report::Details::None,
            )];
            checks
                .extend(AFTER_RUN.map(|kind| Check::skipped(kind, "not checked: the run failed")));
            return checks;
        }
    };
    let mut run = checks::run_check(
        &outcome,
        exercise.timeout,
        context.output_limit,
        &program.workdir,
    );
    if run.verdict == Verdict::Fail && !left_out.is_empty() {
        // A program that opens a file it was not given fails: say which were left out.
        const SHOWN: usize = 3;
        let mut shown = left_out[..left_out.len().min(SHOWN)].join("; ");
        if left_out.len() > SHOWN {
            shown.push_str(&format!("; and {} more", left_out.len() - SHOWN));
        }
        run.message.push_str(&format!(
            "
left out of the run: {shown}"
        ));
    }
    if run.verdict != Verdict::Pass {
        let mut checks = vec![run];
        checks.extend(AFTER_RUN.map(|kind| Check::skipped(kind, "not checked: the run failed")));
        return checks;
    }
    let same_language = baselines.get(&(exercise.name.clone(), language));
    // The expected value does not depend on the language: any reference that ran gives it.
    let expected = same_language
        .and_then(|m| m.as_ref().ok())
        .or_else(|| {
            baselines
                .iter()
                .filter(|((name, _), _)| name == &exercise.name)
                .find_map(|(_, m)| m.as_ref().ok())
        })
        .and_then(|baseline| baseline.result.clone());
    let reference_time = same_language
        .and_then(|m| m.as_ref().ok())
        .map(|baseline| std::time::Duration::from_millis(baseline.elapsed_ms));
    let stdout = String::from_utf8_lossy(&outcome.stdout.bytes);
    let record = record_path.and_then(|path| checks::origin::Record::read(&path).ok());
    let printed = checks::read_result(&exercise.result, &stdout);
    // The other CPU views only matter for a right result: run them then.
    let views = match (&printed, &expected) {
        (Some(printed), Some(expected)) if checks::same_value(expected, printed) => {
            other_views(exercise, program, context, limits)
        }
        _ => Vec::new(),
    };
    let evidence = checks::Evidence {
        language,
        record: record.as_ref(),
        sources,
        cpus: exercise.workers.cpus,
        views: &views,
    };
    vec![
        run,
        checks::result_check(exercise, &stdout, expected.as_deref(), &evidence),
        checks::time_check(exercise, outcome.elapsed, reference_time),
        checks::workers_check(figures.as_ref(), &exercise.workers),
    ]
}

/// The outcome with the program's own wall time (see `WorkerFigures::program_wall`) when the
/// monitor saw it end by itself: the time check judges the program, not the sandbox's set-up
/// and tear-down around it. A run stopped by the grader keeps the time it was stopped at.
pub(crate) fn program_time(
    mut outcome: crate::run::Outcome,
    figures: Option<&crate::monitor::WorkerFigures>,
) -> crate::run::Outcome {
    if let (crate::run::Exit::Code(_), Some(program)) = (
        outcome.exit,
        figures.and_then(|figures| figures.program_wall),
    ) {
        outcome.elapsed = program;
    }
    outcome
}

/// Runs the program again with each of the exercise's other CPU counts, unwatched, for its
/// result alone.
fn other_views(
    exercise: &Exercise,
    program: &build::Program,
    context: &Context,
    limits: Limits,
) -> Vec<checks::View> {
    exercise
        .workers
        .other_cpus
        .iter()
        .map(|&cpus| {
            let outcome = program.job(context, cpus).and_then(|job| {
                context
                    .launcher
                    .launch(&job, limits, &mut crate::run::NoObserver)
            });
            let printed = match outcome {
                Ok(outcome) if outcome.success() => Ok(checks::read_result(
                    &exercise.result,
                    &String::from_utf8_lossy(&outcome.stdout.bytes),
                )),
                Ok(outcome) => Err(outcome.describe()),
                Err(error) => Err(format!("could not be started: {error}")),
            };
            checks::View { cpus, printed }
        })
        .collect()
}

/// A student's score: per exercise, the best of the languages submitted.
fn student_score(reports: &[ExerciseReport]) -> f64 {
    let mut best: BTreeMap<&str, f64> = BTreeMap::new();
    for report in reports {
        let score = best.entry(&report.exercise).or_insert(0.0);
        *score = score.max(report.score);
    }
    score::round(best.values().sum())
}

fn summarize(submissions: &[Submission], kept: usize, started: Instant) -> Summary {
    let mut summary = Summary {
        students: submissions.len(),
        kept,
        elapsed_ms: crate::report::millis(started.elapsed()),
        ..Summary::default()
    };
    for exercise in submissions.iter().flat_map(|s| &s.exercises) {
        summary.exercises += 1;
        match exercise.verdict {
            ExerciseVerdict::Pass => summary.passed += 1,
            ExerciseVerdict::Fail => summary.failed += 1,
            ExerciseVerdict::Missing => summary.missing += 1,
            ExerciseVerdict::Error => summary.errors += 1,
        }
    }
    summary
}
