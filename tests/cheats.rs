//! `grade` driven on the cheating corpus (`fixtures/cheats/`, verdicts in its `expected.toml`):
//! students who try to get the points without the work. Some run more workers than the
//! exercise allows and hide them from the count (renamed processes, children born before an
//! exec, command lines dressed as multiprocessing's helpers, threads of C code that releases
//! the GIL); some print the right result without computing it the way the exercise asks (an
//! idle pool, a constant, no queue, no channel, a split that is right only for the CPU count the
//! grader shows); one looks for signs of the grader and fails on purpose when it sees any.
//!
//! The corpus is graded once, by the binary as an instructor runs it
//! (`grade fixtures/cheats --config <course> --output report.json`), for all the tests; each
//! case of the table has a test of its own, named after the student, that checks the exercise's
//! verdict, that the check the trick is aimed at fails, and a phrase of its message.

mod common;

use common::{cases, check, exercise, repo, snapshot};
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;
use wait_timeout::ChildExt;

/// A grading that runs longer than this hangs: the corpus takes well under a minute, the Rust
/// builds included.
const HANG: Duration = Duration::from_secs(300);

fn corpus() -> PathBuf {
    repo().join("fixtures/cheats")
}

/// The course of the corpus: both exercises of its students, `cube` and `cube_queue`, graded
/// as `grader.toml` grades them (at least 2 and at most 4 workers, 16 CPUs shown), against the
/// repository's references by absolute path, run once. The cheats run for one or two seconds
/// on purpose, so that their workers overlap for long: the time allowance is wide, for the
/// check under test to be the one that fails, never `time`.
fn cheats_course(dir: &Path) -> PathBuf {
    let reference = toml::Value::String(repo().join("reference").display().to_string());
    let mut text = format!(
        "[course]\nname = \"cheats\"\nmax-score = 16\nreference = {reference}\n\
         reference-runs = 1\noutput-limit = \"1MiB\"\n\n\
         [defaults]\ntimeout = \"10s\"\ntime-slack = \"10s\"\n\
         workers = {{ min = 2, max = 4, cpus = 16, python = \"processes\", rust = \"threads\" }}\n"
    );
    for name in ["cube", "cube_queue"] {
        text.push_str(&format!(
            "\n[exercises.{name}]\npython = \"{name}.py\"\nrust = \"{name}\"\n\
             result = '^result = (?P<value>-?\\d+)'\npoints = 8\ntimeout = \"10s\"\n"
        ));
    }
    // As grader.toml: the queue exercise requires a queue (a channel in Rust).
    text.push_str("requires = \"queue\"\n");
    let path = dir.join("course.toml");
    fs::write(&path, text).unwrap_or_else(|err| panic!("{err}"));
    path
}

/// What the grading produced.
struct Graded {
    report: Value,
    status: Option<i32>,
    stdout: String,
    stderr: String,
    fixtures_before: BTreeMap<PathBuf, Vec<u8>>,
    fixtures_after: BTreeMap<PathBuf, Vec<u8>>,
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

/// Grades the corpus with the binary as an instructor does. `Err` when `grade` hangs or
/// writes no report: every test then fails with why.
fn grade() -> Result<Graded, String> {
    grade_with(&[])
}

/// Grades the corpus with these arguments added.
fn grade_with(extra: &[&str]) -> Result<Graded, String> {
    let dir = tempfile::tempdir().map_err(|err| err.to_string())?;
    let config = cheats_course(dir.path());
    let json = dir.path().join("report.json");
    let fixtures_before = snapshot(&repo().join("fixtures"));
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("grade"))
        .arg(corpus())
        .arg("--config")
        .arg(&config)
        .arg("--output")
        .arg(&json)
        .args(["--lang", "en"])
        .args(extra)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        // cargo's test runner points this at its toolchain's libraries.
        .env_remove("LD_LIBRARY_PATH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("grade does not start: {err}"))?;
    let stdout = collect(child.stdout.take());
    let stderr = collect(child.stderr.take());
    let started = Instant::now();
    let waited = child.wait_timeout(HANG);
    if !matches!(waited, Ok(Some(_))) {
        let _ = child.kill();
        let _ = child.wait();
    }
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let status = match waited {
        Ok(Some(status)) => status,
        Ok(None) => return Err(format!("grade still running after {HANG:?}: it hangs")),
        Err(err) => return Err(format!("cannot wait for grade: {err}")),
    };
    eprintln!("graded {} in {:?}", corpus().display(), started.elapsed());
    let report = fs::read_to_string(&json)
        .map_err(|err| err.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|err| err.to_string()))
        .map_err(|err| format!("no report ({err}); stderr:\n{stderr}"))?;
    Ok(Graded {
        report,
        status: status.code(),
        stdout,
        stderr,
        fixtures_before,
        fixtures_after: snapshot(&repo().join("fixtures")),
    })
}

/// The corpus graded once for all the tests of this file; a failure is kept, not retried.
fn graded() -> &'static Graded {
    static GRADED: OnceLock<Result<Graded, String>> = OnceLock::new();
    GRADED
        .get_or_init(grade)
        .as_ref()
        .unwrap_or_else(|why| panic!("{why}"))
}

fn table() -> Vec<toml::Table> {
    cases(&corpus().join("expected.toml"))
}

fn text<'a>(case: &'a toml::Table, key: &str) -> Option<&'a str> {
    case.get(key).and_then(toml::Value::as_str)
}

/// The row of `student` in the table.
fn row(student: &str) -> toml::Table {
    table()
        .into_iter()
        .find(|case| text(case, "student") == Some(student))
        .unwrap_or_else(|| panic!("{student} is not in fixtures/cheats/expected.toml"))
}

/// An exercise's checks as a person reads them, one a line: `workers: pass: 2 workers ...`.
fn checks_said(graded: &Value) -> String {
    graded["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            format!(
                "    {}: {}: {}",
                c["check"].as_str().unwrap_or("?"),
                c["verdict"].as_str().unwrap_or("?"),
                c["message"].as_str().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Grades `student` against its row: the verdict, the language, and for a failure the first
/// failing check and a phrase of its message; for a pass, the right result.
fn assert_case(student: &str) {
    let case = row(student);
    let name = text(&case, "exercise").unwrap_or_else(|| panic!("{student}: no exercise"));
    let verdict = text(&case, "verdict").unwrap_or_else(|| panic!("{student}: no verdict"));
    let attempts = text(&case, "attempts").unwrap_or_default();
    let got = exercise(&graded().report, student, name);
    let label = format!("{student}/{name}");
    let wanted = match (text(&case, "check"), text(&case, "message")) {
        (Some(failing), Some(phrase)) => {
            format!("{verdict}, the `{failing}` check failing, saying {phrase:?}")
        }
        _ => verdict.to_string(),
    };
    let context = format!(
        "{label} ({attempts})\n  expected: {wanted}\n  got: {}, checks:\n{}",
        got["verdict"].as_str().unwrap_or("?"),
        checks_said(got)
    );
    assert_eq!(
        got["language"].as_str(),
        text(&case, "language"),
        "{label}: graded as the wrong language\n{context}"
    );
    assert_eq!(
        got["verdict"].as_str(),
        Some(verdict),
        "{label}: wrong verdict\n{context}"
    );
    if verdict == "pass" {
        assert_eq!(
            check(got, "result")["actual"].as_str(),
            Some("24502500"),
            "{label}: passes without the right result\n{context}"
        );
        return;
    }
    let failing = text(&case, "check").unwrap_or_else(|| panic!("{student}: no check"));
    let phrase = text(&case, "message").unwrap_or_else(|| panic!("{student}: no message"));
    // The check the trick is aimed at fails, whatever else fails beside it (a program that
    // hides its workers may also have its result from elsewhere than multiprocessing).
    let aimed_at = check(got, failing);
    assert_eq!(
        aimed_at["verdict"].as_str(),
        Some("fail"),
        "{label}: the `{failing}` check does not fail\n{context}"
    );
    let said = aimed_at["message"].as_str().unwrap_or_default();
    assert!(
        said.contains(phrase),
        "{label}: the `{failing}` message does not say {phrase:?}: {said:?}\n{context}"
    );
}

/// One test per student of the corpus, named after its folder.
macro_rules! cheat_tests {
    ($($student:ident),* $(,)?) => {
        /// The students that have a test, in the table's order.
        const STUDENTS: &[&str] = &[$(stringify!($student)),*];
        $(
            #[test]
            fn $student() {
                assert_case(stringify!($student));
            }
        )*
    };
}

cheat_tests!(
    rename_prctl,
    rename_comm,
    fork_execv,
    comment_helper,
    rust_exec_helper,
    usercustomize,
    gil_free_threads,
    idle_pool,
    constant_after_map,
    queue_via_map,
    rust_join_handles,
    cpu_count_slices,
    precomputed_file,
    view_escape,
    constant_pieces,
    rust_const_fn,
    rust_build_script,
    exec_after_work,
    orphans_before_exec,
    grader_detector,
);

#[test]
fn every_row_of_the_table_has_a_test_and_a_folder() {
    let rows: Vec<String> = table()
        .iter()
        .map(|case| text(case, "student").unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        rows, STUDENTS,
        "the tests and fixtures/cheats/expected.toml differ"
    );
    let mut folders: Vec<String> = fs::read_dir(corpus())
        .unwrap_or_else(|err| panic!("{err}"))
        .flatten()
        .filter(|item| item.file_type().is_ok_and(|kind| kind.is_dir()))
        .map(|item| item.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut listed = rows;
    listed.sort();
    assert_eq!(
        folders, listed,
        "the folders of fixtures/cheats/ and its table differ"
    );
}

#[test]
fn the_grader_exits_one_and_reports_no_error_of_its_own() {
    let graded = graded();
    assert_eq!(
        graded.status,
        Some(1),
        "stdout:\n{}\nstderr:\n{}",
        graded.stdout,
        graded.stderr
    );
    assert!(!graded.stderr.contains("panicked"), "{}", graded.stderr);
    assert_eq!(graded.report["errors"], Value::Array(Vec::new()));
}

/// The grading is in English (`--lang en`): no French sentence in its reports, what the
/// programs wrote aside (`tests/language.rs` grades the corpus in French).
#[test]
fn the_reports_are_in_english() {
    let graded = graded();
    let mut french = common::language::foreign_terminal_lines(&graded.stdout, "en");
    french.extend(common::language::foreign_report_lines(&graded.report, "en"));
    assert!(french.is_empty(), "French:\n{}", french.join("\n"));
}

#[test]
fn the_corpus_is_unchanged() {
    let graded = graded();
    assert_eq!(
        graded.fixtures_before.keys().collect::<Vec<_>>(),
        graded.fixtures_after.keys().collect::<Vec<_>>(),
        "files appeared or vanished in fixtures/"
    );
    assert!(
        graded.fixtures_before == graded.fixtures_after,
        "a file of fixtures/ changed"
    );
}

#[test]
fn one_job_at_a_time_gives_the_same_verdicts_and_scores() {
    let concurrent = &graded().report;
    let one = grade_with(&["--jobs", "1"]).unwrap_or_else(|why| panic!("{why}"));
    let differ = common::differences(concurrent, &one.report);
    assert!(
        differ.is_empty(),
        "default / --jobs 1:\n{}",
        differ.join("\n")
    );
}
