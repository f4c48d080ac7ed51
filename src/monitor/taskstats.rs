//! The kernel's per-task accounting at exit (taskstats over generic netlink).
//!
//! The kernel sends a task's accounting at the *start* of its exit, before it releases its
//! memory and wakes a thread joining it or a parent waiting for it; the proc connector's exit
//! event comes at the end, after that wake-up. A program that joins a thread and at once
//! starts the next one would otherwise show both alive: the new thread's fork event can come
//! before the old thread's exit event (measured here: most runs of 50 rounds of 2 threads show
//! a peak of 3 or 4). With taskstats, a task counts as alive until its exit started:
//! `ac_etime` (microseconds since the task started) added to its fork event's time.
//!
//! It also gives each task's exact CPU time (`cpu_run_virtual_total`, in nanoseconds), so the
//! tree's CPU time is exact without a cgroup.
//!
//! Limits: registering a listener needs `CAP_NET_ADMIN` (root); without it the exit events
//! alone are used and the figures' notes say so. The fork event is stamped a few microseconds
//! after the task's start time, so the exit estimate is late by as much: shorter than the
//! join-then-spawn path it is compared with.

use std::io;
use std::time::Duration;

use nix::libc;

use super::netlink::{
    attribute, attributes, header, is_timeout, messages, u16_at, u32_at, u64_at, Socket,
};

const GENL_ID_CTRL: u16 = 0x10;
const CTRL_CMD_GETFAMILY: u8 = 3;
const CTRL_ATTR_FAMILY_ID: u16 = 1;
const CTRL_ATTR_FAMILY_NAME: u16 = 2;
const TASKSTATS_CMD_GET: u8 = 1;
const TASKSTATS_CMD_ATTR_REGISTER_CPUMASK: u16 = 3;
const TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK: u16 = 4;
const TASKSTATS_TYPE_PID: u16 = 1;
const TASKSTATS_TYPE_STATS: u16 = 3;
const TASKSTATS_TYPE_AGGR_PID: u16 = 4;
const NLM_F_REQUEST: u16 = 1;
const NLM_F_ACK: u16 = 4;
const GENL_HDRLEN: usize = 4;
/// Offsets in `struct taskstats` (stable since version 1).
const AC_PID: usize = 128;
const AC_ETIME: usize = 144;
const CPU_RUN_VIRTUAL_TOTAL: usize = 72;

/// What the kernel tells about a task at the start of its exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ExitStat {
    pub tid: u32,
    /// Time from the task's start to the start of its exit.
    pub elapsed: Duration,
    /// CPU time the task used.
    pub cpu: Duration,
}

/// A socket registered for the exit accounting of every task of the machine.
#[derive(Debug)]
pub(crate) struct TaskStats {
    socket: Socket,
    family: u16,
    cpus: String,
}

impl TaskStats {
    pub(crate) fn open() -> Result<TaskStats, String> {
        let socket = Socket::open(libc::SOCK_RAW, libc::NETLINK_GENERIC, 0)
            .map_err(|e| format!("taskstats socket: {e}"))?;
        socket
            .set_timeout(Duration::from_millis(300))
            .map_err(|e| format!("taskstats socket: {e}"))?;
        let family = family(&socket)?;
        let cpus = std::fs::read_to_string("/sys/devices/system/cpu/possible")
            .map(|text| text.trim().to_string())
            .unwrap_or_else(|_| "0-4095".to_string());
        let stats = TaskStats {
            socket,
            family,
            cpus,
        };
        stats
            .request(TASKSTATS_CMD_ATTR_REGISTER_CPUMASK)
            .map_err(|e| format!("taskstats registration: {e}"))?;
        stats
            .socket
            .set_timeout(Duration::from_millis(20))
            .map_err(|e| format!("taskstats socket: {e}"))?;
        Ok(stats)
    }

    /// Registers or deregisters this socket for all CPUs, and waits for the kernel's answer.
    fn request(&self, what: u16) -> io::Result<()> {
        let mut mask = self.cpus.clone().into_bytes();
        mask.push(0);
        let mut body = vec![TASKSTATS_CMD_GET, 1, 0, 0];
        body.extend(attribute(what, &mask));
        let mut msg = header(body.len(), self.family, NLM_F_REQUEST | NLM_F_ACK, 1);
        msg.extend(body);
        self.socket.send(&msg)?;
        answer(&self.socket)
    }

    /// Waits up to 20 ms for exit accounting and appends it to `out`. `Ok(false)` when nothing
    /// came in time.
    pub(crate) fn recv(&self, buf: &mut [u8], out: &mut Vec<ExitStat>) -> io::Result<bool> {
        match self.socket.recv(buf) {
            Ok(len) => {
                for message in messages(&buf[..len]) {
                    if u16_at(message, 4) == Some(self.family) {
                        out.extend(parse_exit(message));
                    }
                }
                Ok(true)
            }
            Err(e) if is_timeout(&e) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

impl Drop for TaskStats {
    fn drop(&mut self) {
        let _ = self.socket.set_timeout(Duration::from_millis(50));
        let _ = self.request(TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK);
    }
}

/// Asks the generic netlink controller for the TASKSTATS family's id.
fn family(socket: &Socket) -> Result<u16, String> {
    let mut body = vec![CTRL_CMD_GETFAMILY, 1, 0, 0];
    body.extend(attribute(CTRL_ATTR_FAMILY_NAME, b"TASKSTATS\0"));
    let mut msg = header(body.len(), GENL_ID_CTRL, NLM_F_REQUEST, 1);
    msg.extend(body);
    socket
        .send(&msg)
        .map_err(|e| format!("taskstats family: {e}"))?;
    let mut buf = vec![0u8; 8 << 10];
    let len = socket
        .recv(&mut buf)
        .map_err(|e| format!("taskstats family: {e}"))?;
    for message in messages(&buf[..len]) {
        if u16_at(message, 4) == Some(libc::NLMSG_ERROR as u16) {
            let code = u32_at(message, 16).unwrap_or(0) as i32;
            return Err(format!(
                "no taskstats in this kernel: {}",
                io::Error::from_raw_os_error(-code)
            ));
        }
        let attrs = message.get(16 + GENL_HDRLEN..).unwrap_or(&[]);
        if let Some(id) = attributes(attrs)
            .find(|(kind, _)| *kind == CTRL_ATTR_FAMILY_ID)
            .and_then(|(_, payload)| u16_at(payload, 0))
        {
            return Ok(id);
        }
    }
    Err("no taskstats in this kernel".to_string())
}

/// Reads the kernel's acknowledgement of a request; exit messages that come first are skipped.
fn answer(socket: &Socket) -> io::Result<()> {
    let mut buf = vec![0u8; 64 << 10];
    for _ in 0..64 {
        let len = socket.recv(&mut buf)?;
        for message in messages(&buf[..len]) {
            if u16_at(message, 4) == Some(libc::NLMSG_ERROR as u16) {
                let code = u32_at(message, 16).unwrap_or(0) as i32;
                return match code {
                    0 => Ok(()),
                    code => Err(io::Error::from_raw_os_error(-code)),
                };
            }
        }
    }
    Err(io::Error::new(io::ErrorKind::TimedOut, "no answer"))
}

fn parse_exit(message: &[u8]) -> Option<ExitStat> {
    let attrs = message.get(16 + GENL_HDRLEN..)?;
    let (_, aggregate) = attributes(attrs).find(|(kind, _)| *kind == TASKSTATS_TYPE_AGGR_PID)?;
    let mut tid = None;
    let mut stats = None;
    for (kind, payload) in attributes(aggregate) {
        match kind {
            TASKSTATS_TYPE_PID => tid = u32_at(payload, 0),
            TASKSTATS_TYPE_STATS => stats = Some(payload),
            _ => {}
        }
    }
    let stats = stats?;
    let tid = tid?;
    if u32_at(stats, AC_PID) != Some(tid) {
        return None;
    }
    Some(ExitStat {
        tid,
        elapsed: Duration::from_micros(u64_at(stats, AC_ETIME)?),
        cpu: Duration::from_nanos(u64_at(stats, CPU_RUN_VIRTUAL_TOTAL)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sees_the_exit_of_a_child() {
        let Ok(stats) = TaskStats::open() else {
            eprintln!("skipped: taskstats unavailable (not root?)");
            return;
        };
        let _turn = crate::run::exclusive();
        let child = std::process::Command::new("true").spawn().expect("spawns");
        let pid = child.id();
        let _ = child.wait_with_output();
        let mut buf = vec![0u8; 64 << 10];
        let mut out = Vec::new();
        for _ in 0..50 {
            let _ = stats.recv(&mut buf, &mut out);
            if out.iter().any(|stat| stat.tid == pid) {
                break;
            }
        }
        let stat = out
            .iter()
            .find(|stat| stat.tid == pid)
            .expect("the child's exit");
        assert!(stat.elapsed < Duration::from_secs(5));
    }
}
