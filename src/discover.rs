//! Discovery: which students a path holds, and which exercise entries each student submitted.
//!
//! A path is either a folder of student folders (the instructor's `grade submissions/`) or one
//! student's folder (a student's self-check), recognised because it holds an entry itself.
//! Symbolic links are never followed: a link may lead out of the submission.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::{Config, Exercise};
use crate::report::Language;

/// A student's folder.
#[derive(Debug, Clone)]
pub struct Student {
    /// The folder's name, as UTF-8 (invalid bytes replaced).
    pub name: String,
    pub path: PathBuf,
}

/// One solution to one exercise, in one language.
#[derive(Debug, Clone)]
pub struct Entry {
    pub language: Language,
    /// The script (Python) or crate folder (Rust).
    pub path: PathBuf,
    /// The entry relative to the student's folder, as the report shows it.
    pub relative: PathBuf,
}

/// Something discovery met that the report must tell, without stopping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A folder left ungraded (a link, unreadable): the grader could not do all its job.
    Error(String),
    /// A folder graded all the same (a name that is not UTF-8).
    Warning(String),
}

/// The students under `root`, sorted by name, and the problems met on the way, which never
/// stop discovery.
pub fn students(root: &Path, config: &Config) -> Result<(Vec<Student>, Vec<Problem>), String> {
    let metadata =
        fs::metadata(root).map_err(|err| format!("{}: cannot read: {err}", root.display()))?;
    if !metadata.is_dir() {
        return Err(format!(
            "{}: not a folder: give a folder of student folders, or a student's folder",
            root.display()
        ));
    }
    let mut problems = Vec::new();
    if holds_an_entry(root, config) {
        let canonical = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let name = canonical
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "student".into());
        return Ok((
            vec![Student {
                name,
                path: root.to_path_buf(),
            }],
            problems,
        ));
    }
    let listing =
        fs::read_dir(root).map_err(|err| format!("{}: cannot list: {err}", root.display()))?;
    let mut students = Vec::new();
    for item in listing {
        let item = match item {
            Ok(item) => item,
            Err(err) => {
                problems.push(Problem::Error(format!(
                    "{}: cannot list: {err}",
                    root.display()
                )));
                continue;
            }
        };
        let file_name = item.file_name();
        let name = file_name.to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = item.path();
        // `file_type` does not follow links: a linked folder is reported, not entered.
        match item.file_type() {
            Ok(kind) if kind.is_dir() => {}
            Ok(kind) if kind.is_symlink() => {
                problems.push(Problem::Error(format!(
                    "{}: a symbolic link, not followed: copy the student's folder instead",
                    path.display()
                )));
                continue;
            }
            Ok(_) => continue,
            Err(err) => {
                problems.push(Problem::Error(format!("{}: {err}", path.display())));
                continue;
            }
        }
        if file_name.to_str().is_none() {
            problems.push(Problem::Warning(format!(
                "{}: the folder's name is not valid UTF-8; graded as `{name}`",
                path.display()
            )));
        }
        students.push(Student { name, path });
    }
    students.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((students, problems))
}

/// Whether `folder` holds an entry of some exercise itself (it is then one student's folder).
fn holds_an_entry(folder: &Path, config: &Config) -> bool {
    config
        .exercises
        .iter()
        .any(|exercise| !entries(folder, exercise).is_empty())
}

/// The entries `folder` holds for `exercise`: none, one, or one per language.
pub fn entries(folder: &Path, exercise: &Exercise) -> Vec<Entry> {
    let mut found = Vec::new();
    if let Some(script) = &exercise.python {
        let path = folder.join(script);
        if is_regular_file(&path) {
            found.push(Entry {
                language: Language::Python,
                path,
                relative: PathBuf::from(script),
            });
        }
    }
    if let Some(krate) = &exercise.rust {
        let path = folder.join(krate);
        let manifest = path.join("Cargo.toml");
        if is_real_dir(&path) && is_regular_file(&manifest) {
            found.push(Entry {
                language: Language::Rust,
                path,
                relative: PathBuf::from(krate).join("Cargo.toml"),
            });
        }
    }
    found
}

/// Why `exercise` counts as missing in `folder`, with what was found instead when it looks like
/// a misnamed entry.
pub fn missing_message(folder: &Path, exercise: &Exercise) -> String {
    let mut wanted = Vec::new();
    if let Some(script) = &exercise.python {
        wanted.push(format!("`{script}`"));
    }
    if let Some(krate) = &exercise.rust {
        wanted.push(format!("`{krate}/Cargo.toml`"));
    }
    let mut message = format!("no {} in the folder", wanted.join(" or "));
    let near: Vec<String> = look_alikes(folder, exercise);
    if !near.is_empty() {
        let first = &near[0];
        let expected = exercise
            .python
            .as_deref()
            .filter(|_| !is_real_dir(&folder.join(first)))
            .or(exercise.rust.as_deref())
            .unwrap_or(&exercise.name);
        message.push_str(&format!("; found `{first}`: rename it to `{expected}`"));
        if is_symlink(&folder.join(first)) {
            message = format!(
                "`{first}` is a symbolic link, which is never followed: submit the file itself"
            );
        }
    }
    message
}

/// Names in `folder` that look like the exercise's entries: other case, another extension.
fn look_alikes(folder: &Path, exercise: &Exercise) -> Vec<String> {
    let stems: Vec<String> = [exercise.python.as_deref(), exercise.rust.as_deref()]
        .into_iter()
        .flatten()
        .map(|entry| entry.split('.').next().unwrap_or(entry).to_lowercase())
        .collect();
    let Ok(listing) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut names: Vec<String> = listing
        .filter_map(Result::ok)
        .map(|item| item.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            let lower = name.to_lowercase();
            let stem = lower.split(['.', ' ', '(']).next().unwrap_or(&lower).trim();
            stems.iter().any(|wanted| stem == wanted)
        })
        .collect();
    names.sort();
    names
}

fn is_regular_file(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|metadata| metadata.is_file())
}

fn is_real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|metadata| metadata.is_dir())
}

fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink())
}
