//! The sandbox: every build and run of student code happens inside it, and it is part of
//! `grade` itself: nothing to install.
//!
//! `Sandbox::detect` probes once per session the strongest isolation this machine allows, by
//! starting a real job: namespaces (as root, or in a user namespace), else Landlock, else none;
//! each protection is listed as active or not, with why. `contain` turns a `Jail` into a
//! `Contained` job: a command that re-executes `grade` as the sandbox helper (`helper`), after
//! joining the job's cgroups and a process group of its own. The helper follows a `Plan` decided
//! here: who the program runs as, what it sees (`layout`), its limits. What is missing falls back
//! to what is there and says so; `required = true` refuses instead.

mod cgroup_layout;
mod config;
mod contained;
mod doctor;
pub(crate) mod hand_on;
pub mod helper;
mod identity;
mod jail;
mod layout;
mod plan;
mod probe;
mod process_handle;
mod protection;
mod rlimits;
mod run_cgroups;

use std::ffi::OsString;
use std::fs;
use std::io;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub use config::{IsolationChoice, RawSandbox, SandboxSettings};
pub use contained::{cpu_stalled_in, cpu_used_in, Contained, LimitsHit, Termination};
pub use doctor::doctor_command;
pub use jail::Jail;
pub use plan::{DiskFull, Isolation};
pub(crate) use process_handle::ProcessHandle;
pub use protection::Protection;

use crate::lang::Lang;
use crate::msg;
use cgroup_layout::CgroupLayout;
use identity::Caller;
use plan::{Identity, Keep, Plan, Text, Workdir};
use rlimits::Rlimits;
use run_cgroups::{join_before_exec, CgroupLimits, RunCgroups};

/// Tasks the sandbox itself keeps in a job under namespaces: the helper and the job's init, the
/// two levels of the process tree above the program.
const SANDBOX_TASKS: u32 = 2;

/// The name the helper takes, so that people reading `ps` on the grading machine know it. The
/// job's init, which the program can see, is named `init`; the workers monitor knows neither
/// by its name.
pub const HELPER_NAME: &str = "grade-sandbox";

/// The hostname jobs see.
const HOSTNAME: &str = "localhost";

/// What this machine offers to contain student code, probed once per grading session.
#[derive(Debug)]
pub struct Sandbox {
    settings: SandboxSettings,
    caller: Caller,
    isolation: Isolation,
    helper: PathBuf,
    cgroups: CgroupLayout,
    /// Holds the stage folder every job's root is mounted on, and the helpers' status files.
    support: tempfile::TempDir,
    protections: Vec<Protection>,
    /// Stronger isolations this machine refused, with why.
    refused: Vec<String>,
    startup: Option<Duration>,
    /// The language of the protections, the refusals and the sandbox's errors.
    lang: Lang,
}

/// Numbers jobs for their cgroup and status names; process-wide, since two `Sandbox` values in
/// one process must never share a cgroup (regression: concurrent tests killed each other's runs).
static RUNS: AtomicU64 = AtomicU64::new(0);

impl Sandbox {
    /// Probes what this machine offers: starts a real job in each isolation, strongest first,
    /// until one works; creates and removes a cgroup in each hierarchy. A few milliseconds.
    /// What it says of the protections, and why it refuses a job, is in `lang`.
    pub fn detect(settings: &SandboxSettings, lang: Lang) -> io::Result<Sandbox> {
        probe::detect(settings, lang)
    }

    /// The limits every contained job gets.
    pub fn settings(&self) -> &SandboxSettings {
        &self.settings
    }

    /// Every protection, active or not, and why: for `grade doctor` and the report header.
    pub fn protections(&self) -> &[Protection] {
        &self.protections
    }

    /// Whether each run gets a `cpu` cgroup that lowers it, and a `cpu.pressure` file that
    /// tells how long it waited for a CPU.
    pub fn lowers_runs(&self) -> bool {
        self.cgroups.lowers()
            && self
                .cgroups
                .v2
                .as_ref()
                .is_some_and(|base| base.dir.join("cpu.pressure").is_file())
    }

    /// The isolation jobs get.
    pub fn isolation(&self) -> Isolation {
        self.isolation
    }

    /// The stronger isolations this machine refused, each with why.
    pub fn refused(&self) -> &[String] {
        &self.refused
    }

    /// How long the probe took to start `true` in the chosen isolation.
    pub fn startup(&self) -> Option<Duration> {
        self.startup
    }

    /// Why student code could not reach `paths` (toolchains it must run): only a job without
    /// namespaces, as the sandbox user, can be shut out, and then it is refused. Empty when all
    /// are reachable.
    pub fn unreachable(&self, paths: &[PathBuf]) -> Vec<String> {
        if self.isolation.namespaces() || !self.caller.root() {
            return Vec::new();
        }
        let uid = self.settings.uid;
        paths
            .iter()
            .filter_map(|path| {
                identity::closed_ancestor(path, uid)
                    .map(|(folder, mode)| identity::closed_message(path, &folder, mode, uid))
            })
            .collect()
    }

    /// Prepares one job: its cgroups exist when this returns; the caller spawns the command.
    pub fn contain(&self, jail: &Jail) -> io::Result<Contained> {
        self.prepare(jail, false)
    }

    /// `contain`, and when `probe`, the helper reports how Landlock was enforced.
    fn prepare(&self, jail: &Jail, probe: bool) -> io::Result<Contained> {
        if self.settings.required {
            if let Some(missing) = self.protections.iter().find(|p| !p.active) {
                return Err(io::Error::other(msg!(
                    self.lang,
                    "sandbox-required",
                    name = missing.label.as_str(),
                    detail = missing.detail.as_str()
                )));
            }
        }
        let workdir = fs::canonicalize(jail.workdir).map_err(|error| {
            io::Error::new(error.kind(), format!("{}: {error}", jail.workdir.display()))
        })?;
        let number = RUNS.fetch_add(1, Ordering::Relaxed);
        let status = self
            .support
            .path()
            .join(format!("status-{}-{number}.json", std::process::id()));
        let _ = fs::remove_file(&status);
        let mut plan = self.plan(jail, &workdir, &status)?;
        plan.probe = probe;
        let cgroups = self.run_cgroups(number)?;
        let keep = match (plan.isolation, jail.keep) {
            (Isolation::Namespaces { .. }, _) | (_, None) => None,
            (_, Some((from, to))) => Some((from.to_path_buf(), to.to_path_buf())),
        };
        let json = serde_json::to_string(&plan).map_err(io::Error::other)?;
        let mut command = Command::new(&self.helper);
        command
            .arg(helper::HELPER_ARGUMENT)
            .arg(json)
            .current_dir(&workdir)
            .env_clear()
            .process_group(0);
        before_exec(&mut command, cgroups.as_ref());
        let shared_memory = (!self.isolation.namespaces())
            .then(|| contained::SharedMemory::record(Path::new("/dev/shm")));
        Ok(Contained {
            command,
            cgroups,
            process: None,
            status,
            keep,
            shared_memory,
            wrapper_levels: if self.isolation.namespaces() {
                SANDBOX_TASKS as usize
            } else {
                0
            },
        })
    }

    fn plan(&self, jail: &Jail, workdir: &Path, status: &Path) -> io::Result<Plan> {
        let settings = &self.settings;
        let (identity, id_maps) = match self.isolation {
            Isolation::Namespaces { user_namespace } => {
                self.caller.in_namespaces(user_namespace, settings.uid)
            }
            Isolation::Landlock | Isolation::Bare => {
                let mut needed: Vec<&Path> = vec![jail.program];
                needed.extend(jail.readable.iter().map(PathBuf::as_path));
                let identity = self
                    .caller
                    .on_host(settings.uid, &needed)
                    .map_err(io::Error::other)?;
                (identity, None)
            }
        };
        // What the program writes on the host must be the sandbox user's.
        let shared = !self.isolation.namespaces() || jail.share_workdir;
        if shared {
            identity::give(identity, workdir)?;
        }
        for path in jail.writable {
            identity::give(identity, path)?;
        }
        let dedicated_uid = matches!(identity, Identity::Drop { .. });
        let rlimits = Rlimits {
            cpu_seconds: settings.cpu_time.as_secs().max(1),
            file_size: settings.file_size,
            open_files: u64::from(settings.open_files),
            processes: (dedicated_uid && !self.cgroups.tasks_limited())
                .then_some(u64::from(settings.tasks)),
        };
        let tmp = if self.isolation.namespaces() {
            PathBuf::from("/tmp")
        } else {
            // No private /tmp without a mount namespace: one in the working folder instead,
            // new and empty (a submission may hold a `.tmp`: it is HOME, and must hold nothing
            // of the student's).
            let tmp = workdir.join(".tmp");
            match fs::symlink_metadata(&tmp) {
                Ok(meta) if meta.is_dir() => fs::remove_dir_all(&tmp)?,
                Ok(_) => fs::remove_file(&tmp)?,
                Err(_) => {}
            }
            fs::create_dir(&tmp)?;
            identity::give(identity, &tmp)?;
            tmp
        };
        let mut env = default_env(&tmp);
        env.retain(|(key, _)| !jail.env.iter().any(|(jail_key, _)| jail_key == key));
        env.extend(jail.env.iter().cloned());
        Ok(Plan {
            isolation: self.isolation,
            program: Text::from(jail.program),
            args: jail
                .args
                .iter()
                .map(|arg| Text::from(arg.as_os_str()))
                .collect(),
            env: env
                .iter()
                .map(|(key, value)| (Text::from(key.as_os_str()), Text::from(value.as_os_str())))
                .collect(),
            workdir: Text::from(workdir),
            identity,
            id_maps,
            rlimits,
            readable: jail
                .readable
                .iter()
                .map(|path| Text::from(path.as_path()))
                .collect(),
            writable: jail
                .writable
                .iter()
                .map(|path| Text::from(path.as_path()))
                .collect(),
            files: etc_files(identity, self.caller)
                .into_iter()
                .map(|(path, contents)| (Text::from(path), contents))
                .collect(),
            workdir_source: if jail.share_workdir {
                Workdir::Bind
            } else {
                Workdir::Copy
            },
            disk: settings.disk,
            inodes: settings.files,
            network: jail.network.map(<[u16]>::to_vec),
            keep: jail.keep.map(|(from, to)| Keep {
                from: Text::from(from),
                to: Text::from(to),
            }),
            stage: Text::from(self.support.path().join("stage").as_path()),
            status: Text::from(status),
            hostname: HOSTNAME.into(),
            probe: false,
            record: jail.record.map(Text::from),
        })
    }

    fn run_cgroups(&self, number: u64) -> io::Result<Option<RunCgroups>> {
        let layout = &self.cgroups;
        if layout.v2.is_none() && layout.memory_v1.is_none() && layout.pids_v1.is_none() {
            return Ok(None);
        }
        let overhead = if self.isolation.namespaces() {
            SANDBOX_TASKS
        } else {
            0
        };
        let name = format!("run-{}-{number}", std::process::id());
        let limits = CgroupLimits {
            memory: self.settings.memory,
            tasks: u64::from(self.settings.tasks) + u64::from(overhead),
        };
        RunCgroups::create(layout, &name, limits).map(Some)
    }
}

/// What the helper's process does between fork and exec: join the job's cgroups, so that every
/// process of the job, the helper and the job's init included, is inside them.
fn before_exec(command: &mut Command, cgroups: Option<&RunCgroups>) {
    let join = cgroups.map(RunCgroups::join_files);
    let hook = move || {
        if let Some(files) = &join {
            join_before_exec(files)?;
        }
        Ok(())
    };
    // SAFETY: the hook only writes to files opened before fork; it allocates nothing and takes
    // no lock, so it is safe in the child of a multi-threaded parent.
    unsafe {
        command.pre_exec(hook);
    }
}

/// The environment every contained program starts from; the jail's variables come on top.
/// HOME is the job's own empty /tmp, never its working folder: a submission's dotfiles
/// (`.local/lib/python3.X/site-packages/usercustomize.py`, `.config/...`) are read from HOME.
fn default_env(tmp: &Path) -> Vec<(OsString, OsString)> {
    vec![
        ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
        ("HOME".into(), tmp.as_os_str().to_owned()),
        ("TMPDIR".into(), tmp.as_os_str().to_owned()),
        ("LANG".into(), "C.UTF-8".into()),
    ]
}

/// The job's passwd and group: root and the user the program runs as, nobody else of the host.
fn etc_files(identity: Identity, caller: Caller) -> [(&'static str, String); 2] {
    let (uid, gid) = match identity {
        Identity::Drop { uid, gid } => (uid, gid),
        Identity::Unchanged => (caller.uid, caller.gid),
    };
    let student = if uid == 0 {
        String::new()
    } else {
        format!("student:x:{uid}:{gid}:student:/tmp:/usr/sbin/nologin\n")
    };
    let group = if gid == 0 {
        String::new()
    } else {
        format!("student:x:{gid}:\n")
    };
    [
        (
            "/etc/passwd",
            format!("root:x:0:0:root:/root:/usr/sbin/nologin\n{student}"),
        ),
        ("/etc/group", format!("root:x:0:\n{group}")),
    ]
}
