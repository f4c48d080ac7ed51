//! The kernel's process events, read from the netlink proc connector.
//!
//! The kernel sends one message per fork (threads included: their `pid` differs from their
//! `tgid`), exec and exit of every task on the machine, stamped with `CLOCK_MONOTONIC`, to every
//! socket subscribed to `CN_IDX_PROC`. Nothing is missed however short a task lives: the fork
//! event is queued before the child can run, so the socket's order follows causality.
//!
//! Limits, each detected and reported as a reason by [`Connector::open`] or [`Connector::recv`]:
//! - the kernel answers subscriptions only from the initial user and PID namespaces (a grader
//!   running inside a container gets no answer); before Linux 6.6 it also needs `CAP_NET_ADMIN`;
//! - if the reader falls behind, the socket overflows (`ENOBUFS`) and events are lost; the buffer
//!   is raised to 8 MiB and the kernel is asked (Linux 6.6+) to send only fork, exec and exit;
//! - the events carry pids, not command lines (only a rename by `prctl` carries the new name): those are read from `/proc` when an exec arrives,
//!   which can fail for a process that already exited.

use std::io;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use nix::libc;

use super::netlink::{header, is_timeout, messages, u32_at, u64_at, Socket, NLMSG_HDRLEN};

const CN_IDX_PROC: u32 = 1;
const CN_VAL_PROC: u32 = 1;
const PROC_CN_MCAST_LISTEN: u32 = 1;
const PROC_CN_MCAST_IGNORE: u32 = 2;
const PROC_EVENT_NONE: u32 = 0;
const PROC_EVENT_FORK: u32 = 1;
const PROC_EVENT_EXEC: u32 = 2;
const PROC_EVENT_COMM: u32 = 0x200;
const PROC_EVENT_EXIT: u32 = 0x8000_0000;
const CN_MSG_LEN: usize = 20;
/// Offset of `proc_event.event_data` in a message: nlmsghdr, cn_msg, then `what`, `cpu`,
/// `timestamp_ns`.
const EVENT_DATA: usize = NLMSG_HDRLEN + CN_MSG_LEN + 16;

/// One process event, with the pids as the initial PID namespace sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProcEvent {
    /// A new task: a process when `child_pid == child_tgid`, a thread otherwise. For a thread,
    /// the kernel reports the parent of its process, not the thread that created it.
    Fork {
        ns: u64,
        parent_tgid: u32,
        child_pid: u32,
        child_tgid: u32,
    },
    Exec {
        ns: u64,
        pid: u32,
        tgid: u32,
    },
    /// A task renamed itself (`prctl(PR_SET_NAME)`); not sent for exec.
    Comm {
        pid: u32,
        tgid: u32,
        comm: [u8; 16],
    },
    Exit {
        ns: u64,
        pid: u32,
        tgid: u32,
    },
}

/// A subscribed proc connector socket.
#[derive(Debug)]
pub(crate) struct Connector {
    socket: Socket,
}

/// Why a receive returned no events.
#[derive(Debug)]
pub(crate) enum RecvError {
    /// Nothing arrived within the socket's timeout.
    Idle,
    /// The socket overflowed: some events are lost.
    Overflow,
    /// The socket is unusable.
    Broken(io::Error),
}

static TOKEN: AtomicU32 = AtomicU32::new(1);

/// Why the kernel did not answer a subscription, once it did not: asking again for every run
/// would cost 600 ms each time for the same answer.
static SILENT: OnceLock<String> = OnceLock::new();

/// Whether the kernel answers a subscription that carries a filter (Linux 6.6+), once known.
static FILTERED: OnceLock<bool> = OnceLock::new();

impl Connector {
    /// Opens a socket, subscribes to fork, exec and exit events and waits for the kernel's
    /// acknowledgement. Returns why not on failure.
    pub(crate) fn open() -> Result<Connector, String> {
        if let Some(why) = SILENT.get() {
            return Err(why.clone());
        }
        let socket = Socket::open(libc::SOCK_DGRAM, libc::NETLINK_CONNECTOR, CN_IDX_PROC)
            .map_err(|e| format!("proc connector socket: {e}"))?;
        socket
            .set_timeout(Duration::from_millis(100))
            .map_err(|e| format!("proc connector socket: {e}"))?;
        let connector = Connector { socket };
        // Linux 6.6+ takes a filter with the subscription; older kernels ignore a request of
        // that size, so ask again without it when no acknowledgement comes. Which one the
        // kernel answers is remembered: waiting for an answer that never comes costs every
        // watched run 300 ms.
        let filter = PROC_EVENT_FORK | PROC_EVENT_EXEC | PROC_EVENT_COMM | PROC_EVENT_EXIT;
        let acked = match FILTERED.get() {
            Some(true) => connector.subscribe(&[PROC_CN_MCAST_LISTEN, filter])?,
            Some(false) => connector.subscribe(&[PROC_CN_MCAST_LISTEN])?,
            None => {
                if connector.subscribe(&[PROC_CN_MCAST_LISTEN, filter])? {
                    let _ = FILTERED.set(true);
                    true
                } else if connector.subscribe(&[PROC_CN_MCAST_LISTEN])? {
                    let _ = FILTERED.set(false);
                    true
                } else {
                    false
                }
            }
        };
        if !acked {
            let why =
                "the proc connector did not answer (not in the initial user and PID namespaces?)";
            return Err(SILENT.get_or_init(|| why.to_string()).clone());
        }
        connector
            .socket
            .set_timeout(Duration::from_millis(20))
            .map_err(|e| format!("proc connector socket: {e}"))?;
        Ok(connector)
    }

    /// Sends a multicast control request and waits up to 300 ms for the kernel's answer to it
    /// (answers to other sockets' requests are told apart by their `ack` token).
    fn subscribe(&self, words: &[u32]) -> Result<bool, String> {
        let token = TOKEN.fetch_add(2, Ordering::Relaxed) ^ (std::process::id() << 12);
        self.send_control(words, token)
            .map_err(|e| format!("proc connector send: {e}"))?;
        let deadline = Instant::now() + Duration::from_millis(300);
        let mut buf = vec![0u8; 16 << 10];
        while Instant::now() < deadline {
            let len = match self.socket.recv(&mut buf) {
                Ok(len) => len,
                Err(e) if is_timeout(&e) => continue,
                Err(e) if e.raw_os_error() == Some(libc::ENOBUFS) => continue,
                Err(e) => return Err(format!("proc connector recv: {e}")),
            };
            for message in messages(&buf[..len]) {
                if let Some(err) = ack_for(message, token) {
                    return match err {
                        0 => Ok(true),
                        err => Err(format!(
                            "the proc connector refused the subscription: {}",
                            io::Error::from_raw_os_error(err as i32)
                        )),
                    };
                }
            }
        }
        Ok(false)
    }

    fn send_control(&self, words: &[u32], token: u32) -> io::Result<()> {
        let payload = words.len() * 4;
        let mut msg = header(CN_MSG_LEN + payload, libc::NLMSG_DONE as u16, 0, token);
        msg.extend_from_slice(&CN_IDX_PROC.to_ne_bytes());
        msg.extend_from_slice(&CN_VAL_PROC.to_ne_bytes());
        msg.extend_from_slice(&token.to_ne_bytes()); // cn_msg.seq
        msg.extend_from_slice(&token.to_ne_bytes()); // cn_msg.ack
        msg.extend_from_slice(&(payload as u16).to_ne_bytes());
        msg.extend_from_slice(&0u16.to_ne_bytes());
        for word in words {
            msg.extend_from_slice(&word.to_ne_bytes());
        }
        self.socket.send(&msg)
    }

    /// Waits up to 20 ms for events and appends them to `out`.
    pub(crate) fn recv(&self, buf: &mut [u8], out: &mut Vec<ProcEvent>) -> Result<(), RecvError> {
        match self.socket.recv(buf) {
            Ok(len) => {
                out.extend(messages(&buf[..len]).filter_map(parse_event));
                Ok(())
            }
            Err(e) if is_timeout(&e) => Err(RecvError::Idle),
            Err(e) if e.raw_os_error() == Some(libc::ENOBUFS) => Err(RecvError::Overflow),
            Err(e) => Err(RecvError::Broken(e)),
        }
    }
}

impl Drop for Connector {
    fn drop(&mut self) {
        // The kernel counts listeners and builds events only while some are subscribed: say
        // goodbye rather than leave the count up.
        let _ = self.send_control(&[PROC_CN_MCAST_IGNORE], 0);
    }
}

/// The error code of the kernel's answer to the request stamped `token`, if `message` is it.
fn ack_for(message: &[u8], token: u32) -> Option<u32> {
    let what = u32_at(message, NLMSG_HDRLEN + CN_MSG_LEN)?;
    let ack = u32_at(message, NLMSG_HDRLEN + 12)?;
    (what == PROC_EVENT_NONE && ack == token.wrapping_add(1)).then_some(())?;
    u32_at(message, EVENT_DATA)
}

fn parse_event(message: &[u8]) -> Option<ProcEvent> {
    let idx = u32_at(message, NLMSG_HDRLEN)?;
    if idx != CN_IDX_PROC {
        return None;
    }
    let what = u32_at(message, NLMSG_HDRLEN + CN_MSG_LEN)?;
    let ns = u64_at(message, NLMSG_HDRLEN + CN_MSG_LEN + 8)?;
    let word = |i: usize| u32_at(message, EVENT_DATA + 4 * i);
    match what {
        PROC_EVENT_FORK => Some(ProcEvent::Fork {
            ns,
            parent_tgid: word(1)?,
            child_pid: word(2)?,
            child_tgid: word(3)?,
        }),
        PROC_EVENT_EXEC => Some(ProcEvent::Exec {
            ns,
            pid: word(0)?,
            tgid: word(1)?,
        }),
        PROC_EVENT_COMM => {
            let bytes = message.get(EVENT_DATA + 8..EVENT_DATA + 24)?;
            let mut comm = [0u8; 16];
            comm.copy_from_slice(bytes);
            Some(ProcEvent::Comm {
                pid: word(0)?,
                tgid: word(1)?,
                comm,
            })
        }
        PROC_EVENT_EXIT => Some(ProcEvent::Exit {
            ns,
            pid: word(0)?,
            tgid: word(1)?,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(what: u32, words: &[u32]) -> Vec<u8> {
        let mut msg = vec![0u8; EVENT_DATA];
        let total = (EVENT_DATA + 4 * words.len()) as u32;
        msg[0..4].copy_from_slice(&total.to_ne_bytes());
        msg[16..20].copy_from_slice(&CN_IDX_PROC.to_ne_bytes());
        msg[36..40].copy_from_slice(&what.to_ne_bytes());
        msg[44..52].copy_from_slice(&1234u64.to_ne_bytes());
        for word in words {
            msg.extend_from_slice(&word.to_ne_bytes());
        }
        msg
    }

    #[test]
    fn parses_fork_exec_exit() {
        let fork = message(PROC_EVENT_FORK, &[10, 10, 12, 11]);
        assert_eq!(
            parse_event(&fork),
            Some(ProcEvent::Fork {
                ns: 1234,
                parent_tgid: 10,
                child_pid: 12,
                child_tgid: 11
            })
        );
        let exit = message(PROC_EVENT_EXIT, &[12, 11, 0, 17, 10, 10]);
        assert_eq!(
            parse_event(&exit),
            Some(ProcEvent::Exit {
                ns: 1234,
                pid: 12,
                tgid: 11
            })
        );
        let mut two = message(PROC_EVENT_EXEC, &[11, 11]);
        two.extend(message(PROC_EVENT_EXEC, &[13, 13]));
        let events: Vec<_> = messages(&two).filter_map(parse_event).collect();
        assert_eq!(events.len(), 2);
    }

    #[test]
    fn truncated_messages_are_ignored() {
        let fork = message(PROC_EVENT_FORK, &[10, 10, 12, 11]);
        assert_eq!(messages(&fork[..30]).count(), 0);
        assert_eq!(parse_event(&fork[..EVENT_DATA + 8]), None);
    }
}
