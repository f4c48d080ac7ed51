//! Where this machine lets `grade` create per-run control groups, found once per session.
//!
//! Each run gets a cgroup under `<own cgroup>/grade/` in every usable hierarchy: nesting under
//! the grader's own cgroup keeps the limits of whatever runs `grade` (systemd, CI) in force.
//! Hybrid machines (cgroup v1 controllers, a v2 hierarchy without controllers) use v1 for memory
//! and pids, v2 for `cgroup.kill` and exact membership; v2-only machines use v2 for everything.
//! The `cpu` controller, where there is one, gives each run a group of its own whose `cpu.idle`
//! can lower the whole run at once (see `RunCgroups::idle_file`).

use std::fs;
use std::path::{Path, PathBuf};

/// The parent folders runs' cgroups are created in; `None` where unusable.
#[derive(Debug, Clone, Default)]
pub(crate) struct CgroupLayout {
    pub(crate) v2: Option<V2Base>,
    pub(crate) memory_v1: Option<PathBuf>,
    pub(crate) pids_v1: Option<PathBuf>,
    pub(crate) cpu_v1: Option<PathBuf>,
    /// Why a hierarchy or controller is unusable, for the protections list.
    pub(crate) problems: Vec<String>,
}

/// The v2 parent folder and the controllers enabled for its children.
#[derive(Debug, Clone)]
pub(crate) struct V2Base {
    pub(crate) dir: PathBuf,
    pub(crate) memory: bool,
    pub(crate) pids: bool,
    pub(crate) cpu: bool,
}

/// A cgroup mount seen in /proc/self/mountinfo.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mount {
    root: String,
    point: PathBuf,
    v2: bool,
    controllers: Vec<String>,
}

impl CgroupLayout {
    pub(crate) fn detect() -> CgroupLayout {
        let mut layout = CgroupLayout::default();
        let (mountinfo, membership) = match (
            fs::read_to_string("/proc/self/mountinfo"),
            fs::read_to_string("/proc/self/cgroup"),
        ) {
            (Ok(mountinfo), Ok(membership)) => (mountinfo, membership),
            (Err(error), _) | (_, Err(error)) => {
                layout.problems.push(format!("cannot read /proc: {error}"));
                return layout;
            }
        };
        let mounts = parse_mountinfo(&mountinfo);
        let own = |v2: bool, controller: &str| -> Option<PathBuf> {
            let (mount, path) = if v2 {
                let mount = mounts.iter().find(|m| m.v2)?;
                (mount, own_path(&membership, None)?)
            } else {
                let mount = mounts
                    .iter()
                    .find(|m| !m.v2 && m.controllers.iter().any(|c| c == controller))?;
                (mount, own_path(&membership, Some(controller))?)
            };
            Some(mount.point.join(relative_to_root(&path, &mount.root)))
        };
        layout.memory_v1 = own(false, "memory").and_then(|dir| layout.usable(&dir, "v1 memory"));
        layout.pids_v1 = own(false, "pids").and_then(|dir| layout.usable(&dir, "v1 pids"));
        // Lowering runs is a matter of speed, not a protection: without it nothing is less
        // safe, so nothing is reported.
        layout.cpu_v1 = own(false, "cpu").and_then(|dir| creatable(&dir).ok());
        if let Some(own_v2) = own(true, "") {
            if let Some(base) = layout.usable(&own_v2, "v2") {
                let memory = layout.memory_v1.is_none()
                    && enable(&own_v2, &base, "memory", &mut layout.problems);
                let pids = layout.pids_v1.is_none()
                    && enable(&own_v2, &base, "pids", &mut layout.problems);
                let cpu = layout.cpu_v1.is_none() && enable(&own_v2, &base, "cpu", &mut Vec::new());
                layout.v2 = Some(V2Base {
                    dir: base,
                    memory,
                    pids,
                    cpu,
                });
            }
        } else {
            layout
                .problems
                .push("no cgroup v2 hierarchy is mounted".into());
        }
        layout
    }

    /// `<own>/grade` when a run's cgroup can be created in it, else records why not.
    fn usable(&mut self, own: &Path, what: &str) -> Option<PathBuf> {
        match creatable(own) {
            Ok(base) => Some(base),
            Err((base, error)) => {
                self.problems.push(format!(
                    "cannot create a {what} cgroup in {}: {error}",
                    base.display()
                ));
                None
            }
        }
    }

    /// Whether each run gets a `cpu` group, whose `cpu.idle` lowers it.
    pub(crate) fn lowers(&self) -> bool {
        self.cpu_v1.is_some() || self.v2.as_ref().is_some_and(|v2| v2.cpu)
    }

    pub(crate) fn tasks_limited(&self) -> bool {
        self.pids_v1.is_some() || self.v2.as_ref().is_some_and(|v2| v2.pids)
    }
}

/// `<own>/grade`, when a cgroup can be created in it.
fn creatable(own: &Path) -> Result<PathBuf, (PathBuf, std::io::Error)> {
    let base = own.join("grade");
    let probe = base.join(format!("probe-{}", std::process::id()));
    match fs::create_dir_all(&probe).and_then(|()| fs::remove_dir(&probe)) {
        Ok(()) => Ok(base),
        Err(error) => Err((base, error)),
    }
}

/// Enables a v2 controller for the children of `base`; a cgroup holding processes (the
/// grader's own, under systemd) cannot delegate controllers, which is reported, not hidden.
fn enable(own: &Path, base: &Path, controller: &str, problems: &mut Vec<String>) -> bool {
    let available = fs::read_to_string(own.join("cgroup.controllers")).unwrap_or_default();
    if !available.split_whitespace().any(|c| c == controller) {
        problems.push(format!(
            "the {controller} controller is not available in cgroup v2 at {}",
            own.display()
        ));
        return false;
    }
    let line = format!("+{controller}");
    for dir in [own, base] {
        if let Err(error) = fs::write(dir.join("cgroup.subtree_control"), &line) {
            problems.push(format!(
                "cannot enable the {controller} controller in {}: {error}",
                dir.display()
            ));
            return false;
        }
    }
    true
}

fn parse_mountinfo(text: &str) -> Vec<Mount> {
    text.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let dash = fields.iter().position(|f| *f == "-")?;
            let fstype = *fields.get(dash + 1)?;
            let root = (*fields.get(3)?).to_owned();
            let point = PathBuf::from(*fields.get(4)?);
            match fstype {
                "cgroup2" => Some(Mount {
                    root,
                    point,
                    v2: true,
                    controllers: Vec::new(),
                }),
                "cgroup" => Some(Mount {
                    root,
                    point,
                    v2: false,
                    controllers: fields
                        .get(dash + 3)?
                        .split(',')
                        .map(str::to_owned)
                        .collect(),
                }),
                _ => None,
            }
        })
        .collect()
}

/// The grader's own cgroup path: of the v2 hierarchy (`None`) or of a v1 controller.
fn own_path(membership: &str, controller: Option<&str>) -> Option<String> {
    membership.lines().find_map(|line| {
        let mut parts = line.splitn(3, ':');
        let (id, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
        let wanted = match controller {
            None => id == "0" && controllers.is_empty(),
            Some(name) => controllers.split(',').any(|c| c == name),
        };
        wanted.then(|| path.to_owned())
    })
}

fn relative_to_root(path: &str, mount_root: &str) -> PathBuf {
    let inside = path.strip_prefix(mount_root).unwrap_or(path);
    PathBuf::from(inside.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HYBRID: &str = "\
30 25 0:26 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw,nsdelegate
31 25 0:27 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory
32 25 0:28 / /sys/fs/cgroup/pids rw,nosuid - cgroup cgroup rw,pids
33 25 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct
";

    #[test]
    fn mountinfo_finds_v2_and_v1_controllers() {
        let mounts = parse_mountinfo(HYBRID);
        assert_eq!(mounts.len(), 4);
        assert!(mounts[0].v2);
        assert_eq!(mounts[1].controllers, vec!["rw", "memory"]);
        assert_eq!(mounts[3].point, PathBuf::from("/sys/fs/cgroup/cpu,cpuacct"));
    }

    #[test]
    fn own_path_reads_v1_and_v2_lines() {
        let membership =
            "8:pids:/\n4:memory:/process_api/abc\n2:cpu,cpuacct:/\n0::/user.slice/x.scope\n";
        assert_eq!(
            own_path(membership, Some("memory")).as_deref(),
            Some("/process_api/abc")
        );
        assert_eq!(own_path(membership, Some("cpuacct")).as_deref(), Some("/"));
        assert_eq!(
            own_path(membership, None).as_deref(),
            Some("/user.slice/x.scope")
        );
        assert_eq!(
            relative_to_root("/process_api/abc", "/"),
            PathBuf::from("process_api/abc")
        );
    }
}
