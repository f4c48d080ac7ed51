//! The sandbox: every build and run of student code happens inside it (issue 5).
//!
//! `Sandbox::detect` probes once per session what this machine offers (bubblewrap, a way to drop
//! root, writable cgroups) and lists each protection as active or not, with why. `contain` turns a
//! `Jail` into a `Contained` run: a command to spawn that joins the run's cgroups and gets its
//! rlimits before exec, then runs under bubblewrap when it works. What is missing falls back to
//! what is there (process group, rlimits) and says so; `required = true` refuses instead.

mod bwrap;
mod cgroup_layout;
mod config;
mod contained;
mod doctor;
mod identity;
mod jail;
mod probe;
mod process_handle;
mod protection;
mod rlimits;
mod run_cgroups;

use std::ffi::OsString;
use std::fs;
use std::io;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use nix::sched::{unshare, CloneFlags};

pub use config::{RawSandbox, SandboxSettings};
pub use contained::{Contained, LimitsHit, Termination};
pub use doctor::doctor_command;
pub use jail::Jail;
pub use protection::Protection;

use bwrap::{bwrap_args, BwrapPlan};
use cgroup_layout::CgroupLayout;
use identity::Identity;
use rlimits::Rlimits;
use run_cgroups::{join_before_exec, CgroupLimits, RunCgroups};

/// Tasks bubblewrap itself keeps in a run: the outer process and the pid namespace's init.
const BWRAP_TASKS: u32 = 2;

/// The first folder on the way to `path` that `uid` may not enter, with its mode.
fn closed_ancestor(path: &std::path::Path, uid: u32) -> Option<(PathBuf, u32)> {
    use std::os::unix::fs::MetadataExt;
    path.ancestors()
        .skip(1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .filter_map(|folder| fs::metadata(folder).ok().map(|meta| (folder, meta)))
        .find(|(_, meta)| meta.uid() != uid && meta.mode() & 0o001 == 0)
        .map(|(folder, meta)| (folder.to_path_buf(), meta.mode() & 0o7777))
}

/// What this machine offers to contain student code, probed once per grading session.
#[derive(Debug)]
pub struct Sandbox {
    settings: SandboxSettings,
    identity: Identity,
    /// bubblewrap, when it was tried and worked.
    bwrap: Option<PathBuf>,
    setpriv: Option<PathBuf>,
    cgroups: CgroupLayout,
    /// Holds the sandbox's passwd and group files.
    support: Option<tempfile::TempDir>,
    protections: Vec<Protection>,
    bwrap_startup: Option<Duration>,
}

/// Numbers runs for their cgroup names; process-wide, since two `Sandbox` values in one
/// process must never share a cgroup (regression: concurrent tests killed each other's runs).
static RUNS: AtomicU64 = AtomicU64::new(0);

impl Sandbox {
    /// Probes what this machine offers: actually starts bubblewrap once, creates and removes a
    /// cgroup in each hierarchy. Cheap (a few milliseconds); once per grading session.
    pub fn detect(settings: &SandboxSettings) -> Sandbox {
        let found = probe::probe(settings);
        let protections = probe::describe(settings, &found);
        Sandbox {
            settings: settings.clone(),
            identity: found.identity,
            bwrap: found.bwrap.ok(),
            setpriv: found.setpriv,
            cgroups: found.cgroups,
            support: found.support.ok(),
            protections,
            bwrap_startup: found.bwrap_startup,
        }
    }

    /// Every protection, active or not, and why: for `grade doctor` and the report header.
    /// The limits every contained run gets.
    pub fn settings(&self) -> &SandboxSettings {
        &self.settings
    }

    pub fn protections(&self) -> &[Protection] {
        &self.protections
    }

    /// How long bubblewrap took to start and run `true` during detection.
    pub fn bwrap_startup(&self) -> Option<Duration> {
        self.bwrap_startup
    }

    /// True when bubblewrap stands between the grader and student code.
    pub fn uses_bwrap(&self) -> bool {
        self.bwrap.is_some()
    }

    /// Why student code could not reach `paths` (toolchains it must run): without bubblewrap,
    /// root's grade drops to the sandbox user, who cannot cross a folder closed to others,
    /// such as `/root` where pyenv and rustup install by default. Empty when all are reachable.
    pub fn unreachable(&self, paths: &[PathBuf]) -> Vec<String> {
        let Identity::Drop { uid, .. } = self.identity else {
            return Vec::new();
        };
        if self.uses_bwrap() {
            return Vec::new();
        }
        paths
            .iter()
            .filter_map(|path| {
                closed_ancestor(path, uid).map(|(folder, mode)| (path, folder, mode))
            })
            .map(|(path, folder, mode)| {
                format!(
                    "{}: student code runs as uid {uid}, which cannot enter {} (mode {mode:o}): \
                     install bubblewrap, or install the toolchain where every user can read it",
                    path.display(),
                    folder.display()
                )
            })
            .collect()
    }

    /// Prepares one run: its cgroups exist when this returns; the caller spawns the command.
    pub fn contain(&self, jail: &Jail) -> io::Result<Contained> {
        if self.settings.required {
            if let Some(missing) = self.protections.iter().find(|p| !p.active) {
                return Err(io::Error::other(format!(
                    "the sandbox is required (sandbox.required) but {missing}"
                )));
            }
        }
        let workdir = fs::canonicalize(jail.workdir).map_err(|error| {
            io::Error::new(error.kind(), format!("{}: {error}", jail.workdir.display()))
        })?;
        self.identity.give_workdir(&workdir)?;
        let cgroups = self.run_cgroups()?;
        let bwrap = match (&self.bwrap, &self.support) {
            (Some(bwrap), Some(support)) => Some((bwrap, support.path())),
            _ => None,
        };
        let mut command = match bwrap {
            Some((bwrap, etc)) => {
                let plan = BwrapPlan {
                    jail,
                    workdir: &workdir,
                    identity: self.identity,
                    setpriv: self.setpriv.as_deref(),
                    etc,
                };
                let mut command = Command::new(bwrap);
                command.args(bwrap_args(&plan));
                command
            }
            None => {
                let mut command = Command::new(jail.program);
                command.args(jail.args);
                command
            }
        };
        command.current_dir(&workdir).env_clear();
        command
            .envs(default_env(&workdir))
            .envs(jail.env.iter().cloned());
        command.process_group(0);
        self.before_exec(
            &mut command,
            cgroups.as_ref(),
            bwrap.is_none() && !jail.network,
        );
        Ok(Contained {
            command,
            cgroups,
            process: None,
            bwrap: bwrap.is_some(),
        })
    }

    fn run_cgroups(&self) -> io::Result<Option<RunCgroups>> {
        let layout = &self.cgroups;
        if layout.v2.is_none() && layout.memory_v1.is_none() && layout.pids_v1.is_none() {
            return Ok(None);
        }
        let overhead = if self.bwrap.is_some() { BWRAP_TASKS } else { 0 };
        let name = format!(
            "run-{}-{}",
            std::process::id(),
            RUNS.fetch_add(1, Ordering::Relaxed)
        );
        let limits = CgroupLimits {
            memory: self.settings.memory,
            tasks: u64::from(self.settings.tasks) + u64::from(overhead),
        };
        RunCgroups::create(layout, &name, limits).map(Some)
    }

    /// What the child does between fork and exec: join the cgroups, set rlimits, and without
    /// bubblewrap, leave the network and drop root itself.
    fn before_exec(&self, command: &mut Command, cgroups: Option<&RunCgroups>, bare_no_net: bool) {
        let join = cgroups.map(RunCgroups::join_files);
        let rlimits = self.rlimits();
        let bare = self.bwrap.is_none();
        let identity = self.identity;
        let leave_network = bare_no_net && matches!(identity, Identity::Drop { .. });
        let hook = move || {
            if let Some(files) = &join {
                join_before_exec(files)?;
            }
            rlimits.apply()?;
            if leave_network {
                unshare(CloneFlags::CLONE_NEWNET)?;
            }
            if bare {
                identity.drop_before_exec()?;
            }
            Ok(())
        };
        // SAFETY: the hook only makes syscalls on values prepared before fork; it allocates
        // nothing and takes no lock, so it is safe in the child of a multi-threaded parent.
        unsafe {
            command.pre_exec(hook);
        }
    }

    fn rlimits(&self) -> Rlimits {
        let dedicated_uid = matches!(self.identity, Identity::Drop { .. });
        Rlimits {
            cpu_seconds: self.settings.cpu_time.as_secs().max(1),
            file_size: self.settings.file_size,
            open_files: u64::from(self.settings.open_files),
            processes: (dedicated_uid && !self.cgroups.tasks_limited())
                .then_some(u64::from(self.settings.tasks)),
        }
    }
}

/// The environment every contained program starts from; the jail's variables come on top.
fn default_env(workdir: &std::path::Path) -> Vec<(OsString, OsString)> {
    vec![
        ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
        ("HOME".into(), workdir.as_os_str().to_owned()),
        ("TMPDIR".into(), "/tmp".into()),
        ("LANG".into(), "C.UTF-8".into()),
    ]
}
