//! Finding the sources to lint under the paths given: files as named, folders walked in order.

use std::path::{Path, PathBuf};

use crate::lang::Lang;
use crate::msg;

use super::SourceLanguage;

/// A path found while walking: a source to lint, or one that cannot be, with why.
pub(crate) enum Entry {
    Source(PathBuf, SourceLanguage),
    Skipped(PathBuf, String),
}

/// Folders never linted: build output, caches, and third-party code.
const SKIPPED_DIRS: &[&str] = &[
    "target",
    "__pycache__",
    "node_modules",
    "venv",
    "site-packages",
];

/// The sources under `paths`, in a stable order.
pub(crate) fn sources(paths: &[PathBuf], lang: Lang) -> Vec<Entry> {
    let mut found = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut found),
            Ok(_) => match SourceLanguage::of(path) {
                Some(language) => found.push(Entry::Source(path.clone(), language)),
                None => found.push(Entry::Skipped(path.clone(), not_a_source(lang))),
            },
            Err(error) => found.push(Entry::Skipped(path.clone(), missing(&error, lang))),
        }
    }
    found
}

fn walk(dir: &Path, found: &mut Vec<Entry>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut children: Vec<(PathBuf, std::fs::FileType)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| Some((entry.path(), entry.file_type().ok()?)))
        .collect();
    children.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in children {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy())
            .unwrap_or_default();
        if kind.is_symlink() || name.starts_with('.') {
            continue;
        }
        if kind.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_ref()) && !path.join("pyvenv.cfg").exists() {
                walk(&path, found);
            }
        } else if let Some(language) = SourceLanguage::of(&path) {
            found.push(Entry::Source(path, language));
        }
    }
}

fn not_a_source(lang: Lang) -> String {
    msg!(lang, "lint-not-a-source")
}

fn missing(error: &std::io::Error, lang: Lang) -> String {
    msg!(lang, "lint-cannot-open", error = error.to_string())
}
