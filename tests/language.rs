//! The course is French: grading the fixtures with its course file says everything in French,
//! the cheats' verdicts, the hostile programs' limits and the workers' counts included. What
//! the programs and compilers wrote is quoted and left as it is (see `common::language`). The
//! English runs of the same corpora are checked by the tests that grade them (`cheats.rs`,
//! `hostile.rs`, `grade.rs`).

mod common;

use common::{language, repo};

/// One grading at a time: two on the 2 cores of the project machine would slow each other.
fn one_grading_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static GRADING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    GRADING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Grades `fixtures/<corpus>` with the repository's course file, as an instructor does, and
/// returns what is not French in its terminal report and its JSON report.
fn english_in(corpus: &str) -> Vec<String> {
    let _turn = one_grading_at_a_time();
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let json = dir.path().join("report.json");
    let output = common::grade_in(&repo())
        .arg(repo().join("fixtures").join(corpus))
        .arg("--output")
        .arg(&json)
        .env_remove("LD_LIBRARY_PATH")
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("étudiants, cours « Multiprocessing »"),
        "{corpus}: not graded in French:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut foreign = language::foreign_terminal_lines(&stdout, "fr");
    foreign.extend(language::foreign_report_lines(&common::report(&json), "fr"));
    foreign
}

#[test]
fn the_cheats_are_told_in_french() {
    let english = english_in("cheats");
    assert!(english.is_empty(), "English:\n{}", english.join("\n"));
}

#[test]
fn the_hostile_programs_are_told_in_french() {
    let english = english_in("hostile");
    assert!(english.is_empty(), "English:\n{}", english.join("\n"));
}

#[test]
fn the_workers_counts_are_told_in_french() {
    let english = english_in("workers");
    assert!(english.is_empty(), "English:\n{}", english.join("\n"));
}
