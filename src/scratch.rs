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
    ".git",
    ".venv",
    "venv",
    "node_modules",
];
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
            root: tempfile::Builder::new().prefix("grade-").tempdir()?,
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

/// Copies the regular files and folders of `from` into `to`, without following symbolic links
/// and without build output or caches. Returns what was left out, for the report.
pub fn copy_tree(from: &Path, to: &Path) -> io::Result<Vec<String>> {
    let mut left_out = Vec::new();
    let mut budget = MAX_COPY_BYTES;
    copy_dir(from, to, Path::new(""), &mut budget, &mut left_out)?;
    Ok(left_out)
}

fn copy_dir(
    from: &Path,
    to: &Path,
    relative: &Path,
    budget: &mut u64,
    left_out: &mut Vec<String>,
) -> io::Result<()> {
    fs::create_dir_all(to)?;
    let mut items: Vec<fs::DirEntry> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    items.sort_by_key(fs::DirEntry::file_name);
    for item in items {
        let name = item.file_name();
        let shown = relative.join(&name);
        let kind = item.file_type()?;
        if kind.is_symlink() {
            left_out.push(format!("{}: symbolic link, not followed", shown.display()));
        } else if kind.is_dir() {
            if SKIPPED_DIRS.iter().any(|skipped| name == *skipped) {
                continue;
            }
            copy_dir(&item.path(), &to.join(&name), &shown, budget, left_out)?;
        } else if kind.is_file() {
            let size = item.metadata()?.len();
            if size > *budget {
                left_out.push(format!(
                    "{}: not copied, the submission is over {} MiB",
                    shown.display(),
                    MAX_COPY_BYTES >> 20
                ));
                continue;
            }
            *budget -= size;
            fs::copy(item.path(), to.join(&name))?;
        }
    }
    Ok(())
}
