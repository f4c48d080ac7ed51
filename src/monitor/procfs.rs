//! Reading `/proc`: a task's state and CPU time, a process's name and command line, the tasks
//! of a process, every process of the machine, and the monotonic clock the kernel stamps events
//! with.
//!
//! Every read can fail because the task exited meanwhile: callers get `None` and carry on.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use nix::libc;

/// What `/proc/<pid>/stat` (or `/proc/<pid>/task/<tid>/stat`) tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stat {
    pub comm: String,
    /// `R` is running on a CPU or ready to; `Z` is a zombie.
    pub state: char,
    pub ppid: u32,
    /// User plus system time, in clock ticks.
    pub ticks: u64,
    /// Start time after boot, in clock ticks: tells a reused pid from the old one.
    pub start: u64,
}

/// Parses a stat line; the name sits in parentheses and may hold spaces and parentheses.
pub(crate) fn parse_stat(text: &str) -> Option<Stat> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text.get(open + 1..close)?.to_string();
    let mut fields = text.get(close + 2..)?.split(' ');
    // Fields from 3 (state); utime is 14, stime 15, starttime 22.
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    let mut rest = fields.skip(9);
    let utime: u64 = rest.next()?.parse().ok()?;
    let stime: u64 = rest.next()?.parse().ok()?;
    let start = rest.nth(6)?.parse().ok()?;
    Some(Stat {
        comm,
        state,
        ppid,
        ticks: utime + stime,
        start,
    })
}

/// Reads a small file into `buf`, reusing its allocation.
pub(crate) fn read_into<'a>(path: &Path, buf: &'a mut String) -> Option<&'a str> {
    buf.clear();
    fs::File::open(path).ok()?.read_to_string(buf).ok()?;
    Some(buf.as_str())
}

pub(crate) fn stat(pid: u32, buf: &mut String) -> Option<Stat> {
    read_into(Path::new(&format!("/proc/{pid}/stat")), buf).and_then(parse_stat)
}

pub(crate) fn task_stat(tgid: u32, tid: u32, buf: &mut String) -> Option<Stat> {
    read_into(Path::new(&format!("/proc/{tgid}/task/{tid}/stat")), buf).and_then(parse_stat)
}

pub(crate) fn comm(pid: u32) -> Option<String> {
    let text = fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
    Some(text.trim_end_matches('\n').to_string())
}

/// The command line of a process, its arguments separated by NUL bytes as the kernel keeps them
/// (an argument may hold spaces: the helpers' `-c` code does).
pub(crate) fn cmdline(pid: u32) -> Option<String> {
    let bytes = fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    Some(text.trim_end_matches('\0').to_string())
}

/// The values of `LD_PRELOAD` and `PYTHONPATH` a process started with (empty when unset), or
/// `None` when its environment cannot be read.
pub(crate) fn view_variables(pid: u32) -> Option<ViewVariables> {
    let bytes = fs::read(format!("/proc/{pid}/environ")).ok()?;
    // A process that has exited, or is exiting, shows an empty environment, as it shows an
    // empty command line: the environment was not read then.
    if bytes.is_empty() && cmdline(pid).is_none_or(|line| line.is_empty()) {
        return None;
    }
    let mut found = ViewVariables::default();
    for pair in bytes.split(|&byte| byte == 0) {
        let pair = String::from_utf8_lossy(pair);
        if let Some(value) = pair.strip_prefix("LD_PRELOAD=") {
            found.preload = value.to_string();
        } else if let Some(value) = pair.strip_prefix("PYTHONPATH=") {
            found.pythonpath = value.to_string();
        }
    }
    Some(found)
}

/// What of the environment makes the CPU view (see [`super::cpu_view`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ViewVariables {
    pub preload: String,
    pub pythonpath: String,
}

fn numeric_entries(dir: &Path) -> Vec<u32> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The thread ids of a process.
pub(crate) fn tasks(tgid: u32) -> Vec<u32> {
    numeric_entries(Path::new(&format!("/proc/{tgid}/task")))
}

/// Every process of the machine.
pub(crate) fn all_pids() -> Vec<u32> {
    numeric_entries(Path::new("/proc"))
}

/// The processes of a cgroup v2.
pub(crate) fn cgroup_procs(dir: &Path, buf: &mut String) -> Vec<u32> {
    read_into(&dir.join("cgroup.procs"), buf)
        .map(|text| text.lines().filter_map(|line| line.parse().ok()).collect())
        .unwrap_or_default()
}

/// `usage_usec` of a cgroup v2's `cpu.stat`: the CPU time of every task that ever ran in it.
pub(crate) fn cgroup_cpu(dir: &Path) -> Option<Duration> {
    let text = fs::read_to_string(dir.join("cpu.stat")).ok()?;
    let usec = text
        .lines()
        .find_map(|line| line.strip_prefix("usage_usec "))?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_micros(usec))
}

/// Clock ticks per second for the times in `stat`.
pub(crate) fn ticks_per_second() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 {
        ticks as u64
    } else {
        100
    }
}

pub(crate) fn ticks_to_duration(ticks: u64, per_second: u64) -> Duration {
    Duration::from_nanos(ticks.saturating_mul(1_000_000_000) / per_second.max(1))
}

fn clock(id: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec to write to.
    let rc = unsafe { libc::clock_gettime(id, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// `CLOCK_MONOTONIC` in nanoseconds: the clock of the proc connector's `timestamp_ns`.
pub(crate) fn monotonic_ns() -> u64 {
    clock(libc::CLOCK_MONOTONIC).as_nanos() as u64
}

/// The CPU time of the calling thread.
pub(crate) fn thread_cpu() -> Duration {
    clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_stat_line_with_a_tricky_name() {
        let line = "4242 (a) (b c) R 17 4242 4242 0 -1 4194560 100 0 0 0 25 7 0 0 20 0 1 0 98765 1000 10 18446744073709551615";
        let stat = parse_stat(line).expect("parses");
        assert_eq!(stat.comm, "a) (b c");
        assert_eq!(stat.state, 'R');
        assert_eq!(stat.ppid, 17);
        assert_eq!(stat.ticks, 32);
        assert_eq!(stat.start, 98765);
    }

    #[test]
    fn reads_its_own_process() {
        let mut buf = String::new();
        let me = std::process::id();
        let tid = nix::unistd::gettid().as_raw() as u32;
        let stat = task_stat(me, tid, &mut buf).expect("own stat");
        assert_eq!(stat.state, 'R');
        assert!(super::stat(me, &mut buf).is_some());
        assert!(tasks(me).contains(&me));
        assert!(all_pids().contains(&me));
        assert!(cmdline(me).is_some_and(|line| !line.is_empty()));
        assert!(view_variables(me).is_some());
        assert!(monotonic_ns() > 0);
    }

    #[test]
    fn an_exited_process_has_no_environment_to_read() {
        let _turn = crate::run::exclusive();
        let mut child = std::process::Command::new("true")
            .spawn()
            .expect("true starts");
        let pid = child.id();
        // A zombie until reaped: its memory, environment included, is gone.
        while fs::read_to_string(format!("/proc/{pid}/stat"))
            .is_ok_and(|stat| !stat.contains(") Z "))
        {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert_eq!(view_variables(pid), None);
        let _ = child.wait();
    }
}
