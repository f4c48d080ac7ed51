//! Who student code runs as: never root. Started by root, it drops to an unprivileged uid that
//! then owns the scratch folder; started by a user, it stays that user.

use std::fs;
use std::io;
use std::os::unix::fs::lchown;
use std::path::Path;

use nix::unistd::{setgid, setgroups, setuid, Gid, Uid};

/// The user student processes run as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Identity {
    /// `grade` is not root: student code keeps its uid, which has no power to lose.
    Unchanged { uid: u32 },
    /// `grade` is root: student code runs as this uid and gid, with no capabilities.
    Drop { uid: u32, gid: u32 },
}

impl Identity {
    pub(crate) fn for_this_process(sandbox_uid: u32) -> Identity {
        let uid = Uid::effective().as_raw();
        if uid == 0 {
            Identity::Drop {
                uid: sandbox_uid,
                gid: sandbox_uid,
            }
        } else {
            Identity::Unchanged { uid }
        }
    }

    /// Makes the scratch folder the sandbox user's, so it can write there and only there.
    pub(crate) fn give_workdir(&self, workdir: &Path) -> io::Result<()> {
        match *self {
            Identity::Unchanged { .. } => Ok(()),
            Identity::Drop { uid, gid } => chown_tree(workdir, uid, gid),
        }
    }

    /// Drops to the sandbox user in the child before exec, when no bubblewrap does it.
    /// Async-signal-safe: plain syscalls, no allocation.
    pub(crate) fn drop_before_exec(&self) -> io::Result<()> {
        match *self {
            Identity::Unchanged { .. } => Ok(()),
            Identity::Drop { uid, gid } => {
                setgroups(&[])?;
                setgid(Gid::from_raw(gid))?;
                setuid(Uid::from_raw(uid))?;
                Ok(())
            }
        }
    }
}

/// Changes the owner of a tree without following symbolic links out of it.
fn chown_tree(path: &Path, uid: u32, gid: u32) -> io::Result<()> {
    lchown(path, Some(uid), Some(gid))?;
    let metadata = fs::symlink_metadata(path)?;
    if metadata.is_dir() {
        for entry in fs::read_dir(path)? {
            chown_tree(&entry?.path(), uid, gid)?;
        }
    }
    Ok(())
}
