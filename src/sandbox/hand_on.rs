//! Handing a build's executables on to the jobs that run them: the regular executable files at
//! the top of a folder the build wrote, copied into a host folder of the grader's.
//!
//! What a build writes is never trusted: no link is followed (the folder and its parent must be
//! real folders too), nothing but a regular file is opened (a FIFO would block the copy), files
//! are created anew, never overwritten, and a few only are taken, up to a size: a build that
//! made its release folder a link to /usr/bin must not copy the machine's programs.

use std::fs::File;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

use nix::fcntl::OFlag;
use nix::sys::stat::Mode;

/// Executables handed on at most, and their bytes together: a crate builds a few binaries.
const MAX_FILES: usize = 16;
const MAX_BYTES: u64 = 256 << 20;

/// Opens a file a job wrote for reading: never through a link, never blocking on a FIFO, and
/// only if it is a regular file.
pub(crate) fn open_regular(path: &Path) -> std::io::Result<File> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags((OFlag::O_NOFOLLOW | OFlag::O_NONBLOCK).bits())
        .open(path)?;
    if file.metadata()?.is_file() {
        Ok(file)
    } else {
        Err(std::io::Error::other(format!(
            "{}: not a regular file",
            path.display()
        )))
    }
}

/// Copies the regular executable files at the top of `from` into the folder `to`; what is not
/// a real folder, or too much, is left behind (the build then fails for want of its program).
pub(crate) fn hand_on(from: &Path, to: &OwnedFd) -> Result<(), String> {
    let real_folder =
        |path: &Path| std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_dir());
    if !real_folder(from) || !from.parent().is_some_and(real_folder) {
        return Ok(());
    }
    let listing = std::fs::read_dir(from)
        .map_err(|error| format!("cannot list {}: {error}", from.display()))?;
    let mut budget = MAX_BYTES;
    let executables = listing.flatten().filter(|item| {
        item.metadata()
            .is_ok_and(|meta| meta.file_type().is_file() && meta.mode() & 0o111 != 0)
    });
    for item in executables.take(MAX_FILES) {
        let Ok(meta) = item.metadata() else { continue };
        if meta.len() > budget {
            continue;
        }
        budget -= meta.len();
        let Ok(mut source) = open_regular(&item.path()) else {
            continue;
        };
        let target = nix::fcntl::openat(
            Some(to.as_fd().as_raw_fd()),
            item.file_name().as_os_str(),
            OFlag::O_WRONLY | OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
            Mode::from_bits_truncate(0o755),
        )
        .map_err(|error| {
            format!(
                "cannot hand on {}: {error}",
                item.file_name().to_string_lossy()
            )
        })?;
        // SAFETY: openat just returned this descriptor, owned by nothing else.
        let mut target = unsafe { <File as std::os::fd::FromRawFd>::from_raw_fd(target) };
        std::io::copy(
            &mut std::io::Read::take(&mut source, meta.len()),
            &mut target,
        )
        .map_err(|error| {
            format!(
                "cannot hand on {}: {error}",
                item.file_name().to_string_lossy()
            )
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::{symlink, PermissionsExt};

    fn executable(path: &Path, text: &str) {
        fs::write(path, text).expect("write");
        fs::set_permissions(path, fs::Permissions::from_mode(0o755)).expect("chmod");
    }

    fn handed_on(from: &Path) -> Vec<String> {
        let to = tempfile::tempdir().expect("tempdir");
        let fd = OwnedFd::from(File::open(to.path()).expect("open"));
        hand_on(from, &fd).expect("hand on");
        let mut names: Vec<String> = fs::read_dir(to.path())
            .expect("list")
            .flatten()
            .map(|item| item.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn only_regular_executables_are_copied() {
        let build = tempfile::tempdir().expect("tempdir");
        let release = build.path().join("target/release");
        fs::create_dir_all(&release).expect("mkdir");
        executable(&release.join("cube"), "binary");
        fs::write(release.join("cube.d"), "not executable").expect("write");
        symlink("/bin/sh", release.join("shell")).expect("symlink");
        nix::unistd::mkfifo(&release.join("fifo"), Mode::from_bits_truncate(0o755)).expect("fifo");
        assert_eq!(handed_on(&release), vec!["cube".to_string()]);
    }

    // Regression guard: a build script that swaps its release folder for a link to /usr/bin
    // would have the grader copy the machine's programs.
    #[test]
    fn a_release_folder_that_is_a_link_hands_on_nothing() {
        let build = tempfile::tempdir().expect("tempdir");
        let target = build.path().join("target");
        fs::create_dir_all(&target).expect("mkdir");
        symlink("/usr/bin", target.join("release")).expect("symlink");
        assert!(handed_on(&target.join("release")).is_empty());
        let other = tempfile::tempdir().expect("tempdir");
        fs::create_dir(other.path().join("release")).expect("mkdir");
        executable(&other.path().join("release/cube"), "binary");
        symlink(other.path(), build.path().join("linked")).expect("symlink");
        assert!(handed_on(&build.path().join("linked/release")).is_empty());
    }
}
