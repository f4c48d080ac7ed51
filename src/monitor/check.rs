//! The `workers` check: the figures held to the exercise's limits, in words a student reads.
//!
//! What counts as a worker (see [`WHAT_COUNTS`]): for Python, each process the program starts,
//! directly or through `multiprocessing` (a `Pool`'s processes, `Process` objects); not the
//! main process, not the helpers `multiprocessing` starts for itself (resource tracker,
//! forkserver), not threads. For Rust, each thread other than the main thread, and each child
//! process. `peak` is the most workers alive at the same moment, `distinct` how many were
//! started over the run.

use std::time::Duration;

use super::figures::WorkerFigures;
use crate::text::plural;

/// How workers are counted, for the report.
pub const WHAT_COUNTS: &str = "A worker is a process started by a Python program (a Pool's \
processes, Process objects; not the main process, not multiprocessing's own helpers such as \
the resource tracker, not threads), or a thread started by a Rust program other than its main \
thread, or a process it starts. The program sees a machine with many CPUs, so a Pool() without \
a size starts as many workers as that machine has CPUs.";

/// Passes when at most `max` workers were alive at once (any number when `max` is `None`: the
/// exercise sets no limit) and at least `min` were started.
pub fn workers_verdict(
    figures: &WorkerFigures,
    min: u32,
    max: impl Into<Option<u32>>,
) -> (bool, String) {
    let max: Option<u32> = max.into();
    let over = |count: u32| max.is_some_and(|max| count > max);
    // Without exit accounting, `peak` may count a joined round beside the next one.
    let (peak, distinct) = (figures.peak_settled, figures.distinct);
    let (pass, mut message) = if let (true, Some(max)) = (over(peak), max) {
        let mut message = format!(
            "{peak} {} ran at the same time; the exercise allows {max}",
            plural(peak, "worker", "workers")
        );
        if distinct > peak {
            message.push_str(&format!(" ({distinct} were started in all)"));
        }
        (false, message)
    } else if !figures.view_lost.is_empty() {
        (
            false,
            format!(
                "the program ran outside the CPU view the grader gives it: {}; the workers it \
                 starts then follow the grading machine's CPUs, not those the exercise shows \
                 it: keep the environment and the interpreter's flags as they are",
                figures.view_lost.join("; "),
            ),
        )
    } else if let Some(unseen) = unseen_work(figures) {
        (false, unseen)
    } else if distinct == 0 && min > 0 && figures.main_threads > 0 {
        (
            false,
            "no worker process was started: the work ran in threads of the main process, \
             which in Python take turns on one CPU; the exercise asks for processes"
                .to_string(),
        )
    } else if distinct == 0 && min > 0 {
        (
            false,
            "no worker was started: all the work ran in the main process".to_string(),
        )
    } else if distinct < min {
        (
            false,
            format!(
                "only {distinct} {} started; the exercise asks for at least {min} working in parallel",
                plural(distinct, "worker was", "workers were")
            ),
        )
    } else if distinct == 0 {
        (
            true,
            "no worker was started, and the exercise asks for none".to_string(),
        )
    } else {
        let limit = match max {
            Some(max) => format!("limit {max}"),
            None => "no limit".to_string(),
        };
        (
            true,
            format!(
                "{distinct} {} started, at most {peak} at the same time ({limit})",
                plural(distinct, "worker", "workers")
            ),
        )
    };
    if over(figures.peak) && pass {
        message.push_str(&format!(
            "; {} seen alive together, counting workers whose exit was not yet reported: \
             without the kernel's exit accounting (grade is not root), overlaps of under a \
             millisecond as a worker ends are set aside",
            figures.peak
        ));
    }
    if !figures.exact {
        message.push_str(
            "; counted by sampling, so workers that lived less than a few milliseconds may be missing",
        );
    }
    (pass, message)
}

/// CPU time the counted workers cannot account for that fails the check: more than this...
const UNSEEN_CPU: Duration = Duration::from_millis(200);
/// ...and more than this share of the run's wall time.
const UNSEEN_SHARE: f64 = 0.1;

/// Why the workers count misses work, when the CPU time says so.
fn unseen_work(figures: &WorkerFigures) -> Option<String> {
    let place = figures.unseen_in?;
    let unseen = figures.unseen_cpu;
    if unseen <= UNSEEN_CPU || unseen.as_secs_f64() <= figures.wall.as_secs_f64() * UNSEEN_SHARE {
        return None;
    }
    Some(format!(
        "the program used {:.2} s of CPU in {:.2} s, {:.2} s of it outside the counted workers, \
         {}: the exercise asks for the work to run in at most {} worker processes, which the \
         count sees",
        figures.cpu_time.as_secs_f64(),
        figures.wall.as_secs_f64(),
        unseen.as_secs_f64(),
        place.describe(),
        figures.peak_settled.max(1),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::Unseen;

    fn figures(peak: u32, distinct: u32) -> WorkerFigures {
        WorkerFigures {
            peak,
            peak_settled: peak,
            exits_accounted: true,
            program_wall: None,
            unseen_cpu: Duration::ZERO,
            unseen_in: None,
            view_lost: Vec::new(),
            distinct,
            main_threads: 0,
            peak_running: peak.min(2),
            cpu_time: Duration::ZERO,
            wall: Duration::ZERO,
            parallelism: 0.0,
            timeline: vec![],
            method: "proc-connector+proc-poll".into(),
            exact: true,
            monitor_cpu: Duration::ZERO,
            samples: 0,
            notes: vec![],
        }
    }

    #[test]
    fn without_exit_accounting_a_joined_round_beside_the_next_passes() {
        let mut seen = figures(5, 100);
        seen.peak_settled = 4;
        seen.exits_accounted = false;
        let (pass, message) = workers_verdict(&seen, 2, 4);
        assert!(pass, "{message}");
        assert!(
            message.starts_with(
                "100 workers started, at most 4 at the same time (limit 4); 5 seen alive together"
            ),
            "{message}"
        );
        seen.peak_settled = 5;
        assert!(!workers_verdict(&seen, 2, 4).0);
    }

    // Regression: an exercise without `max` printed "(limit 4294967295)".
    #[test]
    fn no_max_is_no_limit() {
        let (pass, message) = workers_verdict(&figures(40, 40), 0, None);
        assert!(pass, "{message}");
        assert!(message.contains("(no limit)"), "{message}");
    }

    #[test]
    fn too_many_at_once_fails() {
        let (pass, message) = workers_verdict(&figures(8, 8), 2, 4);
        assert!(!pass);
        assert_eq!(
            message,
            "8 workers ran at the same time; the exercise allows 4"
        );
        let (_, message) = workers_verdict(&figures(100, 100), 2, 4);
        assert!(message.starts_with("100 workers ran at the same time"));
    }

    #[test]
    fn no_worker_fails() {
        let (pass, message) = workers_verdict(&figures(0, 0), 2, 4);
        assert!(!pass);
        assert_eq!(
            message,
            "no worker was started: all the work ran in the main process"
        );
    }

    #[test]
    fn python_threads_are_named_as_such() {
        let mut threads_only = figures(0, 0);
        threads_only.main_threads = 4;
        let (pass, message) = workers_verdict(&threads_only, 2, 4);
        assert!(!pass);
        assert!(message.starts_with("no worker process was started: the work ran in threads"));
    }

    #[test]
    fn a_single_worker_fails_and_a_pool_of_four_passes() {
        let (pass, message) = workers_verdict(&figures(1, 1), 2, 4);
        assert!(!pass);
        assert!(message.starts_with("only 1 worker was started"));
        let (pass, message) = workers_verdict(&figures(4, 4), 2, 4);
        assert!(pass);
        assert_eq!(
            message,
            "4 workers started, at most 4 at the same time (limit 4)"
        );
    }

    #[test]
    fn work_outside_the_counted_workers_fails() {
        let mut seen = figures(2, 2);
        seen.cpu_time = Duration::from_millis(4100);
        seen.wall = Duration::from_millis(2050);
        seen.unseen_cpu = Duration::from_millis(1950);
        seen.unseen_in = Some(Unseen::MainThreads);
        let (pass, message) = workers_verdict(&seen, 2, 4);
        assert!(!pass);
        assert!(
            message.starts_with(
                "the program used 4.10 s of CPU in 2.05 s, 1.95 s of it outside the counted \
                 workers, in threads of the main process"
            ),
            "{message}"
        );
        // A little, such as a helper's start-up or a tick of sampling error, is no evidence.
        seen.unseen_cpu = Duration::from_millis(150);
        assert!(workers_verdict(&seen, 2, 4).0);
        seen.unseen_cpu = Duration::from_millis(250);
        seen.wall = Duration::from_secs(10);
        assert!(workers_verdict(&seen, 2, 4).0);
    }

    #[test]
    fn sampled_figures_say_so() {
        let mut sampled = figures(2, 2);
        sampled.exact = false;
        let (pass, message) = workers_verdict(&sampled, 2, 4);
        assert!(pass);
        assert!(message.contains("sampling"));
    }
}
