//! What the integration tests share: the repository, tables of expected verdicts, course files
//! for one exercise, snapshots of folders, and lookups in a JSON report.

// Each test binary uses its own part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `[[case]]` rows of a table of expected outcomes.
pub fn cases(table: &Path) -> Vec<toml::Table> {
    let text = fs::read_to_string(table).unwrap_or_else(|err| panic!("{}: {err}", table.display()));
    let table: toml::Table = text.parse().unwrap_or_else(|err| panic!("{err}"));
    table["case"]
        .as_array()
        .unwrap_or_else(|| panic!("no [[case]]"))
        .iter()
        .map(|case| {
            case.as_table()
                .cloned()
                .unwrap_or_else(|| panic!("a case is a table"))
        })
        .collect()
}

/// Writes `course.toml` in `dir`: the course's one quick exercise, `cube`, graded against the
/// repository's references, with `course` and `defaults` lines added to their tables.
pub fn cube_course(dir: &Path, course: &str, defaults: &str) -> PathBuf {
    let reference = toml::Value::String(repo().join("reference").display().to_string());
    let text = format!(
        "[course]\nname = \"test\"\nmax-score = 8\nreference = {reference}\n{course}\n\n\
         [defaults]\n{defaults}\n\n\
         [exercises.cube]\npython = \"cube.py\"\nrust = \"cube\"\n\
         result = '^result = (?P<value>-?\\d+)'\npoints = 8\n"
    );
    let path = dir.join("course.toml");
    fs::write(&path, text).unwrap_or_else(|err| panic!("{err}"));
    path
}

/// Every file under `dir` with its bytes, to prove grading writes nothing there.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for item in fs::read_dir(&folder).unwrap_or_else(|err| panic!("{err}")) {
            let path = item.unwrap_or_else(|err| panic!("{err}")).path();
            let metadata = fs::symlink_metadata(&path).unwrap_or_else(|err| panic!("{err}"));
            if metadata.is_dir() {
                pending.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).unwrap_or_default());
            }
        }
    }
    files
}

/// Exercise `name` of `student` in a JSON report.
pub fn exercise<'a>(report: &'a Value, student: &str, name: &str) -> &'a Value {
    report["submissions"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["student"] == student))
        .and_then(|submission| submission["exercises"].as_array())
        .and_then(|all| all.iter().find(|e| e["exercise"] == name))
        .unwrap_or_else(|| panic!("{student}/{name} not in the report"))
}

/// Check `name` of an exercise in a JSON report.
pub fn check<'a>(exercise: &'a Value, name: &str) -> &'a Value {
    exercise["checks"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["check"] == name))
        .unwrap_or_else(|| panic!("no {name} check in {exercise}"))
}
