//! What one contained run is: the program, its scratch folder, what it may read, its environment.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Everything `Sandbox::contain` needs to know about one build or run of student code.
#[derive(Debug, Clone, Copy)]
pub struct Jail<'a> {
    /// The program to start; it must be visible inside (under /usr or a `readable` path).
    pub program: &'a Path,
    pub args: &'a [OsString],
    /// The run's scratch folder: its working directory and the only place it can write.
    pub workdir: &'a Path,
    /// Extra read-only paths the program needs: toolchain prefixes, the grader's support folder.
    pub readable: &'a [PathBuf],
    /// The whole environment of the program, on top of PATH, HOME, TMPDIR and LANG defaults.
    pub env: &'a [(OsString, OsString)],
    /// True only for a dependency fetch (`cargo fetch`): every build and run has no network.
    pub network: bool,
}
