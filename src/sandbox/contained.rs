//! One contained run: the command to spawn, and what kills it, reads its limits and cleans up.

use std::io;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus};
use std::time::Duration;

use nix::sys::signal::{killpg, Signal};

use super::process_handle::ProcessHandle;
use super::run_cgroups::RunCgroups;

/// Which limits of the run the kernel enforced, for verdicts that say what happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LimitsHit {
    /// A process was killed because the run's memory reached its limit.
    pub memory: bool,
    /// A fork or a new thread was refused because the run reached its task limit.
    pub tasks: bool,
}

/// How the program ended, seen through the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Termination {
    Exited(i32),
    /// Killed by this signal: SIGXCPU means the CPU time limit, SIGXFSZ the file size limit.
    Signaled(i32),
}

/// A run ready to spawn, owning its cgroups until dropped.
#[derive(Debug)]
pub struct Contained {
    pub(crate) command: Command,
    pub(crate) cgroups: Option<RunCgroups>,
    /// The spawned process (bubblewrap, or the program itself without it), held by a pidfd
    /// so that a pid reused after the caller reaped it is never signalled.
    pub(crate) process: Option<ProcessHandle>,
    /// True when bubblewrap stands between the caller and the program.
    pub(crate) bwrap: bool,
}

impl Contained {
    /// The command to spawn; the caller sets stdin, stdout and stderr.
    pub fn command(&mut self) -> &mut Command {
        &mut self.command
    }

    /// Spawns the command and remembers its pid, which `kill_all` needs without cgroup v2.
    pub fn spawn(&mut self) -> io::Result<Child> {
        let child = self.command.spawn()?;
        self.adopt(child.id());
        Ok(child)
    }

    /// Tells the run the pid of a child spawned from `command()` directly.
    pub fn adopt(&mut self, pid: u32) {
        self.process = ProcessHandle::open(pid);
    }

    /// The run's cgroup v2 folder: exact membership (`cgroup.procs`) and `cpu.stat`.
    pub fn cgroup_v2_dir(&self) -> Option<&Path> {
        self.cgroups.as_ref().and_then(RunCgroups::v2_dir)
    }

    /// Kills every process of the run, those that called setsid, double-forked or ignore
    /// SIGTERM included: `cgroup.kill` where there is one, else the pid namespace (killing
    /// bubblewrap kills its namespace) and the v1 cgroups' members, else the process group.
    pub fn kill_all(&self) {
        let by_cgroup = self.cgroups.as_ref().is_some_and(RunCgroups::kill_all);
        let complete = self.cgroups.as_ref().is_some_and(RunCgroups::can_kill);
        if complete {
            return;
        }
        if let Some(process) = &self.process {
            if !by_cgroup && process.alive() {
                // The child made itself a process group leader before exec; while it is not
                // reaped, its pid, hence the group id, cannot be reused.
                let _ = killpg(process.pid, Signal::SIGKILL);
            }
            process.kill();
        }
    }

    pub fn limits_hit(&self) -> LimitsHit {
        match &self.cgroups {
            Some(cgroups) => LimitsHit {
                memory: cgroups.oom_killed(),
                tasks: cgroups.fork_refused(),
            },
            None => LimitsHit::default(),
        }
    }

    /// The most memory the run used at once, all its processes together.
    pub fn memory_peak(&self) -> Option<u64> {
        self.cgroups.as_ref().and_then(RunCgroups::memory_peak)
    }

    /// Reads an exit status: bubblewrap reports a program killed by signal N as exit 128 + N.
    pub fn termination(&self, status: ExitStatus) -> Termination {
        match (status.code(), status.signal()) {
            (Some(code), _) if self.bwrap && (129..=128 + 64).contains(&code) => {
                Termination::Signaled(code - 128)
            }
            (Some(code), _) => Termination::Exited(code),
            (None, Some(signal)) => Termination::Signaled(signal),
            (None, None) => Termination::Exited(-1),
        }
    }
}

impl Drop for Contained {
    fn drop(&mut self) {
        self.kill_all();
        if let Some(cgroups) = &self.cgroups {
            cgroups.remove(Duration::from_secs(5));
        }
    }
}
