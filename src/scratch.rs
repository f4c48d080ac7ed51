//! Scratch space: where builds and runs happen, so a submission's folder is never written to.
//!
//! Each job copies what it needs from the submission into a folder of its own under the
//! session's temporary root, which is removed when the session ends.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Folders never copied: build output and caches a student may have left in the submission.
const SKIPPED_DIRS: &[&str] = &[
    "target",
    "__pycache__",
    "__MACOSX",
    ".git",
    ".venv",
    "venv",
    "node_modules",
];
/// The largest source file graded: no solution to an exercise is longer, and compiling or
/// parsing megabytes would cost seconds and gigabytes.
pub const MAX_SOURCE_BYTES: u64 = 1 << 20;
/// A copy stops at this many bytes: a submission is a few source files, not a dataset.
const MAX_COPY_BYTES: u64 = 64 * 1024 * 1024;

/// The session's scratch root.
pub struct Scratch {
    root: tempfile::TempDir,
    next: AtomicUsize,
}

impl Scratch {
    pub fn new() -> io::Result<Scratch> {
        Ok(Scratch {
            // A name like any temporary folder's: programs see their working folder's path.
            root: tempfile::tempdir()?,
            next: AtomicUsize::new(0),
        })
    }

    pub fn path(&self) -> &Path {
        self.root.path()
    }

    /// A new empty folder for one job.
    pub fn job(&self, label: &str) -> io::Result<PathBuf> {
        let number = self.next.fetch_add(1, Ordering::SeqCst);
        let safe: String = label
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .take(40)
            .collect();
        let dir = self.root.path().join(format!("{number:04}-{safe}"));
        fs::create_dir_all(&dir)?;
        Ok(dir)
    }
}

/// A file of a submission that a build and a run do without, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// Relative to the folder walked.
    pub file: PathBuf,
    pub why: Why,
}

/// Why a file was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Not one of the files a solution is made of (`*.py`).
    NotSource(&'static str),
    SymbolicLink,
    /// Beyond the copy budget, in MiB.
    OverBudget(u64),
}

impl LeftOut {
    /// `cubes.json: not a source file (*.py), not given to the program`, in `lang`.
    pub fn describe(&self, lang: crate::lang::Lang) -> String {
        let file = self.file.display().to_string();
        match self.why {
            Why::NotSource(kind) => {
                crate::msg!(lang, "left-out-not-source", file = file, kind = kind)
            }
            Why::SymbolicLink => crate::msg!(lang, "left-out-symlink", file = file),
            Why::OverBudget(mib) => crate::msg!(lang, "left-out-too-large", file = file, mib = mib),
        }
    }
}

/// A file of a submission, found by [`files`].
pub struct SourceFile {
    /// Relative to the folder walked.
    pub relative: PathBuf,
    pub path: PathBuf,
    pub size: u64,
}

/// The regular files under `from`, sorted, without following symbolic links and without build
/// output or caches, up to the copy budget; and what was left out, for the report.
pub fn files(from: &Path) -> io::Result<(Vec<SourceFile>, Vec<LeftOut>)> {
    let mut found = Vec::new();
    let mut left_out = Vec::new();
    let mut budget = MAX_COPY_BYTES;
    walk(from, Path::new(""), &mut budget, &mut found, &mut left_out)?;
    Ok((found, left_out))
}

/// Copies what [`files`] finds under `from` into `to`. Returns what was left out.
pub fn copy_tree(from: &Path, to: &Path) -> io::Result<Vec<LeftOut>> {
    copy_sources(from, to, &|_| true, "")
}

/// Copies the files [`files`] finds under `from` that `is_source` keeps (given their path
/// relative to `from`) into `to`: a solution runs with its sources alone, not with data files
/// that could hold its results worked out beforehand. Returns what was left out; `kind` says
/// which files a solution is made of (`*.py`), for the report.
pub fn copy_sources(
    from: &Path,
    to: &Path,
    is_source: &dyn Fn(&Path) -> bool,
    kind: &'static str,
) -> io::Result<Vec<LeftOut>> {
    let (mut found, mut left_out) = files(from)?;
    found.retain(|file| {
        let keep = is_source(&file.relative);
        if !keep {
            left_out.push(LeftOut {
                file: file.relative.clone(),
                why: Why::NotSource(kind),
            });
        }
        keep
    });
    fs::create_dir_all(to)?;
    for file in found {
        let target = to.join(&file.relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(&file.path, target)?;
    }
    Ok(left_out)
}

fn walk(
    from: &Path,
    relative: &Path,
    budget: &mut u64,
    found: &mut Vec<SourceFile>,
    left_out: &mut Vec<LeftOut>,
) -> io::Result<()> {
    let mut items: Vec<fs::DirEntry> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    items.sort_by_key(fs::DirEntry::file_name);
    for item in items {
        let name = item.file_name();
        let shown = relative.join(&name);
        let kind = item.file_type()?;
        if kind.is_symlink() {
            left_out.push(LeftOut {
                file: shown,
                why: Why::SymbolicLink,
            });
        } else if kind.is_dir() {
            if SKIPPED_DIRS.iter().any(|skipped| name == *skipped) {
                continue;
            }
            walk(&item.path(), &shown, budget, found, left_out)?;
        } else if kind.is_file() {
            let size = item.metadata()?.len();
            if size > *budget {
                left_out.push(LeftOut {
                    file: shown,
                    why: Why::OverBudget(MAX_COPY_BYTES >> 20),
                });
                continue;
            }
            *budget -= size;
            found.push(SourceFile {
                relative: shown,
                path: item.path(),
                size,
            });
        }
    }
    Ok(())
}

/// A digest of everything a result depends on: the course file, the grader's version, the
/// exercise, the language and every file of the entry's folder.
pub fn fingerprint(config_text: &[u8], exercise: &str, language: &str, folder: &Path) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in [
        env!("CARGO_PKG_VERSION").as_bytes(),
        config_text,
        exercise.as_bytes(),
        language.as_bytes(),
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    match files(folder) {
        Ok((found, _)) => {
            for file in found {
                let bytes = fs::read(&file.path).unwrap_or_default();
                let name = file.relative.to_string_lossy();
                hasher.update((name.len() as u64).to_le_bytes());
                hasher.update(name.as_bytes());
                hasher.update((bytes.len() as u64).to_le_bytes());
                hasher.update(&bytes);
            }
        }
        // An unreadable folder never matches an earlier result.
        Err(err) => hasher.update(format!("unreadable: {err}")),
    }
    format!("{:x}", hasher.finalize())
}
