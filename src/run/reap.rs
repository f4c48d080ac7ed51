//! Killing a run's whole process tree, and reaping what the grader adopted.
//!
//! The grader makes itself a child subreaper, so a process that double-forks or calls `setsid`
//! is re-parented to the grader rather than to init, and stays findable. Two ways to end a run:
//! - [`Tree`]: the run's own tree, held by pidfds before anything is killed, so that the orphans
//!   the killing makes are known as the run's and reaped, and no other run's process is touched
//!   even if a pid is reused. Enough when a PID namespace keeps every process of the run in its
//!   tree (see the sandbox).
//! - [`kill_descendants`]: every descendant of the grader, parents first so a fork storm cannot
//!   outpace the killing; right only when runs take turns, so that all of them are the run's.

use std::collections::HashMap;
use std::fs;

use nix::sys::signal::{kill, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag};
use nix::unistd::Pid;

/// Rounds of scanning and killing before giving up on a tree that keeps growing.
const MAX_ROUNDS: usize = 100;

/// Makes orphans of the runs re-parent to this process. Harmless where unsupported.
pub fn become_subreaper() {
    // Without it, a double-forked daemon escapes to init; the sandbox's PID namespace still
    // catches it, so a failure here only weakens the fallback.
    let _ = nix::sys::prctl::set_child_subreaper(true);
}

/// Kills every descendant of the grader except `spare` (a child the caller reaps itself), and
/// reaps the others. Returns how many processes were killed.
pub fn kill_descendants(spare: Option<u32>) -> usize {
    let me = std::process::id();
    let mut killed = 0;
    for _ in 0..MAX_ROUNDS {
        let tree = descendants(me);
        let alive: Vec<u32> = tree.iter().copied().filter(|&pid| is_alive(pid)).collect();
        for &pid in &alive {
            if kill(Pid::from_raw(pid as i32), Signal::SIGKILL).is_ok() {
                killed += 1;
            }
        }
        // Reap the grader's own children, adopted ones included; the caller waits for `spare`.
        for &pid in &tree {
            if Some(pid) != spare && parent_of(pid) == Some(me) {
                let _ = waitpid(Pid::from_raw(pid as i32), Some(WaitPidFlag::__WALL));
            }
        }
        if alive.is_empty() {
            break;
        }
    }
    killed
}

/// Python processes asked for their stack at most, at a timeout.
const MAX_STACKS: usize = 16;
/// Time after a process took its signal, for its handler to write the stack, before the next
/// one is asked: so that the stacks do not mix in the pipe they share.
const BETWEEN_STACKS: std::time::Duration = std::time::Duration::from_millis(10);
/// How long all the processes together may take to take their signal. On a machine whose CPUs
/// are all busy (the stuck workers themselves spin), a process may wait for a CPU for a while
/// before its handler runs; a fixed pause lost those stacks.
const STACKS_PATIENCE: std::time::Duration = std::time::Duration::from_millis(1500);

/// Asks the Python processes among the descendants of `root` (the run's first process, or the
/// grader when runs take turns), one after the other, where they are: the sandbox's
/// `sitecustomize.py` makes SIGUSR1 write the main thread's stack to standard error. Returns how
/// many were asked.
pub fn ask_python_for_stacks(root: u32) -> usize {
    let pythons = descendants(root)
        .into_iter()
        .filter(|&pid| {
            fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|comm| comm.starts_with("python"))
        })
        .take(MAX_STACKS);
    let deadline = std::time::Instant::now() + STACKS_PATIENCE;
    let mut asked = 0;
    for pid in pythons {
        if kill(Pid::from_raw(pid as i32), Signal::SIGUSR1).is_ok() {
            asked += 1;
            while usr1_pending(pid) && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            std::thread::sleep(BETWEEN_STACKS);
        }
    }
    asked
}

/// Whether SIGUSR1 waits to be delivered to `pid` (its `SigPnd` or `ShdPnd` in
/// `/proc/<pid>/status`): once it is not, the handler has started. A process gone is not
/// waited for.
fn usr1_pending(pid: u32) -> bool {
    let Ok(status) = fs::read_to_string(format!("/proc/{pid}/status")) else {
        return false;
    };
    let bit = 1u64 << (Signal::SIGUSR1 as i32 - 1);
    status
        .lines()
        .filter_map(|line| {
            line.strip_prefix("SigPnd:")
                .or_else(|| line.strip_prefix("ShdPnd:"))
        })
        .filter_map(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .any(|mask| mask & bit != 0)
}

/// How long the processes of a killed tree get to die before the reaping gives up on them.
const DEATH_PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

/// A run's processes, each held by a pidfd: signals and waits reach them and never a process
/// that reused a pid.
pub(crate) struct Tree {
    handles: Vec<crate::sandbox::ProcessHandle>,
}

impl Tree {
    /// Holds `root` and its descendants as they are now, `root` first. The caller reaps `root`.
    pub(crate) fn hold(root: u32) -> Tree {
        let handles = std::iter::once(root)
            .chain(descendants(root))
            .filter_map(crate::sandbox::ProcessHandle::open)
            .collect();
        Tree { handles }
    }

    /// Kills every process held and what they start meanwhile, then reaps those the grader
    /// adopted (all but `root`, which its caller waits for).
    pub(crate) fn kill_and_reap(mut self) {
        let pids = |handles: &[crate::sandbox::ProcessHandle]| -> Vec<u32> {
            handles
                .iter()
                .map(|handle| handle.pid.as_raw() as u32)
                .collect()
        };
        for _ in 0..MAX_ROUNDS {
            for handle in &self.handles {
                handle.kill();
            }
            // Children started between the listing and the kill: held and killed next round.
            let known = pids(&self.handles);
            let newcomers: Vec<_> = known
                .iter()
                .flat_map(|&pid| descendants(pid))
                .filter(|pid| !known.contains(pid))
                .filter_map(crate::sandbox::ProcessHandle::open)
                .collect();
            if newcomers.is_empty() {
                break;
            }
            self.handles.extend(newcomers);
        }
        // A process is re-parented to the grader when its parent dies: once every one has
        // died, those left as the grader's zombies are all there is to reap.
        let deadline = std::time::Instant::now() + DEATH_PATIENCE;
        while !self.handles.iter().all(|handle| handle.exited())
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        for handle in self.handles.iter().skip(1) {
            handle.reap_if_child();
        }
    }
}

/// Every descendant of `root`, zombies included, parents before children.
pub fn descendants(root: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    let Ok(listing) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    for item in listing.flatten() {
        let Some(pid) = item
            .file_name()
            .to_str()
            .and_then(|name| name.parse::<u32>().ok())
        else {
            continue;
        };
        if let Some(parent) = parent_of(pid) {
            children.entry(parent).or_default().push(pid);
        }
    }
    let mut order = Vec::new();
    let mut next = vec![root];
    while let Some(pid) = next.pop() {
        if let Some(kids) = children.get(&pid) {
            for &kid in kids {
                order.push(kid);
                next.push(kid);
            }
        }
    }
    order
}

/// The parent of `pid`, from `/proc/<pid>/stat`.
pub fn parent_of(pid: u32) -> Option<u32> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces or parentheses itself.
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split(' ').nth(1)?.parse().ok()
}

/// Whether `pid` still runs (a zombie does not).
fn is_alive(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rfind(')')
            .and_then(|end| stat.get(end + 2..end + 3))
            .is_some_and(|state| state != "Z" && state != "X")
    })
}
