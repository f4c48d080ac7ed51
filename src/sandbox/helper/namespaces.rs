//! The helper's side of a job with namespaces: it clones the job's init into new namespaces,
//! writes its user namespace's id maps from outside when there is one, waits, and ends the way
//! the program ended, so that the grader sees the program's own exit code or signal.
//!
//! The maps are written from outside because only a writer in the parent namespace with
//! CAP_SETUID may map more than its own uid (root maps itself and the sandbox uid), and the PID
//! namespace must be created with the user namespace so that the job may mount its own /proc.

use std::fs;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;

use nix::sched::CloneFlags;
use nix::sys::signal::{self, SigHandler, SigSet, Signal};
use nix::sys::wait::{waitpid, WaitStatus};
use nix::unistd::Pid;

use super::{fail, init, write_status, SETUP_FAILED};
use crate::sandbox::plan::{Ended, IdMaps, Plan, Status};

/// The init's stack: it runs the filesystem set-up and the wait loop, nothing deep; below it
/// a page no one may touch, so that an overflow faults instead of writing the heap.
const STACK_BYTES: usize = 1 << 20;
const GUARD_BYTES: usize = 4096;

/// Runs the job and returns the exit status to leave with (after mirroring a signal).
pub(super) fn run(plan: &Plan) -> i32 {
    let (status_read, status_write) = match pipe() {
        Ok(ends) => ends,
        Err(error) => return fail(plan, error),
    };
    let (go_read, go_write) = match pipe() {
        Ok(ends) => ends,
        Err(error) => return fail(plan, error),
    };
    let mut flags = CloneFlags::CLONE_NEWNS
        | CloneFlags::CLONE_NEWPID
        | CloneFlags::CLONE_NEWIPC
        | CloneFlags::CLONE_NEWUTS;
    if plan.network.is_none() {
        flags |= CloneFlags::CLONE_NEWNET;
    }
    if plan.id_maps.is_some() {
        flags |= CloneFlags::CLONE_NEWUSER;
    }
    let mut stack = match Stack::new() {
        Ok(stack) => stack,
        Err(error) => return fail(plan, error),
    };
    let mut go = Some(go_read);
    let mut report = Some(status_write);
    let child = {
        let callback = Box::new(|| {
            let (Some(go), Some(report)) = (go.take(), report.take()) else {
                return SETUP_FAILED as isize;
            };
            init::main(plan, go, report)
        });
        // SAFETY: the helper is single-threaded, and the child runs the callback in a copy of
        // its memory (no CLONE_VM), as after fork; it leaves with _exit.
        unsafe {
            nix::sched::clone(
                callback,
                stack.usable(),
                flags,
                Some(Signal::SIGCHLD as i32),
            )
        }
    };
    let child = match child {
        Ok(child) => child,
        Err(error) => {
            return fail(
                plan,
                format!(
                    "cannot create the namespaces ({}): {error}",
                    describe(flags)
                ),
            )
        }
    };
    // The child's copies matter; the helper's must close so that reads see the end.
    drop(go.take());
    drop(report.take());
    if let Some(maps) = &plan.id_maps {
        if let Err(error) = write_maps(child, maps) {
            let _ = signal::kill(child, Signal::SIGKILL);
            let _ = waitpid(child, None);
            return fail(plan, error);
        }
    }
    let mut go_write = fs::File::from(go_write);
    let _ = go_write.write_all(b"1");
    drop(go_write);
    let mut reported = Vec::new();
    let _ = fs::File::from(status_read).read_to_end(&mut reported);
    let waited = loop {
        match waitpid(child, None) {
            Err(nix::errno::Errno::EINTR) => continue,
            other => break other,
        }
    };
    let status: Status = serde_json::from_slice(&reported).unwrap_or_default();
    if status.setup_error.is_some() || status.disk_full.is_some() {
        write_status(plan, &status);
    }
    if status.setup_error.is_some() {
        return SETUP_FAILED;
    }
    // The init reports the program's end; killed before it could, the init's own end stands.
    let ended = status.ended.or(match waited {
        Ok(WaitStatus::Exited(_, code)) => Some(Ended::Exited(code)),
        Ok(WaitStatus::Signaled(_, signal, _)) => Some(Ended::Signaled(signal as i32)),
        _ => None,
    });
    match ended {
        Some(Ended::Exited(code)) => code,
        Some(Ended::Signaled(signal)) => raise(signal),
        None => SETUP_FAILED,
    }
}

/// An anonymous mapping for the init's stack, its lowest page inaccessible.
struct Stack {
    base: std::ptr::NonNull<std::ffi::c_void>,
}

impl Stack {
    fn new() -> Result<Stack, String> {
        use nix::sys::mman::{mmap_anonymous, mprotect, MapFlags, ProtFlags};
        let length =
            std::num::NonZeroUsize::new(STACK_BYTES + GUARD_BYTES).ok_or("an empty stack")?;
        // SAFETY: a fresh private anonymous mapping, owned by the returned value.
        let base = unsafe {
            mmap_anonymous(
                None,
                length,
                ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
                MapFlags::MAP_PRIVATE | MapFlags::MAP_STACK,
            )
        }
        .map_err(|error| format!("cannot map a stack: {error}"))?;
        // SAFETY: the guard page is the first page of the mapping just made.
        unsafe { mprotect(base, GUARD_BYTES, ProtFlags::PROT_NONE) }
            .map_err(|error| format!("cannot guard the stack: {error}"))?;
        Ok(Stack { base })
    }

    /// The writable part, above the guard page (stacks grow down).
    fn usable(&mut self) -> &mut [u8] {
        // SAFETY: the mapping holds GUARD_BYTES + STACK_BYTES bytes, the upper ones writable,
        // and lives as long as `self`.
        unsafe {
            std::slice::from_raw_parts_mut(
                self.base.as_ptr().cast::<u8>().add(GUARD_BYTES),
                STACK_BYTES,
            )
        }
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping `new` made.
        let _ = unsafe { nix::sys::mman::munmap(self.base, STACK_BYTES + GUARD_BYTES) };
    }
}

fn pipe() -> Result<(OwnedFd, OwnedFd), String> {
    nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)
        .map_err(|error| format!("cannot make a pipe: {error}"))
}

fn write_maps(child: Pid, maps: &IdMaps) -> Result<(), String> {
    let proc = format!("/proc/{child}");
    let write = |file: &str, text: String| {
        fs::write(format!("{proc}/{file}"), &text).map_err(|error| {
            format!("cannot write {file} of the job's user namespace ({text:?}): {error}")
        })
    };
    let lines = |ranges: &[(u32, u32, u32)]| {
        ranges
            .iter()
            .map(|(inside, outside, count)| format!("{inside} {outside} {count}\n"))
            .collect::<String>()
    };
    write("uid_map", lines(&maps.uid))?;
    if maps.deny_setgroups {
        write("setgroups", "deny".into())?;
    }
    write("gid_map", lines(&maps.gid))
}

/// Ends the helper by the signal that ended the program.
fn raise(signal: i32) -> i32 {
    let Ok(signal) = Signal::try_from(signal) else {
        return 128 + signal;
    };
    let _ = nix::sys::resource::setrlimit(nix::sys::resource::Resource::RLIMIT_CORE, 0, 0);
    // SAFETY: restoring the default action of a signal is always sound.
    let _ = unsafe { signal::signal(signal, SigHandler::SigDfl) };
    let mut set = SigSet::empty();
    set.add(signal);
    let _ = set.thread_unblock();
    let _ = signal::raise(signal);
    128 + signal as i32
}

fn describe(flags: CloneFlags) -> String {
    let names = [
        (CloneFlags::CLONE_NEWUSER, "user"),
        (CloneFlags::CLONE_NEWNS, "mount"),
        (CloneFlags::CLONE_NEWPID, "pid"),
        (CloneFlags::CLONE_NEWNET, "network"),
        (CloneFlags::CLONE_NEWIPC, "ipc"),
        (CloneFlags::CLONE_NEWUTS, "uts"),
    ];
    names
        .iter()
        .filter(|(flag, _)| flags.contains(*flag))
        .map(|(_, name)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}
