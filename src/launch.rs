//! Launching student processes: the one place a command for untrusted code is made.
//!
//! Builds and runs describe what to start as a [`Job`]; a [`Launcher`] turns it into a process
//! inside the sandbox (which itself falls back to what the machine offers), and runs it to its
//! end (see [`crate::run`]). The trait leaves room for a fake launcher in tests.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

use crate::run::{self, Exit, Limits, LimitsHit, Observer, Outcome};
use crate::sandbox::{Contained, Jail, Sandbox, Termination};

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
    /// Whether the job may use the network (fetching a crate's dependencies only).
    pub network: bool,
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
            env: &job.env,
            network: job.network,
        };
        let mut contained = self.sandbox.contain(&jail)?;
        let mut command = std::mem::replace(contained.command(), Command::new("/"));
        observer.contained(contained.cgroup_v2_dir());
        let mut bridge = Bridge {
            contained: &mut contained,
            inner: observer,
        };
        let mut outcome = run::execute(&mut command, limits, &mut bridge)?;
        if let Exit::Code(code) = outcome.exit {
            use std::os::unix::process::ExitStatusExt;
            let status = std::process::ExitStatus::from_raw(code << 8);
            if let Termination::Signaled(signal) = contained.termination(status) {
                outcome.exit = Exit::Signal(signal);
            }
        }
        let hit = contained.limits_hit();
        let settings = self.sandbox.settings();
        outcome.limits_hit = LimitsHit {
            memory: hit.memory.then_some(settings.memory),
            tasks: hit.tasks.then_some(settings.tasks),
        };
        Ok(outcome)
    }

    fn unreachable(&self, paths: &[PathBuf]) -> Vec<String> {
        self.sandbox.unreachable(paths)
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
}
