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
use crate::lang::Lang;
use crate::msg;

/// How workers are counted, for the report.
pub const WHAT_COUNTS: &str = "A worker is a process started by a Python program (a Pool's \
processes, Process objects; not the main process, not multiprocessing's own helpers such as \
the resource tracker, not threads), or a thread started by a Rust program other than its main \
thread, or a process it starts. The program sees a machine with many CPUs, so a Pool() without \
a size starts as many workers as that machine has CPUs.";

/// Passes when at most `max` workers were alive at once (any number when `max` is `None`: the
/// exercise sets no limit) and at least `min` were started; says why in `lang`.
pub fn workers_verdict(
    figures: &WorkerFigures,
    min: u32,
    max: impl Into<Option<u32>>,
    lang: Lang,
) -> (bool, String) {
    let max: Option<u32> = max.into();
    let over = |count: u32| max.is_some_and(|max| count > max);
    // Without exit accounting, `peak` may count a joined round beside the next one.
    let (peak, distinct) = (figures.peak_settled, figures.distinct);
    let (pass, mut message) = if let (true, Some(max)) = (over(peak), max) {
        let message = if distinct > peak {
            msg!(
                lang,
                "workers-over-started",
                peak = peak,
                max = max,
                distinct = distinct
            )
        } else {
            msg!(lang, "workers-over", peak = peak, max = max)
        };
        (false, message)
    } else if !figures.view_lost.is_empty() {
        (
            false,
            msg!(
                lang,
                "workers-view-lost",
                lost = figures
                    .view_lost
                    .iter()
                    .map(|process| view_lost(process, lang))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )
    } else if let Some(unseen) = unseen_work(figures, lang) {
        (false, unseen)
    } else if distinct == 0 && min > 0 && figures.main_threads > 0 {
        (false, msg!(lang, "workers-threads-only"))
    } else if distinct == 0 && min > 0 {
        (false, msg!(lang, "workers-none"))
    } else if distinct < min {
        (
            false,
            msg!(lang, "workers-too-few", distinct = distinct, min = min),
        )
    } else if distinct == 0 {
        (true, msg!(lang, "workers-none-asked"))
    } else {
        let message = match max {
            Some(max) => msg!(
                lang,
                "workers-pass",
                distinct = distinct,
                peak = peak,
                max = max
            ),
            None => msg!(
                lang,
                "workers-pass-no-limit",
                distinct = distinct,
                peak = peak
            ),
        };
        (true, message)
    };
    if over(figures.peak) && pass {
        message.push_str(&msg!(lang, "workers-unsettled", peak = figures.peak));
    }
    if !figures.exact {
        message.push_str(&msg!(lang, "workers-sampled"));
    }
    (pass, message)
}

/// CPU time the counted workers cannot account for that fails the check: more than this...
const UNSEEN_CPU: Duration = Duration::from_millis(200);
/// ...and more than this share of the run's wall time.
const UNSEEN_SHARE: f64 = 0.1;

/// Why the workers count misses work, when the CPU time says so.
fn unseen_work(figures: &WorkerFigures, lang: Lang) -> Option<String> {
    let place = figures.unseen_in?;
    let unseen = figures.unseen_cpu;
    if unseen <= UNSEEN_CPU || unseen.as_secs_f64() <= figures.wall.as_secs_f64() * UNSEEN_SHARE {
        return None;
    }
    let seconds = |duration: Duration| format!("{:.2}", duration.as_secs_f64());
    Some(msg!(
        lang,
        "workers-unseen",
        cpu = seconds(figures.cpu_time),
        wall = seconds(figures.wall),
        unseen = seconds(unseen),
        place = match place {
            super::Unseen::MainThreads => msg!(lang, "workers-unseen-main-threads"),
            super::Unseen::WorkerThreads => msg!(lang, "workers-unseen-worker-threads"),
            super::Unseen::Helpers => msg!(lang, "workers-unseen-helpers"),
        },
        max = figures.peak_settled.max(1)
    ))
}

/// `` `python3 -I cube.py` ran with -I, -S or -E, which skip sitecustomize ``, in `lang`.
fn view_lost(process: &super::figures::ViewLost, lang: Lang) -> String {
    use super::figures::Lost;
    let what: Vec<String> = process
        .lost
        .iter()
        .map(|lost| match lost {
            Lost::Preload => msg!(lang, "workers-lost-preload"),
            Lost::PythonPath => msg!(lang, "workers-lost-pythonpath"),
            Lost::SkipFlags => msg!(lang, "workers-lost-flags"),
        })
        .collect();
    msg!(
        lang,
        "workers-lost-process",
        command = process.command.as_str(),
        what = what.join(&msg!(lang, "workers-lost-and"))
    )
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
        let (pass, message) = workers_verdict(&seen, 2, 4, Lang::En);
        assert!(pass, "{message}");
        assert!(
            message.starts_with(
                "100 workers started, at most 4 at the same time (limit 4); 5 seen alive together"
            ),
            "{message}"
        );
        seen.peak_settled = 5;
        assert!(!workers_verdict(&seen, 2, 4, Lang::En).0);
    }

    // Regression: an exercise without `max` printed "(limit 4294967295)".
    #[test]
    fn no_max_is_no_limit() {
        let (pass, message) = workers_verdict(&figures(40, 40), 0, None, Lang::En);
        assert!(pass, "{message}");
        assert!(message.contains("(no limit)"), "{message}");
    }

    #[test]
    fn too_many_at_once_fails() {
        let (pass, message) = workers_verdict(&figures(8, 8), 2, 4, Lang::En);
        assert!(!pass);
        assert_eq!(
            message,
            "8 workers ran at the same time; the exercise allows 4: size the pool to 4, or start \
             at most 4 workers"
        );
        let (_, message) = workers_verdict(&figures(100, 100), 2, 4, Lang::En);
        assert!(message.starts_with("100 workers ran at the same time"));
    }

    #[test]
    fn no_worker_fails() {
        let (pass, message) = workers_verdict(&figures(0, 0), 2, 4, Lang::En);
        assert!(!pass);
        assert_eq!(
            message,
            "no worker was started: all the work ran in the main process; share it among workers \
             that run at the same time"
        );
    }

    #[test]
    fn python_threads_are_named_as_such() {
        let mut threads_only = figures(0, 0);
        threads_only.main_threads = 4;
        let (pass, message) = workers_verdict(&threads_only, 2, 4, Lang::En);
        assert!(!pass);
        assert!(message.starts_with("no worker process was started: the work ran in threads"));
    }

    #[test]
    fn a_single_worker_fails_and_a_pool_of_four_passes() {
        let (pass, message) = workers_verdict(&figures(1, 1), 2, 4, Lang::En);
        assert!(!pass);
        assert!(message.starts_with("only 1 worker was started"));
        let (pass, message) = workers_verdict(&figures(4, 4), 2, 4, Lang::En);
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
        let (pass, message) = workers_verdict(&seen, 2, 4, Lang::En);
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
        assert!(workers_verdict(&seen, 2, 4, Lang::En).0);
        seen.unseen_cpu = Duration::from_millis(250);
        seen.wall = Duration::from_secs(10);
        assert!(workers_verdict(&seen, 2, 4, Lang::En).0);
    }

    #[test]
    fn sampled_figures_say_so() {
        let mut sampled = figures(2, 2);
        sampled.exact = false;
        let (pass, message) = workers_verdict(&sampled, 2, 4, Lang::En);
        assert!(pass);
        assert!(message.contains("sampling"));
    }
}
