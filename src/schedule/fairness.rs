//! Whether a timed run got a fair time, and what to do when it did not: pure rules.
//!
//! `timing.md` measured that a run's own cgroup `cpu.pressure` `full` stall is about zero when it
//! runs alone (at most 3.1% of its wall time or 20 ms over 74 clean runs), and grows with the
//! time other work took from it. Its rule: slowed above 2.5% of the wall time or 26 ms, the
//! larger. Without the pressure file, a run is taken as slowed when busy work ran beside it.

use std::time::Duration;

/// The stall under which a run counts as alone, whatever its length.
const STALL_FLOOR: Duration = Duration::from_millis(26);
/// The stall, as a share of the wall time, under which a run counts as alone.
const STALL_SHARE: f64 = 0.025;

/// Timings of one program at most: the first, then reruns alone.
pub(crate) const MOST_ATTEMPTS: usize = 3;

/// The share of a timed-out run that other work must have taken for the timeout to be in
/// doubt: such a run is far past its time limit already, and timing it again costs a whole
/// timeout.
const TIMEOUT_SHARE: f64 = 0.1;

/// Whether other work slowed a run that took `elapsed`: by its CPU stall when the machine
/// tells, else by whether busy work ran beside it.
pub(crate) fn slowed(elapsed: Duration, stalled: Option<Duration>, busy_beside: bool) -> bool {
    match stalled {
        Some(stalled) => stalled > STALL_FLOOR.max(elapsed.mul_f64(STALL_SHARE)),
        None => busy_beside,
    }
}

/// Whether other work slowed a run stopped at its timeout (after `elapsed`) enough to put the
/// timeout in doubt: by its CPU stall, else by busy work beside it.
pub(crate) fn slowed_to_timeout(
    elapsed: Duration,
    stalled: Option<Duration>,
    busy_beside: bool,
) -> bool {
    match stalled {
        Some(stalled) => stalled > elapsed.mul_f64(TIMEOUT_SHARE),
        None => busy_beside,
    }
}

/// Whether a run lowered past its limit and stopped at its `timeout` was slowed enough to put
/// the timeout in doubt. Its timeout was put off by all it `waited` once lowered, up to
/// [`crate::run::most_grace`]: only what it waited before (`stalled_before`), or past that,
/// counts.
pub(crate) fn lowered_slowed_to_timeout(
    timeout: Duration,
    stalled_before: Option<Duration>,
    waited: Duration,
) -> bool {
    waited >= crate::run::most_grace(timeout) || slowed_to_timeout(timeout, stalled_before, false)
}

/// How an attempt ended, as far as its time matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    /// Ended by itself within its time limit.
    WithinLimit,
    /// Ended by itself past its time limit.
    PastLimit,
    /// Stopped at the timeout.
    TimedOut,
    /// Ended some other way (a crash, a wrong exit status, too much output): no time to judge.
    Other,
}

/// What follows an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Next {
    /// Judge this attempt; `fair` is false when its time says nothing of the program.
    Judge { fair: bool },
    /// Time the program again, with nothing beside it.
    RerunAlone,
}

/// After the `attempts`-th timing of a program: a slowed run is timed again alone only when
/// the slowing could change its verdict (a pass despite it stands).
pub(crate) fn next(ending: Ending, slowed: bool, attempts: usize) -> Next {
    if !slowed {
        return Next::Judge { fair: true };
    }
    match ending {
        Ending::WithinLimit | Ending::Other => Next::Judge { fair: true },
        Ending::PastLimit | Ending::TimedOut if attempts < MOST_ATTEMPTS => Next::RerunAlone,
        Ending::PastLimit | Ending::TimedOut => Next::Judge { fair: false },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn the_rule_of_the_measurements() {
        // A 70 ms run: the floor of 26 ms decides.
        assert!(!slowed(MS(70), Some(MS(20)), true));
        assert!(slowed(MS(70), Some(MS(27)), false));
        // A 4 s run: 2.5% is 100 ms.
        assert!(!slowed(MS(4000), Some(MS(90)), true));
        assert!(slowed(MS(4000), Some(MS(101)), false));
        // No pressure file: what ran beside it decides.
        assert!(slowed(MS(70), None, true));
        assert!(!slowed(MS(70), None, false));
    }

    #[test]
    fn a_timeout_is_in_doubt_only_when_much_of_it_was_taken() {
        assert!(!slowed_to_timeout(MS(5000), Some(MS(300)), true));
        assert!(slowed_to_timeout(MS(5000), Some(MS(501)), false));
        assert!(slowed_to_timeout(MS(5000), None, true));
    }

    #[test]
    fn a_lowered_timeout_counts_only_what_its_timeout_was_not_put_off_by() {
        // Lowered, it waited 3.7 s, all given back: its stall before counts alone.
        assert!(!lowered_slowed_to_timeout(MS(5000), Some(MS(18)), MS(3700)));
        assert!(lowered_slowed_to_timeout(MS(5000), Some(MS(600)), MS(100)));
        // Builds beside it took the CPUs for longer than its timeout: given back too.
        assert!(!lowered_slowed_to_timeout(MS(5000), Some(MS(1)), MS(5500)));
        // It waited more than its timeout could be put off.
        assert!(lowered_slowed_to_timeout(MS(5000), Some(MS(1)), MS(15000)));
    }

    #[test]
    fn a_slowed_run_is_timed_again_only_when_it_matters() {
        assert_eq!(
            next(Ending::WithinLimit, true, 1),
            Next::Judge { fair: true }
        );
        assert_eq!(next(Ending::Other, true, 1), Next::Judge { fair: true });
        assert_eq!(
            next(Ending::PastLimit, false, 1),
            Next::Judge { fair: true }
        );
        assert_eq!(next(Ending::PastLimit, true, 1), Next::RerunAlone);
        assert_eq!(next(Ending::TimedOut, true, 2), Next::RerunAlone);
        assert_eq!(
            next(Ending::PastLimit, true, MOST_ATTEMPTS),
            Next::Judge { fair: false }
        );
    }
}
