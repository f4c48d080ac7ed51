//! The monitor: watches a run's process tree and counts its workers (issue 3).
//!
//! # Method
//! Three sources, each for what it does well:
//! - **Process events** (`connector`). [`Monitor::new`] subscribes to the kernel's netlink proc
//!   connector before the student's program is spawned. Every fork (threads included), exec,
//!   rename and exit on the machine arrives in causal order with a monotonic timestamp; the
//!   tree is followed by parentage from the root pid (`tree`). No task is missed however short
//!   its life: a thread of 100 µs and each process of a burst of 100 are seen. `distinct` and
//!   `peak` come from this stream once the run is over and every process's role is known
//!   (`roles`: wrappers, main, launcher commands, helpers, workers).
//! - **Exit accounting** (`taskstats`). The kernel's per-task accounting arrives at the *start*
//!   of each exit, before a joining thread or waiting parent wakes up; the exit event comes
//!   after. A task counts as alive until its exit started, so a program that joins a round of
//!   threads and at once starts the next round is not seen with both rounds alive. It also
//!   gives every task's exact CPU time.
//! - **Sampling `/proc`** (`sampler`). A thread reads the `stat` of the live workers every 2 ms
//!   or more: state `R` gives `peak_running` and the timeline's running curve. The period
//!   stretches so that sampling stays within 0.5% of one CPU.
//!
//! With a cgroup v2 from the sandbox, `cpu.stat` gives the CPU time of the whole run.
//! `wall` runs from the main process's start (its exec, after the wrappers and any launcher
//! script such as pyenv's shim) to the root's exit; `cpu_time` counts the main process, the
//! workers and the helpers.
//!
//! # Limits
//! - The proc connector answers only in the initial user and PID namespaces (not inside a
//!   container) and, before Linux 6.6, only with `CAP_NET_ADMIN`. Without it the monitor polls
//!   (`exact: false`), from the run's cgroup if any, else from every process's parent pid: a
//!   task living less than a period can be missed, births and deaths are known to a period.
//!   [`Monitor::new`] never fails; the figures' `notes` say why.
//! - Exit accounting needs `CAP_NET_ADMIN` (root). Without it, "alive" ends with the exit
//!   event, and a thread joined just before the next one starts shows as overlapping it (on
//!   this machine, most runs of 50 rounds of 2 threads showed a peak of 3 or 4). `notes` say so,
//!   and `peak_settled`, which sets aside overlaps of under a millisecond as a worker ends, is
//!   what the workers check holds to the limit.
//! - Without exit accounting or a cgroup, CPU time is read from samples in clock ticks (10 ms).
//! - `R` includes tasks ready to run but waiting for a CPU: on 2 cores, 4 busy workers show 4.
//!   Runs shorter than a sampling period have one or two samples.
//! - A `Manager()`'s server process is told from a worker only by the name the CPU view's
//!   `sitecustomize.py` gives it: under `python -I`, `-S` or `-E` it counts as a worker.
//! - A launcher is recognised only when the main process execs after it (pyenv's shim does);
//!   a launcher that forks the interpreter instead is the main process, and the interpreter a
//!   worker. Runs should start the real interpreter (`sys.executable`).
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
pub use figures::{Lost, Sample, Unseen, ViewLost, WorkerFigures, TIMELINE_POINTS};
pub use settings::{CpuView, MonitorSettings, WorkerModel};
pub use sparkline::sparkline;
pub use watch::{Monitor, Watching};
