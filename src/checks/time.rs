//! The `time` check: the student's wall time stays under `reference × factor + slack`.

use std::time::Duration;

use crate::config::Exercise;
use crate::lang::Lang;
use crate::msg;
use crate::report::{
    millis, Attempt, Baseline, Check, CheckKind, Details, Estimate, TimeDetails, Verdict,
};

use super::seconds;

/// The longest a solution may take, given the reference's time.
pub fn time_limit(exercise: &Exercise, reference: Duration) -> Duration {
    // A factor too large for a duration (1e300) is no limit, not a crash.
    Duration::try_from_secs_f64(reference.as_secs_f64() * exercise.time_factor)
        .unwrap_or(Duration::MAX)
        .saturating_add(exercise.time_slack)
}

/// How a program was timed: the time judged, and every attempt that led to it.
#[derive(Debug, Clone)]
pub struct Timing {
    pub elapsed: Duration,
    /// Each timed run, the judged one last; empty when there was one and nothing more is known.
    pub attempts: Vec<Attempt>,
    /// The judged time is fair: no other work slowed the program past what the rule allows.
    pub fair: bool,
}

impl Timing {
    /// A time taken alone, with nothing more to say of it.
    pub fn alone(elapsed: Duration) -> Timing {
        Timing {
            elapsed,
            attempts: Vec::new(),
            fair: true,
        }
    }
}

/// The `time` check of a program timed as `timing`, against the reference's `baseline` (its
/// time measured in this session, or estimated from a course bundle).
pub fn time_check(
    exercise: &Exercise,
    timing: &Timing,
    baseline: Option<&Baseline>,
    lang: Lang,
) -> Check {
    let Some(baseline) = baseline else {
        return Check::skipped(CheckKind::Time, msg!(lang, "time-no-reference"));
    };
    let reference = Duration::from_millis(baseline.elapsed_ms);
    let elapsed = timing.elapsed;
    let limit = time_limit(exercise, reference);
    let details = Details::Time(TimeDetails {
        elapsed_ms: millis(elapsed),
        reference_ms: millis(reference),
        limit_ms: millis(limit),
        estimate: baseline.estimate,
        attempts: timing.attempts.clone(),
    });
    let rule = rule(exercise, reference, baseline.estimate.as_ref(), lang);
    if elapsed <= limit {
        Check::new(
            CheckKind::Time,
            Verdict::Pass,
            msg!(
                lang,
                "time-pass",
                elapsed = seconds(elapsed),
                limit = seconds(limit),
                rule = rule
            ),
            details,
        )
    } else if !timing.fair {
        // Other work slowed the program: its time says nothing of the student's work.
        let tries = timing.attempts.len().max(1);
        Check::new(
            CheckKind::Time,
            Verdict::Inconclusive,
            msg!(
                lang,
                "time-inconclusive",
                elapsed = seconds(elapsed),
                limit = seconds(limit),
                tries = tries
            ),
            details,
        )
    } else {
        Check::new(
            CheckKind::Time,
            Verdict::Fail,
            msg!(
                lang,
                "time-too-slow",
                elapsed = seconds(elapsed),
                limit = seconds(limit),
                rule = rule
            ),
            details,
        )
    }
}

/// How the limit is made: `reference 0.07 s × 1.5 + 1.00 s`, and where the reference time comes
/// from when it is an estimate.
fn rule(
    exercise: &Exercise,
    reference: Duration,
    estimate: Option<&Estimate>,
    lang: Lang,
) -> String {
    let factor = exercise.time_factor;
    let slack = seconds(exercise.time_slack);
    match estimate {
        None => msg!(
            lang,
            "time-rule",
            reference = seconds(reference),
            factor = factor,
            slack = slack
        ),
        Some(estimate) => msg!(
            lang,
            "time-rule-estimated",
            reference = seconds(reference),
            measured = seconds(Duration::from_millis(estimate.measured_ms)),
            scale = format!("{:.2}", estimate.scale),
            factor = factor,
            slack = slack
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_time_factor_is_no_limit_and_no_crash() {
        let text = "[course]\nname = \"t\"\n[exercises.cube]\npython = \"cube.py\"\n\
                    result = '^result = (?P<value>-?\\d+)'\ntime-factor = 1e300\n";
        let file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(file.path(), text).expect("write");
        let config = crate::config::Config::load(file.path()).expect("valid");
        let limit = time_limit(&config.exercises[0], Duration::from_millis(50));
        assert_eq!(limit, Duration::MAX);
    }
}
