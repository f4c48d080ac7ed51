//! Launching student processes: the one place a command for untrusted code is made.
//!
//! Builds and runs describe what to start as a [`Job`]; a [`Launcher`] turns it into a process,
//! plainly or inside a sandbox, and runs it to its end (see [`crate::run`]).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

use crate::run::{self, Limits, Observer, Outcome};

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
}

/// Starts jobs as plain child processes, in their own process group.
pub struct Plain;

impl Launcher for Plain {
    fn launch(
        &self,
        job: &Job,
        limits: Limits,
        observer: &mut dyn Observer,
    ) -> std::io::Result<Outcome> {
        let mut command = Command::new(&job.program);
        command
            .args(&job.args)
            .current_dir(&job.workdir)
            .env_clear()
            .envs(job.env.iter().map(|(key, value)| (key, value)));
        run::execute(command, limits, observer)
    }
}
