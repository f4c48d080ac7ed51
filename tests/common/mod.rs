//! What the integration tests share: the repository, tables of expected verdicts, course files
//! for one exercise, snapshots of folders, and lookups in a JSON report.

// Each test binary uses its own part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub mod language;

/// The `grade` binary, run in `dir`, without colours.
pub fn grade_in(dir: &Path) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("grade").unwrap_or_else(|err| panic!("{err}"));
    command.current_dir(dir).env("NO_COLOR", "1");
    command
}

/// Writes `text` at `path`, making its folders.
pub fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|err| panic!("{err}"));
    }
    fs::write(path, text).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
}

/// The JSON report at `path`.
pub fn report(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|err| panic!("{err}"));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{err}"))
}

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

/// The real Python interpreter (not a pyenv shim) and its installation prefix.
pub fn python() -> (PathBuf, PathBuf) {
    let output = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys; print(sys.executable); print(sys.base_prefix)",
        ])
        .output()
        .unwrap_or_else(|err| panic!("python3 is needed by the tests: {err}"));
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut lines = text.lines();
    let executable = PathBuf::from(lines.next().unwrap_or_else(|| panic!("sys.executable")));
    let prefix = PathBuf::from(lines.next().unwrap_or_else(|| panic!("sys.base_prefix")));
    (executable, prefix)
}

/// The Rust toolchain's root, whose bin/ holds the real cargo and rustc.
pub fn rust_sysroot() -> PathBuf {
    let output = std::process::Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .unwrap_or_else(|err| panic!("rustc is needed by the tests: {err}"));
    PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
}

/// The uid student code runs as when root grades.
const SANDBOX_UID: u32 = 65534;

/// Whether the sandbox user can reach `path`: every folder above it lets others cross.
fn open_to_sandbox_user(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    path.ancestors().skip(1).all(|folder| {
        fs::metadata(folder)
            .map(|meta| meta.uid() == SANDBOX_UID || meta.mode() & 0o001 != 0)
            .unwrap_or(true)
    })
}

/// `dir` (a toolchain's prefix) where the sandbox user can reach it. Without namespaces, as
/// root, student code runs as uid 65534, which cannot enter /root (0700) where pyenv and rustup
/// install: tests of that isolation use a copy made of hard links (no byte copied), kept under
/// target/ for the next runs. `None` when it cannot be made (another file system).
pub fn open_copy(dir: &Path) -> Option<PathBuf> {
    if !nix::unistd::Uid::effective().is_root() || open_to_sandbox_user(dir) {
        return Some(dir.to_path_buf());
    }
    // Tests run on several threads: one copy at a time, and the others find it made.
    static COPYING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = COPYING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let name: String = dir
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let root = repo().join("target/open-toolchains");
    let copy = root.join(name);
    if copy.is_dir() {
        return Some(copy);
    }
    fs::create_dir_all(&root).ok()?;
    let partial = root.join(format!(".partial-{}", std::process::id()));
    let _ = fs::remove_dir_all(&partial);
    let linked = std::process::Command::new("cp")
        .arg("-al")
        .arg(dir)
        .arg(&partial)
        .status()
        .is_ok_and(|status| status.success());
    if !linked || fs::rename(&partial, &copy).is_err() {
        let _ = fs::remove_dir_all(&partial);
        return copy.is_dir().then_some(copy);
    }
    open_to_sandbox_user(&copy).then_some(copy)
}

/// Each graded entry of a report, as `student / exercise (language)`, with its verdict, score
/// and every check's verdict: what must not depend on how many jobs graded it.
pub fn outcomes(report: &Value) -> BTreeMap<String, String> {
    let mut outcomes = BTreeMap::new();
    for submission in report["submissions"].as_array().into_iter().flatten() {
        for exercise in submission["exercises"].as_array().into_iter().flatten() {
            let checks: Vec<String> = exercise["checks"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|check| format!("{}:{}", check["check"], check["verdict"]))
                .collect();
            outcomes.insert(
                format!(
                    "{} / {} ({})",
                    submission["student"], exercise["exercise"], exercise["language"]
                ),
                format!(
                    "{} {} [{}]",
                    exercise["verdict"],
                    exercise["score"],
                    checks.join(" ")
                ),
            );
        }
    }
    outcomes
}

/// The entries whose outcome differs between two reports, both ways shown.
pub fn differences(a: &Value, b: &Value) -> Vec<String> {
    let (a, b) = (outcomes(a), outcomes(b));
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|key| a.get(*key) != b.get(*key))
        .map(|key| format!("{key}: {:?} / {:?}", a.get(key), b.get(key)))
        .collect()
}
