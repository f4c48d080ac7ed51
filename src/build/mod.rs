//! The build stage: a Python entry is syntax-checked, a Rust entry is built with cargo.
//!
//! Both happen in scratch space, on a copy of the submission: no `__pycache__`, `Cargo.lock` or
//! `target/` ever appears in the student's folder.

mod deps;
mod python;
mod rust;
mod shared;

pub use shared::SharedDeps;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::discover::Entry;
use crate::lang::Lang;
use crate::launch::Launcher;
use crate::msg;
use crate::report::Language;
use crate::scratch::LeftOut;
use crate::scratch::Scratch;
use crate::toolchain::Toolchain;

/// A program ready to run.
#[derive(Debug, Clone)]
pub struct Program {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// The copy of the submission the program runs in.
    pub workdir: PathBuf,
    /// What the program needs to read outside its folder and the toolchain (a built executable).
    pub readable: Vec<PathBuf>,
}

impl Program {
    /// The job that runs the program: the session's environment, and a machine that seems to
    /// have `cpus` CPUs, so a `Pool()` without a size behaves as on a large server.
    pub fn job(&self, context: &Context, cpus: u32) -> std::io::Result<crate::launch::Job> {
        let support = context.scratch.path().join("lib");
        let mut env = context.toolchain.base_env();
        let cpu_view = crate::monitor::cpu_view_env(cpus, &support)?;
        // The CPU view's PYTHONPATH and LD_PRELOAD replace nothing of the base environment.
        env.retain(|(key, _)| !cpu_view.iter().any(|(view_key, _)| view_key == key));
        env.extend(cpu_view);
        let mut job = crate::launch::Job::new(
            self.program.clone(),
            self.args.clone(),
            self.workdir.clone(),
        );
        job.env = env;
        job.readable = context.toolchain.python_prefix.iter().cloned().collect();
        job.readable.push(support);
        job.readable.extend(self.readable.iter().cloned());
        Ok(job)
    }
}

/// Why a build failed, in words a student can act on.
#[derive(Debug, Clone)]
pub struct Failure {
    pub message: String,
    /// The first error's place, relative to the student's folder.
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

impl Failure {
    fn plain(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            file: None,
            line: None,
            column: None,
        }
    }
}

/// The outcome of a build.
#[derive(Debug, Clone)]
pub struct Built {
    pub result: Result<Program, Failure>,
    pub elapsed: Duration,
    /// Files of the submission not copied to scratch (links, oversized files).
    pub left_out: Vec<LeftOut>,
    /// crates.io dependencies the build compiled itself, rather than reusing a shared build.
    pub compiled: Vec<String>,
    /// CPU time of the build's jobs, when cgroups counted it.
    pub cpu: Option<Duration>,
}

/// What a language's build made.
struct Made {
    result: Result<Program, Failure>,
    left_out: Vec<LeftOut>,
    compiled: Vec<String>,
    cpu: Option<Duration>,
}

impl Made {
    fn failed(failure: Failure, left_out: Vec<LeftOut>) -> Made {
        Made {
            result: Err(failure),
            left_out,
            compiled: Vec::new(),
            cpu: None,
        }
    }
}

/// What a build needs from the session.
pub struct Context<'a> {
    pub scratch: &'a Scratch,
    pub toolchain: &'a Toolchain,
    pub launcher: &'a dyn Launcher,
    pub timeout: Duration,
    pub output_limit: u64,
    /// Bytes a build may write (`sandbox.disk`), which also bounds what its fetch leaves.
    pub disk_limit: u64,
    /// crates.io dependencies fetched and compiled once for the session's crates.
    pub deps: SharedDeps,
    /// The language of the build check's messages.
    pub lang: Lang,
}

impl<'a> Context<'a> {
    /// The context of a grading session of `config`'s course.
    pub fn new(
        config: &crate::config::Config,
        scratch: &'a Scratch,
        toolchain: &'a Toolchain,
        launcher: &'a dyn Launcher,
        lang: Lang,
    ) -> Context<'a> {
        Context {
            scratch,
            toolchain,
            launcher,
            timeout: config.course.build_timeout,
            output_limit: config.course.output_limit,
            disk_limit: config.sandbox.disk,
            // Without namespaces, jobs run as a user of their own that may not reach the
            // grader's home: sets stay in the session's scratch space.
            deps: SharedDeps::new(launcher.overlap().then(SharedDeps::default_cache).flatten()),
            lang,
        }
    }
}

/// Builds `entry` of the student whose folder is `folder`.
pub fn build(entry: &Entry, folder: &Path, context: &Context) -> Built {
    let start = std::time::Instant::now();
    let outcome = match entry.language {
        Language::Python => python::check(entry, folder, context),
        Language::Rust => rust::build(entry, context),
    };
    let made = outcome.unwrap_or_else(|err| {
        Made::failed(
            Failure::plain(msg!(
                context.lang,
                "build-unprepared",
                error = err.to_string()
            )),
            Vec::new(),
        )
    });
    Built {
        result: made.result,
        elapsed: start.elapsed(),
        left_out: made.left_out,
        compiled: made.compiled,
        cpu: made.cpu,
    }
}
