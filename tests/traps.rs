//! The traps a new user falls into, each closed: nothing graded is never a success, grading part
//! of a class into an existing report loses nothing, a problem of the grader's is never a grade,
//! and CI can say what makes a run fail (`--allow-missing`, `--fail-under`).

mod common;

use assert_cmd::Command;
use common::{exercise, grade_in as grade, repo, report, write};
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

/// A quick course: `cube` and `cube_queue`, Python only, against `reference` (the repository's
/// unless given), no other CPU views.
fn course(dir: &Path, reference: Option<&Path>, extra: &str) -> PathBuf {
    let reference = reference.map_or_else(|| repo().join("reference"), Path::to_path_buf);
    let reference = toml::Value::String(reference.display().to_string());
    let mut text = format!(
        "[course]\nname = \"traps\"\nreference = {reference}\nreference-runs = 1\n{extra}\n\
         [defaults]\ntimeout = \"5s\"\ntime-slack = \"5s\"\n\
         workers = {{ min = 2, max = 4, cpus = 16, other-cpus = [] }}\n"
    );
    for name in ["cube", "cube_queue"] {
        text.push_str(&format!(
            "\n[exercises.{name}]\npython = \"{name}.py\"\n\
             result = '^result = (?P<value>-?\\d+)'\npoints = 10\n"
        ));
    }
    let path = dir.join("course.toml");
    write(&path, &text);
    path
}

/// `grade PATH --config CONFIG`, run in `dir`.
fn grade_with(
    dir: &Path,
    path: impl AsRef<std::ffi::OsStr>,
    config: impl AsRef<std::ffi::OsStr>,
) -> Command {
    let mut command = grade(dir);
    command.arg(path).arg("--config").arg(config);
    command
}

/// The repository's reference of `name` (`cube.py`), as a student's file.
fn honest(name: &str) -> String {
    std::fs::read_to_string(repo().join("reference").join(name))
        .unwrap_or_else(|err| panic!("{err}"))
}

/// A `cube.py` that prints a wrong sum, with a real pool.
const WRONG_CUBE: &str = "\"\"\"Sum of the cubes, one off.\"\"\"\nfrom multiprocessing import Pool\n\n\
# The cube of one number.\ndef cube(number):\n    \"\"\"Return number cubed.\"\"\"\n    return number**3\n\n\
if __name__ == \"__main__\":\n    with Pool(4) as pool:\n        cubes = pool.map(cube, range(1, 101))\n    \
print(f\"result = {sum(cubes)}\")\n";

fn submission<'a>(report: &'a Value, student: &str) -> &'a Value {
    report["submissions"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["student"] == student))
        .unwrap_or_else(|| panic!("no {student} in {report}"))
}

#[test]
fn a_student_folder_with_only_misnamed_files_fails_and_names_them() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let config = course(dir.path(), None, "");
    let student = dir.path().join("léa");
    write(&student.join("Cube.py"), &honest("cube.py"));
    // A folder beside the file does not make it a class.
    write(&student.join("notes/todo.txt"), "finish the queue\n");
    grade(&student)
        .arg(".")
        .arg("--config")
        .arg(&config)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "found `Cube.py`: rename it to `cube.py`",
        ))
        .stdout(predicate::str::contains("0 students").not());
    // An empty folder is no success either.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap_or_else(|err| panic!("{err}"));
    grade(&empty)
        .arg(".")
        .arg("--config")
        .arg(&config)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing was graded"));
    // Nor with --allow-missing: nothing at all was graded.
    grade(&student)
        .args(["--allow-missing", "--config"])
        .arg(&config)
        .assert()
        .code(1);
}

#[test]
fn regrading_one_student_keeps_every_other_result_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let config = course(dir.path(), None, "");
    let class = dir.path().join("class");
    for (name, cube) in [
        ("zoé", honest("cube.py")),
        ("léa", WRONG_CUBE.to_string()),
        ("lucas", honest("cube.py")),
    ] {
        write(&class.join(name).join("cube.py"), &cube);
        write(
            &class.join(name).join("cube_queue.py"),
            &honest("cube_queue.py"),
        );
    }
    let output = dir.path().join("report.json");
    grade_with(dir.path(), &class, &config)
        .arg("-o")
        .arg(&output)
        .assert()
        .code(1);
    let before = report(&output);
    assert_eq!(
        exercise(&before, "léa", "cube")["verdict"],
        "fail",
        "{before}"
    );
    // Students in the order a class list has them: léa between laura and lucas, not after.
    let order: Vec<&str> = before["submissions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["student"].as_str())
        .collect();
    assert_eq!(order, ["léa", "lucas", "zoé"]);

    // Léa fixes her cube, and is graded again, alone, into the class report.
    write(&class.join("léa/cube.py"), &honest("cube.py"));
    for resume in [true, false] {
        let mut command = grade(dir.path());
        command
            .arg(class.join("léa"))
            .arg("--config")
            .arg(&config)
            .arg("-o")
            .arg(&output);
        if resume {
            command.arg("--resume");
        }
        command.assert().code(0);
        let after = report(&output);
        assert_eq!(
            exercise(&after, "léa", "cube")["verdict"],
            "pass",
            "{after}"
        );
        for other in ["zoé", "lucas"] {
            let mut kept = submission(&after, other).clone();
            assert_eq!(kept["kept"], true, "{kept}");
            kept.as_object_mut().map(|fields| fields.remove("kept"));
            assert_eq!(kept, untimed(submission(&before, other)), "{other} changed");
        }
        assert_eq!(after["summary"]["students"], 3);
        assert_eq!(after["summary"]["kept"], 2);
    }

    // Only one exercise regraded: the student's other exercise stays as it was.
    let before = report(&output);
    grade(dir.path())
        .arg(class.join("léa"))
        .args(["-e", "cube", "--config"])
        .arg(&config)
        .arg("-o")
        .arg(&output)
        .assert()
        .code(0);
    let after = report(&output);
    let mut kept = exercise(&after, "léa", "cube_queue").clone();
    assert_eq!(kept["kept"], true, "{kept}");
    kept.as_object_mut().map(|fields| fields.remove("kept"));
    assert_eq!(kept, untimed(exercise(&before, "léa", "cube_queue")));

    // Another course's report, or a file that is no report, is never replaced.
    let other = course(dir.path(), None, "");
    let text = std::fs::read_to_string(&other)
        .unwrap_or_else(|err| panic!("{err}"))
        .replace("name = \"traps\"", "name = \"another\"");
    write(&other, &text);
    grade_with(dir.path(), class.join("léa"), &other)
        .arg("-o")
        .arg(&output)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "holds the report of the course `traps`",
        ));
    let notes = dir.path().join("notes.json");
    write(&notes, "{\"mine\": true}\n");
    grade_with(dir.path(), class.join("léa"), &config)
        .arg("-o")
        .arg(&notes)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a report grade wrote"));
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap_or_default(),
        "{\"mine\": true}\n"
    );
}

#[test]
fn a_missing_or_broken_reference_is_an_error_not_a_grade() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    // The reference folder has cube_queue.py, but no cube.py.
    let reference = dir.path().join("reference");
    write(&reference.join("cube_queue.py"), &honest("cube_queue.py"));
    let config = course(dir.path(), Some(&reference), "");
    let student = dir.path().join("alice");
    write(&student.join("cube.py"), &honest("cube.py"));
    write(&student.join("cube_queue.py"), &honest("cube_queue.py"));
    let output = dir.path().join("report.json");
    let ran = grade(dir.path())
        .arg(&student)
        .arg("--config")
        .arg(&config)
        .arg("-o")
        .arg(&output)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(ran.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&ran.stdout);
    // No grade for cube: no PASS or FAIL line, and the path the reference was expected at.
    for line in stdout.lines().filter(|line| line.contains(" cube ")) {
        let verdict = line.trim_start();
        assert!(
            !verdict.starts_with("PASS") && !verdict.starts_with("FAIL"),
            "{stdout}"
        );
    }
    assert!(
        stdout.contains(&reference.join("cube.py").display().to_string()),
        "{stdout}"
    );
    let graded = report(&output);
    let cube = exercise(&graded, "alice", "cube");
    assert_eq!(cube["verdict"], "error", "{cube}");
    assert_eq!(cube["score"], 0.0);
    assert!(cube["checks"].as_array().is_some_and(Vec::is_empty));
    assert!(cube["message"]
        .as_str()
        .is_some_and(|m| m.contains(&reference.join("cube.py").display().to_string())));
    assert_eq!(exercise(&graded, "alice", "cube_queue")["verdict"], "pass");
    assert_eq!(graded["summary"]["errors"], 1);
    assert_eq!(graded["summary"]["passed"], 1);

    // A reference whose output the regex does not match.
    write(&reference.join("cube.py"), "print('the sum is 24502500')\n");
    grade_with(dir.path(), &student, &config)
        .arg("-o")
        .arg(&output)
        .assert()
        .code(2);
    assert_eq!(
        exercise(&report(&output), "alice", "cube")["verdict"],
        "error"
    );

    // No usable interpreter: every Python entry is the grader's problem, not the student's.
    let broken = course(dir.path(), None, "python = \"/nonexistent/python3\"\n");
    grade_with(dir.path(), &student, &broken)
        .arg("-o")
        .arg(&output)
        .assert()
        .code(2);
    let graded = report(&output);
    for name in ["cube", "cube_queue"] {
        let result = exercise(&graded, "alice", name);
        assert_eq!(result["verdict"], "error", "{result}");
        assert!(result["message"]
            .as_str()
            .is_some_and(|m| m.contains("no usable python toolchain")));
    }
}

#[test]
fn ci_chooses_what_fails_the_run() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let config = course(dir.path(), None, "");
    // Only cube, and right: cube_queue is missing.
    let student = dir.path().join("bob");
    write(&student.join("cube.py"), &honest("cube.py"));
    let run = |args: &[&str]| {
        grade_with(dir.path(), &student, &config)
            .args(args)
            .output()
            .unwrap_or_else(|err| panic!("{err}"))
            .status
            .code()
    };
    assert_eq!(run(&[]), Some(1), "a missing exercise fails the run");
    assert_eq!(run(&["--allow-missing"]), Some(0));
    // 10 points of 20: above 8, under 12.
    assert_eq!(run(&["--fail-under", "8"]), Some(0));
    assert_eq!(run(&["--fail-under", "12"]), Some(1));
    // A failed exercise fails the run, with --allow-missing too.
    write(&student.join("cube.py"), WRONG_CUBE);
    assert_eq!(run(&["--allow-missing"]), Some(1));
}

#[test]
fn resume_regrades_what_a_changed_reference_would_judge_otherwise() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let reference = dir.path().join("reference");
    write(&reference.join("cube_queue.py"), &honest("cube_queue.py"));
    let config = course(dir.path(), Some(&reference), "");
    let student = dir.path().join("alice");
    write(&student.join("cube.py"), &honest("cube.py"));
    let output = dir.path().join("report.json");
    let run = || {
        grade(dir.path())
            .arg(&student)
            .args(["--allow-missing", "--resume", "--config"])
            .arg(&config)
            .arg("-o")
            .arg(&output)
            .output()
            .unwrap_or_else(|err| panic!("{err}"))
            .status
            .code()
    };
    // No reference for cube: an error. Once it is added, cube is graded, not left an error.
    assert_eq!(run(), Some(2));
    write(&reference.join("cube.py"), &honest("cube.py"));
    assert_eq!(run(), Some(0));
    assert_eq!(
        exercise(&report(&output), "alice", "cube")["verdict"],
        "pass"
    );
    // The reference changes its answer: the earlier pass is not reused.
    write(&reference.join("cube.py"), "print('result = 7')\n");
    assert_eq!(run(), Some(1));
    assert_eq!(
        exercise(&report(&output), "alice", "cube")["verdict"],
        "fail"
    );
}

#[test]
fn a_class_folder_ignores_what_archives_leave_and_points_at_files_one_level_too_deep() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let config = course(dir.path(), None, "");
    let class = dir.path().join("class");
    write(&class.join("alice/cube.py"), &honest("cube.py"));
    write(&class.join("paul/tp3/cube.py"), &honest("cube.py"));
    write(&class.join("hugo/Cube.py"), &honest("cube.py"));
    write(&class.join("hugo/cube.txt"), "notes\n");
    write(&class.join("__MACOSX/alice/._cube.py"), "\0\0");
    let output = dir.path().join("report.json");
    grade(dir.path())
        .arg(&class)
        .args(["--allow-missing", "--config"])
        .arg(&config)
        .arg("-o")
        .arg(&output)
        .assert()
        .code(0);
    let graded = report(&output);
    let students: Vec<&str> = graded["submissions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["student"].as_str())
        .collect();
    assert_eq!(students, ["alice", "hugo", "paul"]);
    let paul = exercise(&graded, "paul", "cube");
    assert!(
        paul["message"]
            .as_str()
            .is_some_and(|m| m.contains("found `tp3/cube.py`: move it to the student's folder")),
        "{paul}"
    );
    let hugo = exercise(&graded, "hugo", "cube");
    assert!(
        hugo["message"]
            .as_str()
            .is_some_and(|m| m.contains("found `Cube.py`, `cube.txt`")),
        "{hugo}"
    );
}

#[test]
fn course_mistakes_that_would_grade_wrongly_are_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let student = dir.path().join("alice");
    write(&student.join("cube.py"), &honest("cube.py"));
    write(&student.join("cube_queue.py"), &honest("cube_queue.py"));
    // A hint on the right answer: every right student would be told they are wrong.
    let config = course(dir.path(), None, "");
    let text = std::fs::read_to_string(&config).unwrap_or_default()
        + "\n[[exercises.cube.hints]]\nresult = \"24502500\"\nmessage = \"too big\"\n";
    write(&config, &text);
    grade_with(dir.path(), &student, &config)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "a hint of exercise `cube` is on 24502500, the reference's own result",
        ));
    // Every weight 0: nobody could score.
    let config = course(dir.path(), None, "");
    let text = std::fs::read_to_string(&config).unwrap_or_default().replace(
        "[defaults]\n",
        "[defaults]\nweights = { build = 0, run = 0, result = 0, time = 0, workers = 0, lint = 0 }\n",
    );
    write(&config, &text);
    grade_with(dir.path(), &student, &config)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`exercises.cube.weights`: every check weighs 0",
        ));
    // A threshold no score can reach.
    let config = course(dir.path(), None, "max-score = 20\n");
    grade(dir.path())
        .arg(&student)
        .args(["--fail-under", "25", "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "between 0 and the course's max-score, 20",
        ));
    // A reference whose output the regex does not read shows what it printed.
    let reference = dir.path().join("reference");
    write(
        &reference.join("cube.py"),
        "print('Somme des cubes : 24502500')\n",
    );
    write(&reference.join("cube_queue.py"), &honest("cube_queue.py"));
    let config = course(dir.path(), Some(&reference), "");
    grade_with(dir.path(), &student, &config)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "its last line is `Somme des cubes : 24502500`",
        ));
    // A near name is named among the look-alikes.
    let near = dir.path().join("hugo");
    write(&near.join("cubes.py"), &honest("cube.py"));
    grade(dir.path())
        .arg(&near)
        .args(["--allow-missing", "--config"])
        .arg(course(dir.path(), None, ""))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "found `cubes.py`: rename it to `cube.py`",
        ));
}

#[test]
fn json_on_stdout_carries_the_course_errors() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let config = course(dir.path(), None, "");
    let text = std::fs::read_to_string(&config)
        .unwrap_or_default()
        .replace("timeout = \"5s\"", "timeout = \"5 sec\"");
    write(&config, &text);
    let ran = grade(dir.path())
        .args(["--format", "json", "--config"])
        .arg(&config)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(ran.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&ran.stdout)
        .unwrap_or_else(|err| panic!("{err}: {}", String::from_utf8_lossy(&ran.stdout)));
    let errors = report["errors"].to_string();
    assert!(errors.contains("`defaults.timeout`"), "{errors}");
    assert_eq!(report["submissions"].as_array().map(Vec::len), Some(0));
}

#[test]
fn only_what_the_run_graded_decides_its_status() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let config = course(dir.path(), None, "");
    let class = dir.path().join("class");
    write(&class.join("ann/cube.py"), &honest("cube.py"));
    write(&class.join("ann/cube_queue.py"), WRONG_CUBE);
    write(&class.join("bea/Cube.py"), &honest("cube.py"));
    let output = dir.path().join("report.json");
    let run = |args: &[&str], config: &Path| {
        grade(dir.path())
            .args(args)
            .arg("--config")
            .arg(config)
            .arg("-o")
            .arg(&output)
            .output()
            .unwrap_or_else(|err| panic!("{err}"))
            .status
            .code()
    };
    let class_arg = class.display().to_string();
    assert_eq!(run(&[&class_arg], &config), Some(1));
    // Regrading ann's cube alone: her failed cube_queue is kept, not this run's failure.
    let ann = class.join("ann").display().to_string();
    assert_eq!(run(&[&ann, "-e", "cube"], &config), Some(0));
    // bea has nothing gradable: kept students do not make her run a success.
    let bea = class.join("bea").display().to_string();
    assert_eq!(run(&[&bea, "--allow-missing"], &config), Some(1));
    // An exercise removed from the course leaves the report with it.
    let text = std::fs::read_to_string(&config)
        .unwrap_or_default()
        .replace("[exercises.cube_queue]", "[exercises.cube_q]")
        .replace("cube_queue.py", "cube_q.py");
    let renamed = dir.path().join("renamed.toml");
    write(&renamed, &text);
    run(&[&ann, "-e", "cube"], &renamed);
    let graded = report(&output);
    let names: Vec<&str> = submission(&graded, "ann")["exercises"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["exercise"].as_str())
        .collect();
    assert!(!names.contains(&"cube_queue"), "{names:?}");
}

/// `result` without the spans of its builds and runs, which a result carried over into another
/// grading loses (they are offsets into the time of the grading that made them).
fn untimed(result: &Value) -> Value {
    let mut result = result.clone();
    if let Some(exercises) = result.get_mut("exercises").and_then(Value::as_array_mut) {
        for exercise in exercises {
            exercise
                .as_object_mut()
                .map(|fields| fields.remove("timeline"));
        }
    }
    result
        .as_object_mut()
        .map(|fields| fields.remove("timeline"));
    result
}
