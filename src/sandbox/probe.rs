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
use super::protection::{Kind, Protection};
use super::Sandbox;
use crate::lang::Lang;
use crate::msg;

/// A probe that takes longer than this is a sandbox that hangs.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// The sandbox of this machine, what it says in `lang` (see [`Sandbox::detect`]).
pub(crate) fn detect(settings: &SandboxSettings, lang: Lang) -> io::Result<Sandbox> {
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
        lang,
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
            Err(why) => sandbox.refused.push(msg!(
                lang,
                "sandbox-refusal",
                isolation = name(isolation, lang),
                reason = why
            )),
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
/// enforced when it was used. Why it failed is in the sandbox's language.
fn try_job(sandbox: &Sandbox) -> Result<(Duration, Option<String>), String> {
    let lang = sandbox.lang;
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
    let mut child = contained.spawn().map_err(|error| {
        msg!(
            lang,
            "sandbox-probe-unstarted",
            helper = sandbox.helper.display().to_string(),
            reason = error.to_string()
        )
    })?;
    let status = match child.wait_timeout(PROBE_TIMEOUT) {
        Ok(Some(status)) => status,
        Ok(None) | Err(_) => {
            contained.kill_all();
            let _ = child.wait();
            return Err(msg!(
                lang,
                "sandbox-probe-hung",
                timeout = format!("{PROBE_TIMEOUT:?}")
            ));
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
        let first = match stderr.lines().next() {
            Some(line) => line.trim().to_owned(),
            None => msg!(lang, "sandbox-probe-silent"),
        };
        return Err(msg!(
            lang,
            "sandbox-probe-failed",
            status = status.to_string(),
            message = first
        ));
    }
    let landlock = contained.landlock();
    if sandbox.isolation == Isolation::Landlock {
        match &landlock {
            Some(text) if !text.starts_with("not enforced") => {}
            Some(text) => {
                return Err(msg!(
                    lang,
                    "sandbox-landlock-unenforced",
                    state = text.as_str()
                ))
            }
            None => return Err(msg!(lang, "sandbox-landlock-unknown")),
        }
    }
    Ok((startup, landlock))
}

/// An isolation's name in `lang`.
fn name(isolation: Isolation, lang: Lang) -> String {
    match isolation {
        Isolation::Namespaces {
            user_namespace: false,
        } => msg!(lang, "sandbox-namespaces"),
        Isolation::Namespaces {
            user_namespace: true,
        } => msg!(lang, "sandbox-user-namespace"),
        Isolation::Landlock => msg!(lang, "sandbox-landlock"),
        Isolation::Bare => msg!(lang, "sandbox-bare"),
    }
}

/// The protections list, in a fixed order with fixed names, in the sandbox's language.
pub(crate) fn describe(sandbox: &Sandbox, landlock: Option<&str>) -> Vec<Protection> {
    let settings = &sandbox.settings;
    let isolation = sandbox.isolation;
    let lang = sandbox.lang;
    let with_refusals = |detail: String| {
        if sandbox.refused.is_empty() {
            detail
        } else {
            msg!(
                lang,
                "sandbox-with-refusals",
                detail = detail,
                refusals = sandbox.refused.join("; ")
            )
        }
    };
    let landlock = landlock.unwrap_or("");
    let mut list = vec![match isolation {
        Isolation::Namespaces { .. } => Protection::active(
            Kind::Isolation,
            lang,
            with_refusals(msg!(
                lang,
                "sandbox-isolation-built-in",
                isolation = name(isolation, lang)
            )),
        ),
        Isolation::Landlock => Protection::inactive(
            Kind::Isolation,
            lang,
            with_refusals(msg!(lang, "sandbox-isolation-landlock", state = landlock)),
        ),
        Isolation::Bare => Protection::inactive(
            Kind::Isolation,
            lang,
            with_refusals(msg!(lang, "sandbox-isolation-none")),
        ),
    }];
    let (filesystem, network, processes) = match isolation {
        Isolation::Namespaces { .. } => (
            Protection::active(
                Kind::Filesystem,
                lang,
                msg!(lang, "sandbox-filesystem-namespaces"),
            ),
            Protection::active(
                Kind::Network,
                lang,
                msg!(lang, "sandbox-network-namespaces"),
            ),
            Protection::active(
                Kind::Processes,
                lang,
                msg!(lang, "sandbox-processes-namespaces"),
            ),
        ),
        Isolation::Landlock => (
            Protection::active(
                Kind::Filesystem,
                lang,
                msg!(lang, "sandbox-filesystem-landlock"),
            ),
            Protection::inactive(Kind::Network, lang, msg!(lang, "sandbox-network-landlock")),
            Protection::inactive(
                Kind::Processes,
                lang,
                msg!(lang, "sandbox-processes-landlock"),
            ),
        ),
        Isolation::Bare => (
            Protection::inactive(
                Kind::Filesystem,
                lang,
                msg!(lang, "sandbox-filesystem-bare"),
            ),
            Protection::inactive(Kind::Network, lang, msg!(lang, "sandbox-network-bare")),
            Protection::inactive(Kind::Processes, lang, msg!(lang, "sandbox-processes-bare")),
        ),
    };
    list.extend([filesystem, network, processes]);
    list.push(identity_protection(sandbox));
    list.push(kill_protection(sandbox));
    list.push(memory_protection(
        settings,
        &sandbox.cgroups,
        isolation,
        lang,
    ));
    list.push(tasks_protection(
        settings,
        &sandbox.cgroups,
        sandbox.caller.root(),
        lang,
    ));
    list.push(match isolation {
        Isolation::Namespaces { .. } => Protection::active(
            Kind::Disk,
            lang,
            msg!(
                lang,
                "sandbox-disk-namespaces",
                size = crate::units::format_size(settings.disk),
                files = settings.files.to_string()
            ),
        ),
        Isolation::Landlock | Isolation::Bare => Protection::inactive(
            Kind::Disk,
            lang,
            msg!(
                lang,
                "sandbox-disk-host",
                size = crate::units::format_size(settings.file_size)
            ),
        ),
    });
    list.push(Protection::active(
        Kind::Rlimits,
        lang,
        msg!(
            lang,
            "sandbox-rlimits",
            seconds = settings.cpu_time.as_secs().to_string(),
            size = crate::units::format_size(settings.file_size),
            files = settings.open_files.to_string()
        ),
    ));
    list.push(Protection::active(
        Kind::SystemCalls,
        lang,
        msg!(lang, "sandbox-system-calls"),
    ));
    list.push(fetch_protection(landlock_abi(), lang));
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
fn fetch_protection(abi: i64, lang: Lang) -> Protection {
    let abi_shown = abi.to_string();
    if abi >= 4 {
        Protection::active(
            Kind::Fetch,
            lang,
            msg!(lang, "sandbox-fetch-https", abi = abi_shown),
        )
    } else {
        Protection::inactive(
            Kind::Fetch,
            lang,
            msg!(lang, "sandbox-fetch-any-port", abi = abi_shown),
        )
    }
}

/// Who student code runs as.
fn identity_protection(sandbox: &Sandbox) -> Protection {
    let lang = sandbox.lang;
    let uid = sandbox.settings.uid.to_string();
    let detail = match (sandbox.caller.root(), sandbox.isolation) {
        (false, _) => msg!(
            lang,
            "sandbox-user-not-root",
            uid = sandbox.caller.uid.to_string()
        ),
        (true, Isolation::Namespaces { .. }) => msg!(lang, "sandbox-user-namespaces", uid = uid),
        (true, _) => msg!(lang, "sandbox-user-bare", uid = uid),
    };
    Protection::active(Kind::User, lang, detail)
}

/// `file` of a run's cgroup under `dir`, of cgroup `version`, in `lang`.
fn cgroup_file(lang: Lang, version: &str, file: &str, dir: &std::path::Path) -> String {
    msg!(
        lang,
        "sandbox-cgroup-file",
        version = version,
        file = file,
        dir = dir.display().to_string()
    )
}

/// How every process of a job is killed at its end.
fn kill_protection(sandbox: &Sandbox) -> Protection {
    let lang = sandbox.lang;
    let layout = &sandbox.cgroups;
    if let Some(v2) = &layout.v2 {
        let how = cgroup_file(lang, "v2", "cgroup.kill", &v2.dir);
        return Protection::active(
            Kind::Kill,
            lang,
            msg!(lang, "sandbox-kill-cgroup", how = how),
        );
    }
    let why = layout.problems.join("; ");
    match (
        sandbox.isolation.namespaces(),
        layout.pids_v1.is_some() || layout.memory_v1.is_some(),
    ) {
        (true, _) => Protection::active(
            Kind::Kill,
            lang,
            msg!(lang, "sandbox-kill-namespace", why = why),
        ),
        (false, true) => {
            Protection::active(Kind::Kill, lang, msg!(lang, "sandbox-kill-v1", why = why))
        }
        (false, false) => Protection::inactive(
            Kind::Kill,
            lang,
            msg!(lang, "sandbox-kill-group", why = why),
        ),
    }
}

/// How much memory a job may use.
fn memory_protection(
    settings: &SandboxSettings,
    layout: &CgroupLayout,
    isolation: Isolation,
    lang: Lang,
) -> Protection {
    let how = match (&layout.memory_v1, &layout.v2) {
        (Some(dir), _) => Some(cgroup_file(lang, "v1", "memory.limit_in_bytes", dir)),
        (None, Some(v2)) if v2.memory => Some(cgroup_file(lang, "v2", "memory.max", &v2.dir)),
        _ => None,
    };
    let size = crate::units::format_size(settings.memory);
    match how {
        // The scratch disk is a tmpfs: its pages are the job's memory.
        Some(how) if isolation.namespaces() => Protection::active(
            Kind::Memory,
            lang,
            msg!(lang, "sandbox-memory-with-disk", size = size, how = how),
        ),
        Some(how) => Protection::active(
            Kind::Memory,
            lang,
            msg!(lang, "sandbox-memory", size = size, how = how),
        ),
        None => Protection::inactive(
            Kind::Memory,
            lang,
            msg!(
                lang,
                "sandbox-memory-none",
                why = layout.problems.join("; ")
            ),
        ),
    }
}

/// How many processes and threads a job may have.
fn tasks_protection(
    settings: &SandboxSettings,
    layout: &CgroupLayout,
    root: bool,
    lang: Lang,
) -> Protection {
    let how = match (&layout.pids_v1, &layout.v2) {
        (Some(dir), _) => Some(cgroup_file(lang, "v1", "pids.max", dir)),
        (None, Some(v2)) if v2.pids => Some(cgroup_file(lang, "v2", "pids.max", &v2.dir)),
        _ => None,
    };
    let tasks = settings.tasks.to_string();
    match (how, root) {
        (Some(how), _) => Protection::active(
            Kind::Tasks,
            lang,
            msg!(lang, "sandbox-tasks", tasks = tasks, how = how),
        ),
        (None, true) => Protection::active(
            Kind::Tasks,
            lang,
            msg!(lang, "sandbox-tasks-nproc", tasks = tasks),
        ),
        (None, false) => Protection::inactive(
            Kind::Tasks,
            lang,
            msg!(lang, "sandbox-tasks-none", why = layout.problems.join("; ")),
        ),
    }
}
