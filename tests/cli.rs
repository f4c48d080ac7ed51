//! `grade` on small course files and submissions made for one behaviour each: bad input gets a
//! clear error naming the file, and loses no other result.

mod common;

use common::{grade_in as grade, repo, report, write};
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

/// A course with the one quick exercise, `cube`, graded against the repository's references.
fn course(dir: &Path, extra: &str) -> PathBuf {
    let path = dir.join("grader.toml");
    let text = format!(
        "[course]\nname = \"test\"\nreference = \"{}\"\nreference-runs = 1\n\n[exercises.cube]\npython = \"cube.py\"\nrust = \"cube\"\nresult = '^result = (?P<value>-?\\d+)'\ntimeout = \"5s\"\n{extra}",
        repo().join("reference").display()
    );
    write(&path, &text);
    path
}

/// A class folder in `dir` with copies of these sample students.
fn class_of(dir: &Path, names: &[&str]) -> PathBuf {
    let class = dir.join("class");
    for name in names {
        let folder = class.join(name);
        std::fs::create_dir_all(&folder).unwrap_or_else(|err| panic!("{err}"));
        copy_student(name, &folder);
    }
    class
}

fn copy_student(name: &str, to: &Path) {
    let from = repo().join("fixtures/submissions").join(name);
    for item in std::fs::read_dir(&from).unwrap_or_else(|err| panic!("{err}")) {
        let item = item.unwrap_or_else(|err| panic!("{err}"));
        if item.path().is_file() {
            std::fs::copy(item.path(), to.join(item.file_name()))
                .unwrap_or_else(|err| panic!("{err}"));
        }
    }
}

#[test]
fn an_unknown_key_names_the_file_the_line_and_the_key() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), "timout = \"2s\"\n");
    grade(dir.path())
        .arg(".")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("grader.toml:11:1"))
        .stderr(predicate::str::contains("unknown field `timout`"));
}

#[test]
fn an_invalid_regex_names_its_key() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let path = course(dir.path(), "");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .replace("(?P<value>-?\\d+)", "(?P<value>-?\\d+");
    write(&path, &text);
    grade(dir.path())
        .arg(".")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`exercises.cube.result`: invalid regex",
        ));
}

#[test]
fn malformed_toml_is_located() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    write(
        &dir.path().join("grader.toml"),
        "[course]\nname = \"unterminated\n",
    );
    grade(dir.path())
        .arg(".")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("grader.toml:2:"));
}

#[test]
fn a_missing_folder_exits_two() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), "");
    grade(dir.path())
        .arg("no-such-folder")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-folder: no such folder"));
}

#[test]
fn no_course_file_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    grade(dir.path())
        .arg(".")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no grader.toml or grader.bundle.json in",
        ))
        .stderr(predicate::str::contains("--course FILE"));
}

#[test]
fn a_student_checks_their_own_folder() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), "");
    let mine = dir.path().join("élève un");
    std::fs::create_dir_all(&mine).unwrap_or_else(|err| panic!("{err}"));
    copy_student("chloé dupont", &mine);
    grade(&mine)
        .arg(".")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            " PASS élève un cube python 20.00/20",
        ));
}

#[test]
fn a_missing_reference_is_a_grader_error_and_the_rest_is_graded() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let empty = dir.path().join("no-reference");
    std::fs::create_dir_all(&empty).unwrap_or_else(|err| panic!("{err}"));
    let path = course(dir.path(), "");
    let text = std::fs::read_to_string(&path).unwrap_or_default().replace(
        &repo().join("reference").display().to_string(),
        &empty.display().to_string(),
    );
    write(&path, &text);
    class_of(dir.path(), &["chloé dupont", "hugo bernard"]);
    let json = dir.path().join("report.json");
    grade(dir.path())
        .arg("class")
        .arg("-o")
        .arg(&json)
        .assert()
        .code(2);
    let report = report(&json);
    let errors = report["errors"].to_string();
    assert!(
        errors.contains("no python reference for exercise `cube`"),
        "{errors}"
    );
    // Every student is still listed, and their cube is the grader's error, not a grade.
    assert_eq!(report["submissions"].as_array().map(Vec::len), Some(2));
    let cube = &report["submissions"][0]["exercises"][0];
    assert_eq!(cube["verdict"], "error", "{cube}");
    assert!(cube["checks"].as_array().is_some_and(Vec::is_empty));
    assert_eq!(report["summary"]["errors"], 2);
}

#[test]
fn resume_reuses_unchanged_results_and_regrades_changed_ones() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), "");
    let students = class_of(dir.path(), &["chloé dupont", "hugo bernard"]);
    let json = dir.path().join("report.json");
    grade(dir.path())
        .arg("class")
        .arg("-o")
        .arg(&json)
        .assert()
        .code(1);
    let first = report(&json);
    let hugo = &first["submissions"][1]["exercises"][0];
    assert_eq!(hugo["verdict"], "fail");
    // Hugo fixes his range; Chloé changes nothing.
    let script = students.join("hugo bernard/cube.py");
    let fixed = std::fs::read_to_string(&script)
        .unwrap_or_default()
        .replace("range(1, 101)", "range(100)");
    write(&script, &fixed);
    grade(dir.path())
        .arg("class")
        .arg("-o")
        .arg(&json)
        .arg("--resume")
        .assert()
        .code(0);
    let second = report(&json);
    assert_eq!(second["submissions"][1]["exercises"][0]["verdict"], "pass");
    assert_ne!(
        second["submissions"][1]["exercises"][0]["fingerprint"],
        hugo["fingerprint"]
    );
    // Chloé's result is the earlier one, figures included, marked reused; its build and runs
    // were not placed in this grading's time.
    let mut earlier = first["submissions"][0]["exercises"][0].clone();
    assert!(
        earlier["timeline"]
            .as_array()
            .is_some_and(|spans| spans.len() >= 2),
        "{earlier}"
    );
    let earlier = earlier.as_object_mut().expect("an exercise");
    earlier.remove("timeline");
    earlier.insert("reused".into(), Value::Bool(true));
    assert_eq!(
        second["submissions"][0]["exercises"][0],
        Value::Object(earlier.clone())
    );
    assert_eq!(second["submissions"][1]["exercises"][0].get("reused"), None);
}

#[test]
fn an_output_flood_fails_with_output_too_large() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), "");
    let student = dir.path().join("class/flood");
    write(
        &student.join("cube.py"),
        "\"\"\"Prints without end.\"\"\"\nwhile True:\n    print(\"result = 24502500\" * 100)\n",
    );
    let json = dir.path().join("report.json");
    grade(dir.path())
        .arg("class")
        .arg("-o")
        .arg(&json)
        .assert()
        .code(1);
    let run = &report(&json)["submissions"][0]["exercises"][0]["checks"][1];
    assert_eq!(run["output_too_large"], true, "{run}");
    assert!(
        run["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("output too large"),
        "{run}"
    );
}

#[test]
fn an_empty_folder_and_a_misnamed_file_are_missing_with_a_hint() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), "");
    std::fs::create_dir_all(dir.path().join("class/empty")).unwrap_or_else(|err| panic!("{err}"));
    write(
        &dir.path().join("class/misnamed/Cube.py"),
        "print('result = 24502500')\n",
    );
    let json = dir.path().join("report.json");
    grade(dir.path())
        .arg("class")
        .arg("-o")
        .arg(&json)
        .assert()
        .code(1);
    let report = report(&json);
    let empty = &report["submissions"][0]["exercises"][0];
    assert_eq!(empty["verdict"], "missing");
    let misnamed = &report["submissions"][1]["exercises"][0];
    assert_eq!(misnamed["verdict"], "missing");
    assert!(
        misnamed["message"]
            .as_str()
            .unwrap_or_default()
            .contains("found `Cube.py`: rename it to `cube.py`"),
        "{misnamed}"
    );
}

#[test]
fn a_crate_with_a_dependency_is_fetched_then_built_in_the_sandbox() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), "");
    let krate = dir.path().join("class/zed/cube");
    write(
        &krate.join("Cargo.toml"),
        "[package]\nname = \"cube\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nitoa = \"1\"\n",
    );
    write(
        &krate.join("src/main.rs"),
        "//! Prints the sum of the cubes with a crate from crates.io.\nfn main() {\n    let mut buffer = itoa::Buffer::new();\n    let total: u64 = (0..100u64).map(|value| value.pow(3)).sum();\n    println!(\"result = {}\", buffer.format(total));\n}\n",
    );
    let json = dir.path().join("report.json");
    // This course sets no worker limits: the sequential crate passes.
    grade(dir.path())
        .arg("class")
        .arg("-o")
        .arg(&json)
        .assert()
        .code(0);
    let cube = &report(&json)["submissions"][0]["exercises"][0];
    assert_eq!(cube["language"], "rust");
    let checks = cube["checks"].as_array().cloned().unwrap_or_default();
    let verdict = |name: &str| {
        checks
            .iter()
            .find(|c| c["check"] == name)
            .map(|c| c["verdict"].clone())
    };
    assert_eq!(verdict("build"), Some("pass".into()), "{cube}");
    assert_eq!(verdict("result"), Some("pass".into()), "{cube}");
    // The crate is not written to: the lock file and the build stay in scratch space.
    assert!(!krate.join("Cargo.lock").exists());
    assert!(!krate.join("target").exists());
}

// Regression: a student folder whose name is not UTF-8 made the JSON report unserialisable,
// and the report file held only an error.
#[test]
fn odd_submissions_get_clear_verdicts_and_lose_nothing() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), "");
    let class = dir.path().join("class");
    // A name in Latin-1, as an old archive tool may write it.
    let latin1 = class.join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir_all(&latin1).unwrap_or_else(|err| panic!("{err}"));
    copy_student("chloé dupont", &latin1);
    // A link leading out of the submission, and a binary file named like the entry.
    std::fs::create_dir_all(class.join("linker")).unwrap_or_else(|err| panic!("{err}"));
    std::os::unix::fs::symlink("/etc/passwd", class.join("linker/cube.py"))
        .unwrap_or_else(|err| panic!("{err}"));
    std::fs::create_dir_all(class.join("binary")).unwrap_or_else(|err| panic!("{err}"));
    std::fs::write(
        class.join("binary/cube.py"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe",
    )
    .unwrap_or_else(|err| panic!("{err}"));
    // A 2 MiB script, say a data dump saved under the entry's name.
    write(&class.join("huge/cube.py"), &"x = 1\n".repeat(350_000));
    let json = dir.path().join("report.json");
    grade(dir.path())
        .arg("class")
        .arg("-o")
        .arg(&json)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("warning: "))
        .stdout(predicate::str::contains("not valid UTF-8"));
    let report = report(&json);
    assert_eq!(
        report["errors"],
        Value::Array(Vec::new()),
        "{}",
        report["errors"]
    );
    assert_eq!(report["warnings"].as_array().map(Vec::len), Some(1));
    let verdicts: Vec<(String, String)> = report["submissions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["student"].as_str().unwrap_or_default().to_string(),
                s["exercises"][0]["verdict"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("binary", "fail"),
            ("caf\u{fffd}", "pass"),
            ("huge", "fail"),
            ("linker", "missing")
        ]
        .map(|(s, v)| (s.to_string(), v.to_string()))
    );
    let binary = &report["submissions"][0]["exercises"][0]["checks"][0];
    assert!(
        binary["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("syntax error at cube.py:\n    SyntaxError: "),
        "{binary}"
    );
    let huge = &report["submissions"][2]["exercises"][0]["checks"][0];
    assert_eq!(
        huge["message"],
        "cube.py is 2.0 MiB: a solution is a few kilobytes; is it the right file?"
    );
    let linker = &report["submissions"][3]["exercises"][0];
    assert!(
        linker["message"]
            .as_str()
            .unwrap_or_default()
            .contains("symbolic link"),
        "{linker}"
    );
}

// Regression: a source with a syntax error got "names and comments are clean" from the lint check.
#[test]
fn a_source_that_does_not_parse_fails_the_lint_check_at_its_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), "");
    let mine = dir.path().join("alice");
    let broken = repo().join("fixtures/lint/S001-syntax-error/bad.py");
    write(
        &mine.join("cube.py"),
        &std::fs::read_to_string(broken).unwrap_or_else(|err| panic!("{err}")),
    );
    let json = dir.path().join("report.json");
    grade(&mine)
        .args(["--lang", "en", ".", "-o"])
        .arg(&json)
        .assert()
        .code(1);
    let report = report(&json);
    let checks = report["submissions"][0]["exercises"][0]["checks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let lint = checks
        .iter()
        .find(|check| check["check"] == "lint")
        .unwrap_or_else(|| panic!("no lint check: {checks:?}"));
    assert_eq!(lint["verdict"], "fail", "{lint}");
    assert_eq!(lint["errors"], 1, "{lint}");
    let message = lint["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("cube.py:13:9: error[S001] cannot parse this file"),
        "{message}"
    );
}

/// Copies the folder `from` into `to`, with its subfolders.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|err| panic!("{err}"));
    for item in std::fs::read_dir(from).unwrap_or_else(|err| panic!("{err}")) {
        let path = item.unwrap_or_else(|err| panic!("{err}")).path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap_or_else(|err| panic!("{err}"));
        }
    }
}

// Regression: the lint check read the entry script alone; code moved into an imported module
// escaped it.
#[test]
fn the_lint_check_follows_the_scripts_imports_within_the_students_folder() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), "");
    let mine = dir.path().join("alice");
    copy_folder(&repo().join("fixtures/lint/students/imports"), &mine);
    // Bad code outside the folder, reached by `from .. import outside` and through a link.
    let outside = dir.path().join("outside.py");
    write(&outside, "def Outside(l):\n    return l\n");
    std::os::unix::fs::symlink(&outside, mine.join("linked.py"))
        .unwrap_or_else(|err| panic!("{err}"));
    let json = dir.path().join("report.json");
    let output = grade(&mine)
        .args(["--lang", "en", ".", "-o"])
        .arg(&json)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = report(&json);
    let exercise = &report["submissions"][0]["exercises"][0];
    let lint = exercise["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|check| check["check"] == "lint"))
        .unwrap_or_else(|| panic!("no lint check: {exercise}"));
    let mut places: Vec<(String, u64, String)> = lint["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings: {lint}"))
        .iter()
        .map(|finding| {
            (
                finding["file"].as_str().unwrap_or_default().to_string(),
                finding["line"].as_u64().unwrap_or_default(),
                finding["rule"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    places.sort();
    // cube.py is clean; os and multiprocessing add nothing; the helper <-> calc cycle ends.
    let want: Vec<(String, u64, String)> = [
        ("helper.py", 1, "C001"),
        ("helper.py", 8, "N002"),
        ("helper.py", 8, "N008"),
        ("utils/calc.py", 1, "C001"),
        ("utils/calc.py", 6, "C003"),
        ("utils/calc.py", 7, "N005"),
        ("utils/calc.py", 8, "N005"),
    ]
    .iter()
    .map(|(file, line, rule)| (file.to_string(), *line, rule.to_string()))
    .collect();
    assert_eq!(places, want, "{lint}");
    assert_eq!(lint["verdict"], "fail", "{lint}");
    let message = lint["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("helper.py:8:5: error[N002] function name `Check` is not in snake_case"),
        "{message}"
    );
    assert!(stdout.contains("helper.py:8:5"), "{stdout}");
    // The program itself ran and printed the right sum: only the lint fails.
    let result = exercise["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|check| check["check"] == "result"))
        .unwrap_or_else(|| panic!("no result check: {exercise}"));
    assert_eq!(result["verdict"], "pass", "{result}");
}

// Regression: the report file was created 0600, unreadable to a teaching assistant or a CI job.
#[test]
fn the_report_file_gets_the_usual_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), "");
    let mine = dir.path().join("alice");
    write(&mine.join("cube.py"), "print('result = 1')\n");
    let json = dir.path().join("report.json");
    // The umask is the shell's: set it, whatever the test runner's is.
    std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" . -o \"$1\"")
        .arg(env!("CARGO_BIN_EXE_grade"))
        .arg(&json)
        .current_dir(&mine)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let mode = std::fs::metadata(&json)
        .unwrap_or_else(|err| panic!("{}: {err}", json.display()))
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644, "{mode:o}");
}

#[test]
fn an_output_whose_format_cannot_be_told_is_refused_before_grading() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let config = course(dir.path(), "");
    let class = class_of(dir.path(), &["zoé faure"]);
    // An extension that names no format: the error says how to name one.
    grade(dir.path())
        .arg(&class)
        .arg("--config")
        .arg(&config)
        .args(["-o", "grades.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`grades.txt`: name the format by the file's extension (.json, .xml for JUnit",
        ))
        .stderr(predicate::str::contains("`gradescope:grades.txt`"));
    // One file for two formats would keep only the last.
    grade(dir.path())
        .arg(&class)
        .arg("--config")
        .arg(&config)
        .args(["-o", "out.json", "-o", "gradescope:out.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "out.json: named twice by -o, as json and as gradescope",
        ));
    // A roster with no gradebook to fill.
    write(
        &dir.path().join("roster.csv"),
        "folder,Email address\nzoé faure,zoe@example.org\n",
    );
    grade(dir.path())
        .arg(&class)
        .arg("--config")
        .arg(&config)
        .args(["--roster", "roster.csv", "-o", "out.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--roster fills the columns of the gradebook",
        ));
    assert!(
        !dir.path().join("out.json").exists(),
        "nothing graded, nothing written"
    );
}

#[test]
fn a_gradebook_with_a_roster_has_each_student_s_ids_and_says_who_is_missing() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let config = course(dir.path(), "");
    let class = class_of(dir.path(), &["zoé faure", "hugo bernard"]);
    write(
        &dir.path().join("roster.csv"),
        "folder,Email address,ID number\nzoé faure,zoe@example.org,2024001\n\
         quentin roy,quentin@example.org,2024002\n",
    );
    grade(dir.path())
        .arg(&class)
        .arg("--config")
        .arg(&config)
        .args([
            "-o",
            "grades.csv",
            "--roster",
            "roster.csv",
            "-o",
            "junit:report.junit",
        ])
        .args(["-o", "report.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "warning: roster.csv has no row for `hugo bernard`",
        ))
        .stderr(predicate::str::contains(
            "warning: no folder graded for `quentin roy` of roster.csv",
        ));
    let mut gradebook =
        csv::Reader::from_path(dir.path().join("grades.csv")).unwrap_or_else(|err| panic!("{err}"));
    let header: Vec<String> = gradebook
        .headers()
        .unwrap_or_else(|err| panic!("{err}"))
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "folder",
            "Email address",
            "ID number",
            "cube",
            "total",
            "feedback"
        ]
    );
    let rows: Vec<Vec<String>> = gradebook
        .records()
        .map(|row| {
            row.unwrap_or_else(|err| panic!("{err}"))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    // The roster's students in its order, then the folders it does not list; the totals are
    // the report's scores.
    let json = report(&dir.path().join("report.json"));
    let score = |student: usize| {
        let score = json["submissions"][student]["score"]
            .as_f64()
            .unwrap_or(-1.0);
        format!("{}", (score * 100.0).round() / 100.0)
    };
    assert_eq!(json["submissions"][0]["student"], "hugo bernard");
    let ids: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|row| (row[0].as_str(), row[1].as_str(), row[4].as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("zoé faure", "zoe@example.org", score(1).as_str()),
            ("quentin roy", "quentin@example.org", ""),
            ("hugo bernard", "", score(0).as_str()),
        ],
        "{rows:?}"
    );
    // The JUnit file named by its prefix is there too.
    let junit = std::fs::read_to_string(dir.path().join("report.junit"))
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(
        junit.contains("<testsuite name=\"hugo bernard\""),
        "{junit}"
    );
}

#[test]
fn a_french_course_s_errors_are_french_unless_lang_says_otherwise() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let path = course(dir.path(), "timout = \"2s\"\n");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .replace("name = \"test\"", "name = \"test\"\nlang = \"fr\"");
    write(&path, &text);
    grade(dir.path())
        .arg(".")
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("erreur : "))
        .stderr(predicate::str::contains(
            "grader.toml:12:1: `exercises.cube.timout`: clé ou valeur refusée",
        ));
    grade(dir.path())
        .args([".", "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error: "))
        .stderr(predicate::str::contains(
            "grader.toml:12:1: `exercises.cube.timout`: unknown field `timout`",
        ));
    // The command line's own errors too, once the course file is valid.
    let path = course(dir.path(), "");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .replace("name = \"test\"", "name = \"test\"\nlang = \"fr\"");
    write(&path, &text);
    grade(dir.path())
        .arg("no-such-folder")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "erreur : no-such-folder : ce dossier n'existe pas",
        ));
}

#[test]
fn a_title_and_a_hint_given_by_language_are_shown_in_the_run_s_language() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let path = dir.path().join("grader.toml");
    let text = format!(
        "[course]\nname = \"test\"\nlang = \"fr\"\nreference = {}\nreference-runs = 1\n\n\
         [exercises.cube]\ntitle = {{ fr = \"Exercice 1 : les cubes\", en = \"Exercise 1: the cubes\" }}\n\
         python = \"cube.py\"\nresult = '^result = (?P<value>-?\\d+)'\n\n\
         [[exercises.cube.hints]]\nresult = \"328350\"\n\
         message = {{ fr = \"la somme des carrés\", en = \"the sum of the squares\" }}\n",
        toml::Value::String(repo().join("reference").display().to_string())
    );
    write(&path, &text);
    let shown = |lang: Option<&str>| {
        let mut command = grade(dir.path());
        command.arg("check");
        if let Some(lang) = lang {
            command.args(["--lang", lang]);
        }
        let output = command.output().unwrap_or_else(|err| panic!("{err}"));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let french = shown(None);
    assert!(
        french.contains("exercises.cube: Exercice 1 : les cubes\n"),
        "{french}"
    );
    assert!(french.contains("328350: la somme des carrés\n"), "{french}");
    let english = shown(Some("en"));
    assert!(
        english.contains("exercises.cube: Exercise 1: the cubes\n"),
        "{english}"
    );
    assert!(
        english.contains("328350: the sum of the squares\n"),
        "{english}"
    );
}

#[test]
fn doctor_speaks_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let output = grade(dir.path())
        .args(["doctor", "--lang", "fr"])
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("Comment le code des étudiants est confiné sur cette machine :")
            || stdout.starts_with("Le bac à sable ne peut pas être préparé"),
        "{stdout}"
    );
    if stdout.starts_with("Comment") {
        // The protections' names and details too, every one of them French.
        assert!(
            stdout.contains("appels système")
                && stdout.contains("un filtre seccomp : pas de trousseau de clés du noyau"),
            "{stdout}"
        );
        for english in [
            "system calls",
            "a seccomp filter",
            "dependency fetch",
            "processes and threads per job",
            "no usable",
            "the program",
            "built into grade",
            "(refused: ",
        ] {
            assert!(!stdout.contains(english), "{english}: {stdout}");
        }
    }
}

#[test]
fn a_bad_partition_roster_or_merge_is_told_in_french_with_lang_fr() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let config = course(dir.path(), "");
    let class = class_of(dir.path(), &["zoé faure"]);
    grade(dir.path())
        .arg(&class)
        .arg("--config")
        .arg(&config)
        .args(["--lang", "fr", "--partition", "4/3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`4/3` : une part s'écrit K/N, 1 ≤ K ≤ N",
        ));
    grade(dir.path())
        .arg(&class)
        .arg("--config")
        .arg(&config)
        .args([
            "--lang",
            "fr",
            "--roster",
            "no-such-roster.csv",
            "-o",
            "out.csv",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "impossible de lire la liste des étudiants no-such-roster.csv : ",
        ));
    // Two copies of one report with no split: the student is in both.
    let report = repo().join("tests/data/report.json");
    let copy = dir.path().join("copy.json");
    std::fs::copy(&report, &copy).unwrap_or_else(|err| panic!("{err}"));
    grade(dir.path())
        .arg("merge")
        .arg(&report)
        .arg(&copy)
        .args(["--lang", "fr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "est noté dans deux parts (aussi dans ",
        ))
        .stderr(predicate::str::contains(
            "fusionnez chaque part une seule fois",
        ));
}
