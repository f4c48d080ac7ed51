//! What the monitor counts as a worker and how often it samples.
//!
//! The worker model is per language (issue 3): a Python solution parallelises with processes, a
//! Rust one with threads. Transparent wrappers (the sandbox's helper and the job's init) sit above
//! the student's main process and are neither main nor worker; helpers (multiprocessing's
//! resource tracker and forkserver) are started by the runtime, not by the student, and are not
//! workers either.

use std::time::Duration;

use regex::Regex;

/// What counts as a worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerModel {
    /// Python: every process of the tree other than the main one, the wrappers above it and the
    /// runtime's helpers. Threads are not counted (a Pool's handler threads are not workers).
    Processes,
    /// Rust: every thread of the main process other than its main thread, plus every task of any
    /// child process (its main thread included).
    Threads,
}

/// How the monitor watches a run.
#[derive(Debug, Clone)]
pub struct MonitorSettings {
    pub model: WorkerModel,
    /// Shortest sampling period. The sampler lengthens it when a sample costs more than
    /// [`MonitorSettings::budget_permille`] of one CPU, so that the monitor does not slow the run down.
    pub interval: Duration,
    /// Largest share of one CPU the sampler may use, in parts per thousand.
    pub budget_permille: u32,
    /// Processes started by the runtime rather than by the student, matched against their
    /// command line (read at exec) and their name (`/proc/<pid>/comm`, set at exec or by
    /// `prctl`).
    pub helper_patterns: Vec<Regex>,
    /// Executable names (as in `/proc/<pid>/comm`) of transparent wrappers above the main process.
    pub wrappers: Vec<String>,
    /// Whether to use the kernel's process events; off, the monitor only polls (for tests of
    /// the fallback, or where the events are unwanted).
    pub proc_connector: bool,
}

impl MonitorSettings {
    /// The defaults for `model`: 2 ms sampling within 0.5% of one CPU, Python's helpers, the
    /// sandbox's wrappers.
    pub fn new(model: WorkerModel) -> MonitorSettings {
        MonitorSettings {
            model,
            interval: Duration::from_millis(2),
            budget_permille: 5,
            helper_patterns: default_helper_patterns(),
            wrappers: [
                crate::sandbox::HELPER_NAME,
                "timeout",
                "env",
                "nice",
                "prlimit",
                "unshare",
            ]
            .iter()
            .map(|name| name.to_string())
            .collect(),
            proc_connector: true,
        }
    }
}

/// multiprocessing's helper processes, all Python versions since 3.4: the resource tracker
/// and forkserver by command line (`python -c 'from multiprocessing.resource_tracker import
/// main;main(5)'` and the like), a `Manager()`'s server by the name the CPU view's
/// `sitecustomize.py` gives it.
pub fn default_helper_patterns() -> Vec<Regex> {
    [
        r"^mp-manager$",
        r"from multiprocessing\.resource_tracker import main",
        r"from multiprocessing\.semaphore_tracker import main",
        r"from multiprocessing\.forkserver import main",
    ]
    .iter()
    .filter_map(|pattern| Regex::new(pattern).ok())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_are_recognised_but_spawned_workers_are_not() {
        let helpers = default_helper_patterns();
        assert_eq!(helpers.len(), 4);
        assert!(helpers.iter().any(|h| h.is_match("mp-manager")));
        let tracker = "python3 -B -c from multiprocessing.resource_tracker import main;main(6)";
        let forkserver = "python3 -c from multiprocessing.forkserver import main; main(7, 8, ['__main__'], **{'sys_path': []})";
        let worker = "python3 -B -c from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=6, pipe_handle=8) --multiprocessing-fork";
        assert!(helpers.iter().any(|h| h.is_match(tracker)));
        assert!(helpers.iter().any(|h| h.is_match(forkserver)));
        assert!(!helpers.iter().any(|h| h.is_match(worker)));
    }
}
