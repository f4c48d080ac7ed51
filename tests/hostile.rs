//! `grade` driven on the hostile corpus (`fixtures/hostile/`, verdicts in its `expected.toml`)
//! as an instructor runs it, and the containment of issue 5 checked from outside the grader:
//! once it exits, no process of the corpus is alive, no file appeared outside its scratch space,
//! no connection reached the machine, the corpus is unchanged, every submission has a clear
//! verdict, and the honest student's verdict is the same alone and among the hostile ones.
//!
//! The corpus is graded in the strongest isolation this machine allows, and again with Landlock
//! alone (`isolation = "landlock"`, what a machine that refuses namespaces gets), without the
//! floods of the disk, which only namespaces contain. The gradings take about 60 s; each runs
//! once, one after the other, for all the tests. An isolation or a protection this machine lacks
//! skips what depends on it with a message; set GRADE_REQUIRE_SANDBOX=1 to fail instead.

mod common;

use common::{cases, check, cube_course, exercise, repo, snapshot};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{ErrorKind, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;
use wait_timeout::ChildExt;

/// Where network_call and the build script of build_escape connect on the grader's machine:
/// they read GRADE_HOSTILE_PORT, which `grade` never passes (student code gets none of its
/// environment), so they fall back to 22.
const TARGET_PORT: u16 = 22;

/// A grading that runs longer than this hangs: the corpus takes about 25 s.
const HANG: Duration = Duration::from_secs(180);

/// The course an instructor would write for the corpus: only `cube`, which every hostile
/// student submits, short timeouts, the repository's references by absolute path; the
/// sandbox's isolation when one is named.
fn hostile_course(dir: &Path, isolation: Option<&str>) -> PathBuf {
    let mut course =
        "reference-runs = 3\nbuild-timeout = \"120s\"\noutput-limit = \"1MiB\"".to_string();
    if isolation.is_some() {
        // Without namespaces the sandbox user must reach the toolchains themselves.
        let (python, prefix) = common::python();
        let sysroot = common::rust_sysroot();
        let opened = common::open_copy(&prefix).zip(common::open_copy(&sysroot));
        let (python_copy, sysroot_copy) =
            opened.unwrap_or_else(|| panic!("checked by among_hostile_with_landlock()"));
        let python = python_copy.join(python.strip_prefix(&prefix).unwrap_or(&python));
        for (key, path) in [
            ("python", python),
            ("cargo", sysroot_copy.join("bin/cargo")),
        ] {
            let value = toml::Value::String(path.display().to_string());
            course.push_str(&format!("\n{key} = {value}"));
        }
    }
    let path = cube_course(dir, &course, "timeout = \"5s\"");
    if let Some(isolation) = isolation {
        let mut text = fs::read_to_string(&path).unwrap_or_default();
        text.push_str(&format!("\n[sandbox]\nisolation = \"{isolation}\"\n"));
        fs::write(&path, text).unwrap_or_else(|err| panic!("{err}"));
    }
    path
}

/// Limits only namespaces enforce: their floods would fill the host's disk without them.
const NAMESPACE_LIMITS: [&str; 2] = ["disk", "files"];

fn corpus() -> PathBuf {
    repo().join("fixtures/hostile")
}

/// True when protection `name` is active in the report; otherwise skips (or fails under
/// GRADE_REQUIRE_SANDBOX).
fn active(report: &Value, name: &str) -> bool {
    let protection = report["protections"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["name"] == name))
        .unwrap_or_else(|| panic!("no protection named {name} in the report"));
    let is_active = protection["active"].as_bool() == Some(true);
    if !is_active {
        assert!(
            std::env::var_os("GRADE_REQUIRE_SANDBOX").is_none(),
            "required protection missing: {protection}"
        );
        eprintln!("skipped, protection missing: {protection}");
    }
    is_active
}

/// Every path under `dir`, folders included.
fn everything_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(listing) = fs::read_dir(&folder) else {
            continue;
        };
        for item in listing.flatten() {
            let path = item.path();
            if item.file_type().is_ok_and(|kind| kind.is_dir()) {
                pending.push(path.clone());
            }
            found.push(path);
        }
    }
    found
}

/// Files the corpus tries to leave on the host (`grade-escape-<student>`) in the folders it
/// aims at from a scratch folder: /tmp, /dev/shm, /work, /root, the repository and the corpus, with
/// their modification times, so a stale file from an older run is not mistaken for a new one.
fn escapes(extra: &[&Path]) -> BTreeMap<PathBuf, Option<SystemTime>> {
    let mut folders = vec![
        PathBuf::from("/tmp"),
        PathBuf::from("/dev/shm"),
        PathBuf::from("/work"),
        PathBuf::from("/root"),
        repo(),
        repo().join("fixtures"),
        corpus(),
    ];
    folders.extend(extra.iter().map(|dir| dir.to_path_buf()));
    let mut found = BTreeMap::new();
    for folder in folders {
        let Ok(listing) = fs::read_dir(&folder) else {
            continue;
        };
        for item in listing.flatten() {
            if item
                .file_name()
                .to_string_lossy()
                .starts_with("grade-escape-")
            {
                let modified = item.metadata().and_then(|m| m.modified()).ok();
                found.insert(item.path(), modified);
            }
        }
    }
    found
}

/// Processes whose environment holds `marker`, with their command lines. Every process of a
/// run inherits HOME (its scratch folder, under the TMPDIR this test gives `grade`), setsid,
/// double forks and the sandbox's namespaces notwithstanding.
fn processes_with(marker: &[u8]) -> Vec<(u32, String)> {
    let Ok(listing) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for item in listing.flatten() {
        let Some(pid) = item
            .file_name()
            .to_str()
            .and_then(|name| name.parse::<u32>().ok())
        else {
            continue;
        };
        let environ = fs::read(item.path().join("environ")).unwrap_or_default();
        if !environ.windows(marker.len()).any(|window| window == marker) {
            continue;
        }
        // A zombie has no environment left, so whatever matched was alive.
        let cmdline = fs::read(item.path().join("cmdline")).unwrap_or_default();
        found.push((pid, String::from_utf8_lossy(&cmdline).replace('\0', " ")));
    }
    found
}

/// Kills what a failed containment left running, so that one failure does not leave sleepers
/// on the machine: only processes of this test's gradings carry its marker.
fn kill_all_with(marker: &[u8]) {
    for (pid, _) in processes_with(marker) {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid as i32),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
}

/// Cgroups of the runs of grade process `pid` (the sandbox names them `run-<pid>-<n>`).
fn cgroups_of(pid: u32) -> Vec<PathBuf> {
    let prefix = format!("run-{pid}-");
    everything_under(Path::new("/sys/fs/cgroup"))
        .into_iter()
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with(&prefix))
        })
        .collect()
}

/// Collects a pipe to its end on a thread of its own.
fn collect(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// What a grading produced, and what it left on the machine.
struct Graded {
    report: Value,
    status: Option<i32>,
    stdout: String,
    stderr: String,
    /// Student processes seen while `grade` ran: proves the scan for leftovers sees them.
    seen_running: usize,
    /// Student processes alive once `grade` exited, with their command lines.
    left_behind: Vec<(u32, String)>,
    /// What remained in the TMPDIR given to `grade`, where its scratch space lives.
    temp_left: Vec<PathBuf>,
    /// Cgroups of `grade`'s runs left once it exited.
    cgroups_left: Vec<PathBuf>,
    /// `grade-escape-*` files that appeared or changed on the host.
    new_escapes: Vec<PathBuf>,
    /// Connections the listener on 127.0.0.1:TARGET_PORT accepted; `None` when the port was
    /// taken by something else and nothing could be concluded.
    connections: Option<usize>,
    fixtures_before: BTreeMap<PathBuf, Vec<u8>>,
    fixtures_after: BTreeMap<PathBuf, Vec<u8>>,
    /// The students graded: every row of the table, or those of one isolation.
    rows: Vec<toml::Table>,
}

/// Grades `path` with the binary as an instructor does, and inspects the machine after.
/// `Err` when `grade` hangs or writes no report: every test reading the grading then fails.
fn grade(path: &Path, isolation: Option<&str>, rows: Vec<toml::Table>) -> Result<Graded, String> {
    let dir = tempfile::tempdir().map_err(|err| err.to_string())?;
    let config = hostile_course(dir.path(), isolation);
    let temp = dir.path().join("tmp");
    fs::create_dir(&temp).map_err(|err| err.to_string())?;
    let json = dir.path().join("report.json");
    let marker = format!("HOME={}/", temp.display()).into_bytes();
    let listener = TcpListener::bind(("127.0.0.1", TARGET_PORT)).ok();
    let fixtures_before = snapshot(&repo().join("fixtures"));
    let escapes_before = escapes(&[dir.path(), &temp]);

    let mut child = Command::new(assert_cmd::cargo::cargo_bin("grade"))
        .arg(path)
        .arg("--config")
        .arg(&config)
        .arg("--output")
        .arg(&json)
        .args(["--lang", "en"])
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .env("TMPDIR", &temp)
        // cargo's test runner points this at its toolchain's libraries, which would make a
        // linked copy of rustc report the original's sysroot.
        .env_remove("LD_LIBRARY_PATH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("grade does not start: {err}"))?;
    let pid = child.id();
    let stdout = collect(child.stdout.take());
    let stderr = collect(child.stderr.take());
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let done = Arc::clone(&done);
        let marker = marker.clone();
        thread::spawn(move || {
            let mut seen = BTreeSet::new();
            while !done.load(Ordering::SeqCst) {
                seen.extend(processes_with(&marker));
                thread::sleep(Duration::from_millis(25));
            }
            seen.len()
        })
    };
    let started = Instant::now();
    let waited = child.wait_timeout(HANG);
    if !matches!(waited, Ok(Some(_))) {
        let _ = child.kill();
        let _ = child.wait();
    }
    done.store(true, Ordering::SeqCst);
    let left_behind = processes_with(&marker);
    kill_all_with(&marker);
    let seen_running = watcher.join().unwrap_or_default();
    let status = match waited {
        Ok(Some(status)) => status,
        Ok(None) => return Err(format!("grade still running after {HANG:?}: it hangs")),
        Err(err) => return Err(format!("cannot wait for grade: {err}")),
    };
    eprintln!(
        "graded {} in {:?}, {seen_running} student processes seen",
        path.display(),
        started.elapsed()
    );

    let connections = match listener {
        Some(listener) => Some(accepted(&listener)?),
        None => None,
    };
    let escapes_after = escapes(&[dir.path(), &temp]);
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let report = fs::read_to_string(&json)
        .map_err(|err| err.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|err| err.to_string()))
        .map_err(|err| format!("no report ({err}); stderr:\n{stderr}"))?;
    Ok(Graded {
        report,
        status: status.code(),
        stdout,
        stderr,
        seen_running,
        left_behind,
        temp_left: everything_under(&temp),
        cgroups_left: cgroups_of(pid),
        new_escapes: escapes_after
            .into_iter()
            .filter(|(path, modified)| escapes_before.get(path) != Some(modified))
            .map(|(path, _)| path)
            .collect(),
        connections,
        fixtures_before,
        fixtures_after: snapshot(&repo().join("fixtures")),
        rows,
    })
}

/// How many connections wait on `listener`: a connection completes in the kernel's backlog
/// whether or not the program accepts it.
fn accepted(listener: &TcpListener) -> Result<usize, String> {
    listener
        .set_nonblocking(true)
        .map_err(|err| err.to_string())?;
    let mut count = 0;
    loop {
        match listener.accept() {
            Ok(_) => count += 1,
            Err(error) if error.kind() == ErrorKind::WouldBlock => return Ok(count),
            Err(error) => return Err(format!("accept: {error}")),
        }
    }
}

/// One grading at a time: both bind the target port, and timings stay fair on a small machine.
static TURN: Mutex<()> = Mutex::new(());

/// Grades once for all the tests of this file that ask; a failure is kept, not retried.
fn graded_once(
    cell: &'static OnceLock<Result<Graded, String>>,
    grading: impl FnOnce() -> Result<Graded, String>,
) -> &'static Graded {
    let graded = cell.get_or_init(|| {
        let _turn = TURN.lock().unwrap_or_else(PoisonError::into_inner);
        grading()
    });
    graded.as_ref().unwrap_or_else(|why| panic!("{why}"))
}

fn table() -> Vec<toml::Table> {
    cases(&corpus().join("expected.toml"))
}

/// The whole corpus, in the strongest isolation.
fn among_hostile() -> &'static Graded {
    static GRADED: OnceLock<Result<Graded, String>> = OnceLock::new();
    graded_once(&GRADED, || grade(&corpus(), None, table()))
}

/// The corpus but its disk floods, with Landlock alone; `None` where Landlock is refused.
fn among_hostile_with_landlock() -> Option<&'static Graded> {
    if common::open_copy(&common::python().1).is_none()
        || common::open_copy(&common::rust_sysroot()).is_none()
    {
        eprintln!(
            "skipped with Landlock: the toolchains are closed to the sandbox user and cannot \
             be linked where it can reach them"
        );
        return None;
    }
    static CORPUS: OnceLock<Option<tempfile::TempDir>> = OnceLock::new();
    static GRADED: OnceLock<Result<Graded, String>> = OnceLock::new();
    let rows: Vec<toml::Table> = table()
        .into_iter()
        .filter(|case| !text(case, "limit").is_some_and(|l| NAMESPACE_LIMITS.contains(&l)))
        .collect();
    let copy = CORPUS.get_or_init(|| {
        let copy = tempfile::tempdir().ok()?;
        for case in &rows {
            let student = text(case, "student").unwrap_or_default();
            copy_tree(&corpus().join(student), &copy.path().join(student));
        }
        Some(copy)
    });
    let copy = copy
        .as_ref()
        .unwrap_or_else(|| panic!("cannot copy the corpus"));
    let graded = graded_once(&GRADED, || grade(copy.path(), Some("landlock"), rows));
    let isolation = graded.report["protections"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["name"] == "isolation"))
        .map(|p| p["detail"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    if isolation.starts_with("Landlock") {
        return Some(graded);
    }
    assert!(
        std::env::var_os("GRADE_REQUIRE_SANDBOX").is_none(),
        "Landlock refused: {isolation}"
    );
    eprintln!("skipped with Landlock: this machine refused it: {isolation}");
    None
}

/// Every grading of the corpus this machine allows.
fn gradings() -> Vec<(&'static str, &'static Graded)> {
    let mut all = vec![("the strongest isolation", among_hostile())];
    all.extend(among_hostile_with_landlock().map(|graded| ("Landlock", graded)));
    all
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|err| panic!("{err}"));
    for item in fs::read_dir(from)
        .unwrap_or_else(|err| panic!("{err}"))
        .flatten()
    {
        let target = to.join(item.file_name());
        if item.file_type().is_ok_and(|kind| kind.is_dir()) {
            copy_tree(&item.path(), &target);
        } else {
            fs::copy(item.path(), &target).unwrap_or_else(|err| panic!("{err}"));
        }
    }
}

/// The honest student's folder alone.
fn honest_alone() -> &'static Graded {
    static GRADED: OnceLock<Result<Graded, String>> = OnceLock::new();
    let rows = table()
        .into_iter()
        .filter(|case| text(case, "student") == Some("honest"))
        .collect();
    graded_once(&GRADED, || grade(&corpus().join("honest"), None, rows))
}

fn text<'a>(case: &'a toml::Table, key: &str) -> Option<&'a str> {
    case.get(key).and_then(toml::Value::as_str)
}

fn message(value: &Value) -> &str {
    value["message"].as_str().unwrap_or_default()
}

/// What is wrong with the verdict of one row of the table, if anything.
fn wrong_verdict(report: &Value, case: &toml::Table) -> Vec<String> {
    let student = text(case, "student").unwrap_or_default();
    let name = text(case, "exercise").unwrap_or_default();
    let got = exercise(report, student, name);
    let label = format!("{student}/{name}");
    let mut wrong = Vec::new();
    if got["verdict"].as_str() != text(case, "verdict") {
        return vec![format!("{label}: verdict {}: {got}", got["verdict"])];
    }
    if got["language"].as_str() != text(case, "language") {
        wrong.push(format!("{label}: language {}", got["language"]));
    }
    let Some(failing) = text(case, "check") else {
        return wrong;
    };
    let first_failing = got["checks"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["verdict"] == "fail"));
    let Some(run) = first_failing.filter(|c| c["check"] == failing) else {
        wrong.push(format!(
            "{label}: first failing check is not {failing}: {got}"
        ));
        return wrong;
    };
    let said = message(run);
    if let Some(phrase) = text(case, "message") {
        if !said.contains(phrase) {
            wrong.push(format!("{label}: message does not say {phrase:?}: {said}"));
        }
    }
    if failing != "run" {
        return wrong;
    }
    for (key, opening) in [
        ("timed_out", "timed out"),
        ("output_too_large", "output too large"),
    ] {
        let expected = case
            .get(key)
            .and_then(toml::Value::as_bool)
            .unwrap_or(false);
        if run[key].as_bool() != Some(expected) {
            wrong.push(format!("{label}: {key} {} in {run}", run[key]));
        }
        if expected && !said.starts_with(opening) {
            wrong.push(format!(
                "{label}: message does not open with {opening:?}: {said}"
            ));
        }
    }
    if let Some(signal) = text(case, "signal") {
        let number = match signal {
            "SIGKILL" => 9,
            other => panic!("add {other} to the test"),
        };
        if run["signal"].as_i64() != Some(number) {
            wrong.push(format!(
                "{label}: signal {} instead of {signal}",
                run["signal"]
            ));
        }
        if !said.contains(signal) {
            wrong.push(format!("{label}: message does not name {signal}: {said}"));
        }
    }
    wrong
}

/// The protection a limit of the table depends on.
fn protection_of(limit: &str) -> &'static str {
    match limit {
        "memory" => "memory limit",
        "tasks" => "task limit",
        "disk" | "files" => "disk limit",
        other => panic!("unknown limit {other}"),
    }
}

#[test]
fn every_hostile_submission_gets_the_verdict_of_the_table() {
    for (isolation, graded) in gradings() {
        let report = &graded.report;
        let mut wrong = Vec::new();
        for case in &graded.rows {
            let skip =
                text(case, "limit").is_some_and(|limit| !active(report, protection_of(limit)));
            if !skip {
                wrong.extend(wrong_verdict(report, case));
            }
        }
        assert_eq!(
            report["summary"]["exercises"].as_u64(),
            Some(graded.rows.len() as u64),
            "{isolation}"
        );
        assert!(
            wrong.is_empty(),
            "{isolation}: {} wrong:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
}

// Regression: a memory hog read as "killed by signal 9" and a fork storm as a bare timeout,
// which told the student neither which limit it was nor its value.
#[test]
fn a_limit_reached_is_named_with_its_value() {
    let report = &among_hostile().report;
    let mut wrong = Vec::new();
    for case in table() {
        let student = text(&case, "student").unwrap_or_default();
        let name = text(&case, "exercise").unwrap_or_default();
        let Some(limit) = text(&case, "limit") else {
            continue;
        };
        if !active(report, protection_of(limit)) {
            continue;
        }
        let failing = check(
            exercise(report, student, name),
            text(&case, "check").unwrap_or("run"),
        );
        let said = message(failing).to_lowercase();
        // The defaults: 1 GiB, 256 processes and threads, 512 MiB and 20000 files per job.
        let named = match limit {
            "memory" => said.contains("memory limit") && said.contains("1 gib"),
            "tasks" => said.contains("processes and threads") && said.contains("256"),
            "disk" => said.contains("disk limit") && said.contains("512 mib"),
            "files" => said.contains("disk limit") && said.contains("20000 files"),
            other => panic!("unknown limit {other}"),
        };
        if !named {
            wrong.push(format!("{student}/{name}: {}", message(failing)));
        }
    }
    assert!(
        wrong.is_empty(),
        "the run's message does not name the limit:\n{}",
        wrong.join("\n")
    );
}

/// Bytes of a check's message or quoted standard error a person can still read.
const READABLE: usize = 4096;

// Regression: stderr_flood writes 1 MiB on one line, and the report carried all of it in the
// message and again in stderr_tail (2 MiB of JSON per such student, 1 MiB on the terminal).
#[test]
fn messages_stay_short_whatever_the_program_prints() {
    let report = &among_hostile().report;
    let mut long = Vec::new();
    for submission in report["submissions"].as_array().into_iter().flatten() {
        for exercise in submission["exercises"].as_array().into_iter().flatten() {
            for check in exercise["checks"].as_array().into_iter().flatten() {
                for key in ["message", "stderr_tail"] {
                    let size = check[key].as_str().map_or(0, str::len);
                    if size > READABLE {
                        long.push(format!(
                            "{}/{} {} {key}: {size} bytes",
                            submission["student"].as_str().unwrap_or_default(),
                            exercise["exercise"].as_str().unwrap_or_default(),
                            check["check"].as_str().unwrap_or_default()
                        ));
                    }
                }
            }
        }
    }
    assert!(long.is_empty(), "too long to read:\n{}", long.join("\n"));
}

/// The grading is in English (`--lang en`): no French sentence in its reports, what the
/// programs wrote aside (`tests/language.rs` grades the corpus in French).
#[test]
fn the_reports_are_in_english() {
    for (isolation, graded) in gradings() {
        let mut french = common::language::foreign_terminal_lines(&graded.stdout, "en");
        french.extend(common::language::foreign_report_lines(&graded.report, "en"));
        assert!(
            french.is_empty(),
            "{isolation}: French:\n{}",
            french.join("\n")
        );
    }
}

#[test]
fn the_grader_exits_one_and_reports_no_error_of_its_own() {
    for (isolation, graded) in gradings() {
        assert_eq!(
            graded.status,
            Some(1),
            "{isolation}: stdout:\n{}\nstderr:\n{}",
            graded.stdout,
            graded.stderr
        );
        assert!(!graded.stderr.contains("panicked"), "{}", graded.stderr);
        assert_eq!(
            graded.report["errors"],
            Value::Array(Vec::new()),
            "{isolation}"
        );
    }
}

#[test]
fn no_process_of_the_corpus_outlives_the_grading() {
    for (isolation, graded) in gradings() {
        // The positive control: the same scan saw the students' processes while they ran.
        assert!(
            graded.seen_running > 0,
            "{isolation}: the scan never saw a student process"
        );
        assert!(
            graded.left_behind.is_empty(),
            "{isolation}: left running: {:#?}",
            graded.left_behind
        );
        assert!(
            graded.cgroups_left.is_empty(),
            "{isolation}: cgroups left: {:#?}",
            graded.cgroups_left
        );
    }
}

#[test]
fn no_file_appears_outside_the_scratch_space() {
    for (isolation, graded) in gradings() {
        // The scratch space lived in this TMPDIR: `../..` of a run's folder. It is removed whole.
        assert!(
            graded.temp_left.is_empty(),
            "{isolation}: left in grade's TMPDIR: {:#?}",
            graded.temp_left
        );
        assert!(
            graded.new_escapes.is_empty(),
            "{isolation}: written outside: {:#?}",
            graded.new_escapes
        );
    }
}

#[test]
fn no_connection_reaches_the_machine() {
    for (isolation, graded) in gradings() {
        let Some(connections) = graded.connections else {
            assert!(
                std::env::var_os("GRADE_REQUIRE_SANDBOX").is_none(),
                "127.0.0.1:{TARGET_PORT} is taken: cannot listen where the corpus connects"
            );
            eprintln!("skipped, 127.0.0.1:{TARGET_PORT} is taken by another program");
            return;
        };
        assert_eq!(
            connections, 0,
            "{isolation}: the listener on {TARGET_PORT} was reached"
        );
    }
}

#[test]
fn the_corpus_is_unchanged() {
    for (isolation, graded) in gradings() {
        assert_eq!(
            graded.fixtures_before.keys().collect::<Vec<_>>(),
            graded.fixtures_after.keys().collect::<Vec<_>>(),
            "{isolation}: files appeared or vanished in fixtures/"
        );
        assert!(
            graded.fixtures_before == graded.fixtures_after,
            "{isolation}: a file of fixtures/ changed"
        );
    }
}

#[test]
fn the_honest_verdict_is_the_same_alone_and_among_hostile_ones() {
    let verdicts = |graded: &Graded| -> Vec<(String, String)> {
        let honest = exercise(&graded.report, "honest", "cube");
        assert_eq!(honest["verdict"], "pass", "{honest}");
        assert_eq!(check(honest, "result")["actual"], "24502500", "{honest}");
        honest["checks"]
            .as_array()
            .unwrap_or_else(|| panic!("no checks in {honest}"))
            .iter()
            .map(|c| (c["check"].to_string(), c["verdict"].to_string()))
            .collect()
    };
    let alone = honest_alone();
    assert_eq!(alone.status, Some(0), "{}", alone.stdout);
    assert!(alone.left_behind.is_empty(), "{:#?}", alone.left_behind);
    assert_eq!(verdicts(alone), verdicts(among_hostile()));
}
