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

    /// The process has ended (a zombie has): its pidfd reads as ready.
    pub(crate) fn exited(&self) -> bool {
        let mut poll = libc::pollfd {
            fd: self.fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, a zero timeout.
        let ready = unsafe { libc::poll(&mut poll, 1, 0) };
        ready > 0
    }

    /// Reaps the process if it is an ended child of the grader's; otherwise does nothing (its
    /// parent reaps it, or it already was).
    pub(crate) fn reap_if_child(&self) {
        /// `P_PIDFD` of waitid(2), Linux 5.4+.
        const P_PIDFD: libc::idtype_t = 3;
        // SAFETY: a zeroed siginfo_t is a valid out-parameter for waitid.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: waitid on our own pidfd, without blocking; ECHILD when not our child.
        let _ = unsafe {
            libc::waitid(
                P_PIDFD,
                self.fd.as_raw_fd() as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOHANG,
            )
        };
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
