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
//!
//! Sets live in the grader's cache folder (`$XDG_CACHE_HOME/grade/deps`, else
//! `~/.cache/grade/deps`), each in a folder named after its key, so that a later session
//! (`--resume`, next week's class) finds them compiled. A set is made in place, since cargo's
//! fingerprints hold its paths, under a lock that other sessions wait on, and marked complete
//! last: a set left half-made by a crash is made again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde::{Deserialize, Serialize};

use super::Failure;
use crate::report::DependencyBuild;

/// The file that marks a set's folder complete, and describes it.
const COMPLETE: &str = "set.json";

/// A set of dependencies, vendored and, when that worked, compiled.
#[derive(Debug, Serialize, Deserialize)]
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
    /// Found complete in the cache, made by an earlier session: nothing compiled in this one.
    #[serde(skip)]
    pub(crate) cached: bool,
}

type Slot = Arc<OnceLock<Result<Arc<DepSet>, Failure>>>;

/// The sets of one grading session.
#[derive(Default)]
pub struct SharedDeps {
    sets: Mutex<HashMap<String, (Slot, usize)>>,
    /// Where sets are kept between sessions; `None`: in the session's scratch space only.
    cache: Option<PathBuf>,
}

impl SharedDeps {
    /// Sets kept in `cache` between sessions, or for this session only.
    pub fn new(cache: Option<PathBuf>) -> SharedDeps {
        SharedDeps {
            sets: Mutex::default(),
            cache,
        }
    }

    /// The grader's cache folder for sets, from the environment: `None` without a home.
    pub fn default_cache() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
        Some(base.join("grade").join("deps"))
    }

    /// The set of `key`: from the cache, else made by `prepare` in the folder it is given (the
    /// first caller of the session does it; the others wait for it).
    pub(crate) fn get(
        &self,
        key: &str,
        scratch: impl FnOnce() -> std::io::Result<PathBuf>,
        prepare: impl FnOnce(&Path) -> Result<DepSet, Failure>,
        lang: crate::lang::Lang,
    ) -> Result<Arc<DepSet>, Failure> {
        let slot = {
            let mut sets = self.sets.lock().unwrap_or_else(PoisonError::into_inner);
            let (slot, users) = sets.entry(key.to_string()).or_default();
            *users += 1;
            Arc::clone(slot)
        };
        slot.get_or_init(|| {
            self.cached_or_made(key, scratch, prepare, lang)
                .map(Arc::new)
        })
        .clone()
    }

    fn cached_or_made(
        &self,
        key: &str,
        scratch: impl FnOnce() -> std::io::Result<PathBuf>,
        prepare: impl FnOnce(&Path) -> Result<DepSet, Failure>,
        lang: crate::lang::Lang,
    ) -> Result<DepSet, Failure> {
        let unprepared = |err: std::io::Error| {
            Failure::plain(crate::msg!(
                lang,
                "build-unprepared",
                error = err.to_string()
            ))
        };
        let Some(cache) = self.cache.as_ref().filter(|cache| usable(cache)) else {
            return prepare(&scratch().map_err(unprepared)?);
        };
        let folder = cache.join(key);
        // Another session making the same set: wait for it, then take it.
        let _lock = lock(&cache.join(format!("{key}.lock"))).map_err(unprepared)?;
        if let Some(mut set) = std::fs::read(folder.join(COMPLETE))
            .ok()
            .and_then(|text| serde_json::from_slice::<DepSet>(&text).ok())
        {
            set.cached = true;
            return Ok(set);
        }
        if folder.exists() {
            std::fs::remove_dir_all(&folder).map_err(unprepared)?;
        }
        std::fs::create_dir_all(&folder).map_err(unprepared)?;
        let set = prepare(&folder)?;
        // A set whose dependencies did not compile is not kept: the next session tries again.
        if set.target.is_some() {
            if let Ok(text) = serde_json::to_vec(&set) {
                let partial = folder.join(format!("{COMPLETE}.partial"));
                let _ = std::fs::write(&partial, text)
                    .and_then(|()| std::fs::rename(&partial, folder.join(COMPLETE)));
            }
        }
        Ok(set)
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
                    cached: set.cached,
                }),
                _ => None,
            })
            .collect();
        builds.sort_by(|a, b| a.crates.cmp(&b.crates));
        builds
    }
}

/// Whether the cache folder exists or can be made, private to this user.
fn usable(cache: &Path) -> bool {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    let _ = std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(cache);
    // Never a folder someone else could have planted compiled code in.
    std::fs::symlink_metadata(cache).is_ok_and(|meta| {
        meta.is_dir()
            && meta.uid() == nix::unistd::geteuid().as_raw()
            && meta.permissions().mode() & 0o022 == 0
    })
}

/// An exclusive lock on `path`, held until the file is dropped.
fn lock(path: &Path) -> std::io::Result<std::fs::File> {
    let file = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    file.lock()?;
    Ok(file)
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
        let dir = tempfile::tempdir().expect("tempdir");
        let prepared = std::sync::atomic::AtomicUsize::new(0);
        let prepare = |folder: &Path| {
            prepared.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(DepSet {
                vendor: folder.join("vendor"),
                lock: folder.join("Cargo.lock"),
                target: Some(folder.join("target")),
                compiled: vec!["rayon".into()],
                cached: false,
            })
        };
        let cache = dir.path().join("cache");
        let scratch = || Ok(dir.path().join("scratch"));
        let shared = SharedDeps::new(Some(cache.clone()));
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    shared
                        .get("k", scratch, prepare, crate::lang::Lang::En)
                        .map(|_| ())
                });
            }
        });
        assert_eq!(prepared.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(
            shared.builds(),
            vec![DependencyBuild {
                crates: vec!["rayon".into()],
                users: 4,
                cached: false,
            }]
        );
        // A later session finds it in the cache, at the same paths.
        let later = SharedDeps::new(Some(cache.clone()));
        let set = later
            .get("k", scratch, prepare, crate::lang::Lang::En)
            .expect("cached");
        assert_eq!(prepared.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert!(set.cached);
        assert_eq!(set.vendor, cache.join("k/vendor"));
        assert!(later.builds()[0].cached);
    }

    #[test]
    fn a_cache_folder_others_can_write_is_not_used() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("cache");
        std::fs::create_dir(&cache).expect("mkdir");
        std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).expect("chmod");
        assert!(!usable(&cache));
        std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        assert!(usable(&cache));
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
