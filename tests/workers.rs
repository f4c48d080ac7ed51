//! The `workers` check through the real binary, sandbox included: every fixture of
//! `fixtures/workers/` gets the exact peak and distinct of `fixtures/workers/expected.toml`.

mod common;

use common::{cases, differences, repo};

use assert_cmd::Command;
use serde_json::Value;

/// The fixtures graded with `jobs` (the default when `None`), one grading at a time: two on
/// the project machine's 2 cores would slow each other.
fn graded(jobs: Option<&str>) -> Value {
    static GRADING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = GRADING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let json = dir.path().join("report.json");
    let mut command = Command::cargo_bin("grade").unwrap_or_else(|err| panic!("{err}"));
    command
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .args([
            "fixtures/workers",
            "--exercise",
            "cube",
            "--exercise",
            "cube_queue",
            "-o",
        ])
        .arg(&json);
    if let Some(jobs) = jobs {
        // One job at a time, and in English over the course's French: neither may change a
        // verdict.
        command.args(["--jobs", jobs, "--lang", "en"]);
    }
    command.assert().code(1);
    serde_json::from_str(&std::fs::read_to_string(&json).unwrap_or_default())
        .unwrap_or_else(|err| panic!("{err}"))
}

fn default_grading() -> &'static Value {
    static GRADED: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    GRADED.get_or_init(|| graded(None))
}

#[test]
fn one_job_at_a_time_gives_the_same_verdicts_and_scores() {
    let one = graded(Some("1"));
    let differ = differences(default_grading(), &one);
    assert!(
        differ.is_empty(),
        "default / --jobs 1:\n{}",
        differ.join("\n")
    );
    let french = common::language::foreign_report_lines(&one, "en");
    assert!(
        french.is_empty(),
        "French in --lang en:\n{}",
        french.join("\n")
    );
}

#[test]
fn every_workers_fixture_gets_its_figures_and_verdict() {
    let report = default_grading();
    let mut wrong = Vec::new();
    let cases = cases(&repo().join("fixtures/workers/expected.toml"));
    assert!(cases.len() >= 10, "the table lists {} cases", cases.len());
    for case in cases {
        let dir = case["dir"].as_str().unwrap_or_default();
        let graded = report["submissions"]
            .as_array()
            .and_then(|all| all.iter().find(|s| s["student"] == dir))
            .and_then(|s| s["exercises"].as_array())
            .and_then(|all| all.iter().find(|e| e["verdict"] != "missing"))
            .unwrap_or_else(|| panic!("{dir} was not graded"));
        let workers = graded["checks"]
            .as_array()
            .and_then(|all| all.iter().find(|c| c["check"] == "workers"))
            .unwrap_or_else(|| panic!("{dir}: no workers check"));
        // Deaths known from exit events only (not root): the true peak lies between the two.
        let keys: &[&str] = if workers["exits_accounted"] == true {
            &["peak", "peak_settled", "distinct"]
        } else {
            &["distinct"]
        };
        for key in keys {
            let expected = case[if *key == "peak_settled" { "peak" } else { *key }].as_integer();
            if workers[*key].as_i64() != expected {
                wrong.push(format!(
                    "{dir}: {key} {} instead of {expected:?}",
                    workers[*key]
                ));
            }
        }
        let (settled, seen) = (workers["peak_settled"].as_i64(), workers["peak"].as_i64());
        let expected = case["peak"].as_integer();
        if !(settled <= expected && expected <= seen) {
            wrong.push(format!(
                "{dir}: peak {expected:?} not within [{settled:?}, {seen:?}]"
            ));
        }
        if workers["verdict"].as_str() != case["verdict"].as_str() {
            wrong.push(format!(
                "{dir}: verdict {} instead of {}: {}",
                workers["verdict"], case["verdict"], workers["message"]
            ));
        }
        if workers["exact"] != true {
            wrong.push(format!(
                "{dir}: the figures are not exact: {}",
                workers["notes"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
