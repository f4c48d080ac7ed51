//! The `grade lint` and `grade explain` commands, driven as a student or a grader runs them.
//!
//! Each rule has a folder in fixtures/lint/ named after its code: `bad.*` files get exactly the
//! finding listed in `FIRES`, and every `good*` file, like the references in `clean/`, gets none.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const FIXTURES: &str = "fixtures/lint";

/// (fixture, rule, line, column): the one finding each bad fixture must get.
const FIRES: &[(&str, &str, u64, u64)] = &[
    ("N001-variable-not-snake-case/bad.py", "N001", 6, 5),
    ("N001-variable-not-snake-case/bad.rs", "N001", 5, 13),
    ("N002-function-not-snake-case/bad.py", "N002", 4, 5),
    ("N002-function-not-snake-case/bad.rs", "N002", 4, 8),
    ("N003-type-not-camel-case/bad.py", "N003", 6, 7),
    ("N003-type-not-camel-case/bad.rs", "N003", 4, 12),
    ("N004-constant-not-upper-case/bad.py", "N004", 4, 1),
    ("N004-constant-not-upper-case/bad.rs", "N004", 4, 11),
    ("N005-name-too-short/bad.py", "N005", 12, 5),
    ("N005-name-too-short/bad.rs", "N005", 7, 9),
    ("N006-placeholder-name/bad.py", "N006", 3, 1),
    ("N006-placeholder-name/bad.rs", "N006", 5, 9),
    ("N007-numbered-name/bad.py", "N007", 11, 5),
    ("N007-numbered-name/bad.rs", "N007", 7, 9),
    ("N008-ambiguous-name/bad.py", "N008", 3, 1),
    ("N008-ambiguous-name/bad.rs", "N008", 5, 9),
    ("N009-builtin-shadowed/bad.py", "N009", 6, 5),
    ("N010-non-ascii-name/bad.py", "N010", 3, 1),
    ("N010-non-ascii-name/bad.rs", "N010", 5, 9),
    ("N011-name-pattern-mismatch/bad.py", "N011", 4, 5),
    ("N011-name-pattern-mismatch/bad.rs", "N011", 4, 8),
    ("N012-forbidden-name/bad.py", "N012", 3, 1),
    ("N012-forbidden-name/bad.rs", "N012", 5, 9),
    ("C001-no-comments/bad.py", "C001", 1, 1),
    ("C001-no-comments/bad.rs", "C001", 1, 1),
    ("C002-missing-module-doc/bad.py", "C002", 1, 1),
    ("C002-missing-module-doc/bad.rs", "C002", 1, 1),
    ("C003-missing-function-doc/bad.py", "C003", 5, 5),
    ("C003-missing-function-doc/bad.rs", "C003", 5, 8),
    ("C004-commented-out-code/bad.rs", "C004", 6, 5),
    ("C005-todo-comment/bad.py", "C005", 11, 7),
    ("C005-todo-comment/bad.rs", "C005", 5, 8),
    ("C006-low-comment-density/bad.py", "C006", 2, 1),
    ("C007-empty-comment/bad.py", "C007", 11, 5),
    ("C007-empty-comment/bad.rs", "C007", 5, 52),
    ("S001-syntax-error/bad.py", "S001", 13, 9),
    ("S001-syntax-error/bad.rs", "S001", 7, 94),
    ("P001-no-main-guard/bad.py", "P001", 16, 1),
    ("P001-no-main-guard/bad_alias.py", "P001", 10, 6),
    ("P002-pool-without-size/bad.py", "P002", 11, 10),
    ("P002-pool-without-size/bad_executor.py", "P002", 12, 10),
    ("P003-pool-not-closed/bad.py", "P003", 12, 12),
    ("P004-process-not-joined/bad.py", "P004", 14, 9),
    ("P004-process-not-joined/bad_append.py", "P004", 15, 18),
    ("P005-get-after-join/bad.py", "P005", 20, 9),
    ("P006-result-on-process/bad.py", "P006", 22, 23),
    ("P007-threads-not-processes/bad.py", "P007", 11, 10),
    ("P007-threads-not-processes/bad_executor.py", "P007", 11, 10),
    ("P008-thread-not-joined/bad.rs", "P008", 11, 9),
    ("P009-thread-per-item/bad.rs", "P009", 11, 23),
];

/// The binary, with a locale that does not choose the language for the test.
fn grade() -> Command {
    grade_in(env!("CARGO_MANIFEST_DIR"))
}

/// A course file around a `[lint]` table: `grade lint --config` reads a whole grader.toml.
fn course_with(lint: &str) -> String {
    format!(
        "[course]\nname = \"t\"\n[exercises.cube]\npython = \"cube.py\"\nresult = '(?P<value>\\d+)'\n{lint}"
    )
}

/// The binary run from `dir`, with a locale that does not choose the language for the test.
fn grade_in(dir: impl AsRef<Path>) -> Command {
    let mut command = Command::cargo_bin("grade").unwrap_or_else(|error| panic!("{error}"));
    command
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("NO_COLOR", "1");
    command
}

/// The fixture's folder's grader.toml, when it has one.
fn config_for(path: &Path) -> Option<PathBuf> {
    let config = path.parent()?.join("grader.toml");
    config.exists().then_some(config)
}

/// Runs `grade lint --format json` on one path and returns the parsed report.
fn lint_json(path: &Path) -> Value {
    let mut command = grade();
    command.arg("lint").arg("--format").arg("json");
    if let Some(config) = config_for(path) {
        command.arg("--config").arg(config);
    }
    let output = command
        .arg(path)
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{}: not JSON ({error}): {}",
            path.display(),
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// (rule, line, column) of each finding of a JSON report.
fn findings(report: &Value) -> Vec<(String, u64, u64)> {
    report["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .map(|finding| {
                    (
                        finding["rule"].as_str().unwrap_or("?").to_string(),
                        finding["line"].as_u64().unwrap_or(0),
                        finding["column"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn fixture(relative: &str) -> PathBuf {
    Path::new(FIXTURES).join(relative)
}

fn expected(list: &[(&str, u64, u64)]) -> Vec<(String, u64, u64)> {
    list.iter()
        .map(|(rule, line, column)| (rule.to_string(), *line, *column))
        .collect()
}

#[test]
fn each_rule_fires_at_its_line_and_column_on_its_fixture() {
    let mut failures = Vec::new();
    for (relative, rule, line, column) in FIRES {
        let got = findings(&lint_json(&fixture(relative)));
        let want = expected(&[(rule, *line, *column)]);
        if got != want {
            failures.push(format!("{relative}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn commented_out_code_fires_once_per_run_of_lines() {
    let got = findings(&lint_json(&fixture("C004-commented-out-code/bad.py")));
    assert_eq!(got, expected(&[("C004", 12, 9), ("C004", 14, 5)]));
}

#[test]
fn every_rule_has_a_fixture() {
    let output = grade()
        .args(["explain", "list"])
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    let table = String::from_utf8_lossy(&output.stdout);
    let codes: Vec<&str> = table
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(codes.len() >= 20, "{table}");
    for code in codes {
        assert!(
            FIRES.iter().any(|(_, rule, _, _)| *rule == code),
            "no fixture fires {code}"
        );
    }
}

/// Every `good*` twin, and every source under `clean/`.
fn clean_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![PathBuf::from(FIXTURES)];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let in_clean = path.components().any(|part| part.as_os_str() == "clean");
            let source = name.ends_with(".py") || name.ends_with(".rs");
            if path.is_dir() {
                folders.push(path);
            } else if source && (name.starts_with("good") || in_clean) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn clean_twins_and_references_get_no_finding() {
    let files = clean_files();
    assert!(files.len() >= 40, "only {} clean files found", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let report = lint_json(path);
        let got = findings(&report);
        let unreadable = report["unreadable"]
            .as_array()
            .is_some_and(|list| !list.is_empty());
        if !got.is_empty() || unreadable {
            failures.push(format!("{}: {got:?}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn clean_references_exit_zero_and_say_so() {
    grade()
        .args(["lint", "fixtures/lint/clean"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("lint: no finding"));
}

#[test]
fn json_findings_have_the_documented_fields() {
    let report = lint_json(&fixture("N006-placeholder-name/bad.py"));
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "N006");
    assert_eq!(finding["name"], "placeholder-name");
    assert_eq!(finding["category"], "naming");
    assert_eq!(finding["severity"], "error");
    assert_eq!(
        finding["file"],
        "fixtures/lint/N006-placeholder-name/bad.py"
    );
    assert_eq!(finding["line"], 3);
    assert_eq!(finding["column"], 1);
    assert_eq!(finding["end_line"], 3);
    assert_eq!(finding["end_column"], 5);
    assert!(finding["message"]
        .as_str()
        .is_some_and(|message| message.contains("toto")));
    assert!(finding["help"]
        .as_str()
        .is_some_and(|help| !help.is_empty()));
    assert_eq!(report["errors"], 1);
    assert_eq!(report["warnings"], 0);
}

#[test]
fn an_error_finding_exits_one_a_warning_alone_exits_zero() {
    grade()
        .args(["lint", "fixtures/lint/N006-placeholder-name/bad.py"])
        .assert()
        .code(1);
    grade()
        .args(["lint", "fixtures/lint/N005-name-too-short/bad.py"])
        .assert()
        .code(0);
}

#[test]
fn text_output_shows_location_code_source_marker_and_help() {
    grade()
        .args(["lint", "fixtures/lint/N006-placeholder-name/bad.py"])
        .assert()
        .stdout(predicate::str::contains(
            "error[N006]: module variable `toto` has a placeholder name",
        ))
        .stdout(predicate::str::contains(
            "--> fixtures/lint/N006-placeholder-name/bad.py:3:1",
        ))
        .stdout(predicate::str::contains(
            "3 | toto = [number**3 for number in range(1, 101)]",
        ))
        .stdout(predicate::str::contains("  | ^^^^"))
        .stdout(predicate::str::contains(
            "= help: name it after what it holds or does",
        ))
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn messages_are_in_french_with_lang_fr() {
    grade()
        .args([
            "lint",
            "--lang",
            "fr",
            "fixtures/lint/N006-placeholder-name/bad.py",
        ])
        .assert()
        .stdout(predicate::str::contains(
            "erreur[N006]: `toto` (variable de module) est un nom bouche-trou",
        ))
        .stdout(predicate::str::contains("= aide: "))
        .stdout(predicate::str::contains("help:").not())
        .stdout(predicate::str::contains("lint : 1 erreur, "));
    grade()
        .args([
            "lint",
            "--lang",
            "fr",
            "fixtures/lint/N005-name-too-short/bad.py",
        ])
        .assert()
        .stdout(predicate::str::contains("avertissement[N005]: le nom `q`"))
        .stdout(predicate::str::contains("warning[").not());
}

/// Every rule's fixture, in both languages, gets a message and a help read from the message
/// files: not the id that `message()` returns for a missing message (`name-too-short.help`),
/// and no placeable left unfilled. Braces may appear only inside code spans, where the course's
/// own pattern is quoted (N011).
#[test]
fn every_finding_reads_its_texts_from_the_message_files_in_both_languages() {
    let mut failures = Vec::new();
    for (relative, rule, _, _) in FIRES {
        for lang in ["en", "fr"] {
            let path = fixture(relative);
            let mut command = grade();
            command.args(["lint", "--format", "json", "--lang", lang]);
            if let Some(config) = config_for(&path) {
                command.arg("--config").arg(config);
            }
            let output = command
                .arg(&path)
                .output()
                .unwrap_or_else(|error| panic!("{error}"));
            let report: Value = serde_json::from_slice(&output.stdout)
                .unwrap_or_else(|error| panic!("{relative}: not JSON ({error})"));
            let finding = &report["findings"][0];
            let name = finding["name"].as_str().unwrap_or("?");
            for field in ["message", "help"] {
                let text = finding[field].as_str().unwrap_or("");
                let outside_code = text.split('`').step_by(2).collect::<String>();
                let raw_id = text.starts_with(&format!("{name}.")) && !text.contains(' ');
                if finding["rule"] != *rule
                    || text.is_empty()
                    || raw_id
                    || text.contains("{$")
                    || outside_code.contains('{')
                {
                    failures.push(format!("{relative} ({lang}) {field}: {text:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_locale_chooses_french_when_no_lang_is_given() {
    grade()
        .env("LANG", "fr_FR.UTF-8")
        .args(["lint", "fixtures/lint/C001-no-comments/bad.py"])
        .assert()
        .stdout(predicate::str::contains(
            "aucun commentaire pour les expliquer",
        ));
}

#[test]
fn explain_prints_what_why_and_example_in_both_languages() {
    grade()
        .args(["explain", "N005", "--lang", "en"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("# name-too-short (N005)"))
        .stdout(predicate::str::contains("## What it does"))
        .stdout(predicate::str::contains("## Why is this bad"))
        .stdout(predicate::str::contains("## Example"));
    grade()
        .args(["explain", "commented-out-code", "--lang", "fr"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("# commented-out-code (C004)"))
        .stdout(predicate::str::contains("## Pourquoi est-ce un problème"));
}

// Regression: `grade explain list`, documented in the README and `--help`, said
// `no rule `list`` and exited 2.
#[test]
fn explain_list_prints_every_rule_on_one_line_and_exits_zero() {
    let output = grade()
        .args(["explain", "list", "--lang", "en"])
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty());
    let table = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<Vec<&str>> = table
        .lines()
        .map(|line| line.split_whitespace().collect())
        .collect();
    assert_eq!(
        lines.len(),
        FIRES
            .iter()
            .map(|(_, rule, _, _)| rule)
            .collect::<std::collections::HashSet<_>>()
            .len(),
        "{table}"
    );
    for (code, name, category, severity) in [
        ("N005", "name-too-short", "naming", "warning"),
        ("C001", "no-comments", "comments", "error"),
        ("S001", "syntax-error", "syntax", "error"),
    ] {
        assert!(
            lines
                .iter()
                .any(|line| line[..4] == [code, name, category, severity]),
            "{code}: {table}"
        );
    }
    // In the course's language, like `grade explain CODE`.
    grade()
        .args(["explain", "list", "--lang", "fr"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("N005  name-too-short"))
        .stdout(predicate::str::contains("nommage"))
        .stdout(predicate::str::contains("avertissement"))
        .stdout(predicate::str::contains("nom bouche-trou"));
}

#[test]
fn explain_an_unknown_rule_lists_the_rules() {
    grade_in(fixture(""))
        .args(["explain", "Z999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rule `Z999`"))
        .stderr(predicate::str::contains("N001"));
}

#[test]
fn latin1_with_a_coding_declaration_is_decoded() {
    let report = lint_json(&fixture("encoding/latin1_declared.py"));
    assert_eq!(findings(&report), expected(&[("N005", 5, 1)]));
    assert_eq!(report["unreadable"], serde_json::json!([]));
}

#[test]
fn latin1_without_declaration_is_reported_unreadable() {
    let report = lint_json(&fixture("encoding/latin1_undeclared.py"));
    assert!(findings(&report).is_empty());
    assert_eq!(
        report["unreadable"][0]["file"],
        "fixtures/lint/encoding/latin1_undeclared.py"
    );
    assert!(report["unreadable"][0]["reason"]
        .as_str()
        .is_some_and(|why| why.contains("UTF-8")));
    grade()
        .args(["lint", "fixtures/lint/encoding/latin1_undeclared.py"])
        .assert()
        .code(1);
}

#[test]
fn a_missing_path_exits_two() {
    grade()
        .args(["lint", "fixtures/lint/no-such-file.py"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.py"));
}

#[test]
fn noqa_silences_the_listed_rules_on_its_line() {
    let got = findings(&lint_json(&fixture("noqa/silenced.py")));
    assert_eq!(got, expected(&[("N007", 5, 1)]));
}

#[test]
fn a_student_submission_gets_findings_at_the_right_lines() {
    let got = findings(&lint_json(&fixture("students/cube_naive.py")));
    let want = expected(&[
        ("C001", 1, 1),
        ("N005", 3, 5),
        ("C003", 6, 5),
        ("N008", 6, 12),
        ("C007", 7, 5),
        ("N005", 14, 5),
        ("P003", 14, 9),
        ("C004", 15, 5),
        ("N005", 16, 5),
        ("N009", 17, 5),
    ]);
    assert_eq!(got, want);
}

fn write(path: &Path, contents: impl AsRef<[u8]>) {
    std::fs::write(path, contents).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
}

#[test]
fn config_turns_rules_off_and_changes_severities() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let config = dir.path().join("grader.toml");
    write(
        &config,
        course_with("[lint.rules]\nN006 = \"warning\"\nnon-ascii-name = \"off\"\n"),
    );
    let config = config.to_string_lossy().into_owned();
    grade()
        .args([
            "lint",
            "--config",
            &config,
            "fixtures/lint/N006-placeholder-name/bad.py",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[N006]"));
    grade()
        .args([
            "lint",
            "--config",
            &config,
            "fixtures/lint/N010-non-ascii-name/bad.py",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("lint: no finding"));
}

#[test]
fn a_bad_config_names_the_key() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let config = dir.path().join("grader.toml");
    write(
        &config,
        course_with("[lint.patterns]\nvariable = \"[a-z\"\n"),
    );
    grade()
        .args([
            "lint",
            "--config",
            &config.to_string_lossy(),
            "fixtures/lint/clean",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("lint.patterns.variable"));
}

#[test]
fn folders_skip_hidden_target_and_pycache() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    for skipped in [".venv", "target", "__pycache__"] {
        let folder = dir.path().join(skipped);
        std::fs::create_dir_all(&folder).unwrap_or_else(|error| panic!("{error}"));
        write(&folder.join("toto.py"), "toto = 1\n");
    }
    write(&dir.path().join("notes.txt"), "toto = 1\n");
    grade()
        .arg("lint")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("lint: no finding"));
}

// Regression: undecodable bytes or a broken parse must be reported, never panic.
#[test]
fn garbage_and_broken_sources_do_not_crash() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    write(
        &dir.path().join("garbage.py"),
        [0xff, 0xfe, 0x00, 0x81, 0x0a],
    );
    write(
        &dir.path().join("broken.py"),
        "def (:\n  ((((\n  toto = 1\n",
    );
    write(&dir.path().join("broken.rs"), "fn ( { let = ; }}}}\n");
    grade()
        .arg("lint")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("garbage.py"));
}

// Regression: a file with a syntax error got "lint: no finding" and exit 0.
#[test]
fn a_file_that_does_not_parse_is_an_error_at_its_line() {
    grade()
        .args([
            "lint",
            "--lang",
            "en",
            "fixtures/lint/S001-syntax-error/bad.py",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[S001]: cannot parse this file: syntax error here",
        ))
        .stdout(predicate::str::contains(
            "--> fixtures/lint/S001-syntax-error/bad.py:13:9",
        ))
        .stdout(predicate::str::contains("lint: 1 error, "));
    grade()
        .args([
            "lint",
            "--lang",
            "en",
            "fixtures/lint/S001-syntax-error/bad.rs",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[S001]: cannot parse this file: `;` expected here",
        ))
        .stdout(predicate::str::contains(
            "--> fixtures/lint/S001-syntax-error/bad.rs:7:94",
        ));
    let report = lint_json(&fixture("S001-syntax-error/bad.py"));
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "S001");
    assert_eq!(finding["name"], "syntax-error");
    assert_eq!(finding["category"], "syntax");
    assert_eq!(finding["severity"], "error");
    assert_eq!(report["errors"], 1);
    grade()
        .args([
            "lint",
            "--format",
            "json",
            "fixtures/lint/S001-syntax-error/bad.rs",
        ])
        .assert()
        .code(1);
}

#[test]
fn noqa_does_not_silence_a_syntax_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let path = dir.path().join("cube.py");
    write(&path, "\"\"\"Cubes.\"\"\"\nprint(sum(range(3))  # noqa\n");
    let got = findings(&lint_json(&path));
    assert_eq!(got, expected(&[("S001", 2, 1)]));
}

#[test]
fn grade_lint_lints_a_folder_whole_and_a_file_alone() {
    // The student's folder: the helpers the script imports are linted with it.
    let folder = lint_json(&fixture("students/imports"));
    let files: std::collections::BTreeSet<String> = folder["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .map(|finding| finding["file"].as_str().unwrap_or("?").to_string())
                .collect()
        })
        .unwrap_or_default();
    let root = fixture("students/imports");
    let want: std::collections::BTreeSet<String> = ["helper.py", "utils/calc.py"]
        .iter()
        .map(|file| root.join(file).to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, want);
    // The script named alone: only it, as the paths given are what `grade lint` reads.
    let script = lint_json(&fixture("students/imports/cube.py"));
    assert_eq!(findings(&script), Vec::new());
}

/// The message of the one finding of a fixture, in `lang`.
fn message_of(relative: &str, lang: &str) -> String {
    let output = grade()
        .args(["lint", "--format", "json", "--lang", lang])
        .arg(fixture(relative))
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{relative}: not JSON ({error})"));
    let finding = &report["findings"][0];
    format!(
        "{} | {}",
        finding["message"].as_str().unwrap_or(""),
        finding["help"].as_str().unwrap_or("")
    )
}

#[test]
fn parallel_messages_say_what_where_and_what_to_do_in_both_languages() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "P001-no-main-guard/bad.py",
            "en",
            &["`main()` is called at module level", "creates processes (`Pool` line 12)", "under `if __name__ == \"__main__\":`", "spawn"],
        ),
        (
            "P001-no-main-guard/bad_alias.py",
            "fr",
            &["`mp.get_context(\"spawn\").Pool(...)` crée des processus au niveau du module", "la placer sous `if __name__"],
        ),
        (
            "P002-pool-without-size/bad.py",
            "en",
            &["`Pool()` is given no number of processes", "one process per CPU", "`Pool(processes=4)`"],
        ),
        (
            "P002-pool-without-size/bad_executor.py",
            "fr",
            &["`Executor(max_workers=os.cpu_count())` revient à ne pas donner de nombre de processus", "`Executor(max_workers=4)`"],
        ),
        (
            "P003-pool-not-closed/bad.py",
            "en",
            &["the pool `pool` is never closed and joined", "`with multiprocessing.Pool(...) as pool:`", "`pool.close()` then `pool.join()`"],
        ),
        (
            "P004-process-not-joined/bad.py",
            "fr",
            &["ce `Process(...)` est lancé mais jamais attendu", "appeler `join()`"],
        ),
        (
            "P005-get-after-join/bad.py",
            "en",
            &["joined before `results` is read (`results.get()` line 21)", "64 KiB", "wait forever", "read the results first"],
        ),
        (
            "P005-get-after-join/bad.py",
            "fr",
            &["attendus avant la lecture de `results`", "lire d'abord les résultats"],
        ),
        (
            "P006-result-on-process/bad.py",
            "en",
            &["`worker.total` is read in the parent", "`self.total` in the child process (line 15)", "`multiprocessing.Queue`"],
        ),
        (
            "P007-threads-not-processes/bad.py",
            "en",
            &["`Pool(...)` runs threads, not processes", "global interpreter lock", "`multiprocessing.Pool`"],
        ),
        (
            "P008-thread-not-joined/bad.rs",
            "en",
            &["the `JoinHandle` of this thread is dropped", "call `join()`", "`thread::scope`"],
        ),
        (
            "P009-thread-per-item/bad.rs",
            "fr",
            &["un thread par élément", "chacun des 100 nombres", "un thread par morceau"],
        ),
    ];
    let mut failures = Vec::new();
    for (relative, lang, words) in cases {
        let message = message_of(relative, lang);
        for word in *words {
            if !message.contains(word) {
                failures.push(format!("{relative} ({lang}): `{word}` not in: {message}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn parallel_rules_find_no_error_in_references_and_passing_submissions() {
    let expected =
        std::fs::read_to_string("fixtures/expected.toml").unwrap_or_else(|error| panic!("{error}"));
    let table: toml::Table = expected
        .parse()
        .unwrap_or_else(|error| panic!("fixtures/expected.toml: {error}"));
    let mut paths = vec![PathBuf::from("reference")];
    for case in table
        .get("case")
        .and_then(|cases| cases.as_array())
        .into_iter()
        .flatten()
    {
        let field = |key: &str| case.get(key).and_then(|value| value.as_str());
        if field("verdict") == Some("pass") {
            let student = Path::new("fixtures/submissions").join(field("student").unwrap_or(""));
            let exercise = field("exercise").unwrap_or("");
            paths.push(match field("language") {
                Some("python") => student.join(format!("{exercise}.py")),
                _ => student.join(exercise),
            });
        }
    }
    assert!(paths.len() > 20, "{paths:?}");
    let output = grade()
        .args(["lint", "--format", "json"])
        .args(&paths)
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    let report: Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|error| panic!("{error}"));
    let errors: Vec<&Value> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|finding| finding["category"] == "parallel" && finding["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The references hold the processes the rules look at: they were read, not skipped.
    assert!(report["unreadable"]
        .as_array()
        .is_some_and(|list| list.is_empty()));
}

#[test]
fn threads_not_processes_can_be_made_a_warning() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let config = dir.path().join("grader.toml");
    write(
        &config,
        course_with("[lint.rules]\nthreads-not-processes = \"warning\"\n"),
    );
    grade()
        .args(["lint", "--config", &config.to_string_lossy()])
        .arg(fixture("P007-threads-not-processes/bad.py"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[P007]"));
    grade()
        .arg("lint")
        .arg(fixture("P007-threads-not-processes/bad.py"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[P007]"));
}

#[test]
fn parallel_rules_follow_aliases_and_stay_silent_on_what_they_cannot_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let path = dir.path().join("cube.py");
    write(
        &path,
        r#""""Cubes with every spelling a student may use."""
from multiprocessing import Pool as Workers, Process as Task
import multiprocessing as mp
from concurrent.futures import *


def cube(number):
    """Return the cube of `number`."""
    return number**3


def finish(pool):
    """Close `pool` and wait for its workers."""
    pool.close()
    pool.join()


if __name__ == "__main__":
    helpers = Workers(*[4])
    finish(helpers)
    spare = mp.Pool(processes=None)
    tasks = [Task(target=cube, args=(rank,)) for rank in range(4)]
    for task in tasks:
        task.start()
    lone = mp.Process(target=cube, args=(1,))
    lone.start()
    ProcessPoolExecutor()
"#,
    );
    let got: Vec<(String, u64, u64)> = findings(&lint_json(&path))
        .into_iter()
        .filter(|(rule, _, _)| rule.starts_with('P'))
        .collect();
    assert_eq!(
        got,
        expected(&[
            ("P002", 21, 13),
            ("P003", 21, 13),
            ("P004", 22, 14),
            ("P004", 25, 12),
            ("P002", 27, 5),
        ])
    );
}

#[test]
fn rust_thread_rules_follow_handles_and_skip_scoped_threads_and_chunks() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let path = dir.path().join("main.rs");
    write(
        &path,
        r#"//! Threads spawned every way a student may spawn them.

use std::thread::{self, spawn};

/// How many numbers are cubed.
const LIMIT: u64 = 100;

/// Spawns threads and forgets some of them.
pub fn spawn_all() {
    let _ = spawn(|| 1);
    let mut handles = Vec::new();
    for worker in 0..4 {
        handles.push(thread::spawn(move || worker));
    }
    let mut kept = Vec::new();
    for worker in 0..4 {
        let handle = thread::spawn(move || worker);
        kept.push(handle);
    }
    for handle in kept {
        handle.join().ok();
    }
    thread::scope(|scope| {
        for number in 0..LIMIT {
            scope.spawn(move || number);
        }
    });
    let returned = thread::spawn(|| 2);
    wait_for(returned);
}
"#,
    );
    let got: Vec<(String, u64, u64)> = findings(&lint_json(&path))
        .into_iter()
        .filter(|(rule, _, _)| rule.starts_with('P'))
        .collect();
    assert_eq!(
        got,
        expected(&[("P008", 10, 13), ("P008", 13, 22), ("P009", 25, 13)])
    );
}

/// A reader that stops early (`grade lint . | head -1`) ends the command quietly: no panic on
/// the closed pipe.
#[test]
fn a_closed_pipe_ends_grade_lint_without_a_panic() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    // Findings worth far more than a pipe's buffer (64 KiB): the writes go on after the close.
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let source: String = (0..3000).map(|n| format!("x{n} = {n}\n")).collect();
    std::fs::write(dir.path().join("many.py"), source).unwrap_or_else(|error| panic!("{error}"));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("grade"))
        .args(["lint", "many.py", "--lang", "en"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{error}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("stdout"));
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(first.contains('['), "{first}");
    // The pipe is closed here, with most of the findings still to write.
    let output = child
        .wait_with_output()
        .unwrap_or_else(|error| panic!("{error}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(output.status.code(), Some(101), "{stderr}");
}
