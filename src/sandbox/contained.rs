//! One contained job: the command to spawn (the sandbox helper), and what kills it, reads how it
//! ended and which limit it reached, hands on its executables, and cleans up.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus};
use std::time::Duration;

use nix::sys::signal::{killpg, Signal};

use super::plan::{DiskFull, Status};
use super::process_handle::ProcessHandle;
use super::run_cgroups::RunCgroups;

/// Which limits of the job the kernel or the sandbox enforced, for verdicts that say what happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LimitsHit {
    /// A process was killed because the job's memory reached its limit.
    pub memory: bool,
    /// A fork or a new thread was refused because the job reached its task limit.
    pub tasks: bool,
    /// The job filled its scratch disk (bytes or files) and was stopped.
    pub disk: Option<DiskFull>,
}

/// How the program ended, seen through the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Termination {
    Exited(i32),
    /// Killed by this signal: SIGXCPU means the CPU time limit, SIGXFSZ the file size limit.
    Signaled(i32),
}

/// A job ready to spawn, owning its cgroups until dropped.
#[derive(Debug)]
pub struct Contained {
    pub(crate) command: Command,
    pub(crate) cgroups: Option<RunCgroups>,
    /// The spawned helper, held by a pidfd so that a pid reused after the caller reaped it is
    /// never signalled.
    pub(crate) process: Option<ProcessHandle>,
    /// Where the helper reports a set-up failure or a full disk.
    pub(crate) status: PathBuf,
    /// Executables to copy after a success, when no init of the job's did (no namespaces).
    pub(crate) keep: Option<(PathBuf, PathBuf)>,
    /// Without namespaces the job writes the host's /dev/shm (multiprocessing's semaphores live
    /// there): what was in it before, so that what the job left is removed after it.
    pub(crate) shared_memory: Option<SharedMemory>,
    /// How many levels of the job's process tree, from the helper down, are the sandbox's.
    pub(crate) wrapper_levels: usize,
}

/// The host's /dev/shm, as a job without namespaces found it.
#[derive(Debug)]
pub(crate) struct SharedMemory {
    folder: PathBuf,
    before: BTreeSet<OsString>,
}

impl SharedMemory {
    pub(crate) fn record(folder: &Path) -> SharedMemory {
        SharedMemory {
            folder: folder.to_path_buf(),
            before: names(folder),
        }
    }

    /// Removes what appeared since, without following links. Jobs run one at a time, so what
    /// appeared is the job's (Python unlinks its semaphores at once: an honest job leaves none).
    fn clean(&self) {
        for name in names(&self.folder).difference(&self.before) {
            let path = self.folder.join(name);
            let _ = match fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => fs::remove_dir_all(&path),
                Ok(_) => fs::remove_file(&path),
                Err(_) => Ok(()),
            };
        }
    }
}

fn names(folder: &Path) -> BTreeSet<OsString> {
    fs::read_dir(folder)
        .map(|listing| listing.flatten().map(|item| item.file_name()).collect())
        .unwrap_or_default()
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

    /// Tells the job the pid of a child spawned from `command()` directly.
    pub fn adopt(&mut self, pid: u32) {
        self.process = ProcessHandle::open(pid);
    }

    /// The job's cgroup v2 folder: exact membership (`cgroup.procs`) and `cpu.stat`.
    /// How many levels of the job's process tree, from the spawned helper down, are the
    /// sandbox's own processes: 2 under namespaces (the helper and the job's init), else 0
    /// (the helper becomes the program).
    pub fn wrapper_levels(&self) -> usize {
        self.wrapper_levels
    }

    /// The job's `cpu.idle` file, when it has a `cpu` cgroup.
    pub fn idle_file(&self) -> Option<std::path::PathBuf> {
        self.cgroups.as_ref().and_then(RunCgroups::idle_file)
    }

    pub fn cgroup_v2_dir(&self) -> Option<&Path> {
        self.cgroups.as_ref().and_then(RunCgroups::v2_dir)
    }

    /// Kills every process of the job, those that called setsid, double-forked or ignore
    /// SIGTERM included: `cgroup.kill` where there is one; else the helper, whose death kills
    /// the job's init and with it its PID namespace, and the v1 cgroups' members; else the
    /// process group.
    pub fn kill_all(&self) {
        let by_cgroup = self.cgroups.as_ref().is_some_and(RunCgroups::kill_all);
        let complete = self.cgroups.as_ref().is_some_and(RunCgroups::can_kill);
        if complete {
            return;
        }
        if let Some(process) = &self.process {
            if !by_cgroup && process.alive() {
                // The helper made itself a process group leader before exec; while it is not
                // reaped, its pid, hence the group id, cannot be reused.
                let _ = killpg(process.pid, Signal::SIGKILL);
            }
            process.kill();
        }
    }

    pub fn limits_hit(&self) -> LimitsHit {
        let (memory, tasks) = match &self.cgroups {
            Some(cgroups) => (cgroups.oom_killed(), cgroups.fork_refused()),
            None => (false, false),
        };
        LimitsHit {
            memory,
            tasks,
            disk: self.status().and_then(|status| status.disk_full),
        }
    }

    /// Why the sandbox could not start the program, when it could not: a grader's failure.
    pub fn setup_error(&self) -> Option<String> {
        self.status().and_then(|status| status.setup_error)
    }

    /// How Landlock was enforced, when the job was a probe that used it.
    pub(crate) fn landlock(&self) -> Option<String> {
        self.status().and_then(|status| status.landlock)
    }

    /// CPU time used by every process of the job so far (cgroup v2 `cpu.stat`).
    pub fn cpu_used(&self) -> Option<Duration> {
        cpu_used_in(self.cgroup_v2_dir()?)
    }

    /// How long every process of the job at once waited for a CPU that another job held:
    /// `cpu.pressure`'s `full` total, the sign that the machine slowed the job down.
    pub fn cpu_stalled(&self) -> Option<Duration> {
        cpu_stalled_in(self.cgroup_v2_dir()?)
    }

    /// The most memory the job used at once, all its processes together.
    pub fn memory_peak(&self) -> Option<u64> {
        self.cgroups.as_ref().and_then(RunCgroups::memory_peak)
    }

    /// Reads an exit status: the helper ends the way the program ended, signal included.
    pub fn termination(&self, status: ExitStatus) -> Termination {
        match (status.code(), status.signal()) {
            (Some(code), _) => Termination::Exited(code),
            (None, Some(signal)) => Termination::Signaled(signal),
            (None, None) => Termination::Exited(-1),
        }
    }

    /// After a success, copies the executables the job hands on, where the job itself could
    /// not (no namespaces: the files are the host's).
    pub fn hand_on(&self) -> io::Result<()> {
        let Some((from, to)) = &self.keep else {
            return Ok(());
        };
        let to = OwnedFd::from(fs::File::open(to)?);
        super::hand_on::hand_on(from, &to).map_err(io::Error::other)
    }

    fn status(&self) -> Option<Status> {
        let text = fs::read(&self.status).ok()?;
        serde_json::from_slice(&text).ok()
    }
}

/// CPU time used by the processes of the cgroup v2 `dir` so far.
pub fn cpu_used_in(dir: &Path) -> Option<Duration> {
    let stat = fs::read_to_string(dir.join("cpu.stat")).ok()?;
    let micros = stat.lines().find_map(|line| {
        line.strip_prefix("usage_usec ")
            .and_then(|value| value.trim().parse().ok())
    })?;
    Some(Duration::from_micros(micros))
}

/// How long every process of the cgroup v2 `dir` at once waited for a CPU so far.
pub fn cpu_stalled_in(dir: &Path) -> Option<Duration> {
    parse_full_stall(&fs::read_to_string(dir.join("cpu.pressure")).ok()?)
}

/// The `total=` microseconds of the `full` line of a `cpu.pressure` file.
fn parse_full_stall(pressure: &str) -> Option<Duration> {
    let full = pressure.lines().find(|line| line.starts_with("full "))?;
    let total = full
        .split_whitespace()
        .find_map(|field| field.strip_prefix("total="))?;
    total.parse().ok().map(Duration::from_micros)
}

impl Drop for Contained {
    fn drop(&mut self) {
        self.kill_all();
        if let Some(shared_memory) = &self.shared_memory {
            shared_memory.clean();
        }
        if let Some(cgroups) = &self.cgroups {
            cgroups.remove(Duration::from_secs(5));
        }
        let _ = fs::remove_file(&self.status);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_stall_is_read_from_cpu_pressure() {
        let text = "some avg10=0.00 avg60=0.00 avg300=0.00 total=562000\n\
                    full avg10=0.00 avg60=0.00 avg300=0.00 total=1104\n";
        assert_eq!(parse_full_stall(text), Some(Duration::from_micros(1104)));
        assert_eq!(parse_full_stall("some avg10=0.00 total=5\n"), None);
    }
}
