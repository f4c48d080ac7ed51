//! The job's init: pid 1 of its PID namespace. It builds the job's root, starts the program as
//! its child, reaps whatever is re-parented to it, stops the job when its scratch disk is full,
//! and when the program ends, kills what is left and hands on a build's executables.
//!
//! The program is not pid 1 itself: the kernel ignores signals to a namespace's init unless it
//! handles them, which would change how a student's program behaves and dies.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::time::Duration;

use nix::errno::Errno;
use nix::fcntl::OFlag;
use nix::sys::signal::{self, SigSet, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::{ForkResult, Pid};

use super::filesystem::{self, Prepared};
use super::program;
use crate::sandbox::plan::{DiskFull, Ended, Plan, Status};

/// Where the program's pid is drawn from: a process of a long-running machine, not pid 2 of a
/// fresh namespace, which would tell the program that it runs in a sandbox.
const PIDS: std::ops::Range<u32> = 1_000..30_000;

/// How often the scratch disk is looked at while the program runs.
const DISK_POLL: Duration = Duration::from_millis(20);

/// Makes the next pid of the namespace one drawn from [`PIDS`] (best effort: the namespace's
/// `ns_last_pid` needs the init's capabilities, which it has).
fn ordinary_pids() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    let last = PIDS.start + nanos % (PIDS.end - PIDS.start);
    let _ = std::fs::write("/proc/sys/kernel/ns_last_pid", last.to_string());
}

/// The init's whole life; never returns.
pub(super) fn main(plan: &Plan, go: OwnedFd, report: OwnedFd) -> isize {
    let status = match run(plan, go) {
        Ok(status) => status,
        Err(error) => Status::failed(error),
    };
    let mut report = File::from(report);
    let _ = report.write_all(&serde_json::to_vec(&status).unwrap_or_default());
    drop(report);
    let code = match status.ended {
        Some(Ended::Exited(code)) => code,
        Some(Ended::Signaled(signal)) => 128 + signal,
        None => super::SETUP_FAILED,
    };
    // SAFETY: _exit ends the process at once; nothing of the parent's copy must be flushed.
    unsafe { nix::libc::_exit(code) }
}

fn run(plan: &Plan, go: OwnedFd) -> Result<Status, String> {
    // Inside, pid 1 is what any container's is: nothing in the job names the grader.
    let _ = nix::sys::prctl::set_name(c"init");
    super::die_with_parent()
        .map_err(|error| format!("cannot follow the helper's death: {error}"))?;
    // The helper writes the id maps, then says go; nothing works in the namespace before that.
    let mut byte = [0u8; 1];
    match File::from(go).read(&mut byte) {
        Ok(1) => {}
        _ => return Err("the helper did not finish setting up the namespaces".into()),
    }
    let prepared = filesystem::prepare(plan)?;
    nix::unistd::sethostname(&plan.hostname)
        .map_err(|error| format!("cannot set the hostname: {error}"))?;
    let mut chld = SigSet::empty();
    chld.add(Signal::SIGCHLD);
    chld.thread_block()
        .map_err(|error| format!("cannot block SIGCHLD: {error}"))?;
    let (error_read, error_write) = nix::unistd::pipe2(OFlag::O_CLOEXEC)
        .map_err(|error| format!("cannot make a pipe: {error}"))?;
    ordinary_pids();
    // SAFETY: the init is single-threaded (a clone of the single-threaded helper).
    let child = match unsafe { nix::unistd::fork() } {
        Ok(ForkResult::Child) => {
            drop(error_read);
            let error = match program::become_program(plan, None) {
                Ok(never) => match never {},
                Err(error) => error,
            };
            let _ = File::from(error_write).write_all(error.as_bytes());
            // SAFETY: as above.
            unsafe { nix::libc::_exit(super::SETUP_FAILED) }
        }
        Ok(ForkResult::Parent { child }) => child,
        Err(error) => return Err(format!("cannot start the program: {error}")),
    };
    drop(error_write);
    // Empty when the program was executed: the pipe closed on exec.
    let mut error = String::new();
    let _ = File::from(error_read).read_to_string(&mut error);
    let (ended, disk_full) = watch(child, &prepared, &chld);
    if !error.is_empty() {
        return Err(error);
    }
    // Daemons and workers die now, before anything of the job is read.
    let _ = signal::kill(Pid::from_raw(-1), Signal::SIGKILL);
    if ended == Ended::Exited(0) && disk_full.is_none() {
        if let Some(keep) = &prepared.keep {
            crate::sandbox::hand_on::hand_on(&keep.from, &keep.to)?;
        }
    }
    Ok(Status {
        ended: Some(ended),
        disk_full,
        ..Status::default()
    })
}

/// Reaps every child until the program ends; stops the whole job if its disk fills up. A disk
/// full when the program ends counts too: some write of it failed.
fn watch(program: Pid, prepared: &Prepared, chld: &SigSet) -> (Ended, Option<DiskFull>) {
    let mut disk_full = None;
    loop {
        let ended = reap(program);
        if disk_full.is_none() {
            disk_full = filesystem::disk_full(&prepared.disk);
            if disk_full.is_some() && ended.is_none() {
                let _ = signal::kill(Pid::from_raw(-1), Signal::SIGKILL);
            }
        }
        if let Some(ended) = ended {
            return (ended, disk_full);
        }
        wait_for_child(chld, DISK_POLL);
    }
}

/// Reaps every child that ended; the program's end when it is one of them.
fn reap(program: Pid) -> Option<Ended> {
    loop {
        match waitpid(
            Pid::from_raw(-1),
            Some(WaitPidFlag::WNOHANG | WaitPidFlag::__WALL),
        ) {
            Ok(WaitStatus::Exited(pid, code)) if pid == program => {
                return Some(Ended::Exited(code))
            }
            Ok(WaitStatus::Signaled(pid, signal, _)) if pid == program => {
                return Some(Ended::Signaled(signal as i32))
            }
            Ok(WaitStatus::StillAlive) => return None,
            Ok(_) | Err(Errno::EINTR) => continue,
            // No child at all: the program is gone without a status.
            Err(_) => return Some(Ended::Signaled(Signal::SIGKILL as i32)),
        }
    }
}

/// Sleeps until a child changes state or `timeout` passes.
fn wait_for_child(chld: &SigSet, timeout: Duration) {
    let timeout = nix::libc::timespec {
        tv_sec: 0,
        tv_nsec: timeout.as_nanos() as nix::libc::c_long,
    };
    // SAFETY: sigtimedwait reads the set and the timeout, and writes no siginfo (null).
    unsafe {
        nix::libc::sigtimedwait(chld.as_ref(), std::ptr::null_mut(), &timeout);
    }
}
