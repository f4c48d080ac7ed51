//! The bubblewrap command line of a run: an allowlist of read-only binds, the scratch folder
//! read-write, private /tmp and /dev/shm, new namespaces, and the drop to an unprivileged user.
//!
//! Started by root, bubblewrap keeps root's powers inside: a user namespace mapping the
//! sandbox uid to root outside still reads root's files (measured: `--unshare-user --uid 65534`
//! read /etc/shadow). So root's bubblewrap creates no user namespace, mounts, then `setpriv`
//! (util-linux) drops to the sandbox uid with no capabilities, no_new_privs, just before exec.
//! Started by a user, bubblewrap creates a user namespace itself and nothing needs dropping.

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};

use super::identity::Identity;
use super::jail::Jail;

/// /etc files programs commonly need; the rest of /etc (shadow, the host's secrets) is absent.
const ETC_FILES: &[&str] = &[
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

/// /etc files only a run with network needs (a dependency fetch).
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

/// What varies from run to run besides the jail.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BwrapPlan<'a> {
    pub(crate) jail: &'a Jail<'a>,
    /// The jail's workdir, canonical.
    pub(crate) workdir: &'a Path,
    pub(crate) identity: Identity,
    /// util-linux setpriv, to drop root's powers inside; `None` when not root.
    pub(crate) setpriv: Option<&'a Path>,
    /// Folder holding the sandbox's own passwd and group files.
    pub(crate) etc: &'a Path,
}

/// Builds the arguments; the bubblewrap program itself is not included.
pub(crate) fn bwrap_args(plan: &BwrapPlan<'_>) -> Vec<OsString> {
    let mut mounts = Mounts::default();
    mounts.namespaces(plan);
    mounts.ro_bind(Path::new("/usr"));
    for dir in SYSTEM_DIRS {
        let dir = Path::new(dir);
        match fs::symlink_metadata(dir) {
            Ok(meta) if meta.file_type().is_symlink() => {
                if let Ok(target) = fs::read_link(dir) {
                    mounts.push(["--symlink"]);
                    mounts.push_paths([target.as_path(), dir]);
                }
            }
            Ok(meta) if meta.is_dir() => mounts.ro_bind(dir),
            _ => {}
        }
    }
    mounts.dir(Path::new("/etc"));
    let network_files = if plan.jail.network {
        ETC_NETWORK_FILES
    } else {
        &[]
    };
    for name in ETC_FILES.iter().chain(network_files) {
        let path = Path::new("/etc").join(name);
        mounts.push(["--ro-bind-try"]);
        mounts.push_paths([path.as_path(), path.as_path()]);
    }
    for name in ["passwd", "group"] {
        mounts.push(["--ro-bind"]);
        mounts.push_paths([plan.etc.join(name).as_path(), &Path::new("/etc").join(name)]);
    }
    mounts.push(["--proc", "/proc", "--dev", "/dev"]);
    mounts.push(["--perms", "1777", "--tmpfs", "/dev/shm"]);
    mounts.push(["--perms", "1777", "--tmpfs", "/tmp"]);
    mounts.tmpfs.push(PathBuf::from("/tmp"));
    let mut readable: Vec<&PathBuf> = plan.jail.readable.iter().collect();
    readable.sort();
    for path in readable {
        if !mounts.shows_host(path) {
            mounts.parents(path);
            mounts.push(["--ro-bind-try"]);
            mounts.push_paths([path.as_path(), path.as_path()]);
            mounts.bound.push(path.clone());
        }
    }
    mounts.parents(plan.workdir);
    mounts.push(["--bind"]);
    mounts.push_paths([plan.workdir, plan.workdir]);
    mounts.push(["--chdir"]);
    mounts.push_paths([plan.workdir]);
    mounts.push(["--"]);
    if let (Identity::Drop { uid, gid }, Some(setpriv)) = (plan.identity, plan.setpriv) {
        mounts.args.push(setpriv.as_os_str().to_owned());
        mounts.args.push(format!("--reuid={uid}").into());
        mounts.args.push(format!("--regid={gid}").into());
        mounts.push([
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
            "--",
        ]);
    }
    mounts.args.push(plan.jail.program.as_os_str().to_owned());
    mounts.args.extend(plan.jail.args.iter().cloned());
    mounts.args
}

/// The sandbox's passwd and group: the sandbox user and root, nobody else of the host.
pub(crate) fn etc_files(identity: Identity) -> [(&'static str, String); 2] {
    let (uid, gid) = match identity {
        Identity::Unchanged { uid } => (uid, nix::unistd::Gid::effective().as_raw()),
        Identity::Drop { uid, gid } => (uid, gid),
    };
    [
        (
            "passwd",
            format!(
                "root:x:0:0:root:/root:/usr/sbin/nologin\n\
                 student:x:{uid}:{gid}:student:/tmp:/usr/sbin/nologin\n"
            ),
        ),
        ("group", format!("root:x:0:\nstudent:x:{gid}:\n")),
    ]
}

/// The argument list being built, with what is already visible inside.
#[derive(Default)]
struct Mounts {
    args: Vec<OsString>,
    dirs: BTreeSet<PathBuf>,
    /// Host paths bound inside: everything under them is the host's.
    bound: Vec<PathBuf>,
    /// Fresh file systems: empty, so folders in them must be made like anywhere else.
    tmpfs: Vec<PathBuf>,
}

impl Mounts {
    fn namespaces(&mut self, plan: &BwrapPlan<'_>) {
        match plan.identity {
            Identity::Drop { .. } => {
                // No user namespace (see the module doc); setpriv needs these three to drop.
                self.push([
                    "--unshare-ipc",
                    "--unshare-pid",
                    "--unshare-uts",
                    "--unshare-cgroup-try",
                ]);
                if !plan.jail.network {
                    self.push(["--unshare-net"]);
                }
                self.push(["--cap-drop", "ALL"]);
                if plan.setpriv.is_some() {
                    self.push(["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]);
                    self.push(["--cap-add", "CAP_SETPCAP"]);
                }
            }
            Identity::Unchanged { .. } => {
                self.push(["--unshare-all"]);
                if plan.jail.network {
                    self.push(["--share-net"]);
                }
                self.push(["--cap-drop", "ALL"]);
            }
        }
        self.push(["--die-with-parent", "--new-session", "--hostname", "grade"]);
    }

    fn push<const N: usize>(&mut self, args: [&str; N]) {
        self.args.extend(args.iter().map(OsString::from));
    }

    fn push_paths<const N: usize>(&mut self, paths: [&Path; N]) {
        self.args
            .extend(paths.iter().map(|path| OsStr::new(path).to_owned()));
    }

    fn ro_bind(&mut self, path: &Path) {
        self.push(["--ro-bind"]);
        self.push_paths([path, path]);
        self.bound.push(path.to_owned());
    }

    /// A folder of mode 0755: bubblewrap would make implicit parents 0700, which the
    /// sandbox user could not cross (measured with /root/.pyenv).
    fn dir(&mut self, path: &Path) {
        self.push(["--perms", "0755", "--dir"]);
        self.push_paths([path]);
        self.dirs.insert(path.to_owned());
    }

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
        self.dirs.contains(path)
            || self.shows_host(path)
            || self.tmpfs.iter().any(|tmpfs| path == tmpfs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args_for(identity: Identity, network: bool) -> Vec<String> {
        let readable = [
            PathBuf::from("/root/.pyenv/versions/3.11.7"),
            PathBuf::from("/root/.pyenv/versions/3.11.7/lib"),
            PathBuf::from("/usr/lib/python3"),
        ];
        let jail = Jail {
            program: Path::new("/root/.pyenv/versions/3.11.7/bin/python3"),
            args: &[OsString::from("cube.py")],
            workdir: Path::new("/tmp/grade-run/alice"),
            readable: &readable,
            env: &[],
            network,
        };
        let plan = BwrapPlan {
            jail: &jail,
            workdir: jail.workdir,
            identity,
            setpriv: Some(Path::new("/usr/bin/setpriv")),
            etc: Path::new("/tmp/grade-etc"),
        };
        bwrap_args(&plan)
            .into_iter()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect()
    }

    fn has(args: &[String], wanted: &[&str]) -> bool {
        args.windows(wanted.len()).any(|window| window == wanted)
    }

    #[test]
    fn root_drops_to_the_sandbox_uid_inside_without_a_user_namespace() {
        let args = args_for(
            Identity::Drop {
                uid: 65534,
                gid: 65534,
            },
            false,
        );
        assert!(!args
            .iter()
            .any(|arg| arg.starts_with("--unshare-user") || arg == "--unshare-all"));
        assert!(has(&args, &["--unshare-net"]));
        let program = args
            .iter()
            .position(|arg| arg == "/usr/bin/setpriv")
            .expect("setpriv");
        assert_eq!(args[program + 1], "--reuid=65534");
        assert_eq!(args.last().map(String::as_str), Some("cube.py"));
    }

    #[test]
    fn a_user_gets_every_namespace_and_network_only_when_asked() {
        let args = args_for(Identity::Unchanged { uid: 1000 }, false);
        assert!(has(&args, &["--unshare-all"]));
        assert!(!args
            .iter()
            .any(|arg| arg == "--share-net" || arg.ends_with("setpriv")));
        let args = args_for(Identity::Unchanged { uid: 1000 }, true);
        assert!(has(&args, &["--share-net"]));
        assert!(has(
            &args,
            &["--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf"]
        ));
    }

    #[test]
    fn parents_are_traversable_and_nested_paths_bound_once() {
        let args = args_for(
            Identity::Drop {
                uid: 65534,
                gid: 65534,
            },
            false,
        );
        assert!(has(&args, &["--perms", "0755", "--dir", "/root"]));
        assert!(has(
            &args,
            &["--perms", "0755", "--dir", "/root/.pyenv/versions"]
        ));
        let binds = args
            .iter()
            .filter(|arg| arg.starts_with("/root/.pyenv/versions/3.11.7/lib"))
            .count();
        // Inside the bound prefix: not bound again.
        assert_eq!(binds, 0, "{args:?}");
        assert!(!has(&args, &["--ro-bind-try", "/usr/lib/python3"]));
        assert!(has(
            &args,
            &["--bind", "/tmp/grade-run/alice", "/tmp/grade-run/alice"]
        ));
        assert!(!has(&args, &["--perms", "0755", "--dir", "/tmp"]));
        // Regression: a scratch folder under /tmp got a 0700 parent the sandbox user could not cross.
        assert!(has(&args, &["--perms", "0755", "--dir", "/tmp/grade-run"]));
        assert!(!args.iter().any(|arg| arg == "/etc/shadow"));
    }
}
