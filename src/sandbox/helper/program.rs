//! The last steps before the program: its folder, default signals, the drop of every privilege,
//! its rlimits, Landlock where the plan asks for it, no_new_privs, the seccomp filter, and exec.
//!
//! Root's drop clears the capability bounding set and the ambient set first (with CAP_SETPCAP
//! still held), then the groups, gid and uid; setuid to a non-zero uid clears the rest. The
//! parent-death signal, which setuid clears, is set again after it.

use std::convert::Infallible;
use std::ffi::{CString, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use nix::sys::signal::{self, SigHandler, SigSet, Signal};
use nix::unistd::{Gid, Uid};

use super::{landlock, seccomp};
use crate::sandbox::plan::{Identity, Isolation, Plan, Status};

/// Highest capability number to drop from the bounding set; the kernel refuses those it lacks.
const LAST_CAPABILITY: i32 = 63;

/// Becomes the program; returns only with what went wrong. `report`: the helper itself becomes
/// it (no namespaces), so Landlock applies when the isolation is Landlock, and a probe's report
/// goes there.
pub(super) fn become_program(
    plan: &Plan,
    report: Option<&std::fs::File>,
) -> Result<Infallible, String> {
    let direct = report.is_some();
    nix::unistd::chdir(plan.workdir.path())
        .map_err(|error| format!("{}: {error}", plan.workdir.path().display()))?;
    // A session of its own, away from the grader's terminal. The helper that becomes the
    // program itself already leads its process group, which setsid refuses: it has no
    // terminal device to reach under Landlock anyway.
    let _ = nix::unistd::setsid();
    default_signals();
    drop_privileges(plan.identity)?;
    super::die_with_parent()
        .map_err(|error| format!("cannot follow the parent's death: {error}"))?;
    plan.rlimits
        .apply()
        .map_err(|error| format!("cannot set the rlimits: {error}"))?;
    let landlock = match (plan.isolation, direct) {
        (Isolation::Landlock, true) => Some(landlock::confine(plan)?),
        // A fetch shares the host's network: only the ports it needs.
        (Isolation::Namespaces { .. }, false) if plan.network.is_some() => {
            Some(landlock::only_ports(plan)?)
        }
        _ => None,
    };
    if let (Some(report), true) = (report, plan.probe) {
        super::report_to(
            report,
            &Status {
                landlock,
                ..Status::default()
            },
        );
    }
    nix::sys::prctl::set_no_new_privs()
        .map_err(|error| format!("cannot set no_new_privs: {error}"))?;
    seccomp::install()?;
    let program = resolve(plan)?;
    let program = cstring(program.as_os_str())?;
    let args = std::iter::once(Ok(cstring(plan.program.os())?))
        .chain(plan.args.iter().map(|arg| cstring(arg.os())))
        .collect::<Result<Vec<_>, _>>()?;
    let env = plan
        .env
        .iter()
        .map(|(key, value)| {
            let mut pair = key.0.clone();
            pair.push(b'=');
            pair.extend_from_slice(&value.0);
            CString::new(pair).map_err(|_| "an environment variable holds a NUL byte".to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    give_record()?;
    match nix::unistd::execve(&program, &args, &env) {
        Ok(never) => match never {},
        Err(error) => Err(format!(
            "cannot start {}: {error}",
            plan.program.path().display()
        )),
    }
}

/// The record file, opened by the helper before it gave anything up (`-1`: none).
static RECORD: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);

/// Opens the plan's record file for appending, kept away from the low descriptors until the
/// program gets it: only a regular file, never through a link, never blocking.
pub(super) fn open_record(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    let file = std::fs::OpenOptions::new()
        .append(true)
        .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_NONBLOCK | nix::libc::O_CLOEXEC)
        .open(path)
        .map_err(|error| error.to_string())?;
    if !file.metadata().is_ok_and(|meta| meta.is_file()) {
        return Err("not a regular file".into());
    }
    // A raw copy, owned by nothing: it stays open until the exec (close-on-exec), when
    // `give_record` has put it at its place.
    let fd = nix::fcntl::fcntl(file.as_raw_fd(), nix::fcntl::FcntlArg::F_DUPFD_CLOEXEC(100))
        .map_err(|error| error.to_string())?;
    RECORD.store(fd, std::sync::atomic::Ordering::Relaxed);
    Ok(())
}

/// Puts the record file at the descriptor the program finds it at, the last thing before exec
/// (dup2 leaves the new descriptor open across exec).
fn give_record() -> Result<(), String> {
    let fd = RECORD.load(std::sync::atomic::Ordering::Relaxed);
    if fd < 0 {
        return Ok(());
    }
    // SAFETY: dup2 takes two descriptors and changes nothing else.
    if unsafe { nix::libc::dup2(fd, super::super::plan::RECORD_FD) } < 0 {
        return Err(format!(
            "cannot give the program its record: {}",
            std::io::Error::last_os_error()
        ));
    }
    Ok(())
}

/// Signals as a fresh process has them: the grader's ignored SIGPIPE and blocked SIGCHLD would
/// otherwise pass through exec.
fn default_signals() {
    let _ = SigSet::empty().thread_set_mask();
    for signal in Signal::iterator() {
        if matches!(signal, Signal::SIGKILL | Signal::SIGSTOP) {
            continue;
        }
        // SAFETY: restoring default actions before exec installs no handler.
        let _ = unsafe { signal::signal(signal, SigHandler::SigDfl) };
    }
}

fn drop_privileges(identity: Identity) -> Result<(), String> {
    // Without CAP_SETPCAP (a user outside any namespace) there is nothing to drop: it fails.
    for capability in 0..=LAST_CAPABILITY {
        // SAFETY: prctl with integer arguments.
        unsafe {
            nix::libc::prctl(nix::libc::PR_CAPBSET_DROP, capability, 0, 0, 0);
        }
    }
    // SAFETY: as above.
    unsafe {
        nix::libc::prctl(
            nix::libc::PR_CAP_AMBIENT,
            nix::libc::PR_CAP_AMBIENT_CLEAR_ALL,
            0,
            0,
            0,
        );
    }
    match identity {
        Identity::Unchanged => Ok(()),
        Identity::Drop { uid, gid } => {
            nix::unistd::setgroups(&[]).map_err(|error| format!("setgroups: {error}"))?;
            let gid = Gid::from_raw(gid);
            nix::unistd::setresgid(gid, gid, gid).map_err(|error| format!("setgid: {error}"))?;
            let uid = Uid::from_raw(uid);
            nix::unistd::setresuid(uid, uid, uid).map_err(|error| format!("setuid: {error}"))
        }
    }
}

/// The program's path: as given when it holds a slash, else found on the job's PATH.
fn resolve(plan: &Plan) -> Result<PathBuf, String> {
    let program = plan.program.path();
    if program.as_os_str().as_bytes().contains(&b'/') {
        return Ok(program.to_path_buf());
    }
    let path = plan
        .env
        .iter()
        .find(|(key, _)| key.0 == b"PATH")
        .map_or(OsStr::new("/usr/bin:/bin"), |(_, value)| value.os());
    std::env::split_paths(path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
        .ok_or_else(|| format!("{} is not on the PATH", program.display()))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

fn cstring(text: &OsStr) -> Result<CString, String> {
    CString::new(text.as_bytes()).map_err(|_| format!("{text:?} holds a NUL byte"))
}
