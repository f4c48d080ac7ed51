//! The grader's own memory stays under 200 MB while a submission prints without end (issue 5).
//!
//! A test binary of its own: `getrusage(RUSAGE_CHILDREN)` below counts every child this process
//! ever waited for, so no other test may start processes here.
//!
//! Two measures, because each misses what the other sees:
//! - `VmHWM` of `/proc/<grade>/status`, polled while `grade` runs, is the peak resident size of
//!   `grade` alone, kept by the kernel (a poll cannot miss a short peak it has passed); but the
//!   last poll comes some milliseconds before the exit, when the report is written.
//! - `ru_maxrss` of `RUSAGE_CHILDREN` after the wait covers the whole life of `grade` to its
//!   exit; but it is the largest of `grade` and every descendant it waited for (the flooding
//!   programs, the interpreters), so an upper bound. The students here stay small, so under
//!   200 MB it still proves the grader is.

mod common;

use common::{cube_course, repo};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::resource::{getrusage, UsageWho};
use serde_json::Value;
use wait_timeout::ChildExt;

const LIMIT: u64 = 200_000_000;

/// A grading that runs longer than this hangs: it takes a few seconds.
const HANG: Duration = Duration::from_secs(120);

/// A course whose timeout is long enough for a flood to pile up gigabytes in a grader that
/// kept what it read: the output limit alone must stop it.
fn flood_course(dir: &Path) -> PathBuf {
    cube_course(
        dir,
        "reference-runs = 1\noutput-limit = \"1MiB\"",
        "timeout = \"20s\"",
    )
}

/// Two floods: the corpus' `print` loop, and one writing 8 MiB blocks without a newline to
/// both streams, which a line-based reader or a kept standard error would hold whole.
fn class(dir: &Path) -> PathBuf {
    let class = dir.join("class");
    let lines = class.join("output_flood");
    fs::create_dir_all(&lines).unwrap_or_else(|err| panic!("{err}"));
    fs::copy(
        repo().join("fixtures/hostile/output_flood/cube.py"),
        lines.join("cube.py"),
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let blocks = class.join("block_flood");
    fs::create_dir_all(&blocks).unwrap_or_else(|err| panic!("{err}"));
    fs::write(
        blocks.join("cube.py"),
        "\"\"\"Prints 8 MiB blocks without a newline to both streams, without end.\"\"\"\n\
         import sys\n\n\
         BLOCK = b\"9\" * (8 << 20)\n\
         while True:\n    \
             sys.stdout.buffer.write(BLOCK)\n    \
             sys.stderr.buffer.write(BLOCK)\n",
    )
    .unwrap_or_else(|err| panic!("{err}"));
    class
}

/// A field of `/proc/<pid>/status` in bytes (`VmHWM:  12345 kB`); `None` once the process ended.
fn status_bytes(pid: u32, field: &str) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[test]
fn the_grader_stays_under_200_mb_while_a_submission_prints_without_end() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let config = flood_course(dir.path());
    let class = class(dir.path());
    let json = dir.path().join("report.json");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("grade"))
        .arg(&class)
        .arg("--config")
        .arg(&config)
        .arg("--output")
        .arg(&json)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("grade does not start: {err}"));
    let pid = child.id();
    let started = Instant::now();
    let mut polled_peak = 0;
    let mut polls = 0;
    let status = loop {
        if let Some(peak) = status_bytes(pid, "VmHWM:") {
            polled_peak = polled_peak.max(peak);
            polls += 1;
        }
        let over = polled_peak >= LIMIT;
        if over || started.elapsed() > HANG {
            // Killing grade kills its runs too: bubblewrap dies with its parent.
            let _ = child.kill();
            let _ = child.wait();
            assert!(!over, "grade's VmHWM reached {polled_peak} bytes");
            panic!("grade still running after {HANG:?}: it hangs");
        }
        match child.wait_timeout(Duration::from_millis(10)) {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(err) => panic!("cannot wait for grade: {err}"),
        }
    };
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap_or_else(|err| panic!("{err}"));
    // Linux gives ru_maxrss in KiB.
    let children_peak = u64::try_from(usage.max_rss()).unwrap_or(0) * 1024;

    let text = fs::read_to_string(&json).unwrap_or_else(|err| panic!("no report: {err}"));
    let report: Value = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(status.code(), Some(1), "{report}");
    // Both floods ran and were stopped by the output limit, not by the timeout.
    for student in ["output_flood", "block_flood"] {
        let run = report["submissions"]
            .as_array()
            .and_then(|all| all.iter().find(|s| s["student"] == student))
            .and_then(|s| s["exercises"][0]["checks"].as_array())
            .and_then(|checks| checks.iter().find(|c| c["check"] == "run"))
            .unwrap_or_else(|| panic!("no run check for {student}: {report}"));
        assert_eq!(run["output_too_large"], true, "{run}");
        assert!(
            run["stdout_bytes"].as_u64().is_some_and(|b| b > 1 << 20),
            "{run}"
        );
    }
    eprintln!(
        "grade's peak: {} MB polled {polls} times, {} MB by getrusage",
        polled_peak / 1_000_000,
        children_peak / 1_000_000
    );
    assert!(polls > 0, "grade's status was never read");
    assert!(
        polled_peak < LIMIT,
        "grade's VmHWM reached {polled_peak} bytes"
    );
    assert!(
        children_peak < LIMIT,
        "grade (or a program it ran) reached {children_peak} bytes"
    );
}
