//! `grade similar` on `fixtures/similar/class/`, whose copies, honest solutions and
//! reference-shaped solution are listed in `fixtures/similar/expected.toml`: each disguised copy
//! ranks first for its original and above every pair that is not a copy, with a fragment
//! covering a line it copied; an exact copy scores 100%; the reference's code counts for no one.

mod common;

use std::sync::OnceLock;

use common::{grade_in, repo};
use serde_json::Value;

/// The JSON of `grade similar fixtures/similar/class --min 0`, once for all the tests.
fn similar() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    REPORT.get_or_init(|| {
        let output = grade_in(&repo())
            .args([
                "similar",
                "fixtures/similar/class",
                "--format",
                "json",
                "--min",
                "0",
            ])
            .output()
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        serde_json::from_slice(&output.stdout).unwrap_or_else(|err| panic!("{err}: {output:?}"))
    })
}

fn table(kind: &str) -> Vec<toml::Table> {
    let text = std::fs::read_to_string(repo().join("fixtures/similar/expected.toml"))
        .unwrap_or_else(|err| panic!("{err}"));
    let table: toml::Table = text.parse().unwrap_or_else(|err| panic!("{err}"));
    table
        .get(kind)
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|row| row.as_table().cloned())
        .collect()
}

fn text<'a>(row: &'a toml::Table, key: &str) -> &'a str {
    row.get(key)
        .and_then(toml::Value::as_str)
        .unwrap_or_else(|| panic!("no `{key}` in {row:?}"))
}

/// The pairs of one exercise and language.
/// The `students` a row names.
fn students(row: &toml::Table) -> Vec<&str> {
    row["students"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
        .collect()
}

fn pairs<'a>(exercise: &str, language: &str) -> Vec<&'a Value> {
    similar()["pairs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|pair| pair["exercise"] == exercise && pair["language"] == language)
        .collect()
}

fn holds(pair: &Value, student: &str) -> bool {
    pair["a"]["student"] == student || pair["b"]["student"] == student
}

fn score(pair: &Value) -> f64 {
    pair["score"].as_f64().unwrap_or_default()
}

/// The best partner of `student` among `pairs`, with the score.
fn best(pairs: &[&Value], student: &str) -> Option<(String, f64)> {
    pairs
        .iter()
        .filter(|pair| holds(pair, student))
        .max_by(|x, y| score(x).total_cmp(&score(y)))
        .map(|pair| {
            let other = if pair["a"]["student"] == student {
                &pair["b"]
            } else {
                &pair["a"]
            };
            (
                other["student"].as_str().unwrap_or_default().to_string(),
                score(pair),
            )
        })
}

#[test]
fn every_disguised_copy_ranks_first_for_its_original_and_back() {
    let mut wrong = Vec::new();
    for row in table("copy") {
        let (copier, original) = (text(&row, "copier"), text(&row, "original"));
        let pairs = pairs(text(&row, "exercise"), text(&row, "language"));
        for (who, expected) in [(copier, original), (original, copier)] {
            match best(&pairs, who) {
                Some((partner, _)) if partner == expected => {}
                found => wrong.push(format!("{who}: best {found:?}, not {expected}")),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn copies_rank_above_every_pair_that_is_not_a_copy() {
    let copies = table("copy");
    let is_copy = |pair: &Value| {
        copies.iter().any(|row| {
            pair["exercise"] == text(row, "exercise")
                && holds(pair, text(row, "copier"))
                && holds(pair, text(row, "original"))
        })
    };
    let mut wrong = Vec::new();
    for row in &copies {
        let pairs = pairs(text(row, "exercise"), text(row, "language"));
        let lowest_copy = pairs
            .iter()
            .filter(|pair| is_copy(pair))
            .map(|pair| score(pair))
            .fold(f64::MAX, f64::min);
        for pair in pairs.iter().filter(|pair| !is_copy(pair)) {
            if score(pair) >= lowest_copy {
                wrong.push(format!(
                    "{pair} scores {} ≥ a copy's {lowest_copy}",
                    score(pair)
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // And the honest pairs listed score low, whatever the copies do.
    for row in table("unrelated") {
        let students = students(&row);
        let pairs = pairs(text(&row, "exercise"), text(&row, "language"));
        if let Some(pair) = pairs
            .iter()
            .find(|pair| holds(pair, students[0]) && holds(pair, students[1]))
        {
            assert!(score(pair) < 0.3, "{pair}");
        }
    }
}

#[test]
fn an_exact_copy_scores_one_hundred_percent() {
    for row in table("copy") {
        if text(&row, "disguise") == "exact" {
            let pairs = pairs(text(&row, "exercise"), text(&row, "language"));
            let (partner, score) = best(&pairs, text(&row, "copier")).unwrap_or_default();
            assert_eq!(partner, text(&row, "original"));
            assert_eq!(score, 1.0);
        }
    }
}

#[test]
fn a_fragment_covers_a_line_each_copy_took() {
    let mut wrong = Vec::new();
    for row in table("copy") {
        let (copier, original) = (text(&row, "copier"), text(&row, "original"));
        let pairs = pairs(text(&row, "exercise"), text(&row, "language"));
        let Some(pair) = pairs
            .iter()
            .find(|pair| holds(pair, copier) && holds(pair, original))
        else {
            wrong.push(format!("{copier}: no pair with {original}"));
            continue;
        };
        let (mine, theirs) = if pair["a"]["student"] == original {
            ("a", "b")
        } else {
            ("b", "a")
        };
        let line = text(&row, "fragment");
        let covered = pair["fragments"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|fragment| {
                let span = &fragment[mine];
                let file = repo()
                    .join("fixtures/similar/class")
                    .join(original)
                    .join(span["file"].as_str().unwrap_or_default());
                let source = std::fs::read_to_string(file).unwrap_or_default();
                let first = span["first_line"].as_u64().unwrap_or(0) as usize;
                let last = span["last_line"].as_u64().unwrap_or(0) as usize;
                let in_copier = row
                    .get("file")
                    .and_then(toml::Value::as_str)
                    .is_none_or(|file| fragment[theirs]["file"] == file);
                in_copier
                    && source.lines().enumerate().any(|(index, text)| {
                        text.contains(line) && (first..=last).contains(&(index + 1))
                    })
            });
        if !covered {
            wrong.push(format!(
                "{copier}: no fragment covers `{line}` of {original}: {pair}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_reference_s_code_counts_for_no_one() {
    for row in table("reference") {
        let student = text(&row, "student");
        let pairs = pairs(text(&row, "exercise"), text(&row, "language"));
        let strongest = best(&pairs, student).map_or(0.0, |(_, score)| score);
        assert!(strongest < 0.2, "{student}: {strongest}");
    }
    // The reference as a past year's student: set aside (the default base), nothing of it
    // pairs; with an empty base instead, the reference-shaped student is its copy.
    let past = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let student = past.path().join("last year");
    std::fs::create_dir_all(&student).unwrap_or_else(|err| panic!("{err}"));
    std::fs::copy(repo().join("reference/cube.py"), student.join("cube.py"))
        .unwrap_or_else(|err| panic!("{err}"));
    let empty = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let against = |base: Option<&std::path::Path>| -> f64 {
        let mut command = grade_in(&repo());
        command
            .args([
                "similar",
                "fixtures/similar/class",
                "--format",
                "json",
                "--min",
                "0",
            ])
            .arg("--against")
            .arg(past.path());
        if let Some(base) = base {
            command.arg("--base").arg(base);
        }
        let output = command.output().unwrap_or_else(|err| panic!("{err}"));
        let report: Value =
            serde_json::from_slice(&output.stdout).unwrap_or_else(|err| panic!("{err}"));
        report["pairs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|pair| holds(pair, "reference_comments") && holds(pair, "last year"))
            .map(score)
            .fold(0.0, f64::max)
    };
    assert_eq!(against(None), 0.0);
    assert_eq!(against(Some(empty.path())), 1.0);
}

#[test]
fn the_table_has_rows_of_each_kind() {
    for kind in ["copy", "unrelated", "reference", "common"] {
        assert!(
            !table(kind).is_empty(),
            "no [[{kind}]] in fixtures/similar/expected.toml"
        );
    }
}

/// Grading the class reports the same pairs: a section after the totals, and `similar` in the
/// JSON report.
#[test]
fn the_class_report_lists_the_copies() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let json = dir.path().join("report.json");
    let output = grade_in(&repo())
        .args([
            "fixtures/similar/class",
            "--exercise",
            "cube_queue",
            "--lang",
            "en",
        ])
        .arg("--output")
        .arg(&json)
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("pairs of solutions share at least 30% of their code"),
        "{stdout}"
    );
    let line = stdout
        .lines()
        .find(|line| line.contains("bastien ↔ comments"))
        .unwrap_or_else(|| panic!("no bastien ↔ comments in\n{stdout}"));
    assert!(line.trim_start().starts_with("100%"), "{line}");
    let report = common::report(&json);
    let pairs = report["similar"].as_array().cloned().unwrap_or_default();
    assert!(
        pairs
            .iter()
            .any(|pair| holds(pair, "agathe") && holds(pair, "exact") && score(pair) == 1.0),
        "{pairs:?}"
    );
    // Honest solutions written apart are not listed, nor exercises not graded.
    assert!(!pairs
        .iter()
        .any(|pair| holds(pair, "agathe") && holds(pair, "bastien")));
    assert!(
        pairs.iter().all(|pair| pair["exercise"] == "cube_queue"),
        "{pairs:?}"
    );
}

/// A folder that is not there is named, with what to give instead, before anything is read.
#[test]
fn a_missing_folder_is_named() {
    let output = grade_in(&repo())
        .args([
            "similar",
            "fixtures/similar/class",
            "--against",
            "no-such-year",
            "--lang",
            "en",
        ])
        .output()
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no-such-year: no such folder"), "{stderr}");
}

/// Code most of the class holds (a timing snippet from the notebook, in 9 of 11 solutions)
/// counts for no pair: two honest students who both hold it share no more than a k-gram or
/// three where their code meets it (with it counted, several pairs share 4 to 6).
#[test]
fn what_most_of_the_class_writes_makes_no_pair() {
    let copies = table("copy");
    for row in table("common") {
        let holders = students(&row);
        let pairs = pairs(text(&row, "exercise"), text(&row, "language"));
        for pair in pairs {
            let copied = copies.iter().any(|copy| {
                holds(pair, text(copy, "copier")) && holds(pair, text(copy, "original"))
            });
            let both_hold = holders
                .iter()
                .filter(|student| holds(pair, student))
                .count()
                == 2;
            if both_hold && !copied {
                assert!(pair["shared"].as_u64() <= Some(3), "{pair}");
            }
        }
    }
}
