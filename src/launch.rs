//! Launching student processes: the one place a command for untrusted code is made.
//!
//! Builds and runs describe what to start as a [`Job`]; a [`Launcher`] turns it into a process
//! inside the sandbox (which itself falls back to what the machine offers), and runs it to its
//! end (see [`crate::run`]). The trait leaves room for a fake launcher in tests.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

use crate::run::{self, DiskLimit, Limits, LimitsHit, Observer, Outcome};
use crate::sandbox::{Contained, DiskFull, Jail, Sandbox};

/// What to start.
#[derive(Debug, Clone)]
pub struct Job {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// The job's scratch folder: its working directory and the only place it may write.
    pub workdir: PathBuf,
    /// The whole environment: nothing of the grader's own leaks in.
    pub env: Vec<(OsString, OsString)>,
    /// Paths outside the workdir the job must read (toolchains, support files).
    pub readable: Vec<PathBuf>,
    /// Host folders the job writes for later jobs (a fetch's cargo home); nothing else does.
    pub writable: Vec<PathBuf>,
    /// The job writes the host's workdir itself rather than a copy (a fetch, see `Jail`).
    pub share_workdir: bool,
    /// TCP ports the job may connect to (fetching a crate's dependencies only); `None`: none.
    pub network: Option<Vec<u16>>,
    /// Executables the job hands on when it succeeds: those at the top of `.0`, into `.1`.
    pub keep: Option<(PathBuf, PathBuf)>,
    /// A file the grader created, which the program gets open for appending as descriptor 3:
    /// where a Python program's processes note what crosses between them.
    pub record: Option<PathBuf>,
}

impl Job {
    /// A job that reads `readable`, writes a copy of `workdir`, and has no network.
    pub fn new(program: PathBuf, args: Vec<OsString>, workdir: PathBuf) -> Job {
        Job {
            program,
            args,
            workdir,
            env: Vec::new(),
            readable: Vec::new(),
            writable: Vec::new(),
            share_workdir: false,
            network: None,
            keep: None,
            record: None,
        }
    }
}

/// Starts jobs and runs them to their end.
pub trait Launcher: Sync {
    fn launch(
        &self,
        job: &Job,
        limits: Limits,
        observer: &mut dyn Observer,
    ) -> std::io::Result<Outcome>;

    /// Why jobs could not reach these paths (the toolchains), for the report's errors.
    fn unreachable(&self, _paths: &[PathBuf]) -> Vec<String> {
        Vec::new()
    }

    /// Whether jobs may run at the same time: each is then killed on its own, and none can
    /// touch another's processes or files.
    fn overlap(&self) -> bool {
        false
    }

    /// Whether a run past its time limit can be lowered to take only the CPU timed runs leave,
    /// so that they start beside it, and whether each run's CPU pressure proves afterwards that
    /// it did not slow them.
    fn lowers(&self) -> bool {
        false
    }
}

/// Starts jobs inside the sandbox: namespaces, an allowlist of readable paths, cgroups, rlimits.
pub struct Sandboxed {
    pub sandbox: Sandbox,
}

impl Launcher for Sandboxed {
    fn launch(
        &self,
        job: &Job,
        limits: Limits,
        observer: &mut dyn Observer,
    ) -> std::io::Result<Outcome> {
        let jail = Jail {
            program: &job.program,
            args: &job.args,
            workdir: &job.workdir,
            readable: &job.readable,
            writable: &job.writable,
            share_workdir: job.share_workdir,
            env: &job.env,
            network: job.network.as_deref(),
            keep: job
                .keep
                .as_ref()
                .map(|(from, to)| (from.as_path(), to.as_path())),
            record: job.record.as_deref(),
        };
        let mut contained = self.sandbox.contain(&jail)?;
        let mut command = std::mem::replace(contained.command(), Command::new("/"));
        observer.contained(contained.cgroup_v2_dir(), contained.wrapper_levels());
        observer.lowerable(contained.idle_file().as_deref());
        let mut bridge = Bridge {
            contained: &mut contained,
            inner: observer,
        };
        let reach = if self.overlap() {
            run::Reach::Own
        } else {
            run::Reach::Everything
        };
        let mut outcome = run::execute(&mut command, limits, &mut bridge, reach)?;
        outcome.cpu = contained.cpu_used();
        outcome.stalled = contained.cpu_stalled();
        if let Some(error) = contained.setup_error() {
            return Err(std::io::Error::other(format!(
                "the sandbox could not start the program: {error}"
            )));
        }
        let hit = contained.limits_hit();
        let settings = self.sandbox.settings();
        outcome.limits_hit = LimitsHit {
            memory: hit.memory.then_some(settings.memory),
            tasks: hit.tasks.then_some(settings.tasks),
            disk: hit.disk.map(|full| match full {
                DiskFull::Bytes => DiskLimit::Bytes(settings.disk),
                DiskFull::Files => DiskLimit::Files(settings.files),
            }),
        };
        if outcome.success() {
            contained.hand_on()?;
        }
        Ok(outcome)
    }

    fn unreachable(&self, paths: &[PathBuf]) -> Vec<String> {
        self.sandbox.unreachable(paths)
    }

    /// Under namespaces: a PID namespace keeps each job's processes in its own tree, a mount
    /// namespace gives it its own /tmp and /dev/shm. Without them a double-forked orphan or a
    /// shared-memory file could not be told from another job's, and jobs take turns.
    fn overlap(&self) -> bool {
        self.sandbox.isolation().namespaces()
    }

    fn lowers(&self) -> bool {
        self.overlap() && self.sandbox.lowers_runs()
    }
}

/// Tells the sandbox about the run, then whoever else watches it.
struct Bridge<'a> {
    contained: &'a mut Contained,
    inner: &'a mut dyn Observer,
}

impl Observer for Bridge<'_> {
    fn started(&mut self, pid: u32) {
        self.contained.adopt(pid);
        self.inner.started(pid);
    }

    fn ended(&mut self) {
        self.inner.ended();
    }

    fn kill_all(&mut self) {
        self.contained.kill_all();
        self.inner.kill_all();
    }

    fn tick(&mut self, elapsed: std::time::Duration) {
        self.inner.tick(elapsed);
    }

    fn grace(&self) -> std::time::Duration {
        self.inner.grace()
    }
}
