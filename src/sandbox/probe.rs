//! Finding out what this machine offers: each isolation, strongest first, tried for real by
//! starting `true` in it, the cgroups created and removed; then the protections list, which says
//! what is active, how, and what replaces what is not.

use std::fs;
use std::io;
use std::process::Stdio;
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

use super::cgroup_layout::CgroupLayout;
use super::config::{IsolationChoice, SandboxSettings};
use super::identity::Caller;
use super::jail::Jail;
use super::plan::Isolation;
use super::protection::Protection;
use super::Sandbox;

/// A probe that takes longer than this is a sandbox that hangs.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) fn detect(settings: &SandboxSettings) -> io::Result<Sandbox> {
    let caller = Caller::this_process();
    let helper = match &settings.helper {
        Some(helper) => helper.clone(),
        None => std::env::current_exe()?,
    };
    let support = tempfile::Builder::new()
        .prefix("grade-sandbox-")
        .tempdir()?;
    fs::create_dir(support.path().join("stage"))?;
    let mut sandbox = Sandbox {
        settings: settings.clone(),
        caller,
        isolation: Isolation::Bare,
        helper,
        cgroups: CgroupLayout::detect(),
        support,
        protections: Vec::new(),
        refused: Vec::new(),
        startup: None,
    };
    let mut landlock = None;
    for isolation in candidates(settings.isolation, caller) {
        sandbox.isolation = isolation;
        match try_job(&sandbox) {
            Ok((startup, enforced)) => {
                sandbox.startup = Some(startup);
                landlock = enforced;
                break;
            }
            Err(why) => sandbox.refused.push(format!("{}: {why}", name(isolation))),
        }
    }
    sandbox.protections = describe(&sandbox, landlock.as_deref());
    Ok(sandbox)
}

/// The isolations to try, strongest first; `Bare` always works, so it ends every list.
fn candidates(choice: IsolationChoice, caller: Caller) -> Vec<Isolation> {
    let namespaces = Isolation::Namespaces {
        user_namespace: !(caller.root() && caller.admin),
    };
    let user_namespace = Isolation::Namespaces {
        user_namespace: true,
    };
    match choice {
        IsolationChoice::Auto => vec![namespaces, Isolation::Landlock, Isolation::Bare],
        IsolationChoice::Namespaces => vec![namespaces, Isolation::Bare],
        IsolationChoice::UserNamespace => vec![user_namespace, Isolation::Bare],
        IsolationChoice::Landlock => vec![Isolation::Landlock, Isolation::Bare],
        IsolationChoice::None => vec![Isolation::Bare],
    }
}

/// Starts `true` as a job would be started; returns how long it took, and how Landlock was
/// enforced when it was used.
fn try_job(sandbox: &Sandbox) -> Result<(Duration, Option<String>), String> {
    let workdir = sandbox.support.path().join("probe");
    fs::create_dir_all(&workdir).map_err(|error| format!("{}: {error}", workdir.display()))?;
    let jail = Jail {
        program: std::path::Path::new("true"),
        args: &[],
        workdir: &workdir,
        readable: &[],
        writable: &[],
        share_workdir: false,
        env: &[],
        network: None,
        keep: None,
        record: None,
    };
    let started = Instant::now();
    let mut contained = sandbox
        .prepare(&jail, true)
        .map_err(|error| error.to_string())?;
    contained
        .command()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = contained
        .spawn()
        .map_err(|error| format!("cannot start {}: {error}", sandbox.helper.display()))?;
    let status = match child.wait_timeout(PROBE_TIMEOUT) {
        Ok(Some(status)) => status,
        Ok(None) | Err(_) => {
            contained.kill_all();
            let _ = child.wait();
            return Err(format!("`true` did not end within {PROBE_TIMEOUT:?}"));
        }
    };
    let startup = started.elapsed();
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read;
        let _ = pipe.read_to_string(&mut stderr);
    }
    if let Some(error) = contained.setup_error() {
        return Err(error);
    }
    if !status.success() {
        let first = stderr
            .lines()
            .next()
            .unwrap_or("no message")
            .trim()
            .to_owned();
        return Err(format!("`true` failed ({status}): {first}"));
    }
    let landlock = contained.landlock();
    if sandbox.isolation == Isolation::Landlock {
        match &landlock {
            Some(text) if !text.starts_with("not enforced") => {}
            Some(text) => return Err(format!("Landlock is {text}")),
            None => return Err("Landlock said nothing of its enforcement".into()),
        }
    }
    Ok((startup, landlock))
}

fn name(isolation: Isolation) -> &'static str {
    match isolation {
        Isolation::Namespaces {
            user_namespace: false,
        } => "namespaces",
        Isolation::Namespaces {
            user_namespace: true,
        } => "namespaces in a user namespace",
        Isolation::Landlock => "Landlock",
        Isolation::Bare => "no isolation",
    }
}

/// The protections list, in a fixed order with fixed names.
pub(crate) fn describe(sandbox: &Sandbox, landlock: Option<&str>) -> Vec<Protection> {
    let settings = &sandbox.settings;
    let isolation = sandbox.isolation;
    let refused = if sandbox.refused.is_empty() {
        String::new()
    } else {
        format!(" (refused: {})", sandbox.refused.join("; "))
    };
    let landlock = landlock.unwrap_or("");
    let mut list = vec![match isolation {
        Isolation::Namespaces { .. } => Protection::active(
            "isolation",
            format!("{}, built into grade{refused}", name(isolation)),
        ),
        Isolation::Landlock => {
            Protection::inactive("isolation", format!("Landlock only ({landlock}){refused}"))
        }
        Isolation::Bare => Protection::inactive("isolation", format!("none{refused}")),
    }];
    list.push(match isolation {
        Isolation::Namespaces { .. } => Protection::active(
            "filesystem allowlist",
            "a root of its own on a tmpfs: read-only /usr, /lib*, a minimal /etc, the \
             toolchains; only the job's scratch disk is writable",
        ),
        Isolation::Landlock => Protection::active(
            "filesystem allowlist",
            "Landlock: read-only /usr, /lib*, a few /etc files, the toolchains; writable: the \
             working folder and the host's /dev/shm, where what a job leaves is removed after it",
        ),
        Isolation::Bare => Protection::inactive(
            "filesystem allowlist",
            "no namespaces and no Landlock: the program sees every file its user can read",
        ),
    });
    list.push(match isolation {
        Isolation::Namespaces { .. } => Protection::active(
            "no network",
            "a network namespace with only a loopback that is down",
        ),
        Isolation::Landlock => Protection::inactive(
            "no network",
            "partly: Landlock refuses every TCP connection and listening socket, but UDP \
             (DNS included) reaches the network",
        ),
        Isolation::Bare => Protection::inactive("no network", "the program can connect anywhere"),
    });
    list.push(match isolation {
        Isolation::Namespaces { .. } => Protection::active(
            "process namespace",
            "a PID namespace: the program sees and signals only its own processes",
        ),
        Isolation::Landlock => Protection::inactive(
            "process namespace",
            "no PID namespace: the program sees the host's processes; Landlock (from ABI 6) \
             keeps it from signalling them",
        ),
        Isolation::Bare => Protection::inactive(
            "process namespace",
            "a process group only: the program sees and may signal its user's processes",
        ),
    });
    list.push(identity_protection(sandbox));
    list.push(kill_protection(sandbox));
    list.push(memory_protection(settings, &sandbox.cgroups, isolation));
    list.push(tasks_protection(
        settings,
        &sandbox.cgroups,
        sandbox.caller.root(),
    ));
    list.push(match isolation {
        Isolation::Namespaces { .. } => Protection::active(
            "disk limit",
            format!(
                "{} and {} files per build or run (a tmpfs behind its working folder, /tmp \
                 and /dev/shm); past it the job is stopped",
                crate::units::format_size(settings.disk),
                settings.files
            ),
        ),
        Isolation::Landlock | Isolation::Bare => Protection::inactive(
            "disk limit",
            format!(
                "no mount namespace: jobs write to the host's disk, each file up to {}",
                crate::units::format_size(settings.file_size)
            ),
        ),
    });
    list.push(Protection::active(
        "rlimits",
        format!(
            "CPU {} s per process, files up to {}, {} open files, no core dumps",
            settings.cpu_time.as_secs(),
            crate::units::format_size(settings.file_size),
            settings.open_files
        ),
    ));
    list.push(Protection::active(
        "system calls",
        "a seccomp filter: no kernel keyring, no new user namespace, no other architecture's calls",
    ));
    list.push(fetch_protection(landlock_abi()));
    list
}

/// The Landlock ABI of the running kernel, 0 without Landlock.
fn landlock_abi() -> i64 {
    const CREATE_RULESET_VERSION: u32 = 1;
    // SAFETY: landlock_create_ruleset with no attribute and the version flag only returns a
    // number; it creates nothing.
    let abi = unsafe {
        nix::libc::syscall(
            nix::libc::SYS_landlock_create_ruleset,
            std::ptr::null::<u8>(),
            0usize,
            CREATE_RULESET_VERSION,
        )
    };
    abi.max(0)
}

/// How a crate's dependencies are fetched: the one job with network.
fn fetch_protection(abi: i64) -> Protection {
    const WHAT: &str = "the grader's cargo vendors from a copy of the manifests alone (git \
                        dependencies, other registries and paths outside the crate refused)";
    if abi >= 4 {
        Protection::active(
            "dependency fetch",
            format!("{WHAT}; TCP to port 443 only (Landlock ABI {abi})"),
        )
    } else {
        Protection::inactive(
            "dependency fetch",
            format!(
                "{WHAT}; to any TCP port: this kernel's Landlock (ABI {abi}) cannot restrict \
                 ports, which takes Linux 6.7"
            ),
        )
    }
}

fn identity_protection(sandbox: &Sandbox) -> Protection {
    let uid = sandbox.settings.uid;
    match (sandbox.caller.root(), sandbox.isolation) {
        (false, _) => Protection::active(
            "unprivileged user",
            format!(
                "grade is not root: student code runs as uid {}, without capabilities",
                sandbox.caller.uid
            ),
        ),
        (true, Isolation::Namespaces { .. }) => Protection::active(
            "unprivileged user",
            format!("uid {uid}, no capabilities, no_new_privs"),
        ),
        (true, _) => Protection::active(
            "unprivileged user",
            format!(
                "uid {uid}, no capabilities, no_new_privs; without namespaces a toolchain closed \
                 to uid {uid} (under /root) cannot be used, and grade says what to change"
            ),
        ),
    }
}

fn kill_protection(sandbox: &Sandbox) -> Protection {
    let layout = &sandbox.cgroups;
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
        sandbox.isolation.namespaces(),
        layout.pids_v1.is_some() || layout.memory_v1.is_some(),
    ) {
        (true, _) => Protection::active(
            "kill every process",
            format!("the job's PID namespace: killing its init kills all (no cgroup.kill: {why})"),
        ),
        (false, true) => Protection::active(
            "kill every process",
            format!("SIGKILL to every member of the run's v1 cgroups until none is left ({why})"),
        ),
        (false, false) => Protection::inactive(
            "kill every process",
            format!("process group only, which setsid escapes ({why})"),
        ),
    }
}

fn memory_protection(
    settings: &SandboxSettings,
    layout: &CgroupLayout,
    isolation: Isolation,
) -> Protection {
    // The scratch disk is a tmpfs: its pages are the job's memory.
    let disk = if isolation.namespaces() {
        ", its scratch disk included"
    } else {
        ""
    };
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
            format!(
                "{} per job{disk}: {how}",
                crate::units::format_size(settings.memory)
            ),
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
            format!("{} processes and threads per job: {how}", settings.tasks),
        ),
        (None, true) => Protection::active(
            "task limit",
            format!(
                "RLIMIT_NPROC {} for the sandbox uid, shared by concurrent jobs (no pids cgroup)",
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
