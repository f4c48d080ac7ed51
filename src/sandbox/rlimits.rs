//! Per-process resource limits, set by the sandbox helper on the program right before exec.
//!
//! RLIMIT_AS is left alone on purpose: runtimes reserve far more address space than they use
//! (thread stacks, Rust, the JVM), so memory is limited by a cgroup instead.

use std::io;

use nix::sys::resource::{getrlimit, setrlimit, Resource};
use serde::{Deserialize, Serialize};

/// Locked memory a job may hold at most: what a default Linux account gets.
const MEMLOCK: u64 = 8 << 20;

/// The limits applied to every process of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Rlimits {
    /// Seconds of CPU per process: SIGXCPU at the limit, SIGKILL one second later.
    pub(crate) cpu_seconds: u64,
    pub(crate) file_size: u64,
    pub(crate) open_files: u64,
    /// Only for a dedicated unprivileged uid without a pids cgroup: RLIMIT_NPROC counts every
    /// process of the uid, so for a user's own uid it would count their browser too.
    pub(crate) processes: Option<u64>,
}

impl Rlimits {
    pub(crate) fn apply(&self) -> io::Result<()> {
        let cpu = self.cpu_seconds;
        setrlimit(Resource::RLIMIT_CPU, cpu, cpu.saturating_add(1))?;
        setrlimit(Resource::RLIMIT_FSIZE, self.file_size, self.file_size)?;
        setrlimit(Resource::RLIMIT_CORE, 0, 0)?;
        setrlimit(Resource::RLIMIT_NOFILE, self.open_files, self.open_files)?;
        if let Some(processes) = self.processes {
            setrlimit(Resource::RLIMIT_NPROC, processes, processes)?;
        }
        // Not the grader's: no real-time or raised priority, little locked memory.
        setrlimit(Resource::RLIMIT_RTPRIO, 0, 0)?;
        setrlimit(Resource::RLIMIT_NICE, 0, 0)?;
        let (soft, hard) = getrlimit(Resource::RLIMIT_MEMLOCK)?;
        setrlimit(
            Resource::RLIMIT_MEMLOCK,
            soft.min(MEMLOCK),
            hard.min(MEMLOCK),
        )?;
        Ok(())
    }
}
