//! [`Monitor`] and [`Watching`]: the two halves of watching one run.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use super::connector::{Connector, ProcEvent};
use super::figures::{timeline, Probe, Unseen, ViewLost, WorkerFigures};
use super::procfs;
use super::roles::{self, is_worker_task, Role};
use super::sampler::{self, Discovery, Row, SamplerReport, SamplerSetup, Unit};
use super::settings::{CpuView, MonitorSettings, WorkerModel};
use super::state::Shared;
use super::taskstats::TaskStats;
use super::tree::{TaskRecord, Tree};

/// How long `finish` waits for the exit events of a tree that should be all dead.
const DRAIN: Duration = Duration::from_millis(500);
/// How long `finish` waits for the exit accounting of a tree that is all dead.
const EXIT_STATS_WAIT: Duration = Duration::from_millis(100);

/// Ready to watch one run. Create it before spawning the student's process, so that no event
/// of its tree is missed.
#[derive(Debug)]
pub struct Monitor {
    settings: MonitorSettings,
    shared: Arc<Shared>,
    reader: Option<JoinHandle<Duration>>,
    exit_reader: Option<JoinHandle<Duration>>,
    /// Why a source is not used.
    degraded: Vec<String>,
}

/// Watching one run; call [`Watching::finish`] once its root process has exited.
#[derive(Debug)]
pub struct Watching {
    settings: MonitorSettings,
    shared: Arc<Shared>,
    reader: Option<JoinHandle<Duration>>,
    exit_reader: Option<JoinHandle<Duration>>,
    sampler: Option<JoinHandle<SamplerReport>>,
    discovery: Discovery,
    cgroup: Option<PathBuf>,
    notes: Vec<String>,
    root_born_ns: u64,
    exit_reader_used: bool,
}

impl Monitor {
    /// Subscribes to the kernel's process events. Never fails: without them the monitor polls
    /// `/proc` and says why in the figures' notes.
    pub fn new(settings: MonitorSettings) -> Monitor {
        let shared = Arc::new(Shared::default());
        let opened = if settings.proc_connector {
            Connector::open()
        } else {
            Err("the proc connector is turned off in the settings".to_string())
        };
        let mut degraded = Vec::new();
        let reader = match opened {
            Ok(connector) => {
                let for_thread = Arc::clone(&shared);
                spawn("grade-proc-events", &mut degraded, move || {
                    super::reader::read_events(connector, for_thread)
                })
            }
            Err(why) => {
                degraded.push(why);
                None
            }
        };
        // Exit accounting only refines what the events give.
        let exit_reader = match reader.as_ref().map(|_| TaskStats::open()) {
            Some(Ok(stats)) => {
                shared.lock().exit_stats_whole = true;
                let for_thread = Arc::clone(&shared);
                spawn("grade-exit-stats", &mut degraded, move || {
                    super::reader::read_exit_stats(stats, for_thread)
                })
            }
            Some(Err(why)) => {
                degraded.push(format!(
                    "{why}: a thread joined just before the next one starts may show as overlapping it"
                ));
                None
            }
            None => None,
        };
        Monitor {
            settings,
            shared,
            reader,
            exit_reader,
            degraded,
        }
    }

    /// How many levels of the tree, from the root down, are the sandbox's own processes (see
    /// [`MonitorSettings::wrapper_levels`]): known once the run is contained.
    pub fn set_wrapper_levels(&mut self, levels: usize) {
        self.settings.wrapper_levels = levels;
    }

    /// The CPU view the program is given, which every program it runs must keep.
    pub fn set_cpu_view(&mut self, view: Option<CpuView>) {
        self.settings.cpu_view = view;
    }

    /// Whether the kernel's process events are used (every task seen, however short-lived).
    pub fn is_exact(&self) -> bool {
        self.reader.is_some()
    }

    /// Starts watching the tree under `root_pid`, a process spawned after [`Monitor::new`].
    /// `cgroup_v2` is the run's own cgroup directory, if the sandbox made one: it gives the
    /// exact CPU time, and membership when the proc connector is unavailable.
    pub fn watch(mut self, root_pid: u32, cgroup_v2: Option<PathBuf>) -> Watching {
        let settings = self.settings.clone();
        let shared = Arc::clone(&self.shared);
        let reader = self.reader.take();
        let exit_reader = self.exit_reader.take();
        let exit_reader_used = exit_reader.is_some();
        let mut notes = std::mem::take(&mut self.degraded);
        let cgroup = cgroup_v2.filter(|dir| dir.join("cgroup.procs").exists());
        let discovery = match (&reader, &cgroup) {
            (Some(_), _) => Discovery::Events,
            (None, Some(dir)) => Discovery::Cgroup(dir.clone()),
            (None, None) => Discovery::Scan,
        };
        let mut root_born_ns = procfs::monotonic_ns();
        if let Discovery::Events = discovery {
            root_born_ns = start_tree(&shared, root_pid, root_born_ns);
        }
        let setup = SamplerSetup {
            model: settings.model,
            interval: settings.interval,
            budget_permille: settings.budget_permille,
            wrapper_levels: settings.wrapper_levels,
            discovery: discovery.clone(),
            root: root_pid,
        };
        let for_sampler = Arc::clone(&shared);
        let sampler = spawn("grade-sampler", &mut notes, move || {
            sampler::sample(for_sampler, setup)
        });
        Watching {
            settings,
            shared,
            reader,
            exit_reader,
            sampler,
            discovery,
            cgroup,
            notes,
            root_born_ns,
            exit_reader_used,
        }
    }
}

/// Starts a named thread; on failure says so in `notes`.
fn spawn<T: Send + 'static>(
    name: &str,
    notes: &mut Vec<String>,
    body: impl FnOnce() -> T + Send + 'static,
) -> Option<JoinHandle<T>> {
    match std::thread::Builder::new().name(name.into()).spawn(body) {
        Ok(handle) => Some(handle),
        Err(e) => {
            notes.push(format!("could not start {name}: {e}"));
            None
        }
    }
}

/// Seeds the tree with the root and replays the events queued since `Monitor::new`, from the
/// root's fork on. Returns the root's birth time.
fn start_tree(shared: &Shared, root: u32, now_ns: u64) -> u64 {
    let mut state = shared.lock();
    let pending = std::mem::take(&mut state.pending);
    let fork_at = pending.iter().position(|event| {
        matches!(event, ProcEvent::Fork { child_pid, child_tgid, .. }
            if *child_pid == root && *child_tgid == root)
    });
    let (born_ns, replay) = match fork_at {
        Some(at) => match pending[at] {
            ProcEvent::Fork { ns, .. } => (ns, &pending[at + 1..]),
            ProcEvent::Exec { .. } | ProcEvent::Comm { .. } | ProcEvent::Exit { .. } => {
                (now_ns, &pending[..])
            }
        },
        None => (now_ns, &pending[..]),
    };
    state.tree.add_proc(
        root,
        None,
        procfs::comm(root),
        procfs::cmdline(root),
        born_ns,
    );
    state.watching = true;
    let mut buf = String::new();
    state.take(replay, &mut buf);
    born_ns
}

/// CPU time a helper may use: an interpreter's start-up and a little serving.
const HELPER_CPU: Duration = Duration::from_millis(150);

/// The CPU time of the processes model that the counted processes cannot account for, and
/// where most of it ran: what each process used beyond one CPU over its life (the main process
/// and the workers), what the helpers used beyond [`HELPER_CPU`] each, and, when each task's
/// CPU time is known, what the main process's other threads did beyond all the workers.
fn unseen(tree: &Tree, roles: &[Role], exact: bool, end_ns: u64) -> (Duration, Option<Unseen>) {
    // With each task's exact CPU time: what the workers did, and what the main process's
    // threads other than its first did. Threads that out-work every worker are the work itself,
    // however few CPUs a busy machine let them use at once.
    let task_cpu = |filter: &dyn Fn(&TaskRecord) -> bool| -> Duration {
        tree.tasks
            .iter()
            .filter(|task| filter(task))
            .filter_map(|task| task.cpu)
            .sum()
    };
    let role_of = |task: &TaskRecord| roles.get(task.proc_index).copied();
    let workers_cpu = task_cpu(&|task| role_of(task) == Some(Role::Worker));
    let main_threads_cpu = task_cpu(&|task| role_of(task) == Some(Role::Main) && !task.leader);
    let mut by_place: [(Duration, Unseen); 3] = [
        (Duration::ZERO, Unseen::MainThreads),
        (Duration::ZERO, Unseen::WorkerThreads),
        (Duration::ZERO, Unseen::Helpers),
    ];
    for (index, record) in tree.procs.iter().enumerate() {
        let place = match roles.get(index) {
            Some(Role::Main) => 0,
            Some(Role::Worker) => 1,
            Some(Role::Helper) => 2,
            Some(Role::Wrapper) | Some(Role::Launcher) | None => continue,
        };
        // Tasks carry their CPU time only with exit accounting (`exact`).
        let cpu = tree.cpu(index);
        let excess = if place == 2 {
            cpu.saturating_sub(HELPER_CPU)
        } else {
            let start = record.exec.unwrap_or(record.born).ns;
            let end = record.died.map_or(end_ns, |died| died.ns);
            let beyond_one_cpu =
                cpu.saturating_sub(Duration::from_nanos(end.saturating_sub(start)));
            match (place, exact) {
                (0, true) => beyond_one_cpu.max(main_threads_cpu.saturating_sub(workers_cpu)),
                _ => beyond_one_cpu,
            }
        };
        by_place[place].0 += excess;
    }
    let total = by_place.iter().map(|(cpu, _)| *cpu).sum();
    let most = by_place
        .iter()
        .filter(|(cpu, _)| !cpu.is_zero())
        .max_by_key(|(cpu, _)| *cpu)
        .map(|(_, place)| *place);
    (total, most)
}

/// The processes of the program that exec'd without the CPU view `view`, and what they lost.
fn view_lost(tree: &Tree, roles: &[Role], view: &CpuView) -> Vec<ViewLost> {
    const SHOWN: usize = 3;
    let mut lost = Vec::new();
    for (index, record) in tree.procs.iter().enumerate() {
        if !matches!(
            roles.get(index),
            Some(Role::Main) | Some(Role::Worker) | Some(Role::Helper)
        ) {
            continue;
        }
        let (Some(cmdline), Some(found)) = (&record.cmdline, &record.view) else {
            continue;
        };
        let what = view.lost(cmdline, found);
        if what.is_empty() || lost.len() == SHOWN {
            continue;
        }
        let mut shown: String = cmdline.replace('\0', " ").chars().take(60).collect();
        if cmdline.chars().count() > 60 {
            shown.push('…');
        }
        lost.push(ViewLost {
            command: shown,
            lost: what,
        });
    }
    lost
}

impl Watching {
    /// Ends the watch and computes the figures. Call it once the root process has exited.
    pub fn finish(mut self) -> WorkerFigures {
        let finish_ns = procfs::monotonic_ns();
        if let Discovery::Events = self.discovery {
            self.drain();
        }
        self.shared.stop.store(true, Ordering::Release);
        let mut monitor_cpu = Duration::ZERO;
        let mut rows: Vec<Row> = Vec::new();
        if let Some(sampler) = self.sampler.take() {
            sampler.thread().unpark();
            match sampler.join() {
                Ok(report) => {
                    monitor_cpu += report.cpu;
                    rows = report.rows;
                }
                Err(_) => self.notes.push("the sampler failed".to_string()),
            }
        }
        for reader in [self.reader.take(), self.exit_reader.take()]
            .into_iter()
            .flatten()
        {
            match reader.join() {
                Ok(cpu) => monitor_cpu += cpu,
                Err(_) => self.notes.push("an event reader failed".to_string()),
            }
        }
        self.figures(rows, monitor_cpu, finish_ns)
    }

    /// Waits for the exit events of the tree's last tasks. A task whose event never comes but
    /// whose `/proc` entry is gone is closed now; one still alive stays open (a stray the sandbox
    /// did not kill).
    fn drain(&mut self) {
        let started = std::time::Instant::now();
        loop {
            let (live, accounted) = {
                let state = self.shared.lock();
                let accounted = !self.exit_reader_used
                    || !state.exit_stats_whole
                    || state
                        .tree
                        .tasks
                        .iter()
                        .all(|task| state.exit_stats.contains_key(&task.tid));
                let live: Vec<u32> = state.tree.live_tasks.keys().copied().collect();
                (live, accounted)
            };
            // The exit accounting of the last tasks may still be on its way: it is sent at the
            // start of their exit but read by another thread.
            if live.is_empty() && (accounted || started.elapsed() >= EXIT_STATS_WAIT) {
                return;
            }
            if started.elapsed() >= DRAIN {
                let now = procfs::monotonic_ns();
                let mut state = self.shared.lock();
                let mut closed = 0;
                for tid in live {
                    if !std::path::Path::new(&format!("/proc/{tid}")).exists() {
                        state.tree.end_task(tid, now);
                        closed += 1;
                    }
                }
                if closed > 0 {
                    self.notes
                        .push(format!("{closed} task(s) ended without an exit event"));
                }
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn figures(&mut self, rows: Vec<Row>, monitor_cpu: Duration, finish_ns: u64) -> WorkerFigures {
        let model = self.settings.model;
        let mut state = self.shared.lock();
        let exit_stats = std::mem::take(&mut state.exit_stats);
        let with_exit_stats = self.exit_reader_used && state.exit_stats_whole;
        if with_exit_stats {
            state.tree.apply_exit_stats(&exit_stats);
        }
        let tree = &state.tree;
        let roles = roles::roles(tree, &self.settings);
        let lives = roles::worker_lives(tree, &roles, model);
        let probes: Vec<Probe> = rows
            .iter()
            .map(|row| Probe {
                at_ns: row.at_ns,
                running: row
                    .running
                    .iter()
                    .filter(|unit| match **unit {
                        Unit::Proc(index) => roles.get(index) == Some(&Role::Worker),
                        Unit::Task(index) => tree
                            .tasks
                            .get(index)
                            .is_some_and(|task| is_worker_task(task, &roles)),
                    })
                    .count() as u32,
            })
            .collect();
        let events = matches!(self.discovery, Discovery::Events);
        let root_died = tree.procs.first().and_then(|root| root.died).map(|d| d.ns);
        let end_ns = match root_died {
            Some(ns) if events => ns,
            Some(ns) => ns.min(finish_ns),
            None => finish_ns,
        }
        .max(self.root_born_ns);
        // The run is the student's program's: from the main process's start (its last exec
        // when wrappers or a launcher script came first) to the root's end.
        let start_ns = roles
            .iter()
            .position(|role| *role == Role::Main)
            .and_then(|main| tree.procs.get(main))
            .map_or(self.root_born_ns, |main| main.exec.unwrap_or(main.born).ns)
            .clamp(self.root_born_ns, end_ns);
        let wall = Duration::from_nanos(end_ns - start_ns);
        // CPU time of the program: its main process, workers and helpers, not the wrappers
        // and launchers around it.
        let counted = |proc_index: usize| {
            matches!(
                roles.get(proc_index),
                Some(Role::Main) | Some(Role::Worker) | Some(Role::Helper)
            )
        };
        let cgroup_cpu = self.cgroup.as_deref().and_then(procfs::cgroup_cpu);
        let accounted: Vec<Option<Duration>> = tree
            .tasks
            .iter()
            .filter(|task| counted(task.proc_index))
            .map(|task| task.cpu)
            .collect();
        let unaccounted = accounted.iter().filter(|cpu| cpu.is_none()).count();
        let exit_cpu = (with_exit_stats && unaccounted == 0 && tree.live_tasks.is_empty())
            .then(|| accounted.iter().flatten().sum::<Duration>());
        // Exit accounting counts the program alone; the cgroup also counts the wrappers'
        // start-up, which dwarfs a run of a few milliseconds (CPU/wall of 6 on 2 cores).
        let cgroup_cpu = cgroup_cpu.filter(|_| exit_cpu.is_none());
        let cpu_time = exit_cpu.or(cgroup_cpu).unwrap_or_else(|| {
            let ticks: u64 = tree
                .procs
                .iter()
                .enumerate()
                .filter(|(index, _)| counted(*index))
                .map(|(_, record)| record.ticks)
                .sum();
            procfs::ticks_to_duration(ticks, procfs::ticks_per_second())
        });
        let mut method = match self.discovery {
            Discovery::Events => "proc-connector+proc-poll",
            Discovery::Cgroup(_) => "cgroup-poll",
            Discovery::Scan => "proc-poll",
        }
        .to_string();
        if with_exit_stats {
            method.push_str("+taskstats");
        }
        if cgroup_cpu.is_some() {
            method.push_str("+cgroup-cpu");
        }
        let mut notes = std::mem::take(&mut self.notes);
        notes.extend(state.lost.iter().cloned());
        notes.extend(state.exit_notes.iter().cloned());
        if with_exit_stats && unaccounted > 0 {
            notes.push(format!("{unaccounted} task(s) without exit accounting"));
        }
        let exact = events && state.lost.is_empty();
        let main_threads = tree
            .tasks
            .iter()
            .filter(|task| roles.get(task.proc_index) == Some(&Role::Main) && !task.leader)
            .count() as u32;
        let (unseen_cpu, unseen_in) = match model {
            WorkerModel::Processes => unseen(tree, &roles, with_exit_stats, end_ns),
            WorkerModel::Threads => (Duration::ZERO, None),
        };
        let view_lost = match &self.settings.cpu_view {
            Some(view) => view_lost(tree, &roles, view),
            None => Vec::new(),
        };
        let program_wall = roles
            .iter()
            .position(|role| *role == Role::Main)
            .and_then(|main| tree.procs.get(main))
            .and_then(|main| {
                // From its birth: a program that re-executes itself is timed whole.
                let start = main.born.ns;
                let end = main.died?.ns;
                Some(Duration::from_nanos(end.checked_sub(start)?))
            });
        let peak = roles::peak(&lives, with_exit_stats);
        WorkerFigures {
            program_wall,
            unseen_cpu,
            unseen_in,
            view_lost,
            peak,
            peak_settled: if with_exit_stats {
                peak
            } else {
                roles::peak_settled(&lives).min(peak)
            },
            exits_accounted: with_exit_stats,
            distinct: lives.len() as u32,
            main_threads,
            peak_running: probes.iter().map(|p| p.running).max().unwrap_or(0),
            cpu_time,
            wall,
            parallelism: if wall.is_zero() {
                0.0
            } else {
                cpu_time.as_secs_f64() / wall.as_secs_f64()
            },
            timeline: timeline(&lives, &probes, start_ns, end_ns),
            method,
            exact,
            monitor_cpu,
            samples: probes.len() as u32,
            notes,
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        // Dropped without `finish` (the caller bailed out): don't leave the threads running.
        self.shared.stop.store(true, Ordering::Release);
        if let Some(sampler) = &self.sampler {
            sampler.thread().unpark();
        }
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        // Dropped without `watch`: the reader stops at its next wake-up.
        if self.reader.is_some() || self.exit_reader.is_some() {
            self.shared.stop.store(true, Ordering::Release);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: u64 = 1_000_000_000;

    /// A main process (two threads besides its first) and two workers, living 2 s, with the
    /// CPU time each task used: `threads` for each of the main's other threads, `worker` for
    /// each worker.
    fn run(threads: Duration, worker: Duration) -> (Tree, Vec<Role>) {
        let mut tree = Tree::default();
        let main = tree.add_proc(100, None, Some("python3".into()), None, 0);
        tree.add_task(101, main, 1);
        tree.add_task(102, main, 1);
        tree.add_proc(103, Some(main), Some("python3".into()), None, 2);
        tree.add_proc(104, Some(main), Some("python3".into()), None, 2);
        for tid in [101, 102, 103, 104, 100] {
            tree.end_task(tid, 2 * SECOND);
        }
        for task in &mut tree.tasks {
            task.cpu = Some(match task.tid {
                101 | 102 => threads,
                103 | 104 => worker,
                _ => Duration::from_millis(50),
            });
        }
        let roles = vec![Role::Main, Role::Worker, Role::Worker];
        (tree, roles)
    }

    #[test]
    fn threads_that_out_work_the_workers_are_unseen_work_even_on_one_cpu() {
        // 2 x 0.9 s of hashing in threads, on a machine that gave them one CPU at a time: no
        // process used more than one CPU, but the workers did nothing.
        let (tree, roles) = run(Duration::from_millis(900), Duration::from_millis(5));
        let (cpu, place) = unseen(&tree, &roles, true, 2 * SECOND);
        assert_eq!(cpu, Duration::from_millis(1790));
        assert_eq!(place, Some(Unseen::MainThreads));
        // Without each task's exact CPU time, only what passes one CPU shows.
        assert_eq!(unseen(&tree, &roles, false, 2 * SECOND).0, Duration::ZERO);
    }

    #[test]
    fn a_pool_s_handler_threads_beside_busy_workers_are_nothing() {
        let (tree, roles) = run(Duration::from_millis(10), Duration::from_millis(900));
        assert_eq!(
            unseen(&tree, &roles, true, 2 * SECOND),
            (Duration::ZERO, None)
        );
    }
}
