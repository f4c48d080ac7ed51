//! The thread that samples `/proc` while a run is watched.
//!
//! Each sample reads the `stat` of the tree's live workers: which are in state `R` (running on
//! a CPU, or ready to run and waiting for one) and how much CPU each process used. When the
//! proc connector works, it says which tasks are live; otherwise the sampler also discovers
//! them, from the run's cgroup or by reading every process's parent, and records births and
//! deaths at sample times (then a task living less than a period can be missed).
//!
//! The period starts at the settings' interval and stretches so that sampling costs at most
//! the settings' budget of one CPU: a tree of 100 threads is sampled less often than one of 4
//! processes.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::procfs::{self, Stat};
use super::settings::WorkerModel;
use super::state::{Shared, State};

/// How long after its discovery a process's name and command line are read again.
const RECHECK_NS: u64 = 200_000_000;

/// Where the sampler learns which tasks belong to the tree.
#[derive(Debug, Clone)]
pub(crate) enum Discovery {
    /// From the proc connector's events, kept in the shared tree.
    Events,
    /// From a cgroup v2's `cgroup.procs`.
    Cgroup(PathBuf),
    /// From the parent pids of every process of the machine, down from the root.
    Scan,
}

#[derive(Debug, Clone)]
pub(crate) struct SamplerSetup {
    pub model: WorkerModel,
    pub interval: Duration,
    pub budget_permille: u32,
    pub wrapper_levels: usize,
    pub discovery: Discovery,
    pub root: u32,
}

/// One task seen running in a sample: a process (processes model) or a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Proc(usize),
    Task(usize),
}

#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub at_ns: u64,
    pub running: Vec<Unit>,
}

#[derive(Debug, Default)]
pub(crate) struct SamplerReport {
    pub rows: Vec<Row>,
    pub cpu: Duration,
}

/// Samples until asked to stop.
pub(crate) fn sample(shared: Arc<Shared>, setup: SamplerSetup) -> SamplerReport {
    let mut sampler = Sampler {
        setup,
        buf: String::new(),
        rows: Vec::new(),
        strangers: HashSet::new(),
    };
    // Discovering the tree by polling is the only way to see workers then: it gets four times
    // the budget.
    let budget = u64::from(sampler.setup.budget_permille.max(1))
        * match sampler.setup.discovery {
            Discovery::Events => 1,
            Discovery::Cgroup(_) | Discovery::Scan => 4,
        };
    // Smoothed cost of a sample, in nanoseconds: one slow sample (the first, cold caches)
    // doesn't stretch the period.
    let mut cost_ns: Option<u64> = None;
    loop {
        let started = Instant::now();
        let cpu_before = procfs::thread_cpu();
        sampler.once(&shared);
        if shared.stop.load(Ordering::Acquire) {
            break;
        }
        let cost = procfs::thread_cpu().saturating_sub(cpu_before).as_nanos() as u64;
        let smoothed = match cost_ns {
            None => cost / 4,
            Some(previous) => (previous * 7 + cost) / 8,
        };
        cost_ns = Some(smoothed);
        let period = sampler
            .setup
            .interval
            .max(Duration::from_nanos(smoothed * 1000 / budget));
        let rest = period.saturating_sub(started.elapsed());
        std::thread::park_timeout(rest);
        if shared.stop.load(Ordering::Acquire) {
            break;
        }
    }
    SamplerReport {
        rows: sampler.rows,
        cpu: procfs::thread_cpu(),
    }
}

/// What to read for one live task or process.
enum Target {
    Proc { tgid: u32, index: usize },
    Task { tgid: u32, tid: u32, index: usize },
}

struct Sampler {
    setup: SamplerSetup,
    buf: String,
    rows: Vec<Row>,
    /// Pids known to be outside the tree (scan discovery). A pid reused between two samples
    /// by a process of the tree is missed: a limit of polling.
    strangers: HashSet<u32>,
}

impl Sampler {
    fn once(&mut self, shared: &Shared) {
        match self.setup.discovery.clone() {
            Discovery::Events => self.sample_known(shared),
            Discovery::Cgroup(dir) => {
                let pids = procfs::cgroup_procs(&dir, &mut self.buf);
                let _ = self.discover(shared, &pids, true);
            }
            Discovery::Scan => {
                // A process found outside the tree stays outside: only new pids are read.
                let pids: HashSet<u32> = procfs::all_pids().into_iter().collect();
                self.strangers.retain(|pid| pids.contains(pid));
                let fresh: Vec<u32> = pids
                    .into_iter()
                    .filter(|pid| !self.strangers.contains(pid))
                    .collect();
                let members = self.discover(shared, &fresh, false);
                self.strangers
                    .extend(fresh.into_iter().filter(|pid| !members.contains(pid)));
            }
        }
    }

    /// Samples the tasks the event reader says are live.
    fn sample_known(&mut self, shared: &Shared) {
        let targets = targets(&shared.lock(), &self.setup);
        let mut running = Vec::new();
        let mut ticks = Vec::new();
        for target in &targets {
            match *target {
                Target::Proc { tgid, index } => {
                    if let Some(stat) = procfs::stat(tgid, &mut self.buf) {
                        if self.setup.model == WorkerModel::Processes && stat.state == 'R' {
                            running.push(Unit::Proc(index));
                        }
                        ticks.push((index, stat.ticks));
                    }
                }
                Target::Task { tgid, tid, index } => {
                    if let Some(stat) = procfs::task_stat(tgid, tid, &mut self.buf) {
                        if stat.state == 'R' {
                            running.push(Unit::Task(index));
                        }
                    }
                }
            }
        }
        let at_ns = procfs::monotonic_ns();
        let mut state = shared.lock();
        for (index, value) in ticks {
            let record = &mut state.tree.procs[index];
            record.ticks = record.ticks.max(value);
        }
        drop(state);
        self.rows.push(Row { at_ns, running });
    }

    /// Finds the tree among `pids` (all of them members when they come from the run's cgroup),
    /// records births and deaths, and samples.
    fn discover(&mut self, shared: &Shared, pids: &[u32], all_members: bool) -> HashSet<u32> {
        let mut stats: HashMap<u32, Stat> = HashMap::with_capacity(pids.len());
        for &pid in pids {
            if let Some(stat) = procfs::stat(pid, &mut self.buf) {
                stats.insert(pid, stat);
            }
        }
        let at_ns = procfs::monotonic_ns();
        let mut state = shared.lock();
        let members = members(&state, &stats, self.setup.root, all_members);
        let tree = &mut state.tree;
        // Deaths: live records whose pid is gone or now belongs to another process.
        let dead: Vec<usize> = tree
            .live_procs
            .iter()
            .filter(|(tgid, &index)| {
                !members.contains(tgid)
                    || stats.get(tgid).map(|s| s.start) != tree.procs[index].start
            })
            .map(|(_, &index)| index)
            .collect();
        for index in dead {
            tree.end_proc(index, at_ns);
        }
        for &tgid in &members {
            let Some(stat) = stats.get(&tgid) else {
                continue;
            };
            let index = match tree.live_procs.get(&tgid) {
                Some(&index) => index,
                None => {
                    let parent = tree.live_procs.get(&stat.ppid).copied();
                    let index = tree.add_proc(
                        tgid,
                        parent,
                        Some(stat.comm.clone()),
                        procfs::cmdline(tgid),
                        at_ns,
                    );
                    tree.procs[index].start = Some(stat.start);
                    index
                }
            };
            let record = &mut tree.procs[index];
            record.ticks = record.ticks.max(stat.ticks);
            // A young process may exec soon after its fork (a spawned worker, the resource
            // tracker): look at what it became for a while.
            if at_ns.saturating_sub(record.born.ns) < RECHECK_NS {
                let cmdline = procfs::cmdline(tgid);
                // A new command line means an exec between two samples: what the process
                // started before it belongs to the old program (a launcher script's commands).
                let execed =
                    cmdline.is_some() && record.cmdline.is_some() && cmdline != record.cmdline;
                record.comm = Some(stat.comm.clone());
                record.cmdline = cmdline.or(record.cmdline.take());
                if execed || record.view.is_none() {
                    record.view = procfs::view_variables(tgid).or(record.view.take());
                }
                if execed {
                    let stamp = tree.stamp(at_ns);
                    tree.procs[index].exec = Some(stamp);
                }
            }
        }
        if self.setup.model == WorkerModel::Threads {
            self.discover_threads(&mut state, &members, at_ns);
        }
        let targets = targets(&state, &self.setup);
        drop(state);
        let mut running = Vec::new();
        for target in targets {
            match target {
                Target::Proc { tgid, index } => {
                    if stats.get(&tgid).is_some_and(|s| s.state == 'R') {
                        running.push(Unit::Proc(index));
                    }
                }
                Target::Task { tgid, tid, index } => {
                    if procfs::task_stat(tgid, tid, &mut self.buf).is_some_and(|s| s.state == 'R') {
                        running.push(Unit::Task(index));
                    }
                }
            }
        }
        self.rows.push(Row { at_ns, running });
        members.into_iter().collect()
    }

    fn discover_threads(&mut self, state: &mut State, members: &[u32], at_ns: u64) {
        let tree = &mut state.tree;
        for &tgid in members {
            let Some(&index) = tree.live_procs.get(&tgid) else {
                continue;
            };
            let now: HashSet<u32> = procfs::tasks(tgid).into_iter().collect();
            let gone: Vec<u32> = tree
                .live_tasks
                .iter()
                .filter(|(tid, &task)| tree.tasks[task].proc_index == index && !now.contains(tid))
                .map(|(&tid, _)| tid)
                .collect();
            for tid in gone {
                tree.end_task(tid, at_ns);
            }
            for tid in now {
                if !tree.live_tasks.contains_key(&tid) {
                    tree.add_task(tid, index, at_ns);
                }
            }
        }
    }
}

/// The tree's processes among `stats`, parents before children: the root, the processes
/// already known, and every descendant of theirs by parent pid.
fn members(state: &State, stats: &HashMap<u32, Stat>, root: u32, all: bool) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for (&pid, stat) in stats {
        children.entry(stat.ppid).or_default().push(pid);
    }
    let mut seen: HashSet<u32> = HashSet::new();
    let mut order = Vec::new();
    let mut queue: VecDeque<u32> = VecDeque::new();
    let root_known = !state.tree.procs.is_empty();
    if !root_known && stats.contains_key(&root) {
        queue.push_back(root);
    }
    let mut known: Vec<(usize, u32)> = state
        .tree
        .live_procs
        .iter()
        .map(|(&tgid, &index)| (index, tgid))
        .collect();
    known.sort_unstable();
    queue.extend(known.into_iter().map(|(_, tgid)| tgid));
    if all {
        let mut rest: Vec<u32> = stats.keys().copied().collect();
        rest.sort_unstable();
        queue.extend(rest);
    }
    while let Some(pid) = queue.pop_front() {
        if !stats.contains_key(&pid) || !seen.insert(pid) {
            continue;
        }
        order.push(pid);
        if let Some(kids) = children.get(&pid) {
            let mut kids = kids.clone();
            kids.sort_unstable();
            queue.extend(kids);
        }
    }
    order
}

/// What to read in one sample: every live process except wrappers (processes model), or every
/// live thread except a wrapper's plus each process for its CPU time (threads model).
fn targets(state: &State, setup: &SamplerSetup) -> Vec<Target> {
    let tree = &state.tree;
    let wrapped = |index: usize| tree.depth(index) < setup.wrapper_levels;
    let mut targets: Vec<Target> = tree
        .live_procs
        .iter()
        .filter(|(_, &index)| !wrapped(index))
        .map(|(&tgid, &index)| Target::Proc { tgid, index })
        .collect();
    if setup.model == WorkerModel::Threads {
        targets.extend(
            tree.live_tasks
                .iter()
                .filter(|(_, &task)| !wrapped(tree.tasks[task].proc_index))
                .map(|(&tid, &task)| Target::Task {
                    tgid: tree.procs[tree.tasks[task].proc_index].tgid,
                    tid,
                    index: task,
                }),
        );
    }
    targets
}
