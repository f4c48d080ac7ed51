//! `grade` driven as an instructor and a student run it, on the sample submissions in
//! `fixtures/submissions/`, whose expected verdicts are listed in `fixtures/expected.toml`.

mod common;

use common::{cases, check, differences, exercise, language, repo, report, snapshot, write};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

fn grade() -> Command {
    let mut command = Command::cargo_bin("grade").unwrap_or_else(|err| panic!("{err}"));
    command.current_dir(repo()).env("NO_COLOR", "1");
    command
}

struct Graded {
    report: Value,
    status: Option<i32>,
    stdout: String,
    before: BTreeMap<PathBuf, Vec<u8>>,
    after: BTreeMap<PathBuf, Vec<u8>>,
}

/// One grading at a time: two on the 2 cores of the project machine would slow each other's
/// runs down, and the time verdicts with them.
fn one_grading_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static GRADING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    GRADING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The fixtures graded once for all the tests of this file: it takes about a minute.
fn graded() -> &'static Graded {
    static GRADED: OnceLock<Graded> = OnceLock::new();
    GRADED.get_or_init(|| {
        let _turn = one_grading_at_a_time();
        let fixtures = repo().join("fixtures/submissions");
        let before = snapshot(&repo().join("fixtures"));
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
        let json = dir.path().join("report.json");
        let output = grade()
            .arg(&fixtures)
            .arg("--output")
            .arg(&json)
            .output()
            .unwrap_or_else(|err| panic!("{err}"));
        let text = std::fs::read_to_string(&json).unwrap_or_else(|err| panic!("{err}"));
        Graded {
            report: serde_json::from_str(&text).unwrap_or_else(|err| panic!("{err}")),
            status: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            before,
            after: snapshot(&repo().join("fixtures")),
        }
    })
}

#[test]
fn every_fixture_gets_the_verdict_of_the_table() {
    let report = &graded().report;
    let mut wrong = Vec::new();
    for case in cases(&repo().join("fixtures/expected.toml")) {
        let student = case["student"].as_str().unwrap_or_default();
        let name = case["exercise"].as_str().unwrap_or_default();
        let got = exercise(report, student, name);
        let label = format!("{student}/{name}");
        if got["verdict"].as_str() != case["verdict"].as_str() {
            wrong.push(format!(
                "{label}: verdict {} instead of {}: {got}",
                got["verdict"], case["verdict"]
            ));
            continue;
        }
        if let Some(language) = case.get("language") {
            if got["language"].as_str() != language.as_str() {
                wrong.push(format!("{label}: language {}", got["language"]));
            }
        }
        let Some(failing) = case.get("check").and_then(|c| c.as_str()) else {
            continue;
        };
        let first_failing = got["checks"]
            .as_array()
            .and_then(|all| all.iter().find(|c| c["verdict"] == "fail"))
            .map(|c| c["check"].clone());
        if first_failing.as_ref().and_then(Value::as_str) != Some(failing) {
            wrong.push(format!(
                "{label}: first failing check {first_failing:?} instead of {failing}"
            ));
            continue;
        }
        let check = check(got, failing);
        if let Some(timed_out) = case.get("timed_out") {
            if check["timed_out"].as_bool() != timed_out.as_bool() {
                wrong.push(format!("{label}: timed_out {}", check["timed_out"]));
            }
        }
        if let Some(code) = case.get("exit_code") {
            if check["exit_code"].as_i64() != code.as_integer() {
                wrong.push(format!(
                    "{label}: exit_code {} instead of {code}",
                    check["exit_code"]
                ));
            }
        }
        if let Some(signal) = case.get("signal").and_then(|s| s.as_str()) {
            let number = match signal {
                "SIGABRT" => 6,
                "SIGSEGV" => 11,
                "SIGKILL" => 9,
                other => panic!("add {other} to the test"),
            };
            if check["signal"].as_i64() != Some(number) {
                wrong.push(format!(
                    "{label}: signal {} instead of {signal}",
                    check["signal"]
                ));
            }
        }
        if let Some(line) = case.get("line").and_then(|l| l.as_integer()) {
            if check["line"].as_i64() != Some(line) {
                wrong.push(format!(
                    "{label}: build error at line {} instead of {line}",
                    check["line"]
                ));
            }
            let file = case
                .get("file")
                .and_then(|f| f.as_str())
                .unwrap_or_default();
            let message = check["message"].as_str().unwrap_or_default();
            if !message.contains(&format!("{file}:{line}:")) {
                wrong.push(format!(
                    "{label}: the message does not locate {file}:{line}: {message}"
                ));
            }
        }
        for key in ["expected", "actual"] {
            if let Some(value) = case.get(key).and_then(|v| v.as_str()) {
                if check[key].as_str() != Some(value) {
                    wrong.push(format!("{label}: {key} {} instead of {value}", check[key]));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_report_has_every_student_and_exercise_of_the_table() {
    let report = &graded().report;
    let rows = cases(&repo().join("fixtures/expected.toml")).len();
    let exercises: usize = report["submissions"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|s| s["exercises"].as_array().map_or(0, Vec::len))
                .sum()
        })
        .unwrap_or_default();
    assert_eq!(exercises, rows);
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["summary"]["exercises"].as_u64(), Some(rows as u64));
}

#[test]
fn grading_writes_nothing_into_the_fixtures() {
    let graded = graded();
    assert_eq!(
        graded.before.len(),
        graded.after.len(),
        "files appeared or vanished in fixtures/"
    );
    assert!(graded.before == graded.after, "a file of fixtures/ changed");
}

#[test]
fn some_failure_exits_one() {
    assert_eq!(graded().status, Some(1));
}

#[test]
fn json_checks_carry_their_figures() {
    let report = &graded().report;
    let pool = exercise(report, "chloé dupont", "pool");
    assert_eq!(pool["max_score"], 4.0);
    assert_eq!(pool["score"], 4.0);
    let run = check(pool, "run");
    assert_eq!(run["exit_code"], 0);
    assert_eq!(run["timed_out"], false);
    assert!(
        run["elapsed_ms"].as_u64().is_some_and(|ms| ms >= 1_000),
        "{run}"
    );
    let result = check(pool, "result");
    assert_eq!(result["expected"], "140");
    assert_eq!(result["actual"], "140");
    let time = check(pool, "time");
    for key in ["elapsed_ms", "reference_ms", "limit_ms"] {
        assert!(time[key].as_u64().is_some(), "{key} in {time}");
    }
    assert!(time["elapsed_ms"].as_u64() <= time["limit_ms"].as_u64());
    let lint = check(pool, "lint");
    assert_eq!(lint["verdict"], "pass", "{lint}");
}

#[test]
fn a_known_wrong_answer_gets_its_hint() {
    let report = &graded().report;
    let cube = exercise(report, "hugo bernard", "cube");
    let result = check(cube, "result");
    let message = result["message"].as_str().unwrap_or_default();
    // The course is French (`lang = "fr"`); the hint is the course file's own text.
    assert!(
        message.starts_with("attendu 24502500, obtenu 25502500\nindice : "),
        "{message}"
    );
    assert!(message.contains("range(100)"), "{message}");
}

#[test]
fn a_sequential_pool_is_too_slow() {
    let report = &graded().report;
    let pool = exercise(report, "julien mercier", "pool");
    let time = check(pool, "time");
    assert_eq!(time["verdict"], "fail");
    assert!(
        time["elapsed_ms"].as_u64().is_some_and(|ms| ms >= 7_000),
        "{time}"
    );
    assert!(time["message"]
        .as_str()
        .unwrap_or_default()
        .starts_with("trop lent"));
}

#[test]
fn a_timeout_with_a_daemon_holding_stdout_does_not_hang() {
    let report = &graded().report;
    let cube = exercise(report, "maxime roux", "cube");
    let run = check(cube, "run");
    assert_eq!(run["timed_out"], true);
    // The whole run was stopped at the 5 s timeout, not when the daemon's sleep ended.
    assert!(
        run["elapsed_ms"].as_u64().is_some_and(|ms| ms < 30_000),
        "{run}"
    );
}

#[test]
fn a_python_timeout_says_where_the_program_was() {
    let report = &graded().report;
    // Thomas's workers loop for ever in sum_block, line 15-16, while main waits in starmap.
    let run = check(exercise(report, "thomas petit", "cube"), "run");
    let message = run["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("là où en était le programme quand il a été arrêté :"),
        "{message}"
    );
    assert!(message.contains("dans sum_block"), "{message}");
    assert!(
        message.contains("cube.py, ligne 27, dans main"),
        "{message}"
    );
}

#[test]
fn human_report_has_a_line_per_student_and_exercise() {
    let stdout = &graded().stdout;
    assert!(stdout.contains("    OK chloé dupont"), "{stdout}");
    assert!(
        stdout.contains("✗ résultat : attendu 24502500, obtenu 25502500"),
        "{stdout}"
    );
    assert!(
        stdout.contains("✗ compilation : erreur de syntaxe à cube_queue.py:17:11 :"),
        "{stdout}"
    );
    assert!(stdout.contains("étudiants, 69 exercices :"), "{stdout}");
    let stdout = &graded_in_english().stdout;
    assert!(stdout.contains(" PASS chloé dupont"), "{stdout}");
    assert!(
        stdout.contains("✗ result: expected 24502500, got 25502500"),
        "{stdout}"
    );
    assert!(
        stdout.contains("✗ build: syntax error at cube_queue.py:17:11:"),
        "{stdout}"
    );
    assert!(stdout.contains("students, 69 exercises:"), "{stdout}");
}

/// The course is French: its run says everything in French, what the students' programs and
/// the compilers wrote aside (quoted); `--lang en` says it all in English.
#[test]
fn each_run_speaks_one_language() {
    let french = graded();
    let mut foreign = language::foreign_terminal_lines(&french.stdout, "fr");
    foreign.extend(language::foreign_report_lines(&french.report, "fr"));
    assert!(
        foreign.is_empty(),
        "English in the French run:\n{}",
        foreign.join("\n")
    );
    let english = graded_in_english();
    let mut foreign = language::foreign_terminal_lines(&english.stdout, "en");
    foreign.extend(language::foreign_report_lines(&english.report, "en"));
    assert!(
        foreign.is_empty(),
        "French in the English run:\n{}",
        foreign.join("\n")
    );
}

/// The references, graded as a student's folder with the course file: both languages pass every
/// check, and each Python result is traced to what the workers sent (a reference that fails its
/// own course would make every student's verdict meaningless).
#[test]
fn the_references_pass_every_check_of_their_course() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let json = dir.path().join("report.json");
    let _turn = one_grading_at_a_time();
    grade()
        .arg(repo().join("reference"))
        .arg("--output")
        .arg(&json)
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&json).unwrap_or_else(|err| panic!("{err}"));
    let report: Value = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{err}"));
    let exercises = report["submissions"][0]["exercises"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let graded: Vec<(String, String)> = exercises
        .iter()
        .map(|e| {
            (
                e["exercise"].as_str().unwrap_or_default().to_string(),
                e["language"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    for name in ["pool", "cube", "cube_queue"] {
        for language in ["python", "rust"] {
            assert!(
                graded.contains(&(name.to_string(), language.to_string())),
                "{name} in {language} was not graded: {graded:?}"
            );
        }
    }
    for graded in &exercises {
        let label = format!("{}/{}", graded["exercise"], graded["language"]);
        for check in graded["checks"].as_array().into_iter().flatten() {
            assert_eq!(check["verdict"], "pass", "{label}: {check}");
        }
        let result = check(graded, "result");
        if graded["language"] == "python" {
            let origin = result["origin"].as_str().unwrap_or_default();
            assert!(
                // The course is French (`lang = "fr"`). One worker may take every chunk of a
                // short map: "un processus de travail" is honest too.
                origin.starts_with("la somme de") && origin.contains(" processus de travail "),
                "{label}: {result}"
            );
        }
        let views: Vec<u64> = result["views"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|view| view["cpus"].as_u64())
            .collect();
        assert_eq!(views, [1, 3], "{label}: {result}");
    }
}

/// The fixtures graded again, one job at a time and in English (`--lang en` over the course's
/// `lang = "fr"`): neither may change a verdict.
fn graded_in_english() -> &'static Graded {
    static GRADED: OnceLock<Graded> = OnceLock::new();
    GRADED.get_or_init(|| {
        let _turn = one_grading_at_a_time();
        let fixtures = repo().join("fixtures/submissions");
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
        let json = dir.path().join("report.json");
        let output = grade()
            .arg(&fixtures)
            .args(["--jobs", "1", "--lang", "en", "--output"])
            .arg(&json)
            .output()
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let text = std::fs::read_to_string(&json).unwrap_or_else(|err| panic!("{err}"));
        Graded {
            report: serde_json::from_str(&text).unwrap_or_else(|err| panic!("{err}")),
            status: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            before: BTreeMap::new(),
            after: BTreeMap::new(),
        }
    })
}

#[test]
fn one_job_at_a_time_gives_the_same_verdicts_and_scores() {
    let concurrent = &graded().report;
    assert!(
        concurrent["summary"]["schedule"]["jobs"].as_u64() >= Some(2)
            || std::thread::available_parallelism().map_or(1, |n| n.get()) == 1,
        "the default grading used {} job(s)",
        concurrent["summary"]["schedule"]["jobs"]
    );
    let one = &graded_in_english().report;
    assert_eq!(one["summary"]["schedule"]["jobs"], 1);
    let differ = differences(concurrent, one);
    assert!(
        differ.is_empty(),
        "default / --jobs 1:\n{}",
        differ.join("\n")
    );
}

#[test]
fn the_shards_of_a_class_merged_give_the_verdicts_and_scores_of_one_run() {
    let whole = &graded().report;
    let _turn = one_grading_at_a_time();
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let mut shards = Vec::new();
    let mut students = std::collections::BTreeSet::new();
    for k in 1..=3 {
        let json = dir.path().join(format!("shard-{k}.json"));
        grade()
            .arg(repo().join("fixtures/submissions"))
            .args(["--partition", &format!("{k}/3"), "--output"])
            .arg(&json)
            .assert()
            .code(predicates::ord::lt(2));
        let shard = report(&json);
        assert_eq!(shard["partition"]["index"], k);
        let names: Vec<String> = shard["submissions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| s["student"].to_string())
            .collect();
        assert!(
            !names.is_empty() && names.len() < 23,
            "shard {k}/3 holds {} students",
            names.len()
        );
        for name in names {
            assert!(students.insert(name.clone()), "{name} is in two shards");
        }
        shards.push(json);
    }
    let merged = dir.path().join("class.json");
    grade()
        .arg("merge")
        .args(&shards)
        .arg("--output")
        .arg(&merged)
        .assert()
        .code(whole_status());
    let merged = report(&merged);
    let differ = differences(whole, &merged);
    assert!(
        differ.is_empty(),
        "one run / merged shards:\n{}",
        differ.join("\n")
    );
    let scores = |report: &Value| -> Vec<(String, String)> {
        report["submissions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| (s["student"].to_string(), s["score"].to_string()))
            .collect()
    };
    // Same students, in the class's order, with the same totals; the same counts.
    assert_eq!(scores(&merged), scores(whole));
    for count in [
        "students",
        "exercises",
        "passed",
        "failed",
        "missing",
        "errors",
    ] {
        assert_eq!(merged["summary"][count], whole["summary"][count], "{count}");
    }

    // Two shards of one split but not all: the students of the third would be lost.
    grade()
        .arg("merge")
        .args(&shards[..2])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("shard 3/3 missing"));
    // The same shard twice.
    grade()
        .arg("merge")
        .args([&shards[0], &shards[1], &shards[2], &shards[0]])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("merge each shard once"));
}

/// The exit status grading the fixtures in one run gave.
fn whole_status() -> i32 {
    graded().status.unwrap_or(-1)
}

#[test]
fn shards_of_another_course_file_are_not_merged() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/data/report.json"))
            .unwrap_or_else(|err| panic!("{err}")),
    )
    .unwrap_or_else(|err| panic!("{err}"));
    let mut other = sample.clone();
    other["course_digest"] = "0123".into();
    other["submissions"] = Value::Array(Vec::new());
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    write(&a, &sample.to_string());
    write(&b, &other.to_string());
    grade()
        .arg("merge")
        .args([&a, &b])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "b.json: graded with another course file",
        ));
    let mut newer = sample.clone();
    newer["grader"]["version"] = "99.0.0".into();
    newer["submissions"] = Value::Array(Vec::new());
    write(&b, &newer.to_string());
    grade()
        .arg("merge")
        .args([&a, &b])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("graded by grade 99.0.0"));
}

/// The language check of the reports can fail: it finds English in a French report, French in
/// an English one, and leaves quotes alone.
#[test]
fn the_detector_tells_the_languages_apart() {
    let english =
        " FAIL hugo  cube  python  5.60/8\n        ✗ result: expected 24502500, got 25502500\n";
    let french = " ÉCHEC hugo  cube  python  5.60/8\n        ✗ résultat : attendu 24502500, obtenu 25502500\n";
    assert_eq!(language::foreign_terminal_lines(english, "fr").len(), 1);
    assert!(language::foreign_terminal_lines(english, "en").is_empty());
    assert_eq!(language::foreign_terminal_lines(french, "en").len(), 1);
    assert!(language::foreign_terminal_lines(french, "fr").is_empty());
    // A quote under a check is the program's, in any language.
    let quoted = "        ✗ exécution : le programme a échoué\n          l'erreur, à cube.py:22 :\n              TypeError: can only concatenate str (not \"int\") to str\n";
    assert!(language::foreign_terminal_lines(quoted, "fr").is_empty());
    // Code in backticks is not prose.
    assert!(
        language::foreign_terminal_lines("  lancez `cargo run --release in the folder`", "fr")
            .is_empty()
    );
}
