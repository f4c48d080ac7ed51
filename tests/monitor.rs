//! Runs each fixture of `fixtures/workers` for real under the monitor, a few times, and checks
//! the exact `peak` and `distinct` and the verdict that `fixtures/workers/expected.toml` lists.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use grade::monitor::{
    cpu_view_env, sparkline, workers_verdict, Monitor, MonitorSettings, WorkerFigures, WorkerModel,
};
use serde::Deserialize;

const RUNS: usize = 3;
const RESULT: &str = "result = 24502500";

#[derive(Debug, Deserialize)]
struct Table {
    case: Vec<Case>,
}

#[derive(Debug, Clone, Deserialize)]
struct Case {
    dir: String,
    language: String,
    peak: u32,
    distinct: u32,
    verdict: String,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/workers")
}

fn case(dir: &str) -> Case {
    let text = fs::read_to_string(fixtures().join("expected.toml")).expect("expected.toml");
    let table: Table = toml::from_str(&text).expect("expected.toml parses");
    table
        .case
        .into_iter()
        .find(|case| case.dir == dir)
        .unwrap_or_else(|| panic!("{dir} is not in expected.toml"))
}

/// The Rust fixtures, each built once with cargo in a copy of its crate.
fn rust_binaries() -> &'static HashMap<String, PathBuf> {
    static BUILT: OnceLock<(tempfile::TempDir, HashMap<String, PathBuf>)> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let scratch = tempfile::tempdir().expect("temp dir");
            let mut binaries = HashMap::new();
            let text = fs::read_to_string(fixtures().join("expected.toml")).expect("table");
            let table: Table = toml::from_str(&text).expect("table parses");
            for case in table.case.iter().filter(|case| case.language == "rust") {
                let crate_dir = scratch.path().join(&case.dir);
                fs::create_dir_all(crate_dir.join("src")).expect("crate dir");
                let source = fixtures().join(&case.dir).join("cube");
                fs::copy(source.join("Cargo.toml"), crate_dir.join("Cargo.toml")).expect("copy");
                fs::copy(source.join("src/main.rs"), crate_dir.join("src/main.rs")).expect("copy");
                let status = Command::new(env!("CARGO"))
                    .args(["build", "--release", "--quiet", "--manifest-path"])
                    .arg(crate_dir.join("Cargo.toml"))
                    .arg("--target-dir")
                    .arg(crate_dir.join("target"))
                    .stdin(Stdio::null())
                    .status()
                    .expect("cargo runs");
                assert!(status.success(), "{} builds", case.dir);
                binaries.insert(case.dir.clone(), crate_dir.join("target/release/cube"));
            }
            (scratch, binaries)
        })
        .1
}

fn model(case: &Case) -> WorkerModel {
    if case.language == "rust" {
        WorkerModel::Threads
    } else {
        WorkerModel::Processes
    }
}

/// The program of a fixture, seeing 16 CPUs.
fn command(case: &Case, env: &[(OsString, OsString)]) -> Command {
    let mut command = if case.language == "rust" {
        Command::new(&rust_binaries()[&case.dir])
    } else {
        let dir = fixtures().join(&case.dir);
        let script = if dir.join("cube.py").exists() {
            "cube.py"
        } else {
            "cube_queue.py"
        };
        let mut python = Command::new("python3");
        python.args(["-B", script]);
        python
    };
    command
        .current_dir(fixtures().join(&case.dir))
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs `command` under a monitor and returns the figures and the program's output.
fn watch(
    settings: MonitorSettings,
    mut command: Command,
    cgroup: Option<PathBuf>,
) -> (WorkerFigures, String) {
    let monitor = Monitor::new(settings);
    let child = command.spawn().expect("the fixture starts");
    let watching = monitor.watch(child.id(), cgroup);
    let output = child.wait_with_output().expect("the fixture ends");
    let figures = watching.finish();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the fixture failed: {stderr}");
    (figures, stdout)
}

fn check_case(dir: &str) {
    let case = case(dir);
    let support = tempfile::tempdir().expect("temp dir");
    let env = cpu_view_env(16, support.path()).expect("cpu view");
    for run in 0..RUNS {
        let settings = MonitorSettings::new(model(&case));
        let (figures, stdout) = watch(settings, command(&case, &env), None);
        assert!(stdout.contains(RESULT), "{dir}: printed {stdout:?}");
        assert!(figures.exact, "{dir}: {:?}", figures.notes);
        assert_eq!(
            figures.distinct, case.distinct,
            "{dir}, run {run}: distinct; figures {figures:?}"
        );
        if figures.exits_accounted {
            assert_eq!(
                (figures.peak, figures.peak_settled),
                (case.peak, case.peak),
                "{dir}, run {run}: peak; figures {figures:?}"
            );
        } else {
            // Deaths known from exit events only (not root): the true peak lies between.
            assert!(
                figures.peak_settled <= case.peak && case.peak <= figures.peak,
                "{dir}, run {run}: peak {} not within [{}, {}]; figures {figures:?}",
                case.peak,
                figures.peak_settled,
                figures.peak
            );
        }
        let (pass, message) = workers_verdict(&figures, 2, 4, grade::lang::Lang::En);
        assert_eq!(pass, case.verdict == "pass", "{dir}: {message}");
        assert!(figures.timeline.len() <= grade::monitor::TIMELINE_POINTS);
        eprintln!(
            "{dir}: peak {} distinct {} running {} cpu {:?} wall {:?} samples {} {} | {message}",
            figures.peak,
            figures.distinct,
            figures.peak_running,
            figures.cpu_time,
            figures.wall,
            figures.samples,
            sparkline(&figures.timeline, 40)
        );
    }
}

macro_rules! fixture_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check_case(stringify!($name));
            }
        )*
    };
}

fixture_tests!(
    py_pool_2,
    py_pool_4,
    py_pool_8,
    py_pool_default,
    py_pool_4_spawn,
    py_pool_4_forkserver,
    py_manager_queue_4,
    py_burst_100,
    py_per_integer_100,
    py_threads_4,
    py_sequential,
    rs_scoped_4,
    rs_threads_100,
    rs_micro_threads,
    rs_rounds_4,
    rs_sequential,
);

#[test]
fn every_fixture_has_a_test() {
    let text = fs::read_to_string(fixtures().join("expected.toml")).expect("table");
    let table: Table = toml::from_str(&text).expect("table parses");
    let source = fs::read_to_string(file!()).expect("this file");
    for case in table.case {
        assert!(
            source.contains(&format!("    {},\n", case.dir)),
            "{} has no test",
            case.dir
        );
        assert!(fixtures().join(&case.dir).is_dir());
    }
}

#[test]
fn wrappers_above_the_main_process_are_transparent() {
    if !Path::new("/usr/bin/bwrap").exists() || !Path::new("/usr/bin/setpriv").exists() {
        eprintln!("skipped: bwrap or setpriv missing");
        return;
    }
    let case = case("py_pool_4");
    let mut command = Command::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .args([
            "bwrap",
            "--ro-bind",
            "/",
            "/",
            "--dev",
            "/dev",
            "--proc",
            "/proc",
        ])
        // No private /tmp: the fixture itself may live under /tmp (a clone made there).
        .args(["--unshare-pid", "--die-with-parent"])
        .args(["python3", "-B", "cube.py"])
        .current_dir(fixtures().join(&case.dir))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut settings = MonitorSettings::new(WorkerModel::Processes);
    // setpriv became bwrap, which forks the namespace's init, which forks the program.
    settings.wrapper_levels = 2;
    let (figures, stdout) = watch(settings, command, None);
    assert!(stdout.contains(RESULT));
    assert_eq!((figures.peak, figures.distinct), (4, 4), "{figures:?}");
}

/// A Pool(4) whose workers live about 200 ms: long enough to be seen by sampling.
fn slow_pool() -> Command {
    let script = "import time\nfrom multiprocessing import Pool\n\
        def cube(n):\n    time.sleep(0.05)\n    return n ** 3\n\
        if __name__ == '__main__':\n    with Pool(4) as pool:\n        \
        print('result =', sum(pool.map(cube, range(16), chunksize=1)))\n";
    let mut command = Command::new("python3");
    command
        .args(["-B", "-c", script])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

#[test]
fn without_the_proc_connector_it_polls_and_says_so() {
    let mut settings = MonitorSettings::new(WorkerModel::Processes);
    settings.proc_connector = false;
    let (figures, stdout) = watch(settings, slow_pool(), None);
    assert!(stdout.contains("result = 14400"), "{stdout}");
    assert!(!figures.exact);
    assert_eq!(figures.method, "proc-poll");
    assert!(figures.notes.iter().any(|note| note.contains("turned off")));
    assert_eq!((figures.peak, figures.distinct), (4, 4), "{figures:?}");
    let (_, message) = workers_verdict(&figures, 2, 4, grade::lang::Lang::En);
    assert!(message.contains("sampling"));
}

/// A fresh cgroup v2 for one run, removed when dropped; `None` where none can be made.
struct RunCgroup(PathBuf);

impl RunCgroup {
    fn new(name: &str) -> Option<RunCgroup> {
        let root = ["/sys/fs/cgroup/unified", "/sys/fs/cgroup"]
            .iter()
            .map(PathBuf::from)
            .find(|dir| dir.join("cgroup.procs").exists() && dir.join("cpu.stat").exists())?;
        let dir = root.join(format!("grade-test-{}-{name}", std::process::id()));
        fs::create_dir(&dir).ok()?;
        Some(RunCgroup(dir))
    }

    /// Makes `command`'s process join the cgroup before it execs.
    fn enter(&self, command: &mut Command) {
        let procs = self.0.join("cgroup.procs");
        // SAFETY: the closure only writes to a file between fork and exec.
        unsafe {
            command.pre_exec(move || fs::write(&procs, b"0"));
        }
    }
}

impl Drop for RunCgroup {
    fn drop(&mut self) {
        let _ = fs::remove_dir(&self.0);
    }
}

#[test]
fn a_cgroup_gives_exact_cpu_time_and_membership_without_events() {
    let Some(cgroup) = RunCgroup::new("poll") else {
        eprintln!("skipped: no writable cgroup v2");
        return;
    };
    let mut command = slow_pool();
    cgroup.enter(&mut command);
    let mut settings = MonitorSettings::new(WorkerModel::Processes);
    settings.proc_connector = false;
    let (figures, _) = watch(settings, command, Some(cgroup.0.clone()));
    assert_eq!(figures.method, "cgroup-poll+cgroup-cpu");
    assert_eq!((figures.peak, figures.distinct), (4, 4), "{figures:?}");
    assert!(!figures.cpu_time.is_zero());

    let mut command = self::command(&case("py_pool_4"), &[]);
    cgroup.enter(&mut command);
    let settings = MonitorSettings::new(WorkerModel::Processes);
    let (figures, _) = watch(settings, command, Some(cgroup.0.clone()));
    assert!(figures.method.starts_with("proc-connector+proc-poll"));
    // Exit accounting counts the program alone, so it wins over the cgroup, which also counts
    // the wrappers; without it (not root), the cgroup gives the CPU time.
    if figures.method.contains("+taskstats") {
        assert!(
            !figures.method.contains("+cgroup-cpu"),
            "{}",
            figures.method
        );
    } else {
        assert!(
            figures.method.ends_with("+cgroup-cpu"),
            "{}",
            figures.method
        );
    }
    assert!(figures.exact);
    assert_eq!((figures.peak, figures.distinct), (4, 4));
}

#[test]
fn figures_serialize_for_the_json_report() {
    let case = case("py_pool_2");
    let (figures, _) = watch(
        MonitorSettings::new(WorkerModel::Processes),
        command(&case, &[]),
        None,
    );
    let json = serde_json::to_value(&figures).expect("serializes");
    for key in [
        "peak",
        "distinct",
        "peak_running",
        "cpu_ms",
        "wall_ms",
        "parallelism",
        "timeline",
        "method",
        "exact",
    ] {
        assert!(json.get(key).is_some(), "{key} missing from {json}");
    }
    assert_eq!(json["peak"], 2);
    // As root, every task's exit accounting is matched: the CPU time is exact.
    if figures.method.contains("taskstats") {
        assert!(figures.notes.is_empty(), "{:?}", figures.notes);
        assert!(!figures.cpu_time.is_zero());
    }
}
