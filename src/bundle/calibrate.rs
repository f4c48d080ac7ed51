//! The calibration workload: how fast a machine is at what the course's programs do, so that a
//! reference timed on the instructor's machine gives a time limit on a student's.
//!
//! Two figures, each the fastest of a few runs after one to warm up (other work on the machine
//! only ever slows a run: the fastest is the one it disturbed least, and varies by 2% where
//! the median varies by 7% on a quiet machine):
//! - Python: the course's interpreter started on a script that runs a CPU-bound loop, then
//!   starts a pool of two processes and maps over it: interpreter and process start-up, and
//!   interpreted CPU work, as the Python exercises need;
//! - native: a CPU-bound loop and threads started and joined, in the grader's own process, as
//!   the Rust exercises need.
//!
//! Each is measured only when the course (or the student) has code of its language. A run takes
//! about 0.1 s (Python) and 0.02 s (native, optimised) on the machines the course runs on: a
//! calibration takes about a second.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::report::Language;

/// Timed runs of each workload, after one to warm up.
const RUNS: usize = 7;

/// A run of the Python workload that takes longer is stopped: the interpreter is broken.
const PYTHON_TIMEOUT: Duration = Duration::from_secs(30);

/// The Python workload; it prints its result, which is checked.
const PYTHON_SCRIPT: &str = r#"import multiprocessing


def cube(value):
    return value * value * value


if __name__ == "__main__":
    total = 0
    for number in range(200_000):
        total += number * number * number
    with multiprocessing.Pool(2) as pool:
        total += sum(pool.map(cube, range(100)))
    print(total)
"#;

/// What [`PYTHON_SCRIPT`] prints.
const PYTHON_PRINTS: &str = "399996000010024502500";

/// A machine's figures on the workload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// The Python workload, when the course has Python references (or entries, on a student's
    /// machine) and the interpreter ran it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python: Option<Figure>,
    /// The native workload, when the course has Rust references (or entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native: Option<Figure>,
}

/// One workload's timings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The fastest run: what the machine's speed is read from.
    pub fastest_us: u64,
    /// Every timed run, in order.
    pub runs_us: Vec<u64>,
}

impl Figure {
    fn of(runs: &[Duration]) -> Figure {
        let runs_us: Vec<u64> = runs
            .iter()
            .map(|run| u64::try_from(run.as_micros()).unwrap_or(u64::MAX))
            .collect();
        Figure {
            fastest_us: runs_us.iter().copied().min().unwrap_or_default().max(1),
            runs_us,
        }
    }

    /// Both figures' runs, the fastest of all kept.
    fn with(&self, other: &Figure) -> Figure {
        Figure {
            fastest_us: self.fastest_us.min(other.fastest_us),
            runs_us: self.runs_us.iter().chain(&other.runs_us).copied().collect(),
        }
    }

    /// How far apart two fastest runs are, as a share of the faster.
    fn gap(&self, other: &Figure) -> f64 {
        let (low, high) = if self.fastest_us <= other.fastest_us {
            (self.fastest_us, other.fastest_us)
        } else {
            (other.fastest_us, self.fastest_us)
        };
        (high - low) as f64 / low.max(1) as f64
    }
}

impl Calibration {
    /// How much slower (above 1) this machine (`self`) is than `other` on the workload of
    /// `language`; 1 when either lacks the figure.
    pub fn ratio(&self, other: &Calibration, language: Language) -> f64 {
        let figures = match language {
            Language::Python => self.python.as_ref().zip(other.python.as_ref()),
            Language::Rust => self.native.as_ref().zip(other.native.as_ref()),
        };
        figures.map_or(1.0, |(here, there)| {
            here.fastest_us as f64 / there.fastest_us.max(1) as f64
        })
    }

    /// Two calibrations of the same machine as one: each figure's fastest run of both.
    pub fn with(&self, other: &Calibration) -> Calibration {
        let both = |mine: &Option<Figure>, theirs: &Option<Figure>| match (mine, theirs) {
            (Some(mine), Some(theirs)) => Some(mine.with(theirs)),
            (mine, theirs) => mine.clone().or_else(|| theirs.clone()),
        };
        Calibration {
            python: both(&self.python, &other.python),
            native: both(&self.native, &other.native),
        }
    }

    /// How far apart two calibrations of the same machine are: the larger gap between their
    /// figures, as a share. Over [`STEADY`], other work was slowing the machine.
    pub fn gap(&self, other: &Calibration) -> f64 {
        let gap = |mine: &Option<Figure>, theirs: &Option<Figure>| match (mine, theirs) {
            (Some(mine), Some(theirs)) => mine.gap(theirs),
            _ => 0.0,
        };
        gap(&self.python, &other.python).max(gap(&self.native, &other.native))
    }
}

/// The largest gap between two calibrations of a quiet machine (see [`Calibration::gap`]): the
/// fastest runs of rounds on this machine kind are within 2% of each other.
pub const STEADY: f64 = 0.10;

/// Runs the workloads of `languages`: the Python one with the interpreter `python` (when it is
/// asked for and there is one), the native one when it is asked for. An interpreter that fails
/// the workload is an error, with what it wrote.
pub fn measure(languages: &[Language], python: Option<&Path>) -> Result<Calibration, String> {
    let python = match python.filter(|_| languages.contains(&Language::Python)) {
        Some(python) => Some(python_figure(python)?),
        None => None,
    };
    Ok(Calibration {
        python,
        native: languages.contains(&Language::Rust).then(native_figure),
    })
}

fn python_figure(python: &Path) -> Result<Figure, String> {
    let folder = tempfile::Builder::new()
        .prefix("grade-calibration-")
        .tempdir()
        .map_err(|err| err.to_string())?;
    let script = folder.path().join("calibration.py");
    std::fs::write(&script, PYTHON_SCRIPT).map_err(|err| err.to_string())?;
    let mut runs = Vec::with_capacity(RUNS);
    for run in 0..=RUNS {
        let started = Instant::now();
        let mut child = Command::new(python)
            .arg(&script)
            .current_dir(folder.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|err| format!("{}: {err}", python.display()))?;
        let output = wait_with_timeout(&mut child, PYTHON_TIMEOUT)
            .map_err(|err| format!("{}: {err}", python.display()))?;
        let elapsed = started.elapsed();
        let printed = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() || printed.trim() != PYTHON_PRINTS {
            return Err(format!(
                "{} {}: {}",
                python.display(),
                script.display(),
                crate::text::tail(&String::from_utf8_lossy(&output.stderr), 4)
            ));
        }
        if run > 0 {
            runs.push(elapsed);
        }
    }
    Ok(Figure::of(&runs))
}

/// Waits for `child` at most `timeout`, then kills it; its output either way.
fn wait_with_timeout(
    child: &mut std::process::Child,
    timeout: Duration,
) -> std::io::Result<std::process::Output> {
    use std::io::Read;
    use wait_timeout::ChildExt;
    // The script prints one line: the pipes cannot fill before it exits.
    let status = match child.wait_timeout(timeout)? {
        Some(status) => status,
        None => {
            let _ = child.kill();
            child.wait()?;
            return Err(std::io::Error::other(format!(
                "the calibration did not finish in {} s",
                timeout.as_secs()
            )));
        }
    };
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    if let Some(mut pipe) = child.stdout.take() {
        pipe.read_to_end(&mut stdout)?;
    }
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_end(&mut stderr)?;
    }
    Ok(std::process::Output {
        status,
        stdout,
        stderr,
    })
}

fn native_figure() -> Figure {
    let mut runs = Vec::with_capacity(RUNS);
    for run in 0..=RUNS {
        let started = Instant::now();
        std::hint::black_box(native_work());
        let elapsed = started.elapsed();
        if run > 0 {
            runs.push(elapsed);
        }
    }
    Figure::of(&runs)
}

/// A CPU-bound loop, then 16 rounds of 4 threads started, each adding up a few values, and
/// joined.
fn native_work() -> u64 {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for index in 0..8_000_000u64 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state = state.wrapping_add(index);
    }
    let mut total = state;
    for round in 0..16u64 {
        total = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4u64)
                .map(|part| {
                    scope.spawn(move || {
                        (0..1_000u64).fold(round ^ part, |sum, value| {
                            sum.wrapping_add(value.wrapping_mul(value))
                        })
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap_or_default())
                .fold(total, u64::wrapping_add)
        });
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_python_script_prints_what_is_checked() {
        let loop_sum: u128 = (0..200_000u128).map(|n| n * n * n).sum();
        let cubes: u128 = (0..100u128).map(|n| n * n * n).sum();
        assert_eq!((loop_sum + cubes).to_string(), PYTHON_PRINTS);
    }

    #[test]
    fn a_ratio_compares_medians_and_is_one_without_figures() {
        let figure = |us| Figure {
            fastest_us: us,
            runs_us: vec![us, us + 40],
        };
        let here = Calibration {
            python: Some(figure(150)),
            native: Some(figure(50)),
        };
        let there = Calibration {
            python: Some(figure(100)),
            native: Some(figure(100)),
        };
        assert_eq!(here.ratio(&there, Language::Python), 1.5);
        assert_eq!(here.ratio(&there, Language::Rust), 0.5);
        let without = Calibration {
            python: None,
            ..there
        };
        assert_eq!(here.ratio(&without, Language::Python), 1.0);
    }

    #[test]
    fn two_calibrations_keep_the_fastest_runs_and_tell_their_gap() {
        let figure = |us| Figure {
            fastest_us: us,
            runs_us: vec![us],
        };
        let quiet = Calibration {
            python: Some(figure(100)),
            native: Some(figure(20)),
        };
        let busy = Calibration {
            python: Some(figure(140)),
            native: Some(figure(21)),
        };
        let both = busy.with(&quiet);
        assert_eq!(both.python.as_ref().map(|f| f.fastest_us), Some(100));
        assert_eq!(both.native.map(|f| f.runs_us), Some(vec![21, 20]));
        assert!((busy.gap(&quiet) - 0.4).abs() < 1e-9);
        assert!(quiet.gap(&quiet) < STEADY);
    }
}
