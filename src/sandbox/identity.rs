//! Who student code runs as: never root. Started by root, it drops to an unprivileged uid;
//! started by a user, it stays that user, who has no power to lose.
//!
//! Without namespaces, root's toolchains may sit in a folder the sandbox uid cannot enter
//! (`/root`, mode 0700, where pyenv and rustup install): nothing can show them to it then, and
//! such a job is refused with what to change. Uid 0 without capabilities is no way out: it
//! still owns every root file (chmod, utime, connecting to root's sockets), which Landlock
//! does not restrict.

use std::fs;
use std::io;
use std::os::unix::fs::{lchown, MetadataExt};
use std::path::{Path, PathBuf};

use nix::unistd::{Gid, Uid};

use super::plan::{IdMaps, Identity};

/// The process that runs `grade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Caller {
    pub(crate) uid: u32,
    pub(crate) gid: u32,
    /// CAP_SYS_ADMIN, which namespaces without a user namespace need.
    pub(crate) admin: bool,
}

impl Caller {
    pub(crate) fn this_process() -> Caller {
        Caller {
            uid: Uid::effective().as_raw(),
            gid: Gid::effective().as_raw(),
            admin: has_sys_admin(),
        }
    }

    pub(crate) fn root(&self) -> bool {
        self.uid == 0
    }

    /// Identity and id maps of a job with namespaces.
    pub(crate) fn in_namespaces(
        &self,
        user_namespace: bool,
        sandbox_uid: u32,
    ) -> (Identity, Option<IdMaps>) {
        let drop = Identity::Drop {
            uid: sandbox_uid,
            gid: sandbox_uid,
        };
        match (self.root(), user_namespace) {
            (true, false) => (drop, None),
            // Root maps itself (to set the job up) and the sandbox user (to run it).
            (true, true) => {
                let ranges = vec![(0, 0, 1), (sandbox_uid, sandbox_uid, 1)];
                let maps = IdMaps {
                    uid: ranges.clone(),
                    gid: ranges,
                    deny_setgroups: false,
                };
                (drop, Some(maps))
            }
            (false, _) => {
                let maps = IdMaps {
                    uid: vec![(self.uid, self.uid, 1)],
                    gid: vec![(self.gid, self.gid, 1)],
                    deny_setgroups: true,
                };
                (Identity::Unchanged, Some(maps))
            }
        }
    }

    /// Identity of a job without namespaces, whose program and files are `needed`; an error
    /// when the sandbox uid cannot reach one of them.
    pub(crate) fn on_host(&self, sandbox_uid: u32, needed: &[&Path]) -> Result<Identity, String> {
        if !self.root() {
            return Ok(Identity::Unchanged);
        }
        match needed
            .iter()
            .find_map(|path| closed_ancestor(path, sandbox_uid).map(|closed| (path, closed)))
        {
            Some((path, (folder, mode))) => Err(closed_message(path, &folder, mode, sandbox_uid)),
            None => Ok(Identity::Drop {
                uid: sandbox_uid,
                gid: sandbox_uid,
            }),
        }
    }
}

/// Why student code cannot run `path` on this machine, and what to change.
pub(crate) fn closed_message(path: &Path, folder: &Path, mode: u32, uid: u32) -> String {
    format!(
        "{}: student code runs as uid {uid}, which cannot enter {} (mode {mode:o}), and this \
         machine allows no namespaces to show it there; install the toolchain where every user \
         can read it, or let uid {uid} cross that folder (`setfacl -m u:{uid}:x {}`), or run \
         grade as a user who owns the toolchain",
        path.display(),
        folder.display(),
        folder.display()
    )
}

/// Makes a host folder the sandbox user's, so the program can write there.
pub(crate) fn give(identity: Identity, path: &Path) -> io::Result<()> {
    match identity {
        Identity::Drop { uid, gid } => chown_tree(path, uid, gid),
        Identity::Unchanged => Ok(()),
    }
}

/// The first folder on the way to `path` that `uid` may not enter, with its mode.
pub(crate) fn closed_ancestor(path: &Path, uid: u32) -> Option<(PathBuf, u32)> {
    path.ancestors()
        .skip(1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .filter_map(|folder| fs::metadata(folder).ok().map(|meta| (folder, meta)))
        .find(|(_, meta)| meta.uid() != uid && meta.mode() & 0o001 == 0)
        .map(|(folder, meta)| (folder.to_path_buf(), meta.mode() & 0o7777))
}

/// CAP_SYS_ADMIN (bit 21) in the effective set, from /proc/self/status.
fn has_sys_admin() -> bool {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("CapEff:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        .is_some_and(|caps| caps & (1 << 21) != 0)
}

/// Changes the owner of a tree without following symbolic links out of it. A file with other
/// hard links is left alone: a job could have linked one of root's files into its folder.
fn chown_tree(path: &Path, uid: u32, gid: u32) -> io::Result<()> {
    let metadata = fs::symlink_metadata(path)?;
    if metadata.is_file() && metadata.nlink() > 1 {
        return Ok(());
    }
    lchown(path, Some(uid), Some(gid))?;
    if metadata.is_dir() {
        for entry in fs::read_dir(path)? {
            chown_tree(&entry?.path(), uid, gid)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_drops_and_maps_itself_and_the_sandbox_uid() {
        let root = Caller {
            uid: 0,
            gid: 0,
            admin: true,
        };
        let (identity, maps) = root.in_namespaces(false, 65534);
        assert_eq!(
            identity,
            Identity::Drop {
                uid: 65534,
                gid: 65534
            }
        );
        assert!(maps.is_none());
        let (_, maps) = root.in_namespaces(true, 65534);
        let maps = maps.expect("maps");
        assert_eq!(maps.uid, vec![(0, 0, 1), (65534, 65534, 1)]);
        assert!(!maps.deny_setgroups);
    }

    #[test]
    fn a_user_keeps_their_uid_mapped_to_itself() {
        let user = Caller {
            uid: 1000,
            gid: 100,
            admin: false,
        };
        let (identity, maps) = user.in_namespaces(true, 65534);
        assert_eq!(identity, Identity::Unchanged);
        let maps = maps.expect("maps");
        assert_eq!(
            (maps.uid, maps.gid),
            (vec![(1000, 1000, 1)], vec![(100, 100, 1)])
        );
        assert!(maps.deny_setgroups);
        assert_eq!(user.on_host(65534, &[]), Ok(Identity::Unchanged));
    }

    #[test]
    fn without_namespaces_root_refuses_a_toolchain_closed_to_the_sandbox_user() {
        let root = Caller {
            uid: 0,
            gid: 0,
            admin: true,
        };
        let closed = tempfile::tempdir().expect("tempdir");
        let inside = closed.path().join("bin");
        fs::create_dir(&inside).expect("mkdir");
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(closed.path(), fs::Permissions::from_mode(0o700)).expect("chmod");
        let error = root
            .on_host(65534, &[&inside.join("python3")])
            .expect_err("refused");
        assert!(
            error.contains(&format!(
                "cannot enter {} (mode 700)",
                closed.path().display()
            )),
            "{error}"
        );
        assert!(error.contains("setfacl -m u:65534:x"), "{error}");
        assert_eq!(
            root.on_host(65534, &[Path::new("/usr/bin/true")]),
            Ok(Identity::Drop {
                uid: 65534,
                gid: 65534
            })
        );
    }
}
