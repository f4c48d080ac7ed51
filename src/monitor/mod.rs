//! The monitor: watches a run's process tree and counts its workers (issue 3).
//!
//! # Method
//! Two sources, each for what it does well:
//! - **Exact events.** [`Monitor::new`] subscribes to the kernel's netlink proc connector before
//!   the student's program is spawned. Every fork (threads included), exec and exit on the
//!   machine arrives, in causal order, with a monotonic timestamp; the tree is followed by
//!   parentage from the root pid. No task is missed, however short its life: a thread of 100 µs
//!   and each of a burst of 100 processes are seen. `peak` (most workers alive at once) and
//!   `distinct` are computed from this stream once the run is over and every process's role is
//!   known (see `roles`).
//! - **Sampling `/proc`.** A thread reads the `stat` of the live workers every 2 ms or more: the
//!   state (`R`: on a CPU or waiting for one) gives `peak_running` and the timeline's running
//!   curve, the CPU times give `cpu_time` when the sandbox made no cgroup. Its period stretches
//!   so that it stays within 0.5% of one CPU.
//!
//! With a cgroup v2 from the sandbox, `cpu.stat` gives the exact CPU time of the whole run.
//!
//! # Limits
//! - The proc connector answers only in the initial user and PID namespaces (not inside a
//!   container) and, before Linux 6.6, only with `CAP_NET_ADMIN`. Without it the monitor polls
//!   (`exact: false`): tasks living less than a period can be missed, births and deaths are known
//!   to a period. `Monitor::new` never fails; the figures' `notes` say why.
//! - "Alive" ends with the kernel's exit event, a few microseconds after a joined thread's
//!   `join` returned: a program that joins a thread and at once starts the next one can, rarely,
//!   show two alive at once.
//! - Without a cgroup, CPU time is read from samples and from zombies at exit: a process reaped
//!   before its exit event is read loses at most its last period of CPU time.
//! - `R` includes tasks ready to run but waiting for a CPU: on 2 cores, 4 busy workers show 4.
//!
//! # What the program sees
//! [`cpu_view_env`] makes the program under test see 16 CPUs (or any count), so that a pool
//! sized from the CPU count gets the same verdict on any machine.

mod check;
mod connector;
mod cpu_view;
mod figures;
mod netlink;
mod procfs;
mod reader;
mod roles;
mod sampler;
mod settings;
mod sparkline;
mod state;
mod taskstats;
mod tree;
mod watch;

pub use check::{workers_verdict, WHAT_COUNTS};
pub use cpu_view::cpu_view_env;
pub use figures::{Sample, WorkerFigures, TIMELINE_POINTS};
pub use settings::{default_helper_patterns, MonitorSettings, WorkerModel};
pub use sparkline::sparkline;
pub use watch::{Monitor, Watching};
