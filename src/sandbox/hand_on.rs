//! Handing a build's executables on to the jobs that run them: the regular executable files at
//! the top of a folder the build wrote, copied into a host folder of the grader's.
//!
//! What a build writes is never trusted: no link is followed, nothing but a regular file is
//! opened (a FIFO would block the copy), and files are created anew, never overwritten.

use std::fs::File;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

use nix::fcntl::OFlag;
use nix::sys::stat::Mode;

/// Copies the regular executable files at the top of `from` into the folder `to`.
pub(crate) fn hand_on(from: &Path, to: &OwnedFd) -> Result<(), String> {
    let listing = std::fs::read_dir(from)
        .map_err(|error| format!("cannot list {}: {error}", from.display()))?;
    for item in listing.flatten() {
        let Ok(meta) = item.metadata() else { continue };
        if !meta.file_type().is_file() || meta.mode() & 0o111 == 0 {
            continue;
        }
        let source = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags((OFlag::O_NOFOLLOW | OFlag::O_NONBLOCK).bits())
            .open(item.path());
        let Ok(mut source) = source else { continue };
        if !source.metadata().is_ok_and(|meta| meta.is_file()) {
            continue;
        }
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
        std::io::copy(&mut source, &mut target).map_err(|error| {
            format!(
                "cannot hand on {}: {error}",
                item.file_name().to_string_lossy()
            )
        })?;
    }
    Ok(())
}
