//! The `time` check: the student's wall time stays under `reference × factor + slack`.

use std::time::Duration;

use crate::config::Exercise;
use crate::report::{millis, Check, CheckKind, Details, TimeDetails, Verdict};

use super::seconds;

/// The longest a solution may take, given the reference's time.
pub fn time_limit(exercise: &Exercise, reference: Duration) -> Duration {
    // A factor too large for a duration (1e300) is no limit, not a crash.
    Duration::try_from_secs_f64(reference.as_secs_f64() * exercise.time_factor)
        .unwrap_or(Duration::MAX)
        .saturating_add(exercise.time_slack)
}

pub fn time_check(exercise: &Exercise, elapsed: Duration, reference: Option<Duration>) -> Check {
    let Some(reference) = reference else {
        return Check::skipped(
            CheckKind::Time,
            "the reference could not be timed (see the report's errors)",
        );
    };
    let limit = time_limit(exercise, reference);
    let details = Details::Time(TimeDetails {
        elapsed_ms: millis(elapsed),
        reference_ms: millis(reference),
        limit_ms: millis(limit),
    });
    let rule = format!(
        "reference {} × {} + {}",
        seconds(reference),
        exercise.time_factor,
        seconds(exercise.time_slack)
    );
    if elapsed <= limit {
        Check::new(
            CheckKind::Time,
            Verdict::Pass,
            format!(
                "{} within the limit of {} ({rule})",
                seconds(elapsed),
                seconds(limit)
            ),
            details,
        )
    } else {
        Check::new(
            CheckKind::Time,
            Verdict::Fail,
            format!(
                "too slow: {} while the limit is {} ({rule}); is the work really shared among \
                 workers running at the same time?",
                seconds(elapsed),
                seconds(limit)
            ),
            details,
        )
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
