//! Scores: an exercise earns its points in proportion to the weights of the checks it passed.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::config::Weights;
use crate::report::{
    Check, CheckKind, ExerciseReport, ExerciseVerdict, Submission, Summary, Verdict,
};

/// The weight of one kind of check.
pub fn weight(weights: &Weights, kind: CheckKind) -> f64 {
    match kind {
        CheckKind::Build => weights.build,
        CheckKind::Run => weights.run,
        CheckKind::Result => weights.result,
        CheckKind::Time => weights.time,
        CheckKind::Workers => weights.workers,
        CheckKind::Lint => weights.lint,
    }
}

/// The score of an exercise worth `points`, rounded to hundredths. Checks that failed or were
/// skipped earn nothing; an inconclusive one does not count either way; a course that gives
/// every check weight 0 scores pass as full points.
pub fn exercise_score(checks: &[Check], weights: &Weights, points: f64) -> f64 {
    let total: f64 = checks
        .iter()
        .filter(|check| check.verdict != Verdict::Inconclusive)
        .map(|check| weight(weights, check.check))
        .sum();
    let earned: f64 = checks
        .iter()
        .filter(|check| check.verdict == Verdict::Pass)
        .map(|check| weight(weights, check.check))
        .sum();
    let fraction = if total > 0.0 {
        earned / total
    } else if checks.iter().all(|check| check.verdict != Verdict::Fail) {
        1.0
    } else {
        0.0
    };
    round(points * fraction)
}

/// A student's score: per exercise, the best of the languages submitted.
pub fn student_score(reports: &[ExerciseReport]) -> f64 {
    let mut best: BTreeMap<&str, f64> = BTreeMap::new();
    for report in reports {
        let score = best.entry(&report.exercise).or_insert(0.0);
        *score = score.max(report.score);
    }
    round(best.values().sum())
}

/// The counts of a session over `submissions`; `kept` of them carried over unchanged.
pub fn summarize(submissions: &[Submission], kept: usize, elapsed: Duration) -> Summary {
    let mut summary = Summary {
        students: submissions.len(),
        kept,
        elapsed_ms: crate::report::millis(elapsed),
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

/// Rounds to hundredths, as scores are shown.
pub fn round(score: f64) -> f64 {
    // `+ 0.0` turns a negative zero into zero, which prints as `0.00`, not `-0.00`.
    (score * 100.0).round() / 100.0 + 0.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Details;

    fn check(kind: CheckKind, verdict: Verdict) -> Check {
        Check::new(kind, verdict, "", Details::None)
    }

    #[test]
    fn proportional_to_weights() {
        let weights = Weights {
            build: 1.0,
            run: 1.0,
            result: 3.0,
            time: 1.0,
            workers: 2.0,
            lint: 2.0,
        };
        let checks = [
            check(CheckKind::Build, Verdict::Pass),
            check(CheckKind::Run, Verdict::Pass),
            check(CheckKind::Result, Verdict::Fail),
            check(CheckKind::Time, Verdict::Pass),
        ];
        // 3 of 6 weight units earned, on an exercise worth 8 points.
        assert_eq!(exercise_score(&checks, &weights, 8.0), 4.0);
    }
}
