//! What one contained job is: the program, its folder, what it may read and write, its
//! environment, its network, and what it hands on to later jobs.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Everything `Sandbox::contain` needs to know about one build or run of student code.
#[derive(Debug, Clone, Copy)]
pub struct Jail<'a> {
    /// The program to start; it must be visible inside (under /usr or a `readable` path).
    pub program: &'a Path,
    pub args: &'a [OsString],
    /// The job's working folder. The program works on a copy of it, on the job's scratch disk,
    /// unless `share_workdir`.
    pub workdir: &'a Path,
    /// Extra read-only paths the program needs: toolchain prefixes, the grader's support folder.
    pub readable: &'a [PathBuf],
    /// Host folders the program may write, besides its working folder (a fetch's cargo home).
    pub writable: &'a [PathBuf],
    /// The program writes the host's `workdir` itself, not a copy: for a dependency fetch, run
    /// by the grader's own cargo, whose files later jobs read.
    pub share_workdir: bool,
    /// The whole environment of the program, on top of PATH, HOME, TMPDIR and LANG defaults.
    pub env: &'a [(OsString, OsString)],
    /// TCP ports the program may connect to, for a dependency fetch only; `None`: no network.
    pub network: Option<&'a [u16]>,
    /// When the program succeeds, the executables at the top of `.0` (a folder it wrote) are
    /// copied into the host folder `.1`, for the jobs that run them.
    pub keep: Option<(&'a Path, &'a Path)>,
    /// A host file the program gets open for appending as descriptor 3 (see `Job::record`).
    pub record: Option<&'a Path>,
}
