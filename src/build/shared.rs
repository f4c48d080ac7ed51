//! crates.io dependencies fetched and compiled once per set, for every crate of the session that
//! needs that same set.
//!
//! A set is what decides how dependencies compile: the dependency tables, features and profiles
//! of the crate's manifests, and its lock file (`deps::set_key`). The first crate that needs a
//! set vendors it (the only step with the network) and builds it in a crate of its own made of
//! the manifests alone, with stub sources: the *template*. Every crate of that set then starts
//! from a copy of the template's target folder, file times kept, so that cargo finds the
//! dependencies fresh and compiles the student's code only. Each build still writes its own
//! copy: no build can read or change another's files or outputs. What compiled in the template
//! is what the same dependencies would have compiled in each build, since nothing of a student's
//! but the set reaches it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::Failure;
use crate::report::DependencyBuild;

/// A set of dependencies, vendored and, when that worked, compiled.
#[derive(Debug)]
pub(crate) struct DepSet {
    /// The vendored sources: at one path for the template and every build, since cargo's
    /// fingerprints of dependencies hold their source path.
    pub(crate) vendor: PathBuf,
    /// The lock file cargo resolved for the set.
    pub(crate) lock: PathBuf,
    /// The template's target folder, when the dependencies compiled there.
    pub(crate) target: Option<PathBuf>,
    /// The crates the template compiled.
    pub(crate) compiled: Vec<String>,
}

type Slot = Arc<OnceLock<Result<Arc<DepSet>, Failure>>>;

/// The sets of one grading session.
#[derive(Default)]
pub struct SharedDeps {
    sets: Mutex<HashMap<String, (Slot, usize)>>,
}

impl SharedDeps {
    /// The set of `key`, prepared by `prepare` the first time (other callers wait for it).
    pub(crate) fn get(
        &self,
        key: &str,
        prepare: impl FnOnce() -> Result<DepSet, Failure>,
    ) -> Result<Arc<DepSet>, Failure> {
        let slot = {
            let mut sets = self.sets.lock().unwrap_or_else(PoisonError::into_inner);
            let (slot, users) = sets.entry(key.to_string()).or_default();
            *users += 1;
            Arc::clone(slot)
        };
        slot.get_or_init(|| prepare().map(Arc::new)).clone()
    }

    /// Each set compiled in this session, with how many builds used it.
    pub fn builds(&self) -> Vec<DependencyBuild> {
        let sets = self.sets.lock().unwrap_or_else(PoisonError::into_inner);
        let mut builds: Vec<DependencyBuild> = sets
            .values()
            .filter_map(|(slot, users)| match slot.get() {
                Some(Ok(set)) if set.target.is_some() => Some(DependencyBuild {
                    crates: set.compiled.clone(),
                    users: *users,
                }),
                _ => None,
            })
            .collect();
        builds.sort_by(|a, b| a.crates.cmp(&b.crates));
        builds
    }
}

/// Copies the folder `from` to `to` (which must not exist), keeping each file's modification
/// time, which cargo compares to decide what is fresh. Links are not followed, nor copied.
pub(crate) fn copy_keeping_times(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for item in std::fs::read_dir(from)? {
        let item = item?;
        let meta = item.path().symlink_metadata()?;
        let target = to.join(item.file_name());
        if meta.is_dir() {
            copy_keeping_times(&item.path(), &target)?;
        } else if meta.is_file() {
            std::fs::copy(item.path(), &target)?;
            let file = std::fs::File::options().write(true).open(&target)?;
            file.set_modified(meta.modified()?)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_is_prepared_once_and_counted_per_user() {
        let shared = SharedDeps::default();
        let prepared = std::sync::atomic::AtomicUsize::new(0);
        let prepare = || {
            prepared.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(DepSet {
                vendor: PathBuf::from("/v"),
                lock: PathBuf::from("/l"),
                target: Some(PathBuf::from("/t")),
                compiled: vec!["rayon".into()],
            })
        };
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| shared.get("k", prepare).map(|_| ()));
            }
        });
        assert_eq!(prepared.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(
            shared.builds(),
            vec![DependencyBuild {
                crates: vec!["rayon".into()],
                users: 4
            }]
        );
    }

    #[test]
    fn copies_keep_modification_times() {
        let dir = tempfile::tempdir().expect("tempdir");
        let from = dir.path().join("from");
        std::fs::create_dir_all(from.join("deep")).expect("mkdir");
        std::fs::write(from.join("deep/a"), "a").expect("write");
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        std::fs::File::options()
            .write(true)
            .open(from.join("deep/a"))
            .and_then(|file| file.set_modified(old))
            .expect("set time");
        copy_keeping_times(&from, &dir.path().join("to")).expect("copy");
        let copied = std::fs::metadata(dir.path().join("to/deep/a")).expect("copied");
        assert_eq!(copied.modified().expect("mtime"), old);
    }
}
