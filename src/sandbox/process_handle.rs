//! A pidfd on the spawned process: signals reach it, never a process that reused its pid.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use nix::libc;
use nix::unistd::Pid;

/// The spawned process, held by a pidfd (Linux 5.3+).
#[derive(Debug)]
pub(crate) struct ProcessHandle {
    pub(crate) pid: Pid,
    fd: OwnedFd,
}

impl ProcessHandle {
    pub(crate) fn open(pid: u32) -> Option<ProcessHandle> {
        let raw = i32::try_from(pid).ok()?;
        // SAFETY: pidfd_open takes a pid and flags and returns a new fd or -1.
        let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, raw, 0) };
        let fd = i32::try_from(fd).ok().filter(|fd| *fd >= 0)?;
        // SAFETY: the kernel just returned this fd and nothing else owns it.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        Some(ProcessHandle {
            pid: Pid::from_raw(raw),
            fd,
        })
    }

    /// Not yet reaped (a zombie counts: its pid is still taken).
    pub(crate) fn alive(&self) -> bool {
        self.send(0)
    }

    pub(crate) fn kill(&self) {
        self.send(libc::SIGKILL);
    }

    fn send(&self, signal: i32) -> bool {
        // SAFETY: pidfd_send_signal with a valid fd, no siginfo, no flags.
        let result = unsafe {
            libc::syscall(
                libc::SYS_pidfd_send_signal,
                self.fd.as_raw_fd(),
                signal,
                std::ptr::null::<libc::siginfo_t>(),
                0,
            )
        };
        result == 0
    }
}
