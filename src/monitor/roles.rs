//! Who is who in a finished tree: wrappers, the main process, runtime helpers, workers.
//!
//! Roles are decided once the run is over, from what each process finally became, because a
//! process is only known for what it is after its exec: the sandbox helper clones the job's
//! init, which forks a copy of itself that then execs the student's program; Python's spawn
//! start method forks, then execs a fresh interpreter for a worker or for the resource tracker.
//! Nothing the program can choose for itself (its name, a comment in its code) makes a process
//! anything but a worker, and no kind of helper is granted twice.
//!
//! - A wrapper is a process of the first [`MonitorSettings::wrapper_levels`] levels of the tree:
//!   the sandbox's own processes, known from how the run was contained.
//! - The main process is the first other process whose parent is a wrapper (or the root, when
//!   there is no wrapper).
//! - A process the main process started before its last exec, and that was gone by then, is
//!   not the student's: it belongs to a launcher script that exec'd the program at the end
//!   (pyenv's `python3` shim runs a few dozen commands, then execs the interpreter in the same
//!   process). So are its children. One still alive when the program starts is a worker.
//! - In a Python program, a helper is a child of the main process whose whole command line,
//!   read at its exec, is what multiprocessing runs for its resource tracker or its forkserver
//!   (see [`helper_kind`]), or the one process named [`MANAGER_NAME`], the name the grader's
//!   own start-up hook gives a `Manager()`'s server. The first of each kind only.
//!   Processes a helper forks (a forkserver's workers) are workers.
//! - Everything else is a worker process.

use std::collections::BTreeSet;

use super::settings::{helper_kind, HelperKind, MonitorSettings, WorkerModel, MANAGER_NAME};
use super::tree::{Stamp, TaskRecord, Tree};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Wrapper,
    Main,
    /// Started by the main process before it exec'd the student's program, and gone by then;
    /// or started by such a one.
    Launcher,
    Helper,
    Worker,
}

/// The role of every process of `tree`, by index. Parents come before their children.
pub(crate) fn roles(tree: &Tree, settings: &MonitorSettings) -> Vec<Role> {
    let mut roles: Vec<Role> = Vec::with_capacity(tree.procs.len());
    let mut depths: Vec<usize> = Vec::with_capacity(tree.procs.len());
    let mut main_found = false;
    let mut helpers_seen: BTreeSet<HelperKind> = BTreeSet::new();
    for (index, record) in tree.procs.iter().enumerate() {
        let depth = record
            .parent
            .and_then(|parent| depths.get(parent))
            .map_or(0, |depth| depth + 1);
        depths.push(depth);
        let parent_role = record.parent.and_then(|parent| roles.get(parent).copied());
        let above_main = parent_role.is_none_or(|role| role == Role::Wrapper);
        // The main process's last exec, for its launcher's commands: those started before it
        // (by the main process, or by such a command) that were gone by then and did next to
        // no work. Anything alive at the exec, or that worked, is the program's.
        let main_exec = roles
            .iter()
            .position(|role| *role == Role::Main)
            .and_then(|main| tree.procs[main].exec);
        let launcher = matches!(parent_role, Some(Role::Main) | Some(Role::Launcher))
            && main_exec.is_some_and(|exec| {
                record.born.seq < exec.seq
                    && record.died.is_some_and(|died| died.seq < exec.seq)
                    && tree.cpu(index) <= LAUNCHER_CPU
            });
        let role = if launcher {
            Role::Launcher
        } else if above_main && depth < settings.wrapper_levels {
            Role::Wrapper
        } else if above_main && !main_found {
            main_found = true;
            Role::Main
        } else if settings.python_helpers
            && parent_role == Some(Role::Helper)
            && record.comm.as_deref() == Some(MANAGER_NAME)
        {
            // Under the forkserver start method the forkserver forks the Manager's server too.
            if helpers_seen.insert(HelperKind::Manager) {
                Role::Helper
            } else {
                Role::Worker
            }
        } else if settings.python_helpers && parent_role == Some(Role::Main) {
            let parent_cmdline = record
                .parent
                .and_then(|parent| tree.procs[parent].cmdline.as_ref());
            // Its own command line: read at its exec, or found changed by polling.
            let own_cmdline = record
                .cmdline
                .as_ref()
                .filter(|cmdline| record.exec.is_some() || Some(*cmdline) != parent_cmdline);
            let kind = if record.comm.as_deref() == Some(MANAGER_NAME) {
                Some(HelperKind::Manager)
            } else {
                own_cmdline.and_then(|cmdline| helper_kind(cmdline))
            };
            match kind {
                Some(kind) if helpers_seen.insert(kind) => Role::Helper,
                _ => Role::Worker,
            }
        } else {
            Role::Worker
        };
        roles.push(role);
    }
    roles
}

/// CPU time a launcher's command may use: a shim's `sed` or `cat`, not a worker's share.
const LAUNCHER_CPU: std::time::Duration = std::time::Duration::from_millis(20);

/// A worker's life: from its birth to its death (`None`: still alive when the watch ended).
/// `end_ns` is when it stopped counting as alive: the start of its exit when the kernel's exit
/// accounting told it, else its exit event's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Life {
    pub born: Stamp,
    pub died: Option<Stamp>,
    pub end_ns: Option<u64>,
}

/// Whether a task counts as a worker thread in the threads model.
pub(crate) fn is_worker_task(task: &TaskRecord, roles: &[Role]) -> bool {
    match roles.get(task.proc_index) {
        Some(Role::Worker) => true,
        Some(Role::Main) => !task.leader,
        Some(Role::Wrapper) | Some(Role::Launcher) | Some(Role::Helper) | None => false,
    }
}

/// The lives of all workers, per the model.
pub(crate) fn worker_lives(tree: &Tree, roles: &[Role], model: WorkerModel) -> Vec<Life> {
    match model {
        WorkerModel::Processes => {
            // A process is alive while any of its threads is.
            let mut ends: Vec<Option<u64>> = vec![Some(0); tree.procs.len()];
            for task in &tree.tasks {
                if let Some(end) = ends.get_mut(task.proc_index) {
                    *end = match (*end, task.end_ns()) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                }
            }
            tree.procs
                .iter()
                .zip(roles)
                .zip(ends)
                .filter(|((_, role), _)| **role == Role::Worker)
                .map(|((record, _), end_ns)| Life {
                    born: record.born,
                    died: record.died,
                    end_ns: record.died.and(end_ns),
                })
                .collect()
        }
        WorkerModel::Threads => tree
            .tasks
            .iter()
            .filter(|task| is_worker_task(task, roles))
            .map(|task| Life {
                born: task.born,
                died: task.died,
                end_ns: task.end_ns(),
            })
            .collect(),
    }
}

/// How long an exit event may come after a joining thread or waiting parent woke up: the
/// kernel sends it at the very end of the exit (measured: microseconds, a millisecond when the
/// exiting task is preempted on a busy machine).
pub(crate) const EXIT_EVENT_LAG_NS: u64 = 1_000_000;

/// The most lives overlapping at one moment, each life ending [`EXIT_EVENT_LAG_NS`] before its
/// exit event (a life shorter than that never overlaps): a lower bound of the peak where deaths
/// are only known from exit events.
pub(crate) fn peak_settled(lives: &[Life]) -> u32 {
    let mut changes: Vec<(u64, i32)> = Vec::with_capacity(lives.len() * 2);
    for life in lives {
        let end = life
            .died
            .map(|died| died.ns.saturating_sub(EXIT_EVENT_LAG_NS));
        match end {
            Some(end) if end <= life.born.ns => {}
            Some(end) => changes.extend([(life.born.ns, 1), (end, -1)]),
            None => changes.push((life.born.ns, 1)),
        }
    }
    changes.sort_unstable();
    let (mut live, mut peak) = (0i32, 0i32);
    for (_, change) in changes {
        live += change;
        peak = peak.max(live);
    }
    peak.max(0) as u32
}

/// The most lives overlapping at one moment. `by_time` orders births and ends by their times
/// (needed when ends come from exit accounting, which is not in the event order); otherwise
/// by the order the kernel queued the events.
pub(crate) fn peak(lives: &[Life], by_time: bool) -> u32 {
    let mut changes: Vec<(u64, i32, u64)> = Vec::with_capacity(lives.len() * 2);
    for life in lives {
        let born = if by_time { life.born.ns } else { life.born.seq };
        changes.push((born, 1, life.born.seq));
        if let Some(died) = life.died {
            let end = if by_time {
                life.end_ns.unwrap_or(died.ns)
            } else {
                died.seq
            };
            changes.push((end, -1, died.seq));
        }
    }
    // At one moment ends come first: an end and a birth at the same time are no overlap.
    changes.sort_unstable();
    let (mut live, mut peak) = (0i32, 0i32);
    for (_, change, _) in changes {
        live += change;
        peak = peak.max(live);
    }
    peak.max(0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::settings::MonitorSettings;

    fn tree_of(names: &[(Option<usize>, &str, Option<&str>)]) -> Tree {
        let mut tree = Tree::default();
        for (i, (parent, comm, cmdline)) in names.iter().enumerate() {
            tree.add_proc(
                100 + i as u32,
                *parent,
                Some(comm.to_string()),
                cmdline.map(str::to_string),
                i as u64,
            );
        }
        tree
    }

    #[test]
    fn wrappers_main_helpers_and_workers() {
        let tree = tree_of(&[
            (None, "grade-sandbox", None),
            (Some(0), "grade-sandbox", None),
            (Some(1), "python3", Some("python3\0-B\0cube.py")),
            (
                Some(2),
                "python3",
                Some("python3\0-c\0from multiprocessing.forkserver import main; main(1, 2, [], **{})"),
            ),
            (Some(3), "python3", None),
            (Some(2), "python3", None),
            (Some(2), "mp-manager", None),
        ]);
        let mut settings = MonitorSettings::new(WorkerModel::Processes);
        settings.wrapper_levels = 2;
        assert_eq!(
            roles(&tree, &settings),
            vec![
                Role::Wrapper,
                Role::Wrapper,
                Role::Main,
                Role::Helper,
                Role::Worker,
                Role::Worker,
                Role::Helper,
            ]
        );
    }

    #[test]
    fn names_and_second_helpers_make_workers() {
        let tracker = "python3\0-c\0from multiprocessing.resource_tracker import main;main(5)";
        let tree = tree_of(&[
            (None, "grade-sandbox", None),
            (Some(0), "grade-sandbox", None),
            // The program takes the sandbox's name: it is still the main process.
            (Some(1), "grade-sandbox", Some("python3\0cube.py")),
            (Some(2), "python3", Some(tracker)),
            (Some(2), "python3", Some(tracker)),
            (Some(2), "mp-manager", None),
            (Some(2), "mp-manager", None),
            // A helper's command line as one argument, as a renamed process shows it.
            (
                Some(2),
                "python3",
                Some("python3 -c from multiprocessing.resource_tracker import main;main(5)"),
            ),
            // A helper's children are not helpers.
            (Some(3), "mp-manager", None),
        ]);
        let mut settings = MonitorSettings::new(WorkerModel::Processes);
        settings.wrapper_levels = 2;
        assert_eq!(
            roles(&tree, &settings),
            vec![
                Role::Wrapper,
                Role::Wrapper,
                Role::Main,
                Role::Helper,
                Role::Worker,
                Role::Helper,
                Role::Worker,
                Role::Worker,
                Role::Worker,
            ]
        );
        // A Rust program has no helpers at all.
        settings.python_helpers = false;
        let roles = roles(&tree, &settings);
        assert_eq!(roles.iter().filter(|r| **r == Role::Worker).count(), 6);
    }

    #[test]
    fn what_the_main_process_started_before_its_exec_is_no_worker() {
        let mut tree = tree_of(&[(None, "python3", None), (Some(0), "pyenv", None)]);
        tree.add_proc(102, Some(1), Some("grep".into()), None, 2);
        tree.apply(&crate::monitor::connector::ProcEvent::Exit {
            ns: 3,
            pid: 102,
            tgid: 102,
        });
        tree.apply(&crate::monitor::connector::ProcEvent::Exit {
            ns: 4,
            pid: 101,
            tgid: 101,
        });
        // Born before the exec, but still alive after it: the program's, not the launcher's.
        tree.add_proc(104, Some(0), Some("python3".into()), None, 5);
        tree.apply(&crate::monitor::connector::ProcEvent::Exec {
            ns: 6,
            pid: 100,
            tgid: 100,
        });
        tree.add_proc(103, Some(0), Some("python3".into()), None, 7);
        let settings = MonitorSettings::new(WorkerModel::Processes);
        assert_eq!(
            roles(&tree, &settings),
            vec![
                Role::Main,
                Role::Launcher,
                Role::Launcher,
                Role::Worker,
                Role::Worker
            ]
        );
    }

    #[test]
    fn a_root_without_wrapper_levels_is_main() {
        let tree = tree_of(&[(None, "cube", None), (Some(0), "grade-sandbox", None)]);
        let settings = MonitorSettings::new(WorkerModel::Threads);
        assert_eq!(roles(&tree, &settings), vec![Role::Main, Role::Worker]);
    }

    #[test]
    fn threads_model_counts_all_but_the_main_thread() {
        let mut tree = tree_of(&[(None, "cube", None), (Some(0), "cube", None)]);
        tree.add_task(500, 0, 10);
        tree.add_task(501, 1, 11);
        let settings = MonitorSettings::new(WorkerModel::Threads);
        let roles = roles(&tree, &settings);
        assert_eq!(worker_lives(&tree, &roles, WorkerModel::Threads).len(), 3);
        assert_eq!(worker_lives(&tree, &roles, WorkerModel::Processes).len(), 1);
    }

    #[test]
    fn peak_counts_overlaps_in_event_order() {
        let s = |seq| Stamp { seq, ns: 0 };
        let life = |born, died: Option<u64>| Life {
            born: s(born),
            died: died.map(s),
            end_ns: None,
        };
        let lives = [
            life(1, Some(4)),
            life(2, Some(3)),
            life(5, None),
            life(6, Some(7)),
        ];
        assert_eq!(peak(&lives, false), 2);
        assert_eq!(peak(&[], false), 0);
    }

    #[test]
    fn by_time_an_exit_that_started_before_a_birth_is_no_overlap() {
        // The old thread's exit event comes after the new thread's fork event (the joiner was
        // woken in the middle of the exit), but its exit started before.
        let old = Life {
            born: Stamp { seq: 1, ns: 100 },
            died: Some(Stamp { seq: 3, ns: 400 }),
            end_ns: Some(200),
        };
        let new = Life {
            born: Stamp { seq: 2, ns: 300 },
            died: Some(Stamp { seq: 4, ns: 500 }),
            end_ns: Some(450),
        };
        assert_eq!(peak(&[old, new], false), 2);
        assert_eq!(peak(&[old, new], true), 1);
    }

    #[test]
    fn settled_peak_sets_aside_overlaps_under_the_exit_event_lag() {
        let life = |born_ms: u64, died_ms: Option<u64>| Life {
            born: Stamp {
                seq: born_ms,
                ns: born_ms * 1_000_000,
            },
            died: died_ms.map(|ms| Stamp {
                seq: ms,
                ns: ms * 1_000_000,
            }),
            end_ns: None,
        };
        // A round of two joined at 10 ms, whose exit events came 0.5 ms after the next round
        // started: 4 in event order, 2 settled.
        let lives = [
            life(0, Some(10)),
            life(0, Some(10)),
            life(9, Some(20)),
            life(9, Some(20)),
        ];
        assert_eq!(peak(&lives, false), 4);
        assert_eq!(peak_settled(&lives), 2);
        // Overlaps of more than a millisecond still count, and so does a worker still alive.
        let lives = [life(0, Some(10)), life(5, Some(20)), life(6, None)];
        assert_eq!(peak_settled(&lives), 3);
    }
}
