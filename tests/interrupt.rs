//! SIGTERM while a class is regraded with several runs at once: every build and run in flight
//! stops, nothing of theirs is left running, and the report keeps what was judged before and
//! the earlier results of the students not regraded yet.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{repo, report, write};

/// Four workers that sleep: many such runs overlap.
const SLEEPY_POOL: &str = r#""""Le carré de chaque entier, calculé lentement par quatre processus."""
import time
from multiprocessing import Pool


def slow_square(value):
    """Le carré de value, après une longue attente."""
    time.sleep(1)
    return value * value


if __name__ == "__main__":
    with Pool(4) as pool:
        squares = pool.map(slow_square, range(8))
    print(f"result = {sum(squares)}")
"#;

/// Processes the runs of the grader whose scratch space is under `scratch` started: their
/// environment names the CPU view's files there.
fn runs_alive(scratch: &std::path::Path) -> Vec<String> {
    let marker = scratch.display().to_string();
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|item| {
            let environ = std::fs::read(item.path().join("environ")).ok()?;
            let seen = environ
                .windows(marker.len())
                .any(|window| window == marker.as_bytes());
            let comm = std::fs::read_to_string(item.path().join("comm")).unwrap_or_default();
            seen.then(|| format!("{} {}", item.file_name().to_string_lossy(), comm.trim()))
        })
        .collect()
}

#[test]
fn sigterm_stops_every_run_in_flight_and_keeps_what_was_judged() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    for student in 1..=12 {
        write(
            &dir.path()
                .join(format!("class/student{student:02}/pool.py")),
            SLEEPY_POOL,
        );
    }
    let json = dir.path().join("report.json");
    // A report of the whole class already: an interrupted regrade must lose none of it.
    common::grade_in(dir.path())
        .arg("class")
        .args(["--exercise", "pool", "--config"])
        .arg(repo().join("grader.toml"))
        .arg("--output")
        .arg(&json)
        .assert()
        .code(0);
    for student in 1..=12 {
        // Changed, so that the regrade grades it again.
        write(
            &dir.path()
                .join(format!("class/student{student:02}/pool.py")),
            &format!("{SLEEPY_POOL}\n# version 2\n"),
        );
    }
    // The grader's scratch space, where the runs' environment points.
    let scratch = dir.path().join("tmp");
    std::fs::create_dir_all(&scratch).unwrap_or_else(|err| panic!("{err}"));
    let mut grading = Command::new(assert_cmd::cargo::cargo_bin("grade"))
        .arg(dir.path().join("class"))
        .args(["--exercise", "pool", "--jobs", "2", "--config"])
        .arg(repo().join("grader.toml"))
        .arg("--output")
        .arg(&json)
        .env("NO_COLOR", "1")
        .env("TMPDIR", &scratch)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("{err}"));
    // Once some entries are judged, while others run.
    let started = Instant::now();
    loop {
        let judged = std::fs::read_to_string(&json)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            // The file holds the first grading until the regrade writes its own, where the
            // students not regraded yet are kept.
            .filter(|report| report["submissions"].to_string().contains("\"kept\":true"))
            .map(|report| regraded(&report).len())
            .unwrap_or(0);
        if judged >= 2 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "nothing judged after two minutes"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let pid = nix::unistd::Pid::from_raw(grading.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM)
        .unwrap_or_else(|err| panic!("{err}"));
    let status = grading.wait().unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(status.code(), Some(2));
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the grader took {:?} to stop",
        started.elapsed()
    );
    let left = runs_alive(&scratch);
    assert!(left.is_empty(), "left running: {left:?}");
    let report = report(&json);
    assert_eq!(report["interrupted"], true);
    let judged = regraded(&report).len();
    assert!((2..12).contains(&judged), "{judged} regraded");
    // The students not regraded yet keep their earlier results.
    let students = report["submissions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(students.len(), 12, "{report}");
    let kept = students.iter().filter(|s| s["kept"] == true).count();
    assert_eq!(kept + judged, 12);
    // What was judged is whole: every entry in the report passes, none half-run.
    for submission in &students {
        for exercise in submission["exercises"].as_array().into_iter().flatten() {
            assert_eq!(exercise["verdict"], "pass", "{exercise}");
        }
    }
}

/// The students this run graded (not kept from the report already in the file).
fn regraded(report: &serde_json::Value) -> Vec<String> {
    report["submissions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|submission| submission["kept"] != true)
        .map(|submission| submission["student"].to_string())
        .collect()
}
