//! The thread that reads the proc connector and feeds the tree.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use super::connector::{Connector, RecvError};
use super::procfs;
use super::state::Shared;
use super::taskstats::TaskStats;

/// Reads events until asked to stop; returns the thread's CPU time.
pub(crate) fn read_events(connector: Connector, shared: Arc<Shared>) -> Duration {
    let mut buf = vec![0u8; 64 << 10];
    let mut events = Vec::with_capacity(64);
    let mut ticks_buf = String::new();
    loop {
        events.clear();
        let received = connector.recv(&mut buf, &mut events);
        match received {
            Ok(()) => shared.lock().take(&events, &mut ticks_buf),
            Err(RecvError::Idle) => {}
            Err(RecvError::Overflow) => shared
                .lock()
                .lost
                .push("the proc connector socket overflowed: some events were lost".to_string()),
            Err(RecvError::Broken(e)) => {
                shared
                    .lock()
                    .lost
                    .push(format!("the proc connector socket broke: {e}"));
                break;
            }
        }
        // The caller sets `stop` only once the tree is all dead: later events don't matter.
        if shared.stop.load(Ordering::Acquire) {
            break;
        }
    }
    procfs::thread_cpu()
}

/// Reads exit accounting until asked to stop; returns the thread's CPU time.
pub(crate) fn read_exit_stats(stats: TaskStats, shared: Arc<Shared>) -> Duration {
    let mut buf = vec![0u8; 64 << 10];
    let mut out = Vec::with_capacity(64);
    loop {
        out.clear();
        match stats.recv(&mut buf, &mut out) {
            Ok(_) => {
                if !out.is_empty() {
                    shared.lock().take_exit_stats(&out);
                }
            }
            Err(e) => {
                let mut state = shared.lock();
                state.exit_stats_whole = false;
                state.exit_notes.push(format!("taskstats: {e}"));
                if e.raw_os_error() != Some(nix::libc::ENOBUFS) {
                    break;
                }
            }
        }
        if shared.stop.load(Ordering::Acquire) {
            break;
        }
    }
    procfs::thread_cpu()
}
