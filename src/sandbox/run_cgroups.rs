//! The cgroups of one run: created with their limits, joined by the child before exec, read for
//! verdicts, killed as a whole, and removed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

use super::cgroup_layout::CgroupLayout;

/// Which interface a cgroup speaks: the file names differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V1,
    V2,
}

#[derive(Debug)]
struct Group {
    dir: PathBuf,
    version: Version,
}

/// The cgroups of one run, in every usable hierarchy.
#[derive(Debug)]
pub(crate) struct RunCgroups {
    v2: Option<Group>,
    memory: Option<Group>,
    pids: Option<Group>,
    cpu: Option<Group>,
    /// `cgroup.procs` of each group, opened before fork so the child only writes.
    join: Arc<Vec<File>>,
}

/// Limits written into a run's cgroups.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CgroupLimits {
    pub(crate) memory: u64,
    pub(crate) tasks: u64,
}

impl RunCgroups {
    pub(crate) fn create(
        layout: &CgroupLayout,
        name: &str,
        limits: CgroupLimits,
    ) -> io::Result<RunCgroups> {
        let mut run = RunCgroups {
            v2: None,
            memory: None,
            pids: None,
            cpu: None,
            join: Arc::new(Vec::new()),
        };
        let mut join = Vec::new();
        if let Some(base) = &layout.v2 {
            let group = Group::create(base.dir.join(name), Version::V2)?;
            if base.memory {
                group.write("memory.max", &limits.memory.to_string())?;
                // Swap would let a hog outlive its limit; absent on machines without swap.
                let _ = group.write("memory.swap.max", "0");
            }
            if base.pids {
                group.write("pids.max", &limits.tasks.to_string())?;
            }
            join.push(group.procs()?);
            if base.memory {
                run.memory = Some(Group {
                    dir: group.dir.clone(),
                    version: Version::V2,
                });
            }
            if base.pids {
                run.pids = Some(Group {
                    dir: group.dir.clone(),
                    version: Version::V2,
                });
            }
            if base.cpu {
                run.cpu = Some(Group {
                    dir: group.dir.clone(),
                    version: Version::V2,
                });
            }
            run.v2 = Some(group);
        }
        if let Some(base) = &layout.memory_v1 {
            let group = Group::create(base.join(name), Version::V1)?;
            group.write("memory.limit_in_bytes", &limits.memory.to_string())?;
            let _ = group.write("memory.memsw.limit_in_bytes", &limits.memory.to_string());
            join.push(group.procs()?);
            run.memory = Some(group);
        }
        if let Some(base) = &layout.pids_v1 {
            let group = Group::create(base.join(name), Version::V1)?;
            group.write("pids.max", &limits.tasks.to_string())?;
            join.push(group.procs()?);
            run.pids = Some(group);
        }
        if let Some(base) = &layout.cpu_v1 {
            let group = Group::create(base.join(name), Version::V1)?;
            join.push(group.procs()?);
            run.cpu = Some(group);
        }
        run.join = Arc::new(join);
        Ok(run)
    }

    /// The files the child writes "0" to, in `pre_exec`, to join every group before exec.
    pub(crate) fn join_files(&self) -> Arc<Vec<File>> {
        Arc::clone(&self.join)
    }

    pub(crate) fn v2_dir(&self) -> Option<&Path> {
        self.v2.as_ref().map(|group| group.dir.as_path())
    }

    /// The run's `cpu.idle` file, where there is one: 1 there puts every process of the run,
    /// those it starts later included, under `SCHED_IDLE` as a group. It then gets a CPU only
    /// when no other work wants it.
    pub(crate) fn idle_file(&self) -> Option<PathBuf> {
        self.cpu.as_ref().map(|group| group.dir.join("cpu.idle"))
    }

    pub(crate) fn can_kill(&self) -> bool {
        self.v2.is_some()
    }

    /// Kills every process of the run; returns false when no group could list or kill them.
    pub(crate) fn kill_all(&self) -> bool {
        if let Some(v2) = &self.v2 {
            if v2.write("cgroup.kill", "1").is_ok() {
                return true;
            }
        }
        // Without cgroup.kill, kill what the v1 groups list until none is left: new
        // processes forked meanwhile show up in the next listing.
        let groups: Vec<&Group> = [&self.pids, &self.memory].into_iter().flatten().collect();
        if groups.is_empty() {
            return false;
        }
        for _ in 0..100 {
            let pids: Vec<i32> = groups.iter().flat_map(|group| group.members()).collect();
            if pids.is_empty() {
                break;
            }
            for pid in pids {
                let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
            }
            thread::sleep(Duration::from_millis(2));
        }
        true
    }

    /// True when no process is left in any of the run's groups.
    pub(crate) fn is_empty(&self) -> bool {
        [&self.v2, &self.memory, &self.pids, &self.cpu]
            .into_iter()
            .flatten()
            .all(|group| group.members().is_empty())
    }

    /// The kernel killed a process of the run because the memory limit was reached.
    pub(crate) fn oom_killed(&self) -> bool {
        match &self.memory {
            Some(group) => match group.version {
                Version::V1 => group.counter("memory.oom_control", "oom_kill") > 0,
                Version::V2 => group.counter("memory.events", "oom_kill") > 0,
            },
            None => false,
        }
    }

    /// The kernel refused a fork or a thread because the task limit was reached.
    pub(crate) fn fork_refused(&self) -> bool {
        self.pids
            .as_ref()
            .is_some_and(|group| group.counter("pids.events", "max") > 0)
    }

    pub(crate) fn memory_peak(&self) -> Option<u64> {
        let group = self.memory.as_ref()?;
        let file = match group.version {
            Version::V1 => "memory.max_usage_in_bytes",
            Version::V2 => "memory.peak",
        };
        fs::read_to_string(group.dir.join(file))
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    /// Removes the groups; waits a little for killed processes to be gone first.
    pub(crate) fn remove(&self, patience: Duration) {
        let deadline = Instant::now() + patience;
        while !self.is_empty() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
        for group in [&self.v2, &self.memory, &self.pids, &self.cpu]
            .into_iter()
            .flatten()
        {
            let _ = fs::remove_dir(&group.dir);
        }
    }
}

impl Group {
    fn create(dir: PathBuf, version: Version) -> io::Result<Group> {
        fs::create_dir_all(&dir)
            .map_err(|error| io::Error::new(error.kind(), format!("{}: {error}", dir.display())))?;
        Ok(Group { dir, version })
    }

    fn write(&self, file: &str, value: &str) -> io::Result<()> {
        let path = self.dir.join(file);
        fs::write(&path, value)
            .map_err(|error| io::Error::new(error.kind(), format!("{}: {error}", path.display())))
    }

    fn procs(&self) -> io::Result<File> {
        let path = self.dir.join("cgroup.procs");
        OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(|error| io::Error::new(error.kind(), format!("{}: {error}", path.display())))
    }

    fn members(&self) -> Vec<i32> {
        fs::read_to_string(self.dir.join("cgroup.procs"))
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.trim().parse().ok())
            .collect()
    }

    /// A named counter in a flat keyed file such as memory.events ("oom_kill 1").
    fn counter(&self, file: &str, key: &str) -> u64 {
        let text = fs::read_to_string(self.dir.join(file)).unwrap_or_default();
        text.lines()
            .filter_map(|line| line.split_once(' '))
            .find(|(name, _)| *name == key)
            .and_then(|(_, value)| value.trim().parse().ok())
            .unwrap_or(0)
    }
}

/// Moves the calling process into every group: runs in the forked child, before exec, so it
/// only writes to files opened earlier (no allocation).
pub(crate) fn join_before_exec(files: &[File]) -> io::Result<()> {
    for mut file in files {
        file.write_all(b"0")?;
    }
    Ok(())
}
