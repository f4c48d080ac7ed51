//! The course bundle: `grade pack` in the course folder, then a student's `grade .` with only
//! the bundle, no `grader.toml` and no `reference/`, gives the verdicts of the instructor's run.

mod common;

use common::{cube_course, grade_in, outcomes, repo, report, write};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

/// One grading at a time: two on the 2 cores of the project machine would slow each other's
/// runs, and the time verdicts with them.
fn one_grading_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static GRADING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    GRADING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The repository's course packed once for all the tests of this file, in a folder of its own.
struct Packed {
    dir: tempfile::TempDir,
    stdout: String,
}

impl Packed {
    fn bundle(&self) -> PathBuf {
        self.dir.path().join("grader.bundle.json")
    }
}

fn packed() -> &'static Packed {
    static PACKED: OnceLock<Packed> = OnceLock::new();
    PACKED.get_or_init(|| {
        let _turn = one_grading_at_a_time();
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
        let output = grade_in(&repo())
            .args(["pack", "--lang", "en", "-o"])
            .arg(dir.path().join("grader.bundle.json"))
            .output()
            .unwrap_or_else(|err| panic!("{err}"));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert_eq!(output.status.code(), Some(0), "{stdout}");
        Packed { dir, stdout }
    })
}

/// Copies the folder `from` to `to`, files and folders.
fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|err| panic!("{}: {err}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|err| panic!("{err}")) {
        let entry = entry.unwrap_or_else(|err| panic!("{err}"));
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap_or_else(|err| panic!("{err}"));
        }
    }
}

/// Every time check of a report, by entry: its verdict, and whether its time was near its limit
/// (within 25%), where two machines' noise may tip it either way.
fn time_checks(report: &Value) -> BTreeMap<String, (String, bool)> {
    let mut checks = BTreeMap::new();
    for submission in report["submissions"].as_array().into_iter().flatten() {
        for exercise in submission["exercises"].as_array().into_iter().flatten() {
            let Some(time) = exercise["checks"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|check| check["check"] == "time")
            else {
                continue;
            };
            let near = match (time["elapsed_ms"].as_f64(), time["limit_ms"].as_f64()) {
                (Some(elapsed), Some(limit)) => (elapsed - limit).abs() <= 0.25 * limit,
                _ => false,
            };
            let key = format!(
                "{} / {} ({})",
                submission["student"], exercise["exercise"], exercise["language"]
            );
            checks.insert(key, (time["verdict"].to_string(), near));
        }
    }
    checks
}

/// Every student of the sample submissions, each alone in a folder beside the bundle, with no
/// course file and no reference folder anywhere above: `grade .` in it gives each exercise the
/// verdict, score and check verdicts the instructor's run gave. A time check may differ only
/// where either run's time was near its limit, or the machine too busy to judge it.
#[test]
fn every_fixture_student_checking_alone_gets_the_instructors_verdicts() {
    let packed = packed();
    let _turn = one_grading_at_a_time();
    let work = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let instructor_json = work.path().join("instructor.json");
    grade_in(&repo())
        .arg("fixtures/submissions")
        .args(["--lang", "en", "-o"])
        .arg(&instructor_json)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let instructor = report(&instructor_json);

    let class = work.path().join("class");
    fs::create_dir_all(&class).unwrap_or_else(|err| panic!("{err}"));
    fs::copy(packed.bundle(), class.join("grader.bundle.json"))
        .unwrap_or_else(|err| panic!("{err}"));
    let mut students: Vec<PathBuf> = fs::read_dir(repo().join("fixtures/submissions"))
        .unwrap_or_else(|err| panic!("{err}"))
        .map(|entry| entry.unwrap_or_else(|err| panic!("{err}")).path())
        .filter(|path| path.is_dir())
        .collect();
    students.sort();
    assert!(students.len() >= 20, "{students:?}");
    let mut mismatches = Vec::new();
    let mut estimated = 0;
    for student in &students {
        let name = student.file_name().expect("a name");
        let folder = class.join(name);
        copy_folder(student, &folder);
        let json = work.path().join(format!("{}.json", name.to_string_lossy()));
        let output = grade_in(&folder)
            .args([".", "--lang", "en", "-o"])
            .arg(&json)
            .output()
            .unwrap_or_else(|err| panic!("{err}"));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let own = report(&json);
        assert!(
            own["errors"].as_array().is_none_or(Vec::is_empty),
            "{name:?}: {}",
            own["errors"]
        );
        let theirs = Value::Object(
            [(
                "submissions".to_string(),
                Value::Array(
                    instructor["submissions"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|submission| submission["student"] == *name.to_string_lossy())
                        .cloned()
                        .collect(),
                ),
            )]
            .into_iter()
            .collect(),
        );
        let (mine, expected) = (outcomes(&own), outcomes(&theirs));
        assert!(
            !expected.is_empty(),
            "{name:?} is not in the instructor's report"
        );
        if expected
            .values()
            .any(|outcome| !outcome.starts_with("\"missing\""))
        {
            assert!(
                stdout.contains("course bundle") && stdout.contains("are scaled to this one"),
                "{name:?}: the run does not say its times are estimates:\n{stdout}"
            );
        }
        let (my_times, their_times) = (time_checks(&own), time_checks(&theirs));
        for (entry, outcome) in &expected {
            if mine.get(entry) == Some(outcome) {
                continue;
            }
            let noisy = match (my_times.get(entry), their_times.get(entry)) {
                (Some((mine, near)), Some((theirs, near_theirs))) => {
                    mine != theirs
                        && (*near
                            || *near_theirs
                            || mine.contains("inconclusive")
                            || theirs.contains("inconclusive"))
                }
                _ => false,
            };
            if !noisy {
                mismatches.push(format!(
                    "{entry}: the instructor's run gave {outcome}, the self-check {:?}",
                    mine.get(entry)
                ));
            }
        }
        // Every time judged says it is an estimate, and how it was scaled.
        for submission in own["submissions"].as_array().into_iter().flatten() {
            for exercise in submission["exercises"].as_array().into_iter().flatten() {
                for check in exercise["checks"].as_array().into_iter().flatten() {
                    if check["check"] == "time" && check["verdict"] != "skipped" {
                        let message = check["message"].as_str().unwrap_or_default();
                        assert!(
                            message.contains("is an estimate for this machine")
                                && message.contains("on the instructor's ×"),
                            "{name:?}: {message}"
                        );
                        assert!(check["estimate"]["scale"].as_f64().is_some(), "{check}");
                        estimated += 1;
                    }
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(estimated >= 20, "only {estimated} time checks were judged");
}

/// The bundle holds no line of any reference file: not as written, not inside a JSON string.
#[test]
fn the_bundle_holds_no_reference_source() {
    let packed = packed();
    let text = fs::read_to_string(packed.bundle()).unwrap_or_else(|err| panic!("{err}"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{err}"));
    let mut strings = Vec::new();
    collect_strings(&value, &mut strings);
    let mut files = Vec::new();
    list_files(&repo().join("reference"), &mut files);
    assert!(files.len() >= 6, "{files:?}");
    let mut lines_checked = 0;
    for file in &files {
        let source = fs::read_to_string(file).unwrap_or_else(|err| panic!("{err}"));
        for line in source.lines().map(str::trim) {
            // Lines of punctuation or a word alone (`}`, `workers`) are in any text.
            if line.chars().filter(|c| c.is_alphanumeric()).count() < 12 {
                continue;
            }
            lines_checked += 1;
            assert!(
                !text.contains(line) && !strings.iter().any(|string| string.contains(line)),
                "{}: `{line}` is in the bundle",
                file.display()
            );
        }
    }
    assert!(lines_checked >= 60, "only {lines_checked} lines checked");
    // And what it does hold: each reference's result and time, and the calibration.
    for (exercise, language) in [
        ("cube", "python"),
        ("cube_queue", "rust"),
        ("pool", "python"),
    ] {
        let packed = value["references"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|packed| {
                packed["baseline"]["exercise"] == exercise
                    && packed["baseline"]["language"] == language
            })
            .unwrap_or_else(|| panic!("no {exercise} ({language}) in the bundle"));
        let expected = if exercise == "pool" {
            "140"
        } else {
            "24502500"
        };
        assert_eq!(packed["baseline"]["result"], expected);
        assert!(packed["baseline"]["elapsed_ms"]
            .as_u64()
            .is_some_and(|ms| ms > 0));
        // Three runs kept (`reference-runs`), and any timed again because they were slowed.
        assert_eq!(packed["baseline"]["runs"], 3);
        assert!(packed["baseline"]["attempts"]
            .as_array()
            .is_some_and(|attempts| attempts.len() >= 3));
    }
    assert!(value["calibration"]["python"]["fastest_us"]
        .as_u64()
        .is_some_and(|us| us > 0));
    assert!(value["calibration"]["native"]["fastest_us"]
        .as_u64()
        .is_some_and(|us| us > 0));
    // `grade pack` said what it measured and where it wrote.
    assert!(
        packed.stdout.contains("result 24502500"),
        "{}",
        packed.stdout
    );
    assert!(
        packed.stdout.contains("with no reference source"),
        "{}",
        packed.stdout
    );
}

fn collect_strings(value: &Value, strings: &mut Vec<String>) {
    match value {
        Value::String(string) => strings.push(string.clone()),
        Value::Array(items) => items.iter().for_each(|item| collect_strings(item, strings)),
        Value::Object(map) => map.values().for_each(|item| collect_strings(item, strings)),
        _ => {}
    }
}

fn list_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|err| panic!("{err}")) {
        let path = entry.unwrap_or_else(|err| panic!("{err}")).path();
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name == "target") {
                continue;
            }
            list_files(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// A student folder with one quick exercise, beside a copy of the bundle edited as `edit` does.
fn student_beside(bundle_text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    write(&dir.path().join("grader.bundle.json"), bundle_text);
    let student = dir.path().join("me");
    fs::create_dir_all(&student).unwrap_or_else(|err| panic!("{err}"));
    fs::copy(repo().join("reference/cube.py"), student.join("cube.py"))
        .unwrap_or_else(|err| panic!("{err}"));
    dir
}

/// The error of a student's `grade .` in `lang` beside a bundle of `text`, which must be refused.
fn refused(text: &str, lang: &str) -> String {
    let dir = student_beside(text);
    let output = grade_in(&dir.path().join("me"))
        .args([".", "--lang", lang])
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("grader.bundle.json"), "{stderr}");
    stderr
}

/// A bundle changed by hand (a reference's time made ten times longer, to pass a slow program)
/// is refused, naming the file and what to do; so is one another grader packed, and a JSON file
/// that is no bundle.
#[test]
fn an_edited_bundle_or_another_graders_is_refused() {
    let text = fs::read_to_string(packed().bundle()).unwrap_or_else(|err| panic!("{err}"));
    let _turn = one_grading_at_a_time();
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{err}"));
    let time = value["references"][0]["baseline"]["elapsed_ms"]
        .as_u64()
        .expect("a time");
    let needle = format!("\"elapsed_ms\": {time},");
    assert!(text.contains(&needle), "{needle}");
    let slower = text.replacen(&needle, &format!("\"elapsed_ms\": {},", time * 10), 1);
    let stderr = refused(&slower, "en");
    assert!(
        stderr.contains("changed after it was packed")
            && stderr.contains("ask your instructor for the file again"),
        "{stderr}"
    );

    let version = value["grader"].as_str().expect("a version");
    let other = text.replacen(
        &format!("\"grader\": \"{version}\""),
        "\"grader\": \"0.0.1\"",
        1,
    );
    let stderr = refused(&other, "fr");
    assert!(
        stderr.contains("fait par grade 0.0.1") && stderr.contains(version),
        "{stderr}"
    );

    let stderr = refused("{\"students\": []}\n", "en");
    assert!(stderr.contains("not a course bundle"), "{stderr}");
}

/// `--course FILE` takes the bundle from anywhere; a `grader.toml` beside a bundle is the one
/// used (the instructor's course folder holds both); `grade check` lists the bundle's
/// references without running any.
#[test]
fn the_bundle_is_found_as_the_course_file_is() {
    let packed = packed();
    let _turn = one_grading_at_a_time();
    let dir =
        student_beside(&fs::read_to_string(packed.bundle()).unwrap_or_else(|err| panic!("{err}")));
    let elsewhere = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let output = grade_in(elsewhere.path())
        .arg(dir.path().join("me"))
        .args([
            "--lang",
            "en",
            "--exercise",
            "cube",
            "--format",
            "json",
            "--course",
        ])
        .arg(dir.path().join("grader.bundle.json"))
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("{err}: {}", String::from_utf8_lossy(&output.stderr)));
    let cube = common::exercise(&json, "me", "cube");
    assert_eq!(cube["verdict"], "pass", "{cube}");
    let reference = json["references"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|baseline| baseline["exercise"] == "cube")
        .expect("the cube reference");
    assert!(
        reference["estimate"]["measured_ms"].as_u64().is_some(),
        "{reference}"
    );

    // The course file beside the bundle wins: its references are run, not estimated.
    let course = cube_course(dir.path(), "", "");
    fs::rename(&course, dir.path().join("grader.toml")).unwrap_or_else(|err| panic!("{err}"));
    let output = grade_in(&dir.path().join("me"))
        .args([".", "--lang", "en", "--format", "json"])
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|err| panic!("{err}"));
    assert!(
        json["config"]
            .as_str()
            .is_some_and(|path| path.ends_with("grader.toml")),
        "{}",
        json["config"]
    );
    assert!(
        json["references"][0]["estimate"].is_null(),
        "{}",
        json["references"]
    );

    let output = grade_in(elsewhere.path())
        .args(["check", "--lang", "en", "--course"])
        .arg(packed.bundle())
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("from the course bundle") && stdout.contains("result 24502500"),
        "{stdout}"
    );
}

/// `grade pack` writes nothing when a reference fails, and refuses to pack a bundle.
#[test]
fn pack_writes_no_bundle_of_a_broken_course() {
    let bundle = packed().bundle();
    let _turn = one_grading_at_a_time();
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let reference = dir.path().join("reference");
    write(
        &reference.join("cube.py"),
        "print('result = 1')\nraise SystemExit(3)\n",
    );
    write(
        &dir.path().join("grader.toml"),
        "[course]\nname = \"t\"\n\n[exercises.cube]\npython = \"cube.py\"\n\
         result = '^result = (?P<value>-?\\d+)'\n",
    );
    let output = grade_in(dir.path())
        .args(["pack", "--lang", "en"])
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("the reference failed"), "{stdout}");
    assert!(
        stdout.contains("no bundle written: 1 problem above"),
        "{stdout}"
    );
    assert!(!dir.path().join("grader.bundle.json").exists());

    let output = grade_in(dir.path())
        .args(["pack", "--lang", "en", "--course"])
        .arg(&bundle)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is already a course bundle"), "{stderr}");
}

/// A self-check in French says everything in French, the estimate and the bundle's lines
/// included; `grade pack` and `grade check` with the bundle too.
#[test]
fn a_self_check_in_french_speaks_french() {
    let packed = packed();
    let _turn = one_grading_at_a_time();
    let dir =
        student_beside(&fs::read_to_string(packed.bundle()).unwrap_or_else(|err| panic!("{err}")));
    let json = dir.path().join("report.json");
    let output = grade_in(&dir.path().join("me"))
        .args([".", "--lang", "fr", "-o"])
        .arg(&json)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("paquet du cours") && stdout.contains("estimées pour cette machine"),
        "{stdout}"
    );
    let foreign = common::language::foreign_terminal_lines(&stdout, "fr");
    assert!(foreign.is_empty(), "{foreign:#?}\n{stdout}");
    let report = report(&json);
    let foreign = common::language::foreign_report_lines(&report, "fr");
    assert!(foreign.is_empty(), "{foreign:#?}");
    let time = common::check(common::exercise(&report, "me", "cube"), "time");
    assert!(
        time["message"]
            .as_str()
            .is_some_and(|message| message.contains("est une estimation pour cette machine")),
        "{time}"
    );

    let output = grade_in(dir.path())
        .args(["check", "--lang", "fr"])
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The settings keep the course file's keys (`result-from`): the references' lines are ours.
    let references = stdout
        .split_once("celles du paquet du cours")
        .map(|(_, references)| references)
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(references.contains("résultat 24502500"), "{stdout}");
    let foreign = common::language::foreign_terminal_lines(references, "fr");
    assert!(foreign.is_empty(), "{foreign:#?}\n{stdout}");
}
