//! How much the monitor distorts what it measures: wall time of the course's pool demo, of a
//! correct `cube.py`, and of CPU-bound Python and Rust pools, each run alternately with and
//! without the monitor, and the monitor's own CPU time. The goal is under 2% difference.
//!
//! `cargo bench --bench monitor` (set `GRADE_BENCH_RUNS` for more or fewer runs; default 11).

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use grade::monitor::{cpu_view_env, sparkline, Monitor, MonitorSettings, WorkerModel};

/// The course's demo, as written there: `Pool()` without a size, 8 tasks sleeping 1 s.
const POOL_DEMO: &str = r#"from time import time, sleep

from multiprocessing import Pool


def delayed_square(x):
    sleep(1)
    return x * x


if __name__ == '__main__':  # Executed only on main process.
    start = time()
    data = list(range(8))
    with Pool() as process_pool:
        result = sum(process_pool.map(delayed_square, data))
    stop = time()
    print(f"result = {result} - Elapsed time {stop - start}")
"#;

/// A correct solution of the exercise.
const CUBE: &str = r#"from multiprocessing import Pool


def cube(number):
    return number ** 3


if __name__ == "__main__":
    with Pool(4) as pool:
        result = sum(pool.map(cube, range(100)))
    print(f"result = {result}")
"#;

/// The same pool kept busy: the case where a monitor stealing CPU would show.
const CUBE_HEAVY: &str = r#"from multiprocessing import Pool


def cubes(start):
    return sum(n ** 3 for n in range(start, start + 1_000_000))


if __name__ == "__main__":
    with Pool(4) as pool:
        result = sum(pool.map(cubes, range(0, 16_000_000, 1_000_000)))
    print(f"result = {result}")
"#;

/// Rust scoped threads kept busy.
const RUST_HEAVY: &str = r#"use std::thread;

fn main() {
    let total: u64 = thread::scope(|scope| {
        let workers: Vec<_> = (0..4u64)
            .map(|w| {
                scope.spawn(move || {
                    let mut sum = 0u64;
                    for n in (w * 500_000_000)..((w + 1) * 500_000_000) {
                        sum = sum.wrapping_add(std::hint::black_box(n).wrapping_mul(n).wrapping_mul(n));
                    }
                    sum
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or(0)).fold(0, u64::wrapping_add)
    });
    println!("result = {total}");
}
"#;

struct Case {
    name: &'static str,
    model: WorkerModel,
    program: Vec<String>,
}

struct Run {
    wall: Duration,
    monitor_cpu: Duration,
    summary: String,
}

fn run(
    case: &Case,
    env: &[(std::ffi::OsString, std::ffi::OsString)],
    dir: &Path,
    monitored: bool,
) -> Option<Run> {
    let mut command = Command::new(&case.program[0]);
    command
        .args(&case.program[1..])
        .current_dir(dir)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let monitor = monitored.then(|| Monitor::new(MonitorSettings::new(case.model)));
    let started = Instant::now();
    let mut child = command.spawn().ok()?;
    let watching = monitor.map(|monitor| monitor.watch(child.id(), None));
    let status = child.wait().ok()?;
    let wall = started.elapsed();
    if !status.success() {
        return None;
    }
    let (monitor_cpu, summary) = match watching {
        Some(watching) => {
            let figures = watching.finish();
            let summary = format!(
                "peak {} distinct {} running {} parallelism {:.2} samples {} {} {}",
                figures.peak,
                figures.distinct,
                figures.peak_running,
                figures.parallelism,
                figures.samples,
                figures.method,
                sparkline(&figures.timeline, 30)
            );
            (figures.monitor_cpu, summary)
        }
        None => (Duration::ZERO, String::new()),
    };
    Some(Run {
        wall,
        monitor_cpu,
        summary,
    })
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let runs: usize = std::env::var("GRADE_BENCH_RUNS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(11);
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("no temp dir: {e}");
            return;
        }
    };
    let env = match cpu_view_env(16, &dir.path().join("support")) {
        Ok(env) => env,
        Err(e) => {
            eprintln!("no CPU view: {e}");
            return;
        }
    };
    let files = [
        ("pool.py", POOL_DEMO),
        ("cube.py", CUBE),
        ("cube_heavy.py", CUBE_HEAVY),
        ("heavy.rs", RUST_HEAVY),
    ];
    for (name, text) in files {
        if let Err(e) = fs::write(dir.path().join(name), text) {
            eprintln!("cannot write {name}: {e}");
            return;
        }
    }
    let built = Command::new("rustc")
        .args(["-O", "-o", "heavy", "heavy.rs"])
        .current_dir(dir.path())
        .status();
    // The real interpreter, as grade runs it, not a shim that would start launchers of its own.
    let interpreter =
        grade::toolchain::Toolchain::detect("python3", "cargo", grade::lang::Lang::En)
            .python
            .map_or_else(|| "python3".to_string(), |path| path.display().to_string());
    let python = |script: &str| vec![interpreter.clone(), "-B".into(), script.into()];
    let mut cases = vec![
        Case {
            name: "pool demo (Pool(), 8 x sleep 1 s)",
            model: WorkerModel::Processes,
            program: python("pool.py"),
        },
        Case {
            name: "cube.py (Pool(4), 100 cubes)",
            model: WorkerModel::Processes,
            program: python("cube.py"),
        },
        Case {
            name: "cube heavy (Pool(4), CPU-bound)",
            model: WorkerModel::Processes,
            program: python("cube_heavy.py"),
        },
    ];
    if built.is_ok_and(|status| status.success()) {
        cases.push(Case {
            name: "rust heavy (4 scoped threads, CPU-bound)",
            model: WorkerModel::Threads,
            program: vec![dir.path().join("heavy").to_string_lossy().into_owned()],
        });
    }
    println!("{runs} runs each, alternating; wall time median (and best), monitor CPU median");
    println!(
        "{:<42} {:>10} {:>10} {:>8} {:>10} {:>10} {:>8} {:>12} {:>8}",
        "program",
        "bare",
        "monitored",
        "diff",
        "best bare",
        "best mon",
        "diff",
        "monitor cpu",
        "of wall"
    );
    for case in &cases {
        let mut bare = Vec::new();
        let mut watched = Vec::new();
        let mut monitor_cpu = Vec::new();
        let mut summary = String::new();
        // One warm-up of each, then alternate so that drifts hit both sides alike.
        let _ = run(case, &env, dir.path(), false);
        let _ = run(case, &env, dir.path(), true);
        for _ in 0..runs {
            if let Some(r) = run(case, &env, dir.path(), false) {
                bare.push(r.wall);
            }
            if let Some(r) = run(case, &env, dir.path(), true) {
                watched.push(r.wall);
                monitor_cpu.push(r.monitor_cpu);
                summary = r.summary;
            }
        }
        let best_bare = bare.iter().min().copied().unwrap_or_default();
        let best_watched = watched.iter().min().copied().unwrap_or_default();
        let (bare, watched, cpu) = (median(bare), median(watched), median(monitor_cpu));
        let percent =
            |a: Duration, b: Duration| (a.as_secs_f64() / b.as_secs_f64().max(1e-9) - 1.0) * 100.0;
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{:<42} {:>8.1}ms {:>8.1}ms {:>+7.2}% {:>8.1}ms {:>8.1}ms {:>+7.2}% {:>10.2}ms {:>7.2}%",
            case.name,
            ms(bare),
            ms(watched),
            percent(watched, bare),
            ms(best_bare),
            ms(best_watched),
            percent(best_watched, best_bare),
            ms(cpu),
            cpu.as_secs_f64() / watched.as_secs_f64().max(1e-9) * 100.0
        );
        println!("{:<42} {summary}", "");
    }
}
