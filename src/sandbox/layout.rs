//! What a job sees of the machine: the mounts of its own root (namespaces), or the paths Landlock
//! lets it read and write (no namespaces). Pure functions of the plan, so they are unit-tested.
//!
//! The allowlist: read-only /usr and /lib*, a minimal /etc with a passwd and group of its own,
//! the toolchains and support folders the job names; writable only its working folder, /tmp and
//! /dev/shm (all three on the job's scratch disk) and the few host folders a dependency fetch
//! fills. Other submissions, the references, the grader and the host's secrets are not there.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::plan::{Plan, Workdir};

/// /etc files programs commonly need; the rest of /etc (shadow, the host's secrets) is absent.
pub(crate) const ETC_FILES: &[&str] = &[
    "alternatives",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "nsswitch.conf",
    "hosts",
    "host.conf",
    "localtime",
    "timezone",
    "os-release",
    "protocols",
    "services",
];

/// /etc files only a job with network needs (the dependency fetch).
const ETC_NETWORK_FILES: &[&str] = &[
    "resolv.conf",
    "gai.conf",
    "ssl",
    "ca-certificates",
    "ca-certificates.conf",
    "pki",
    "crypto-policies",
];

/// Top-level system folders: bound when real folders, recreated when symbolic links (usrmerge).
const SYSTEM_DIRS: &[&str] = &["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

/// Devices a program may open; the rest of /dev is absent.
pub(crate) const DEVICES: &[&str] = &["null", "zero", "full", "random", "urandom"];

/// Folders of the scratch disk, each bound where the job sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DiskFolder {
    Work,
    Tmp,
    Shm,
}

impl DiskFolder {
    pub(crate) fn name(self) -> &'static str {
        match self {
            DiskFolder::Work => "work",
            DiskFolder::Tmp => "tmp",
            DiskFolder::Shm => "shm",
        }
    }
}

/// One step of building a job's root, in order. Paths are absolute, as the job sees them;
/// host sources are at the same path on the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mount {
    /// A folder of the new root, mode 0555 so that an unprivileged uid can cross it, not write it.
    Dir(PathBuf),
    /// The host's `path`, at the same place; skipped when the host has none and `optional`.
    Bind {
        path: PathBuf,
        writable: bool,
        optional: bool,
    },
    Symlink {
        link: PathBuf,
        target: PathBuf,
    },
    /// A file of the sandbox's own, read-only.
    File {
        path: PathBuf,
        contents: String,
    },
    /// A fresh /proc of the job's PID namespace.
    Proc(PathBuf),
    /// A /dev holding only [`DEVICES`].
    Dev(PathBuf),
    /// A folder of the scratch disk, at `path`.
    Disk {
        folder: DiskFolder,
        path: PathBuf,
    },
}

/// The mounts of a job with namespaces.
pub(crate) fn mounts(plan: &Plan) -> Vec<Mount> {
    let mut root = Root::default();
    root.bind(Path::new("/usr"), false, false);
    for dir in SYSTEM_DIRS {
        let dir = Path::new(dir);
        match fs::symlink_metadata(dir) {
            Ok(meta) if meta.file_type().is_symlink() => {
                if let Ok(target) = fs::read_link(dir) {
                    root.push(Mount::Symlink {
                        link: dir.to_path_buf(),
                        target,
                    });
                }
            }
            Ok(meta) if meta.is_dir() => root.bind(dir, false, false),
            _ => {}
        }
    }
    root.dir(Path::new("/etc"));
    for path in etc_files(plan.network.is_some()) {
        root.push(Mount::Bind {
            path,
            writable: false,
            optional: true,
        });
    }
    for (path, contents) in &plan.files {
        root.push(Mount::File {
            path: path.path().to_path_buf(),
            contents: contents.clone(),
        });
    }
    root.push(Mount::Proc(PathBuf::from("/proc")));
    root.push(Mount::Dev(PathBuf::from("/dev")));
    root.disk(DiskFolder::Shm, Path::new("/dev/shm"));
    root.disk(DiskFolder::Tmp, Path::new("/tmp"));
    let readable: BTreeSet<&Path> = plan.readable.iter().map(|text| text.path()).collect();
    for path in readable {
        if !root.shows_host(path) {
            root.parents(path);
            root.bind(path, false, true);
        }
    }
    for path in &plan.writable {
        root.parents(path.path());
        root.bind(path.path(), true, false);
    }
    let workdir = plan.workdir.path();
    root.parents(workdir);
    match plan.workdir_source {
        Workdir::Copy => root.disk(DiskFolder::Work, workdir),
        Workdir::Bind => root.bind(workdir, true, false),
    }
    root.mounts
}

/// What Landlock lets a job without namespaces read (and execute) and write.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Access {
    pub(crate) read: Vec<PathBuf>,
    pub(crate) write: Vec<PathBuf>,
}

/// The paths of a job without namespaces: the same allowlist, on the host's own files.
pub(crate) fn access(plan: &Plan) -> Access {
    // /proc: without a PID namespace the host's processes show anyway; what is sensitive in it
    // (environ, mem) Landlock keeps to the job's own processes, as it does ptrace.
    let mut read: Vec<PathBuf> = ["/usr", "/proc"]
        .iter()
        .map(PathBuf::from)
        .chain(SYSTEM_DIRS.iter().map(PathBuf::from))
        .chain(etc_files(plan.network.is_some()))
        .chain(DEVICES.iter().map(|name| Path::new("/dev").join(name)))
        .chain(plan.readable.iter().map(|text| text.path().to_path_buf()))
        .collect();
    read.sort();
    read.dedup();
    let mut write = vec![
        plan.workdir.path().to_path_buf(),
        PathBuf::from("/dev/null"),
        // multiprocessing's semaphores live there (sem_open); no namespace, so it is the host's.
        PathBuf::from("/dev/shm"),
    ];
    write.extend(plan.writable.iter().map(|text| text.path().to_path_buf()));
    Access { read, write }
}

fn etc_files(network: bool) -> impl Iterator<Item = PathBuf> {
    let network_files = if network { ETC_NETWORK_FILES } else { &[] };
    ETC_FILES
        .iter()
        .chain(network_files)
        .map(|name| Path::new("/etc").join(name))
}

/// The mounts being listed, with what is already visible inside.
#[derive(Default)]
struct Root {
    mounts: Vec<Mount>,
    dirs: BTreeSet<PathBuf>,
    /// Host paths bound inside: everything under them is the host's.
    bound: Vec<PathBuf>,
    /// Folders of the scratch disk: empty, so folders in them are made like anywhere else.
    fresh: Vec<PathBuf>,
}

impl Root {
    fn push(&mut self, mount: Mount) {
        self.mounts.push(mount);
    }

    fn bind(&mut self, path: &Path, writable: bool, optional: bool) {
        self.push(Mount::Bind {
            path: path.to_path_buf(),
            writable,
            optional,
        });
        self.bound.push(path.to_path_buf());
    }

    fn disk(&mut self, folder: DiskFolder, path: &Path) {
        self.push(Mount::Disk {
            folder,
            path: path.to_path_buf(),
        });
        self.fresh.push(path.to_path_buf());
    }

    fn dir(&mut self, path: &Path) {
        self.push(Mount::Dir(path.to_path_buf()));
        self.dirs.insert(path.to_path_buf());
    }

    /// Every missing folder above `path`, made explicitly: implicit parents would be 0700, which
    /// the sandbox user could not cross (measured with /root/.pyenv).
    fn parents(&mut self, path: &Path) {
        let mut ancestors: Vec<&Path> = path.ancestors().skip(1).collect();
        ancestors.reverse();
        for ancestor in ancestors {
            if ancestor != Path::new("/") && !self.exists_inside(ancestor) {
                self.dir(ancestor);
            }
        }
    }

    fn shows_host(&self, path: &Path) -> bool {
        self.bound.iter().any(|bound| path.starts_with(bound))
    }

    fn exists_inside(&self, path: &Path) -> bool {
        self.dirs.contains(path) || self.shows_host(path) || self.fresh.iter().any(|f| f == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::plan::{Identity, Isolation, Text};
    use crate::sandbox::rlimits::Rlimits;

    pub(crate) fn plan(network: bool) -> Plan {
        Plan {
            isolation: Isolation::Namespaces {
                user_namespace: false,
            },
            program: Text::from("/root/.pyenv/versions/3.11.7/bin/python3"),
            args: vec![Text::from("cube.py")],
            env: Vec::new(),
            workdir: Text::from("/tmp/grade-run/alice"),
            identity: Identity::Drop {
                uid: 65534,
                gid: 65534,
            },
            id_maps: None,
            rlimits: Rlimits {
                cpu_seconds: 60,
                file_size: 1 << 20,
                open_files: 1024,
                processes: None,
            },
            readable: [
                "/root/.pyenv/versions/3.11.7",
                "/root/.pyenv/versions/3.11.7/lib",
                "/usr/lib/python3",
            ]
            .map(Text::from)
            .to_vec(),
            writable: Vec::new(),
            files: vec![(
                Text::from("/etc/passwd"),
                "root:x:0:0::/:/bin/false\n".into(),
            )],
            workdir_source: Workdir::Copy,
            disk: 1 << 30,
            inodes: 10_000,
            network: network.then(|| vec![443]),
            keep: None,
            stage: Text::from("/tmp/stage"),
            status: Text::from("/tmp/status.json"),
            hostname: "localhost".into(),
            probe: false,
            record: None,
        }
    }

    fn binds(mounts: &[Mount]) -> Vec<(&Path, bool)> {
        mounts
            .iter()
            .filter_map(|mount| match mount {
                Mount::Bind { path, writable, .. } => Some((path.as_path(), *writable)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn parents_are_made_and_nested_paths_bound_once() {
        let mounts = mounts(&plan(false));
        assert!(mounts.contains(&Mount::Dir(PathBuf::from("/root"))));
        assert!(mounts.contains(&Mount::Dir(PathBuf::from("/root/.pyenv/versions"))));
        let binds = binds(&mounts);
        assert!(binds.contains(&(Path::new("/root/.pyenv/versions/3.11.7"), false)));
        // Inside a bound path, and under /usr: not bound again.
        assert!(!binds.contains(&(Path::new("/root/.pyenv/versions/3.11.7/lib"), false)));
        assert!(!binds.contains(&(Path::new("/usr/lib/python3"), false)));
        // Regression: a scratch folder under /tmp got a 0700 parent the sandbox user could not cross.
        assert!(mounts.contains(&Mount::Dir(PathBuf::from("/tmp/grade-run"))));
        assert!(!mounts.contains(&Mount::Dir(PathBuf::from("/tmp"))));
        assert_eq!(
            mounts.last(),
            Some(&Mount::Disk {
                folder: DiskFolder::Work,
                path: PathBuf::from("/tmp/grade-run/alice")
            })
        );
        assert!(!binds
            .iter()
            .any(|(path, _)| *path == Path::new("/etc/shadow")));
        assert!(!binds
            .iter()
            .any(|(path, writable)| *writable && !path.starts_with("/tmp")));
    }

    #[test]
    fn network_files_only_for_a_job_with_network() {
        let without = mounts(&plan(false));
        assert!(!binds(&without).contains(&(Path::new("/etc/resolv.conf"), false)));
        let with = mounts(&plan(true));
        assert!(binds(&with).contains(&(Path::new("/etc/resolv.conf"), false)));
    }

    #[test]
    fn a_fetch_binds_its_host_folders_writable() {
        let mut plan = plan(true);
        plan.workdir_source = Workdir::Bind;
        plan.writable = vec![Text::from("/tmp/grade-run/cargo-home")];
        let mounts = mounts(&plan);
        let binds = binds(&mounts);
        assert!(binds.contains(&(Path::new("/tmp/grade-run/alice"), true)));
        assert!(binds.contains(&(Path::new("/tmp/grade-run/cargo-home"), true)));
    }

    #[test]
    fn landlock_reads_the_allowlist_and_writes_the_workdir() {
        let access = access(&plan(false));
        assert!(access.read.contains(&PathBuf::from("/usr")));
        assert!(access
            .read
            .contains(&PathBuf::from("/root/.pyenv/versions/3.11.7")));
        assert!(!access.read.contains(&PathBuf::from("/etc/resolv.conf")));
        assert!(!access.read.iter().any(|path| path == Path::new("/etc")));
        assert_eq!(access.write[0], PathBuf::from("/tmp/grade-run/alice"));
        assert!(!access.write.contains(&PathBuf::from("/tmp")));
    }
}
