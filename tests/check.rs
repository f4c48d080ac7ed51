//! The course file checked in one pass: `grade check` and `grade` on courses with mistakes,
//! all of them reported at once at their true key and line; `grade check` on good courses and
//! on courses whose references are missing or print nothing the regex reads.

mod common;

use std::path::{Path, PathBuf};

use common::{grade_in as grade, repo, write};
use predicates::prelude::*;
use serde_json::Value;

/// `grader.toml` in `dir`: the quick exercise `cube` in Python, against `reference` (the
/// repository's when `None`), with `defaults` lines and `cube` lines added. No `workers`.
fn course(dir: &Path, reference: Option<&Path>, defaults: &str, cube: &str) -> PathBuf {
    let reference = reference.map_or_else(|| repo().join("reference"), Path::to_path_buf);
    let reference = toml::Value::String(reference.display().to_string());
    let path = dir.join("grader.toml");
    write(
        &path,
        &format!(
            "[course]\nname = \"test\"\nreference = {reference}\nreference-runs = 1\n\n\
             [defaults]\n{defaults}\n\n\
             [exercises.cube]\npython = \"cube.py\"\nresult = '^result = (?P<value>-?\\d+)'\n{cube}\n"
        ),
    );
    path
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

// Regression: four mistakes in a course file gave one error per run.
#[test]
fn four_mistakes_give_four_errors_in_one_run() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let text = "[course]\nname = \"test\"\n\n\
                [defaults]\ntimeout = \"10 sec\"\n\n\
                [exercises.primes]\npython = \"primes.py\"\nresult = '(\\w+) = (\\d+)'\n\
                points = 10\ntimout = \"5s\"\n\n\
                [exercises.cube]\npython = \"cube.py\"\nresult = '^result = (?P<value>-?\\d+)'\n\
                points = 10\ntime-slack = \"1 s\"\n";
    write(&dir.path().join("grader.toml"), text);
    let expected = [
        "error: grader.toml:5:11: `defaults.timeout`: `10 sec` is not a duration: write \"10s\"",
        "error: grader.toml:9:10: `exercises.primes.result`: the regex has 2 groups, none named `value`",
        "error: grader.toml:11:1: `exercises.primes.timout`: unknown field `timout`",
        "error: grader.toml:17:14: `exercises.cube.time-slack`: `1 s` is not a duration: write \"1s\"",
    ];
    // `grade check` reports them all, and so does `grade`, which refuses to grade.
    for args in [vec!["check"], vec!["."]] {
        let output = grade(dir.path())
            .args(&args)
            .args(["--config", "grader.toml"])
            .output()
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = stderr_of(&output);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 4, "{args:?}:\n{stderr}");
        for (line, expected) in lines.iter().zip(expected) {
            assert!(line.starts_with(expected), "{line}\nis not\n{expected}");
        }
        assert!(
            stdout_of(&output).is_empty(),
            "{args:?}: nothing graded, nothing shown"
        );
    }
}

// Regression: a bad `[defaults] timeout` was blamed on `exercises.<name>.timeout`.
#[test]
fn a_bad_default_timeout_is_blamed_on_defaults_timeout() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), None, "timeout = \"ten seconds\"", "");
    grade(dir.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "grader.toml:7:11: `defaults.timeout`: `ten seconds` is not a duration",
        ))
        .stderr(predicate::str::contains("exercises.cube.timeout").not());
}

// Regression: humantime's syntax let "10 sec", "10 s" and "10 min" through, though the file
// says durations are written "10s".
#[test]
fn durations_in_other_forms_are_refused_with_the_right_spelling() {
    for (written, spelling) in [("10 sec", "10s"), ("10 s", "10s"), ("10 min", "10min")] {
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
        course(dir.path(), None, "", &format!("timeout = \"{written}\""));
        grade(dir.path())
            .arg(".")
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(format!(
                "grader.toml:12:11: `exercises.cube.timeout`: `{written}` is not a duration: \
                 write \"{spelling}\" (a whole number then ms, s or min, no space)"
            )));
    }
}

#[test]
fn sizes_in_other_forms_are_refused_with_the_right_spelling() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let path = course(dir.path(), None, "", "");
    let mut text = std::fs::read_to_string(&path).unwrap_or_default();
    text.push_str("\n[sandbox]\nmemory = \"1 GB\"\ndisk = \"512MiB\"\nfile-size = \"16M\"\n");
    write(&path, &text);
    grade(dir.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "grader.toml:15:1: `sandbox.memory`: `1 GB` is not a size: write \"1GiB\"",
        ))
        .stderr(predicate::str::contains(
            "grader.toml:17:1: `sandbox.file-size`: `16M` is not a size: write \"16MiB\"",
        ));
}

// Regression: a regex with two unnamed groups was accepted, and the first group read.
#[test]
fn a_result_regex_without_the_group_value_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let path = course(dir.path(), None, "", "");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .replace("'^result = (?P<value>-?\\d+)'", "'^(\\w+) = (-?\\d+)'");
    write(&path, &text);
    grade(dir.path())
        .arg(".")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "grader.toml:11:10: `exercises.cube.result`: the regex has 2 groups, none named \
             `value`: the grader reads the result from the group named `value`, e.g. \
             '^result = (?P<value>-?\\d+)'",
        ));
}

// Regression: a course without `workers` printed "(limit 4294967295)".
#[test]
fn a_course_without_workers_has_no_limit_and_says_so() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), None, "", "timeout = \"5s\"");
    let student = dir.path().join("class/chloé dupont");
    std::fs::create_dir_all(&student).unwrap_or_else(|err| panic!("{err}"));
    std::fs::copy(
        repo().join("fixtures/submissions/chloé dupont/cube.py"),
        student.join("cube.py"),
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let json = dir.path().join("report.json");
    let output = grade(dir.path())
        .args(["class", "-o"])
        .arg(&json)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = stdout_of(&output);
    let text = std::fs::read_to_string(&json).unwrap_or_else(|err| panic!("{err}"));
    for shown in [&stdout, &stderr_of(&output), &text] {
        assert!(!shown.contains("4294967295"), "{shown}");
    }
    let report: Value = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{err}"));
    let checks = report["submissions"][0]["exercises"][0]["checks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let workers = checks
        .iter()
        .find(|check| check["check"] == "workers")
        .unwrap_or_else(|| panic!("no workers check: {text}"));
    assert_eq!(workers["max"], Value::Null, "{workers}");
    assert!(
        workers["message"]
            .as_str()
            .unwrap_or_default()
            .contains("(no limit)"),
        "{workers}"
    );
    let check = grade(dir.path())
        .arg("check")
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let shown = stdout_of(&check);
    assert!(shown.contains("max none (no limit)"), "{shown}");
    assert!(!shown.contains("4294967295"), "{shown}");
}

#[test]
fn check_shows_the_settings_and_each_reference_of_the_course() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let output = grade(dir.path())
        .arg("check")
        .arg("--config")
        .arg(repo().join("grader.toml"))
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = stdout_of(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        stderr_of(&output)
    );
    for shown in [
        // The defaults, applied to each exercise.
        // The title in the course's language, `lang = "fr"`.
        "\nexercises.cube: Exercice 1 : somme des cubes de range(100) avec un pool d'au plus 4 processus\n",
        "  entries      python cube.py, rust cube/Cargo.toml\n",
        "  result       ^result = (?P<value>-?\\d+)\n",
        "  time-factor  1.5\n",
        "  workers      min 2, max 4, cpus 16, other-cpus 1, 3, python processes, rust threads",
        "  requires     queue\n",
        "  weights      build 1, run 1, result 3, time 1, workers 2, lint 2\n",
        "  lint         les réglages par défaut, avec allowed-short-names = i, j, k, n, x, y, z\n",
        // The sandbox's limits, once.
        "  memory      1GiB\n",
        // The course is French: so are the sentences of `grade check`.
        "\nLe cours est prêt : chaque référence a compilé, tourné et affiché son résultat.",
    ] {
        assert!(stdout.contains(shown), "{shown:?} not in\n{stdout}");
    }
    for (exercise, language, value) in [
        ("pool", "python", "140"),
        ("pool", "rust", "140"),
        ("cube", "python", "24502500"),
        ("cube", "rust", "24502500"),
        ("cube_queue", "python", "24502500"),
        ("cube_queue", "rust", "24502500"),
    ] {
        let line = regex::Regex::new(&format!(
            r"(?m)^  {exercise} +{language} +{value} en \d+ ms$"
        ))
        .unwrap_or_else(|err| panic!("{err}"));
        assert!(line.is_match(&stdout), "{exercise} {language}: {stdout}");
    }
}

#[test]
fn check_names_the_reference_that_is_missing_or_prints_no_result() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let empty = dir.path().join("no-reference");
    std::fs::create_dir_all(&empty).unwrap_or_else(|err| panic!("{err}"));
    course(dir.path(), Some(&empty), "", "");
    let expected = empty.join("cube.py");
    let output = grade(dir.path())
        .arg("check")
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = stdout_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "  cube  python  error: {}: no python reference for exercise `cube`",
            expected.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n1 problem with the course: see the lines marked `error` above.\n"),
        "{stdout}"
    );

    // A reference whose output the regex does not read.
    let path = course(dir.path(), None, "", "");
    let text = std::fs::read_to_string(&path).unwrap_or_default().replace(
        "'^result = (?P<value>-?\\d+)'",
        "'^total = (?P<value>-?\\d+)'",
    );
    write(&path, &text);
    let output = grade(dir.path())
        .arg("check")
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = stdout_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{}: the reference printed no line matching `^total = (?P<value>-?\\d+)`",
            repo().join("reference/cube.py").display()
        )),
        "{stdout}"
    );
}
