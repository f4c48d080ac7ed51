//! What the event reader, the sampler and the caller share while a run is watched.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};

use super::connector::ProcEvent;
use super::procfs;
use super::taskstats::ExitStat;
use super::tree::Tree;

/// Events kept while the root pid is not known yet; the machine's whole event stream between
/// `Monitor::new` and `Monitor::watch` normally holds a few dozen.
const PENDING_CAP: usize = 1 << 20;

/// Exit accounting kept for the whole machine while a run is watched (they are matched with
/// the tree at the end): a few hundred thousand is minutes of a busy machine.
const EXIT_STATS_CAP: usize = 1 << 20;

#[derive(Debug, Default)]
pub(crate) struct Shared {
    pub state: Mutex<State>,
    /// Asks the threads to end.
    pub stop: AtomicBool,
}

impl Shared {
    /// The state, even if a thread panicked while holding it: the records stay consistent
    /// enough to report.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[derive(Debug, Default)]
pub(crate) struct State {
    /// Whether the root is known and events go to the tree.
    pub watching: bool,
    pub pending: Vec<ProcEvent>,
    pub tree: Tree,
    /// What was lost on the way (socket overflow, broken socket), for the figures' notes.
    pub lost: Vec<String>,
    /// The kernel's exit accounting of every task of the machine, by tid, while watching.
    pub exit_stats: HashMap<u32, Vec<ExitStat>>,
    /// Whether exit accounting came all along (none lost).
    pub exit_stats_whole: bool,
    pub exit_stats_count: usize,
    /// What went wrong with exit accounting (the counts stay exact without it).
    pub exit_notes: Vec<String>,
}

impl State {
    pub(crate) fn take_exit_stats(&mut self, stats: &[ExitStat]) {
        self.exit_stats_count += stats.len();
        if self.exit_stats_count > EXIT_STATS_CAP {
            if self.exit_stats_whole {
                self.exit_stats_whole = false;
                self.exit_notes
                    .push("too much exit accounting: its figures are not used".to_string());
            }
            return;
        }
        for stat in stats {
            self.exit_stats.entry(stat.tid).or_default().push(*stat);
        }
    }

    pub(crate) fn take(&mut self, events: &[ProcEvent], ticks_buf: &mut String) {
        if !self.watching {
            if self.pending.len() + events.len() <= PENDING_CAP {
                self.pending.extend_from_slice(events);
            } else if self.lost.is_empty() {
                self.lost
                    .push("too many process events before the watch began".to_string());
            }
            return;
        }
        for event in events {
            let ending = match *event {
                ProcEvent::Exit { pid, tgid, .. } => self
                    .tree
                    .live_tasks
                    .get(&pid)
                    .map(|&task| self.tree.tasks[task].proc_index)
                    .filter(|&index| self.tree.procs[index].live_tasks == 1)
                    .map(|index| (index, tgid)),
                ProcEvent::Fork { .. } | ProcEvent::Exec { .. } | ProcEvent::Comm { .. } => None,
            };
            self.tree.apply(event);
            // Exit accounting gives the CPU time exactly: no need to read zombies then.
            if let Some((index, tgid)) = ending.filter(|_| !self.exit_stats_whole) {
                self.final_ticks(index, tgid, ticks_buf);
            }
        }
    }

    /// A process that just exited stays a zombie until its parent reaps it; meanwhile its stat
    /// holds its whole CPU time.
    fn final_ticks(&mut self, index: usize, tgid: u32, buf: &mut String) {
        if let Some(stat) = procfs::stat(tgid, buf) {
            if matches!(stat.state, 'Z' | 'X') {
                let record = &mut self.tree.procs[index];
                record.ticks = record.ticks.max(stat.ticks);
            }
        }
    }
}
