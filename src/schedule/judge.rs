//! Judging an entry from what its units gave: the checks, the score, the verdict. Pure: no
//! process is started here.

use super::work::{BuildOutput, RunOutput};
use crate::build::Context;
use crate::checks;
use crate::config::Exercise;
use crate::discover::Entry;
use crate::reference::Measured;
use crate::report::{
    Attempt, Check, CheckKind, Details, ExerciseReport, ExerciseVerdict, Language, Span, Verdict,
};
use crate::score;

/// What judging an entry reads besides its units' outputs.
pub(crate) struct Inputs<'a> {
    pub(crate) exercise: &'a Exercise,
    pub(crate) entry: &'a Entry,
    pub(crate) fingerprint: &'a str,
    pub(crate) context: &'a Context<'a>,
    pub(crate) baselines: &'a [((String, Language), Measured)],
    /// The language of the messages.
    pub(crate) lang: crate::lang::Lang,
}

const AFTER_RUN: [CheckKind; 3] = [CheckKind::Result, CheckKind::Time, CheckKind::Workers];

/// The expected value: any reference of the exercise that ran gives it, the language's first.
pub(crate) fn expected(
    exercise: &Exercise,
    language: Language,
    baselines: &[((String, Language), Measured)],
) -> Option<String> {
    let of_exercise = || {
        baselines
            .iter()
            .filter(move |((name, _), _)| name == &exercise.name)
    };
    of_exercise()
        .filter(|((_, l), _)| *l == language)
        .chain(of_exercise())
        .find_map(|(_, measured)| measured.as_ref().ok())
        .and_then(|baseline| baseline.result.clone())
}

pub(crate) fn judge(
    inputs: &Inputs,
    build: Option<BuildOutput>,
    runs: Vec<(RunOutput, Attempt)>,
    fair: bool,
    views: Vec<checks::View>,
    timeline: Vec<Span>,
) -> ExerciseReport {
    let Inputs {
        exercise, entry, ..
    } = *inputs;
    let report = |verdict, checks: Vec<Check>, message: Option<String>| ExerciseReport {
        exercise: exercise.name.clone(),
        title: exercise.title.clone(),
        kept: false,
        language: Some(entry.language),
        entry: Some(entry.relative.clone()),
        verdict,
        score: match verdict {
            ExerciseVerdict::Error => 0.0,
            _ => score::exercise_score(&checks, &exercise.weights, exercise.points),
        },
        max_score: exercise.points,
        fingerprint: match verdict {
            ExerciseVerdict::Error => String::new(),
            _ => inputs.fingerprint.to_string(),
        },
        message,
        checks,
        reused: false,
        timeline: timeline.clone(),
    };
    if let Some(problem) = grader_problem(inputs) {
        return report(ExerciseVerdict::Error, Vec::new(), Some(problem));
    }
    let Some(build) = build else {
        return report(
            ExerciseVerdict::Error,
            Vec::new(),
            Some("not graded: the grading was interrupted before this entry was built".into()),
        );
    };
    let mut checks = vec![checks::build_check(&build.built, inputs.lang)];
    match &build.built.result {
        Err(_) => {
            checks.extend([CheckKind::Run].into_iter().chain(AFTER_RUN).map(|kind| {
                Check::skipped(kind, crate::msg!(inputs.lang, "skipped-build-failed"))
            }));
        }
        Ok(program) => {
            checks.extend(run_checks(inputs, &build, program, runs, fair, &views));
        }
    }
    checks.push(build.lint);
    let failed = checks.iter().any(|check| check.verdict == Verdict::Fail);
    let verdict = if failed {
        ExerciseVerdict::Fail
    } else {
        ExerciseVerdict::Pass
    };
    report(verdict, checks, None)
}

/// Why the grader cannot judge the entry, if it cannot: no toolchain for it, or no reference
/// that built, ran and printed a result in its language. A problem of the grader's is never a
/// student's grade.
fn grader_problem(inputs: &Inputs) -> Option<String> {
    let language = inputs.entry.language;
    let toolchain = inputs.context.toolchain;
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
    let measured = inputs
        .baselines
        .iter()
        .find(|((name, l), _)| name == &inputs.exercise.name && *l == language)
        .map(|(_, measured)| measured);
    match measured {
        Some(Err(why)) => Some(format!("not graded: {why}")),
        Some(Ok(baseline)) if baseline.result.is_none() => Some(format!(
            "not graded: the {} reference printed no result",
            language.name()
        )),
        _ => None,
    }
}

fn run_checks(
    inputs: &Inputs,
    build: &BuildOutput,
    program: &crate::build::Program,
    runs: Vec<(RunOutput, Attempt)>,
    fair: bool,
    views: &[checks::View],
) -> Vec<Check> {
    let Inputs {
        exercise, entry, ..
    } = *inputs;
    let output_limit = inputs.context.output_limit;
    let attempts: Vec<Attempt> = runs.iter().map(|(_, attempt)| attempt.clone()).collect();
    let Some((last, _)) = runs.into_iter().last() else {
        let mut checks = vec![Check::new(
            CheckKind::Run,
            Verdict::Fail,
            "not run: the grading was interrupted",
            Details::None,
        )];
        checks.extend(
            AFTER_RUN
                .map(|kind| Check::skipped(kind, crate::msg!(inputs.lang, "skipped-run-failed"))),
        );
        return checks;
    };
    let outcome =
        match last.outcome {
            Ok(outcome) => outcome,
            Err(err) => {
                let mut checks = vec![Check::new(
                    CheckKind::Run,
                    Verdict::Fail,
                    crate::msg!(inputs.lang, "run-could-not-start", error = err.to_string()),
                    Details::None,
                )];
                checks.extend(AFTER_RUN.map(|kind| {
                    Check::skipped(kind, crate::msg!(inputs.lang, "skipped-run-failed"))
                }));
                return checks;
            }
        };
    let mut run = checks::run_check(
        &outcome,
        exercise.timeout,
        output_limit,
        &program.workdir,
        entry,
        inputs.lang,
    );
    let left_out = &build.built.left_out;
    if run.verdict == Verdict::Fail && !left_out.is_empty() {
        // A program that opens a file it was not given fails: say which were left out.
        const SHOWN: usize = 3;
        let lang = inputs.lang;
        let mut shown: Vec<String> = left_out
            .iter()
            .take(SHOWN)
            .map(|file| file.describe(lang))
            .collect();
        if left_out.len() > SHOWN {
            let count = left_out.len() - SHOWN;
            shown.push(crate::msg!(lang, "left-out-more", count = count));
        }
        let files = shown.join("; ");
        run.message.push('\n');
        run.message
            .push_str(&crate::msg!(lang, "left-out", files = files));
    }
    if run.verdict != Verdict::Pass {
        let mut checks = vec![run];
        checks.extend(
            AFTER_RUN
                .map(|kind| Check::skipped(kind, crate::msg!(inputs.lang, "skipped-run-failed"))),
        );
        return checks;
    }
    let language = entry.language;
    let expected = expected(exercise, language, inputs.baselines);
    let baseline = inputs
        .baselines
        .iter()
        .find(|((name, l), _)| name == &exercise.name && *l == language)
        .and_then(|(_, measured)| measured.as_ref().ok());
    let stdout = String::from_utf8_lossy(&outcome.stdout.bytes);
    let evidence = checks::Evidence {
        language,
        record: last.record.as_ref(),
        sources: &build.sources,
        cpus: exercise.workers.cpus,
        views,
    };
    // Attempts are worth showing when there were several, or when the machine told how fair
    // the one was.
    let shown_attempts = if attempts.len() > 1 || attempts.iter().any(|a| a.stalled_ms.is_some()) {
        attempts
    } else {
        Vec::new()
    };
    let timing = checks::Timing {
        elapsed: outcome.elapsed,
        attempts: shown_attempts,
        fair,
    };
    vec![
        run,
        checks::result_check(
            exercise,
            &stdout,
            expected.as_deref(),
            &evidence,
            inputs.lang,
        ),
        checks::time_check(exercise, &timing, baseline, inputs.lang),
        checks::workers_check(last.figures.as_ref(), &exercise.workers, inputs.lang),
    ]
}
