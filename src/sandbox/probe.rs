//! Finding out what this machine offers: bubblewrap tried for real, setpriv, the uid, cgroups;
//! then the protections list that says what is active and what replaces what is not.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::bwrap::{bwrap_args, etc_files, BwrapPlan};
use super::cgroup_layout::CgroupLayout;
use super::config::SandboxSettings;
use super::identity::Identity;
use super::jail::Jail;
use super::protection::Protection;

/// What detection found.
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) identity: Identity,
    /// bubblewrap that started a sandbox, or why there is none.
    pub(crate) bwrap: Result<PathBuf, String>,
    pub(crate) setpriv: Option<PathBuf>,
    pub(crate) cgroups: CgroupLayout,
    pub(crate) support: Result<tempfile::TempDir, String>,
    pub(crate) bwrap_startup: Option<Duration>,
}

pub(crate) fn probe(settings: &SandboxSettings) -> Found {
    let identity = Identity::for_this_process(settings.uid);
    let setpriv = match identity {
        Identity::Drop { .. } => find_program("setpriv"),
        Identity::Unchanged { .. } => None,
    };
    let support = make_support(identity);
    let mut bwrap_startup = None;
    let bwrap = match (&support, find_program("bwrap")) {
        (Err(error), _) => Err(error.clone()),
        (Ok(_), None) => {
            Err("bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)".into())
        }
        (Ok(support), Some(bwrap)) => {
            let started = Instant::now();
            let tried = try_bwrap(&bwrap, support.path(), identity, setpriv.as_deref());
            bwrap_startup = Some(started.elapsed());
            tried.map(|()| bwrap)
        }
    };
    Found {
        identity,
        bwrap,
        setpriv,
        cgroups: CgroupLayout::detect(),
        support,
        bwrap_startup,
    }
}

/// A private folder with the sandbox's passwd and group, and a scratch folder for the probe.
fn make_support(identity: Identity) -> Result<tempfile::TempDir, String> {
    let dir = tempfile::Builder::new()
        .prefix("grade-sandbox-")
        .tempdir()
        .map_err(|error| format!("cannot create a temporary folder: {error}"))?;
    for (name, text) in etc_files(identity) {
        let path = dir.path().join(name);
        fs::write(&path, text)
            .and_then(|()| fs::set_permissions(&path, fs::Permissions::from_mode(0o644)))
            .map_err(|error| format!("{}: {error}", path.display()))?;
    }
    Ok(dir)
}

/// Starts `true` in the same sandbox a run gets: proves namespaces, mounts and the drop work.
fn try_bwrap(
    bwrap: &Path,
    support: &Path,
    identity: Identity,
    setpriv: Option<&Path>,
) -> Result<(), String> {
    let scratch = support.join("probe");
    fs::create_dir(&scratch)
        .and_then(|()| identity.give_workdir(&scratch))
        .map_err(|error| format!("{}: {error}", scratch.display()))?;
    let jail = Jail {
        program: Path::new("true"),
        args: &[],
        workdir: &scratch,
        readable: &[],
        env: &[],
        network: false,
    };
    let plan = BwrapPlan {
        jail: &jail,
        workdir: &scratch,
        identity,
        setpriv,
        etc: support,
    };
    let output = Command::new(bwrap)
        .args(bwrap_args(&plan))
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|error| format!("cannot start {}: {error}", bwrap.display()))?;
    if output.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr
            .lines()
            .next()
            .unwrap_or("no message")
            .trim()
            .to_owned();
        Err(format!("bwrap failed ({}): {first}", output.status))
    }
}

fn find_program(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH").unwrap_or_else(|| OsString::from("/usr/bin:/bin"));
    env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin"), PathBuf::from("/bin")])
        .map(|dir| dir.join(name))
        .find(|candidate| {
            fs::metadata(candidate)
                .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
}

/// The protections list, in a fixed order with fixed names.
pub(crate) fn describe(settings: &SandboxSettings, found: &Found) -> Vec<Protection> {
    let mut list = Vec::new();
    let bwrap = found.bwrap.as_ref();
    let root = matches!(found.identity, Identity::Drop { .. });
    list.push(match bwrap {
        Ok(_) => Protection::active(
            "filesystem allowlist",
            "bubblewrap: read-only /usr, /lib*, minimal /etc, toolchains; private /tmp; \
             only the scratch folder is writable",
        ),
        Err(why) => Protection::inactive(
            "filesystem allowlist",
            format!("{why}; the program sees every file its user can read"),
        ),
    });
    list.push(match (bwrap, root) {
        (Ok(_), _) => Protection::active(
            "no network",
            "bubblewrap network namespace: only a loopback that is down",
        ),
        (Err(_), true) => Protection::active(
            "no network",
            "unshare(CLONE_NEWNET) before exec (no bubblewrap)",
        ),
        (Err(why), false) => Protection::inactive(
            "no network",
            format!("{why}; the program can connect anywhere"),
        ),
    });
    list.push(match bwrap {
        Ok(_) => Protection::active(
            "process namespace",
            "bubblewrap pid namespace with --die-with-parent and --new-session",
        ),
        Err(why) => Protection::inactive(
            "process namespace",
            format!("{why}; a process group instead"),
        ),
    });
    list.push(identity_protection(found, root));
    list.push(kill_protection(found));
    list.push(memory_protection(settings, &found.cgroups));
    list.push(tasks_protection(settings, &found.cgroups, root));
    list.push(Protection::active(
        "rlimits",
        format!(
            "CPU {} s per process, files up to {} bytes, {} open files, no core dumps",
            settings.cpu_time.as_secs(),
            settings.file_size,
            settings.open_files
        ),
    ));
    list
}

fn identity_protection(found: &Found, root: bool) -> Protection {
    match (found.identity, &found.bwrap, &found.setpriv) {
        (Identity::Unchanged { uid }, _, _) => Protection::active(
            "unprivileged user",
            format!("grade is not root: student code runs as uid {uid}, without capabilities"),
        ),
        (Identity::Drop { uid, .. }, Ok(_), Some(_)) => Protection::active(
            "unprivileged user",
            format!("setpriv inside bubblewrap: uid {uid}, no capabilities, no_new_privs"),
        ),
        (Identity::Drop { uid, .. }, Err(_), _) => Protection::active(
            "unprivileged user",
            format!("setuid({uid}) before exec (no bubblewrap)"),
        ),
        (Identity::Drop { .. }, Ok(_), None) if root => Protection::inactive(
            "unprivileged user",
            "setpriv (util-linux) is missing: student code runs as uid 0 without capabilities",
        ),
        (Identity::Drop { .. }, Ok(_), None) => {
            Protection::inactive("unprivileged user", "setpriv is missing")
        }
    }
}

fn kill_protection(found: &Found) -> Protection {
    let layout = &found.cgroups;
    if let Some(v2) = &layout.v2 {
        return Protection::active(
            "kill every process",
            format!(
                "cgroup v2 cgroup.kill in {}/<run>; exact membership for the monitor",
                v2.dir.display()
            ),
        );
    }
    let why = layout.problems.join("; ");
    match (
        &found.bwrap,
        layout.pids_v1.is_some() || layout.memory_v1.is_some(),
    ) {
        (Ok(_), _) => Protection::active(
            "kill every process",
            format!("bubblewrap pid namespace: killing it kills all (no cgroup.kill: {why})"),
        ),
        (Err(_), true) => Protection::active(
            "kill every process",
            format!("SIGKILL to every member of the run's v1 cgroups until none is left ({why})"),
        ),
        (Err(_), false) => Protection::inactive(
            "kill every process",
            format!("process group only, which setsid escapes ({why})"),
        ),
    }
}

fn memory_protection(settings: &SandboxSettings, layout: &CgroupLayout) -> Protection {
    let how = match (&layout.memory_v1, &layout.v2) {
        (Some(dir), _) => Some(format!(
            "cgroup v1 memory.limit_in_bytes in {}/<run>",
            dir.display()
        )),
        (None, Some(v2)) if v2.memory => Some(format!(
            "cgroup v2 memory.max in {}/<run>",
            v2.dir.display()
        )),
        _ => None,
    };
    match how {
        Some(how) => Protection::active(
            "memory limit",
            format!("{} bytes per run: {how}", settings.memory),
        ),
        None => Protection::inactive(
            "memory limit",
            format!(
                "no usable memory cgroup ({}); RLIMIT_AS is not used, it breaks runtimes",
                layout.problems.join("; ")
            ),
        ),
    }
}

fn tasks_protection(settings: &SandboxSettings, layout: &CgroupLayout, root: bool) -> Protection {
    let how = match (&layout.pids_v1, &layout.v2) {
        (Some(dir), _) => Some(format!("cgroup v1 pids.max in {}/<run>", dir.display())),
        (None, Some(v2)) if v2.pids => {
            Some(format!("cgroup v2 pids.max in {}/<run>", v2.dir.display()))
        }
        _ => None,
    };
    match (how, root) {
        (Some(how), _) => Protection::active(
            "task limit",
            format!("{} processes and threads per run: {how}", settings.tasks),
        ),
        (None, true) => Protection::active(
            "task limit",
            format!(
                "RLIMIT_NPROC {} for the sandbox uid, shared by concurrent runs (no pids cgroup)",
                settings.tasks
            ),
        ),
        (None, false) => Protection::inactive(
            "task limit",
            format!(
                "no usable pids cgroup ({}); RLIMIT_NPROC would count the user's other processes",
                layout.problems.join("; ")
            ),
        ),
    }
}
