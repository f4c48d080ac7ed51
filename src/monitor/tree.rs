//! The watched process tree: every process and thread that ever belonged to it, with when it
//! was born and when it died.
//!
//! Membership follows parentage from the root: a new process belongs if the process that
//! forked it does, a new thread if its process does. Records are never removed, so a pid the
//! kernel reuses later gets a new record. Every change gets a sequence number: the order in
//! which the kernel queued the events, which follows causality even where timestamps taken on
//! two CPUs disagree by a few nanoseconds.

use std::collections::HashMap;

use std::time::Duration;

use super::connector::ProcEvent;
use super::procfs;
use super::taskstats::ExitStat;

/// How much later than its estimated exit start a task's exit event may come.
const EXIT_SLACK_NS: u64 = 50_000_000;

/// When something happened: its place in the event order and its `CLOCK_MONOTONIC` time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Stamp {
    pub seq: u64,
    pub ns: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct ProcRecord {
    pub tgid: u32,
    pub parent: Option<usize>,
    /// The executable's name after the last exec (inherited from the parent until then).
    pub comm: Option<String>,
    /// The command line read at the last exec; `None` if the process never exec'd in the tree
    /// or exited before it could be read.
    pub cmdline: Option<String>,
    pub born: Stamp,
    /// The last exec, if the process exec'd while watched.
    pub exec: Option<Stamp>,
    pub died: Option<Stamp>,
    pub live_tasks: u32,
    /// Largest CPU time seen for the whole process, in clock ticks.
    pub ticks: u64,
    /// Start time in clock ticks after boot, when known (polling): tells reused pids apart.
    pub start: Option<u64>,
    /// The CPU view's variables at its last exec, when read.
    pub view: Option<procfs::ViewVariables>,
}

#[derive(Debug, Clone)]
pub(crate) struct TaskRecord {
    pub tid: u32,
    pub proc_index: usize,
    /// The task that started the process (its first thread).
    pub leader: bool,
    pub born: Stamp,
    pub died: Option<Stamp>,
    /// When its exit started (from taskstats), earlier than `died` by the exit's own work.
    pub exit_start_ns: Option<u64>,
    /// Its CPU time (from taskstats).
    pub cpu: Option<Duration>,
}

impl TaskRecord {
    /// When the task stopped being alive for counting: the start of its exit when known.
    pub(crate) fn end_ns(&self) -> Option<u64> {
        let died = self.died?.ns;
        Some(self.exit_start_ns.map_or(died, |start| start.min(died)))
    }
}

/// Everything known about the tree.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    pub procs: Vec<ProcRecord>,
    pub tasks: Vec<TaskRecord>,
    pub live_procs: HashMap<u32, usize>,
    pub live_tasks: HashMap<u32, usize>,
    seq: u64,
}

impl Tree {
    pub(crate) fn stamp(&mut self, ns: u64) -> Stamp {
        self.seq += 1;
        Stamp { seq: self.seq, ns }
    }

    /// The CPU time a process used: its tasks' exit accounting when every task has one, else
    /// the most polling saw.
    pub(crate) fn cpu(&self, index: usize) -> Duration {
        let accounted: Option<Duration> = self
            .tasks
            .iter()
            .filter(|task| task.proc_index == index)
            .map(|task| task.cpu)
            .sum();
        accounted.unwrap_or_else(|| {
            let ticks = self.procs.get(index).map_or(0, |record| record.ticks);
            procfs::ticks_to_duration(ticks, procfs::ticks_per_second())
        })
    }

    /// How many ancestors a process has in the tree (the root: 0).
    pub(crate) fn depth(&self, index: usize) -> usize {
        let mut depth = 0;
        let mut at = self.procs.get(index).and_then(|record| record.parent);
        while let Some(parent) = at {
            depth += 1;
            at = self.procs.get(parent).and_then(|record| record.parent);
        }
        depth
    }

    /// Adds a process and its first thread.
    pub(crate) fn add_proc(
        &mut self,
        tgid: u32,
        parent: Option<usize>,
        comm: Option<String>,
        cmdline: Option<String>,
        ns: u64,
    ) -> usize {
        let born = self.stamp(ns);
        let index = self.procs.len();
        self.procs.push(ProcRecord {
            tgid,
            parent,
            comm,
            cmdline,
            born,
            exec: None,
            died: None,
            live_tasks: 0,
            ticks: 0,
            start: None,
            view: None,
        });
        self.live_procs.insert(tgid, index);
        self.add_task_stamped(tgid, index, true, born);
        index
    }

    pub(crate) fn add_task(&mut self, tid: u32, proc_index: usize, ns: u64) {
        let born = self.stamp(ns);
        self.add_task_stamped(tid, proc_index, false, born);
    }

    fn add_task_stamped(&mut self, tid: u32, proc_index: usize, leader: bool, born: Stamp) {
        // A tid still marked live was reused without its exit being seen: close it first.
        if let Some(old) = self.live_tasks.get(&tid).copied() {
            self.end_task_stamped(old, born);
        }
        let index = self.tasks.len();
        self.tasks.push(TaskRecord {
            tid,
            proc_index,
            leader,
            born,
            died: None,
            exit_start_ns: None,
            cpu: None,
        });
        self.live_tasks.insert(tid, index);
        if let Some(record) = self.procs.get_mut(proc_index) {
            record.live_tasks += 1;
        }
    }

    /// Marks a task dead, and its process too when it was the last one.
    pub(crate) fn end_task(&mut self, tid: u32, ns: u64) {
        if let Some(index) = self.live_tasks.get(&tid).copied() {
            let died = self.stamp(ns);
            self.end_task_stamped(index, died);
        }
    }

    fn end_task_stamped(&mut self, index: usize, died: Stamp) {
        let Some(task) = self.tasks.get_mut(index) else {
            return;
        };
        if task.died.is_some() {
            return;
        }
        task.died = Some(died);
        let (tid, proc_index) = (task.tid, task.proc_index);
        if self.live_tasks.get(&tid) == Some(&index) {
            self.live_tasks.remove(&tid);
        }
        let Some(record) = self.procs.get_mut(proc_index) else {
            return;
        };
        record.live_tasks = record.live_tasks.saturating_sub(1);
        if record.live_tasks == 0 {
            record.died = Some(died);
            let tgid = record.tgid;
            if self.live_procs.get(&tgid) == Some(&proc_index) {
                self.live_procs.remove(&tgid);
            }
        }
    }

    /// Marks a process and all its tasks dead.
    pub(crate) fn end_proc(&mut self, proc_index: usize, ns: u64) {
        let died = self.stamp(ns);
        let live: Vec<usize> = self
            .live_tasks
            .values()
            .copied()
            .filter(|&task| self.tasks[task].proc_index == proc_index)
            .collect();
        for task in live {
            self.end_task_stamped(task, died);
        }
    }

    /// Applies one kernel event; events of tasks outside the tree are ignored.
    pub(crate) fn apply(&mut self, event: &ProcEvent) {
        match *event {
            ProcEvent::Fork {
                ns,
                parent_tgid,
                child_pid,
                child_tgid,
            } => {
                if child_pid == child_tgid {
                    if let Some(parent) = self.live_procs.get(&parent_tgid).copied() {
                        let comm = self.procs[parent].comm.clone();
                        self.add_proc(child_tgid, Some(parent), comm, None, ns);
                    }
                } else if let Some(owner) = self.live_procs.get(&child_tgid).copied() {
                    self.add_task(child_pid, owner, ns);
                }
            }
            ProcEvent::Exec { ns, pid, tgid } => self.exec(ns, pid, tgid),
            ProcEvent::Comm { pid, tgid, comm } => {
                // A thread's name is its own; the process's is its first thread's.
                if pid == tgid {
                    if let Some(&index) = self.live_procs.get(&tgid) {
                        let len = comm.iter().position(|&b| b == 0).unwrap_or(comm.len());
                        self.procs[index].comm =
                            Some(String::from_utf8_lossy(&comm[..len]).into_owned());
                    }
                }
            }
            ProcEvent::Exit { ns, pid, .. } => self.end_task(pid, ns),
        }
    }

    /// Matches each dead task with the kernel's accounting of its exit, by tid and time.
    pub(crate) fn apply_exit_stats(&mut self, stats: &HashMap<u32, Vec<ExitStat>>) {
        for task in &mut self.tasks {
            let Some(died) = task.died else {
                continue;
            };
            let found = stats.get(&task.tid).and_then(|candidates| {
                candidates
                    .iter()
                    .map(|stat| (task.born.ns + stat.elapsed.as_nanos() as u64, stat))
                    .filter(|(start, _)| *start <= died.ns + EXIT_SLACK_NS)
                    .min_by_key(|(start, _)| start.abs_diff(died.ns))
            });
            if let Some((start, stat)) = found {
                task.exit_start_ns = Some(start);
                task.cpu = Some(stat.cpu);
            }
        }
    }

    fn exec(&mut self, ns: u64, pid: u32, tgid: u32) {
        let Some(index) = self.live_procs.get(&tgid).copied() else {
            return;
        };
        // An exec ends every other thread; one started by a non-leader thread takes over the
        // leader's tid, and the kernel reports no exit for its old tid.
        let others: Vec<usize> = self
            .live_tasks
            .iter()
            .filter(|&(&tid, &task)| self.tasks[task].proc_index == index && tid != pid)
            .map(|(_, &task)| task)
            .collect();
        if !others.is_empty() {
            let died = self.stamp(ns);
            for task in others {
                self.tasks[task].died = Some(died);
                self.live_tasks.remove(&self.tasks[task].tid);
            }
        }
        if !self.live_tasks.contains_key(&pid) {
            let born = self.stamp(ns);
            self.add_task_stamped(pid, index, true, born);
        }
        let stamp = self.stamp(ns);
        let record = &mut self.procs[index];
        record.exec = Some(stamp);
        record.live_tasks = 1;
        record.comm = procfs::comm(tgid).or(record.comm.take());
        record.cmdline = procfs::cmdline(tgid);
        record.view = procfs::view_variables(tgid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fork(ns: u64, parent_tgid: u32, child_pid: u32, child_tgid: u32) -> ProcEvent {
        ProcEvent::Fork {
            ns,
            parent_tgid,
            child_pid,
            child_tgid,
        }
    }

    fn exit(ns: u64, pid: u32, tgid: u32) -> ProcEvent {
        ProcEvent::Exit { ns, pid, tgid }
    }

    #[test]
    fn follows_children_and_threads_and_ignores_strangers() {
        let mut tree = Tree::default();
        tree.add_proc(100, None, Some("python3".into()), None, 0);
        tree.apply(&fork(1, 100, 101, 101)); // child process
        tree.apply(&fork(2, 100, 102, 100)); // thread of the root
        tree.apply(&fork(3, 1, 103, 1)); // a thread of an unrelated process
        tree.apply(&fork(4, 7, 104, 104)); // an unrelated process
        tree.apply(&fork(5, 101, 105, 105)); // grandchild
        assert_eq!(tree.procs.len(), 3);
        assert_eq!(tree.tasks.len(), 4);
        assert_eq!(tree.procs[1].comm.as_deref(), Some("python3"));
        tree.apply(&exit(6, 105, 105));
        tree.apply(&exit(7, 102, 100));
        assert!(tree.procs[2].died.is_some());
        assert!(tree.procs[0].died.is_none());
        tree.apply(&exit(8, 101, 101));
        tree.apply(&exit(9, 100, 100));
        assert!(tree.live_tasks.is_empty());
        assert!(tree.live_procs.is_empty());
        assert_eq!(tree.procs[0].died.map(|d| d.ns), Some(9));
    }

    #[test]
    fn a_process_lives_until_its_last_thread_exits() {
        let mut tree = Tree::default();
        tree.add_proc(200, None, None, None, 0);
        tree.apply(&fork(1, 200, 201, 200));
        tree.apply(&exit(2, 200, 200));
        assert!(tree.procs[0].died.is_none());
        tree.apply(&exit(3, 201, 200));
        assert!(tree.procs[0].died.is_some());
    }

    #[test]
    fn a_reused_pid_gets_a_new_record() {
        let mut tree = Tree::default();
        tree.add_proc(300, None, None, None, 0);
        tree.apply(&fork(1, 300, 301, 301));
        tree.apply(&exit(2, 301, 301));
        tree.apply(&fork(3, 300, 301, 301));
        assert_eq!(tree.procs.len(), 3);
        assert!(tree.procs[1].died.is_some());
        assert!(tree.procs[2].died.is_none());
    }
}
