//! The figures of a watched run, and the timeline the report draws.

use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::roles::Life;

/// Most points kept in [`WorkerFigures::timeline`].
pub const TIMELINE_POINTS: usize = 200;

/// What the monitor saw of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerFigures {
    /// Most workers alive at the same moment.
    pub peak: u32,
    /// `peak`, leaving aside overlaps of under a millisecond at the end of a worker's life.
    /// Without the kernel's exit accounting (grade is not root), a worker's death is only known
    /// from its exit event, which comes after a joining thread or waiting parent has woken up:
    /// a round of workers joined just before the next round starts is then seen alive beside
    /// it. The true peak lies between the two; the workers check holds `peak_settled` to the
    /// limit. Equal to `peak` when exits are accounted.
    pub peak_settled: u32,
    /// Whether deaths come from the kernel's exit accounting (exact), not from exit events.
    pub exits_accounted: bool,
    /// Workers started over the whole run.
    pub distinct: u32,
    /// Threads the main process started, counted or not (in the processes model they are not
    /// workers: a Python program that parallelises with threads has none).
    pub main_threads: u32,
    /// Most workers seen running or ready to run (state `R`) in one sample.
    pub peak_running: u32,
    /// CPU time of the whole tree (exact with a cgroup, else summed from samples).
    #[serde(
        rename = "cpu_ms",
        serialize_with = "as_ms",
        deserialize_with = "from_ms"
    )]
    pub cpu_time: Duration,
    /// From the root's start to its exit.
    #[serde(
        rename = "wall_ms",
        serialize_with = "as_ms",
        deserialize_with = "from_ms"
    )]
    pub wall: Duration,
    /// The program's own wall time: from the main process's start (its birth) to its exit,
    /// without the sandbox's set-up and tear-down around it; what a benchmark tool would time.
    /// `None` when the main process was not seen to end.
    #[serde(
        rename = "program_ms",
        serialize_with = "as_optional_ms",
        deserialize_with = "from_optional_ms"
    )]
    pub program_wall: Option<Duration>,
    /// `cpu_time / wall`: how many CPUs the run kept busy on average.
    pub parallelism: f64,
    /// CPU time the counted workers cannot account for (see [`Unseen`]); zero in the threads
    /// model, where every thread is counted.
    #[serde(
        rename = "unseen_cpu_ms",
        serialize_with = "as_ms",
        deserialize_with = "from_ms"
    )]
    pub unseen_cpu: Duration,
    /// Where most of `unseen_cpu` ran.
    pub unseen_in: Option<Unseen>,
    /// Processes of the program that ran without the CPU view it was given (a cleared
    /// `LD_PRELOAD`, `python -I`): their command line and what they lost. At most 3.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "view_lost_of_any_version"
    )]
    pub view_lost: Vec<ViewLost>,
    /// Live and running workers over time, at most [`TIMELINE_POINTS`] points.
    pub timeline: Vec<Sample>,
    /// The sources the figures come from, e.g. `proc-connector+proc-poll`.
    pub method: String,
    /// Whether `peak` and `distinct` come from an exact source (every task seen).
    pub exact: bool,
    /// CPU time the monitor itself used.
    #[serde(
        rename = "monitor_cpu_ms",
        serialize_with = "as_ms",
        deserialize_with = "from_ms"
    )]
    pub monitor_cpu: Duration,
    /// How many times `/proc` was sampled.
    pub samples: u32,
    /// Why a better source was not used, and anything lost on the way.
    pub notes: Vec<String>,
}

/// Where work ran that the workers count cannot see. In the processes model one process can
/// keep at most one CPU busy, as long as only its interpreter's thread computes: more means
/// threads running code that releases the GIL (C extensions, hashing), a worker pool the count
/// never sees. A helper of multiprocessing does next to nothing: more is work hidden in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unseen {
    /// Threads of the main process, busy on several CPUs at once.
    MainThreads,
    /// Threads of worker processes, each busy on several CPUs at once.
    WorkerThreads,
    /// Processes counted as multiprocessing's helpers.
    Helpers,
}

/// A process of the program that ran without the CPU view it was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewLost {
    /// Its command line, cut to 60 characters.
    pub command: String,
    pub lost: Vec<Lost>,
}

/// What of the CPU view a process lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lost {
    /// The `LD_PRELOAD` library that shows the CPUs.
    Preload,
    /// The `PYTHONPATH` that loads the grader's `sitecustomize`.
    PythonPath,
    /// Python's `-I`, `-S` or `-E`, which skip `sitecustomize`.
    SkipFlags,
}

/// `view_lost` as a report of any version holds it: earlier versions wrote sentences, which
/// are left out rather than failing the whole report.
fn view_lost_of_any_version<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<ViewLost>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Parts(ViewLost),
        Sentence(#[allow(dead_code)] String),
    }
    let items = Vec::<Either>::deserialize(deserializer)?;
    Ok(items
        .into_iter()
        .filter_map(|item| match item {
            Either::Parts(parts) => Some(parts),
            Either::Sentence(_) => None,
        })
        .collect())
}

/// One point of the timeline: the most workers alive, and running, around `at_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Sample {
    pub at_ms: u64,
    pub live: u32,
    pub running: u32,
}

fn as_optional_ms<S: Serializer>(
    duration: &Option<Duration>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match duration {
        Some(duration) => as_ms(duration, serializer),
        None => serializer.serialize_none(),
    }
}

fn as_ms<S: Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(duration.as_millis() as u64)
}

fn from_ms<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    u64::deserialize(deserializer).map(Duration::from_millis)
}

fn from_optional_ms<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Duration>, D::Error> {
    Option::<u64>::deserialize(deserializer).map(|ms| ms.map(Duration::from_millis))
}

/// One sample of `/proc`: when, and how many workers were in state `R`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Probe {
    pub at_ns: u64,
    pub running: u32,
}

/// Cuts `[start_ns, end_ns)` into at most [`TIMELINE_POINTS`] equal slices; each point holds the
/// most workers alive at any moment of its slice (from the lives, so even a worker shorter than
/// a sample shows) and the most seen running in a sample of that slice.
pub(crate) fn timeline(
    lives: &[Life],
    probes: &[Probe],
    start_ns: u64,
    end_ns: u64,
) -> Vec<Sample> {
    let span = end_ns.saturating_sub(start_ns).max(1);
    let points = probes.len().clamp(1, TIMELINE_POINTS) as u64;
    let mut changes: Vec<(u64, u64, i64)> = Vec::with_capacity(lives.len() * 2);
    for life in lives {
        changes.push((life.born.ns, life.born.seq, 1));
        if let Some(died) = life.died {
            changes.push((life.end_ns.unwrap_or(died.ns), died.seq, -1));
        }
    }
    changes.sort_unstable();
    let (mut next_change, mut live) = (0usize, 0i64);
    let mut next_probe = 0usize;
    (0..points)
        .map(|i| {
            let slice_start = start_ns + span * i / points;
            let slice_end = start_ns + span * (i + 1) / points;
            let last = i + 1 == points;
            while next_change < changes.len() && changes[next_change].0 < slice_start {
                live += changes[next_change].2;
                next_change += 1;
            }
            let mut most = live;
            while next_change < changes.len() && (last || changes[next_change].0 < slice_end) {
                live += changes[next_change].2;
                most = most.max(live);
                next_change += 1;
            }
            let mut running = 0;
            while next_probe < probes.len() && (last || probes[next_probe].at_ns < slice_end) {
                running = running.max(probes[next_probe].running);
                next_probe += 1;
            }
            Sample {
                at_ms: (slice_start - start_ns) / 1_000_000,
                live: most.max(0) as u32,
                running,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::tree::Stamp;

    fn life(born: u64, died: u64) -> Life {
        Life {
            born: Stamp {
                seq: born,
                ns: born,
            },
            died: Some(Stamp {
                seq: died,
                ns: died,
            }),
            end_ns: None,
        }
    }

    #[test]
    fn a_short_life_between_probes_still_shows() {
        let probes: Vec<Probe> = (0..10)
            .map(|i| Probe {
                at_ns: i * 100,
                running: 0,
            })
            .collect();
        let points = timeline(&[life(150, 151)], &probes, 0, 1000);
        assert_eq!(points.len(), 10);
        assert_eq!(points[1].live, 1);
        assert_eq!(points.iter().map(|p| p.live).sum::<u32>(), 1);
    }

    #[test]
    fn long_runs_are_cut_to_the_bound() {
        let probes: Vec<Probe> = (0..5000)
            .map(|i| Probe {
                at_ns: i * 1_000_000,
                running: (i % 3) as u32,
            })
            .collect();
        let points = timeline(&[life(0, 4_000_000_000)], &probes, 0, 5_000_000_000);
        assert_eq!(points.len(), TIMELINE_POINTS);
        assert!(points.iter().all(|p| p.running == 2));
        assert_eq!(points[199].live, 0);
        assert_eq!(points[0].live, 1);
    }

    #[test]
    fn durations_serialize_as_milliseconds() {
        let figures = WorkerFigures {
            peak: 4,
            peak_settled: 4,
            exits_accounted: true,
            program_wall: None,
            unseen_cpu: Duration::ZERO,
            unseen_in: None,
            view_lost: Vec::new(),
            distinct: 4,
            main_threads: 3,
            peak_running: 2,
            cpu_time: Duration::from_millis(1500),
            wall: Duration::from_millis(800),
            parallelism: 1.875,
            timeline: vec![],
            method: "proc-connector+proc-poll".into(),
            exact: true,
            monitor_cpu: Duration::from_micros(2500),
            samples: 3,
            notes: vec![],
        };
        let json = serde_json::to_value(&figures).expect("serializes");
        assert_eq!(json["cpu_ms"], 1500);
        assert_eq!(json["wall_ms"], 800);
        assert_eq!(json["monitor_cpu_ms"], 2);
    }
}
