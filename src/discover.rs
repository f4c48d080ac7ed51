//! Discovery: which students a path holds, and which exercise entries each student submitted.
//!
//! A path is either a folder of student folders (the instructor's `grade submissions/`) or one
//! student's folder (a student's self-check), recognised because it holds an entry itself.
//! Symbolic links are never followed: a link may lead out of the submission.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::{Config, Exercise};
use crate::lang::Lang;
use crate::msg;
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
    // A student's folder: it holds an entry, or something that looks like one (`Cube.py`), or
    // no folder at all (a student running `grade .` among misnamed files must not be told
    // "0 students": every exercise is missing there, with what was found instead).
    let student_folder = holds_an_entry(root, config)
        || (!holds_a_student(root, config)
            && (holds_a_look_alike(root, config) || !holds_a_folder(root)));
    if student_folder {
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
        // Hidden folders, and what an archive tool leaves beside the students (macOS's zip).
        if name.starts_with('.') || name == "__MACOSX" {
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
    students.sort_by_cached_key(|student| collation_key(&student.name));
    Ok((students, problems))
}

/// The order people expect names in: letters without their accents first (`léa` between `laura`
/// and `lucas`, as a French class list has it), case ignored, then the exact name to break ties.
pub fn collation_key(name: &str) -> (String, String) {
    let base: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ÿ' | 'ý' => 'y',
            'ñ' => 'n',
            other => other,
        })
        .flat_map(|c| match c {
            'œ' => vec!['o', 'e'],
            'æ' => vec!['a', 'e'],
            other => vec![other],
        })
        .collect();
    (base, name.to_string())
}

/// Whether `folder` holds a file or folder that looks like an entry of some exercise.
fn holds_a_look_alike(folder: &Path, config: &Config) -> bool {
    config
        .exercises
        .iter()
        .any(|exercise| !look_alikes(folder, exercise).is_empty())
}

/// Whether a folder of `folder` holds an entry of some exercise, or a look-alike of one: then
/// `folder` is a class.
fn holds_a_student(folder: &Path, config: &Config) -> bool {
    fs::read_dir(folder).is_ok_and(|listing| {
        listing.filter_map(Result::ok).any(|item| {
            item.file_type().is_ok_and(|kind| kind.is_dir())
                && (holds_an_entry(&item.path(), config)
                    || holds_a_look_alike(&item.path(), config))
        })
    })
}

/// Whether `folder` holds a folder that is not hidden (a student's, in a class folder).
fn holds_a_folder(folder: &Path) -> bool {
    fs::read_dir(folder).is_ok_and(|listing| {
        listing.filter_map(Result::ok).any(|item| {
            !item.file_name().to_string_lossy().starts_with('.')
                && item.file_type().is_ok_and(|kind| kind.is_dir())
        })
    })
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
/// a misnamed entry, in `lang`.
pub fn missing_message(folder: &Path, exercise: &Exercise, lang: Lang) -> String {
    let mut wanted = Vec::new();
    if let Some(script) = &exercise.python {
        wanted.push(format!("`{script}`"));
    }
    if let Some(krate) = &exercise.rust {
        wanted.push(format!("`{krate}/Cargo.toml`"));
    }
    let wanted = match wanted.as_slice() {
        [first, second] => msg!(
            lang,
            "missing-or",
            first = first.as_str(),
            second = second.as_str()
        ),
        _ => wanted.join(""),
    };
    let mut message = msg!(lang, "missing", wanted = wanted);
    let near: Vec<String> = look_alikes(folder, exercise);
    if !near.is_empty() {
        let first = &near[0];
        let expected = exercise
            .python
            .as_deref()
            .filter(|_| !is_real_dir(&folder.join(first)))
            .or(exercise.rust.as_deref())
            .unwrap_or(&exercise.name);
        let found: Vec<String> = near.iter().map(|name| format!("`{name}`")).collect();
        message.push_str(&msg!(
            lang,
            "missing-look-alike",
            found = found.join(", "),
            count = near.len(),
            expected = expected
        ));
        if is_symlink(&folder.join(first)) {
            message = msg!(lang, "missing-symlink", name = first.as_str());
        }
    } else if let Some(deeper) = one_level_down(folder, exercise) {
        message.push_str(&msg!(lang, "missing-one-level-down", path = deeper));
    }
    message
}

/// An entry of `exercise` in a folder of `folder` (`tp3/cube.py`): a submission one level too
/// deep.
fn one_level_down(folder: &Path, exercise: &Exercise) -> Option<String> {
    let mut folders: Vec<PathBuf> = fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .filter(|item| item.file_type().is_ok_and(|kind| kind.is_dir()))
        .map(|item| item.path())
        .collect();
    folders.sort();
    folders.iter().find_map(|sub| {
        let entry = entries(sub, exercise).into_iter().next()?;
        let name = sub.file_name()?.to_string_lossy().into_owned();
        Some(format!("{name}/{}", entry.relative.display()))
    })
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
            stems
                .iter()
                .any(|wanted| stem == wanted || (wanted.len() >= 4 && one_edit_apart(stem, wanted)))
        })
        .collect();
    names.sort();
    names
}

/// Whether one letter added, removed or changed turns `a` into `b` (`prime` and `primes`).
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    if short.len() == long.len() {
        return short
            .iter()
            .zip(long.iter())
            .filter(|(x, y)| x != y)
            .count()
            == 1;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    short[prefix..] == long[prefix + 1..]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_one_edit_apart() {
        assert!(one_edit_apart("prime", "primes"));
        assert!(one_edit_apart("cubes", "cube"));
        assert!(one_edit_apart("cibe", "cube"));
        assert!(!one_edit_apart("cube", "cube"));
        assert!(!one_edit_apart("cu", "cube"));
        assert!(!one_edit_apart("queue", "cube"));
    }

    #[test]
    fn names_sort_as_a_class_list_does() {
        let mut names = ["zoé", "lucas", "Élodie", "léa", "laura", "alice"];
        names.sort_by_cached_key(|name| collation_key(name));
        assert_eq!(names, ["alice", "Élodie", "laura", "léa", "lucas", "zoé"]);
    }
}
