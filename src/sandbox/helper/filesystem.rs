//! The job's root, built by its init in the job's own mount namespace: a tmpfs mounted on the
//! stage folder, the mounts of `layout::mounts` made in it, the job's scratch disk (a tmpfs of
//! `disk` bytes and `inodes` files) behind its working folder, /tmp and /dev/shm, then a
//! `pivot_root` into it; the host's tree is detached and the new root made read-only.
//!
//! In a user namespace the kernel refuses to clear the flags a bind mount inherited
//! (nosuid, nodev, noexec, ...): read-only remounts keep them (`locked_flags`).

use std::fs::{self, File};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::fs::{chown, DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use nix::fcntl::OFlag;
use nix::mount::{mount, umount2, MntFlags, MsFlags};
use nix::sys::stat::Mode;
use nix::sys::statvfs::{fstatvfs, statvfs, FsFlags};

use crate::sandbox::layout::{self, DiskFolder, Mount, DEVICES};
use crate::sandbox::plan::{DiskFull, Identity, Plan, Workdir};

/// Where the old root is put during the pivot, and the scratch disk before it is bound.
const OLD_ROOT: &str = ".old-root";
const DISK: &str = ".disk";

/// What the init keeps of the set-up once inside the new root.
pub(super) struct Prepared {
    /// The scratch disk's root, to watch how full it is.
    pub(super) disk: OwnedFd,
    pub(super) keep: Option<Keep>,
}

pub(super) struct Keep {
    /// Inside the new root.
    pub(super) from: PathBuf,
    /// The host folder, opened before the host's tree was detached.
    pub(super) to: OwnedFd,
}

/// Builds the root and enters it.
pub(super) fn prepare(plan: &Plan) -> Result<Prepared, String> {
    // No mount of the job propagates to the host, nor the host's unmounts to the job.
    mount_at(
        None,
        Path::new("/"),
        None,
        MsFlags::MS_REC | MsFlags::MS_PRIVATE,
        None,
    )?;
    let stage = plan.stage.path();
    mount_at(
        Some(Path::new("tmpfs")),
        stage,
        Some("tmpfs"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
        Some("mode=0755,size=16m,nr_inodes=8192"),
    )?;
    let disk = stage.join(DISK);
    make_dir(&disk, 0o700)?;
    let owner = match plan.identity {
        Identity::Drop { uid, gid } => format!(",uid={uid},gid={gid}"),
        Identity::Unchanged => String::new(),
    };
    mount_at(
        Some(Path::new("tmpfs")),
        &disk,
        Some("tmpfs"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
        Some(&format!(
            "mode=0755,size={},nr_inodes={}{owner}",
            plan.disk, plan.inodes
        )),
    )?;
    for (folder, mode) in [
        (DiskFolder::Work, 0o755),
        (DiskFolder::Tmp, 0o1777),
        (DiskFolder::Shm, 0o1777),
    ] {
        let path = disk.join(folder.name());
        make_dir(&path, mode)?;
        give(&path, plan.identity)?;
    }
    if plan.workdir_source == Workdir::Copy {
        copy_tree(
            plan.workdir.path(),
            &disk.join(DiskFolder::Work.name()),
            plan.identity,
        )?;
    }
    let keep = match &plan.keep {
        Some(keep) => {
            let to = File::open(keep.to.path())
                .map_err(|error| format!("{}: {error}", keep.to.path().display()))?;
            Some(Keep {
                from: keep.from.path().to_path_buf(),
                to: OwnedFd::from(to),
            })
        }
        None => None,
    };
    let mut read_only = Vec::new();
    for item in layout::mounts(plan) {
        apply(&item, stage, &disk, &mut read_only)?;
    }
    let table = fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    for target in &read_only {
        remount_read_only(target, &table)?;
    }
    let disk_fd = File::open(&disk).map_err(|error| format!("{}: {error}", disk.display()))?;
    enter(stage)?;
    // Bound where the job sees them; the disk's own mount point goes.
    umount2(DISK, MntFlags::MNT_DETACH).map_err(|error| format!("/{DISK}: {error}"))?;
    let _ = fs::remove_dir(format!("/{DISK}"));
    mount_at(
        None,
        Path::new("/"),
        None,
        MsFlags::MS_REMOUNT | MsFlags::MS_RDONLY | MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
        None,
    )?;
    Ok(Prepared {
        disk: OwnedFd::from(disk_fd),
        keep,
    })
}

/// Which part of the disk is used up, if one is.
pub(super) fn disk_full(disk: &OwnedFd) -> Option<DiskFull> {
    let stats = fstatvfs(disk.as_fd()).ok()?;
    if stats.blocks_free() == 0 {
        Some(DiskFull::Bytes)
    } else if stats.files_free() == 0 {
        Some(DiskFull::Files)
    } else {
        None
    }
}

fn apply(
    item: &Mount,
    stage: &Path,
    disk: &Path,
    read_only: &mut Vec<PathBuf>,
) -> Result<(), String> {
    let inside = |path: &Path| stage.join(path.strip_prefix("/").unwrap_or(path));
    match item {
        // Crossed, never written: on the scratch disk (a folder on the way to a scratch folder
        // under /tmp) the program could otherwise write there, as its owner in a user namespace.
        Mount::Dir(path) => make_dir(&inside(path), 0o555),
        Mount::Bind {
            path,
            writable,
            optional,
        } => {
            let meta = match fs::metadata(path) {
                Ok(meta) => meta,
                Err(_) if *optional => return Ok(()),
                Err(error) => return Err(format!("{}: {error}", path.display())),
            };
            let target = inside(path);
            // A folder brings the mounts under it; a file has none.
            let flags = if meta.is_dir() {
                make_dir(&target, 0o755)?;
                MsFlags::MS_BIND | MsFlags::MS_REC
            } else {
                make_file(&target)?;
                MsFlags::MS_BIND
            };
            mount_at(Some(path), &target, None, flags, None)?;
            if !writable {
                read_only.push(target);
            }
            Ok(())
        }
        Mount::Symlink { link, target } => std::os::unix::fs::symlink(target, inside(link))
            .map_err(|error| format!("{}: {error}", link.display())),
        Mount::File { path, contents } => {
            let target = inside(path);
            fs::write(&target, contents)
                .and_then(|()| fs::set_permissions(&target, fs::Permissions::from_mode(0o444)))
                .map_err(|error| format!("{}: {error}", path.display()))
        }
        Mount::Proc(path) => {
            let target = inside(path);
            make_dir(&target, 0o555)?;
            mount_at(
                Some(Path::new("proc")),
                &target,
                Some("proc"),
                MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC,
                None,
            )
        }
        Mount::Dev(path) => {
            let target = inside(path);
            make_dir(&target, 0o755)?;
            mount_at(
                Some(Path::new("tmpfs")),
                &target,
                Some("tmpfs"),
                MsFlags::MS_NOSUID | MsFlags::MS_NOEXEC,
                Some("mode=0755,size=64k,nr_inodes=64"),
            )?;
            for device in DEVICES {
                let node = target.join(device);
                make_file(&node)?;
                let host = Path::new("/dev").join(device);
                mount_at(Some(&host), &node, None, MsFlags::MS_BIND, None)?;
            }
            for (name, points_to) in [
                ("fd", "/proc/self/fd"),
                ("stdin", "/proc/self/fd/0"),
                ("stdout", "/proc/self/fd/1"),
                ("stderr", "/proc/self/fd/2"),
            ] {
                std::os::unix::fs::symlink(points_to, target.join(name))
                    .map_err(|error| format!("/dev/{name}: {error}"))?;
            }
            Ok(())
        }
        Mount::Disk { folder, path } => {
            let target = inside(path);
            make_dir(&target, 0o755)?;
            mount_at(
                Some(&disk.join(folder.name())),
                &target,
                None,
                MsFlags::MS_BIND,
                None,
            )
        }
    }
}

/// `pivot_root` into `stage`, then the host's tree is detached for good.
fn enter(stage: &Path) -> Result<(), String> {
    let old = stage.join(OLD_ROOT);
    make_dir(&old, 0o700)?;
    nix::unistd::chdir(stage).map_err(|error| format!("{}: {error}", stage.display()))?;
    nix::unistd::pivot_root(".", OLD_ROOT).map_err(|error| format!("pivot_root: {error}"))?;
    nix::unistd::chdir("/").map_err(|error| format!("/: {error}"))?;
    umount2(format!("/{OLD_ROOT}").as_str(), MntFlags::MNT_DETACH)
        .map_err(|error| format!("cannot detach the host's tree: {error}"))?;
    fs::remove_dir(format!("/{OLD_ROOT}")).map_err(|error| format!("/{OLD_ROOT}: {error}"))
}

/// Makes a bind mount read-only, and every mount under it (`table`: the mount table).
fn remount_read_only(target: &Path, table: &str) -> Result<(), String> {
    let mut targets = vec![target.to_path_buf()];
    targets.extend(submounts(target, table));
    for path in targets {
        let flags =
            MsFlags::MS_BIND | MsFlags::MS_REMOUNT | MsFlags::MS_RDONLY | locked_flags(&path);
        mount_at(None, &path, None, flags, None)?;
    }
    Ok(())
}

/// The flags of the mount holding `path` that a user namespace may not clear.
fn locked_flags(path: &Path) -> MsFlags {
    let Ok(stats) = statvfs(path) else {
        return MsFlags::MS_NOSUID | MsFlags::MS_NODEV;
    };
    let pairs = [
        (FsFlags::ST_NOSUID, MsFlags::MS_NOSUID),
        (FsFlags::ST_NODEV, MsFlags::MS_NODEV),
        (FsFlags::ST_NOEXEC, MsFlags::MS_NOEXEC),
        (FsFlags::ST_NOATIME, MsFlags::MS_NOATIME),
        (FsFlags::ST_NODIRATIME, MsFlags::MS_NODIRATIME),
        (FsFlags::ST_RELATIME, MsFlags::MS_RELATIME),
    ];
    pairs
        .iter()
        .filter(|(fs_flag, _)| stats.flags().contains(*fs_flag))
        .fold(MsFlags::MS_NOSUID, |flags, (_, ms_flag)| flags | *ms_flag)
}

/// Mount points strictly under `target`, from the mount table (octal escapes decoded).
fn submounts(target: &Path, table: &str) -> Vec<PathBuf> {
    table
        .lines()
        .filter_map(|line| line.split(' ').nth(4))
        .map(unescape)
        .filter(|point| point != target && point.starts_with(target))
        .collect()
}

fn unescape(field: &str) -> PathBuf {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let octal = bytes.get(index + 1..index + 4).and_then(|digits| {
            std::str::from_utf8(digits)
                .ok()
                .and_then(|digits| u8::from_str_radix(digits, 8).ok())
        });
        match (bytes[index], octal) {
            (b'\\', Some(byte)) => {
                out.push(byte);
                index += 4;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    PathBuf::from(<std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(out))
}

/// Copies the host's working folder onto the scratch disk: folders and regular files only.
/// A loop rather than recursion: a submission may nest folders thousands deep, and the init's
/// stack is small.
fn copy_tree(from: &Path, to: &Path, identity: Identity) -> Result<(), String> {
    let mut pending = vec![(from.to_path_buf(), to.to_path_buf())];
    while let Some((from, to)) = pending.pop() {
        let listing =
            fs::read_dir(&from).map_err(|error| format!("{}: {error}", from.display()))?;
        for item in listing {
            let item = item.map_err(|error| format!("{}: {error}", from.display()))?;
            let kind = item
                .file_type()
                .map_err(|error| format!("{}: {error}", item.path().display()))?;
            let target = to.join(item.file_name());
            if kind.is_dir() {
                make_dir(&target, 0o755)?;
                pending.push((item.path(), target.clone()));
            } else if kind.is_file() {
                fs::copy(item.path(), &target).map_err(|error| {
                    format!(
                        "cannot copy {} to the job's disk: {error}",
                        item.path().display()
                    )
                })?;
                // Modification times kept: cargo compares them to tell what is fresh (a crate's
                // dependencies compiled once for the session, see `build::shared`).
                if let Ok(modified) = item.metadata().and_then(|meta| meta.modified()) {
                    let _ = fs::File::options()
                        .write(true)
                        .open(&target)
                        .and_then(|file| file.set_modified(modified));
                }
            } else {
                continue;
            }
            give(&target, identity)?;
        }
    }
    Ok(())
}

/// Makes what the init created the program's, when the program drops to another uid.
fn give(path: &Path, identity: Identity) -> Result<(), String> {
    match identity {
        Identity::Drop { uid, gid } => chown(path, Some(uid), Some(gid))
            .map_err(|error| format!("{}: {error}", path.display())),
        Identity::Unchanged => Ok(()),
    }
}

fn make_dir(path: &Path, mode: u32) -> Result<(), String> {
    match fs::DirBuilder::new().mode(mode).create(path) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(error) => return Err(format!("{}: {error}", path.display())),
    }
    // The umask must not close a folder the program has to cross.
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|error| format!("{}: {error}", path.display()))
}

fn make_file(path: &Path) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        if !parent.exists() {
            make_dir(parent, 0o755)?;
        }
    }
    nix::fcntl::open(
        path,
        OFlag::O_CREAT | OFlag::O_WRONLY | OFlag::O_CLOEXEC,
        Mode::from_bits_truncate(0o444),
    )
    .map(|fd| {
        let _ = nix::unistd::close(fd);
    })
    .map_err(|error| format!("{}: {error}", path.display()))
}

fn mount_at(
    source: Option<&Path>,
    target: &Path,
    fstype: Option<&str>,
    flags: MsFlags,
    data: Option<&str>,
) -> Result<(), String> {
    mount(source, target, fstype, flags, data).map_err(|error| {
        let what = source.map_or_else(String::new, |source| format!("{} on ", source.display()));
        format!("cannot mount {what}{}: {error}", target.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Regression: a submission nesting folders 1500 deep overflowed the init's stack, which
    // copied it recursively.
    #[test]
    fn a_deep_tree_is_copied_on_a_small_stack() {
        let from = tempfile::tempdir().expect("tempdir");
        let to = tempfile::tempdir().expect("tempdir");
        let mut deepest = from.path().to_path_buf();
        for _ in 0..1500 {
            deepest.push("d");
        }
        fs::create_dir_all(&deepest).expect("deep folders");
        fs::write(deepest.join("cube.py"), "print(1)\n").expect("write");
        let (source, target) = (from.path().to_path_buf(), to.path().to_path_buf());
        std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn(move || copy_tree(&source, &target, Identity::Unchanged))
            .expect("thread")
            .join()
            .expect("no overflow")
            .expect("copied");
        let copied = to
            .path()
            .join(deepest.strip_prefix(from.path()).expect("inside"));
        assert!(copied.join("cube.py").is_file());
    }

    #[test]
    fn mount_points_are_unescaped() {
        assert_eq!(
            unescape("/tmp/grade\\040run/l\\303\\251a"),
            PathBuf::from("/tmp/grade run/léa")
        );
        assert_eq!(unescape("/usr"), PathBuf::from("/usr"));
    }
}
