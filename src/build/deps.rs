//! A crate's dependencies, read before anything is fetched: only crates.io and paths inside the
//! crate's own folder are allowed, and what the fetch gets to see is the dependency list alone.
//!
//! A git dependency would run git (and whatever `core.sshCommand` says) during the fetch; another
//! registry would reach another host; a path outside the crate would read other files. Each is
//! refused with the manifest, the dependency and what to do instead. The fetch itself reads a
//! copy of the manifests and lock files only, with stub sources: no `.cargo/config.toml`, no
//! build script, nothing else the student wrote.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::lang::Lang;
use crate::msg;

/// Sources Cargo.lock may name: crates.io's index, git or sparse.
const CRATES_IO: &[&str] = &[
    "registry+https://github.com/rust-lang/crates.io-index",
    "sparse+https://index.crates.io/",
];

/// Tables of a manifest that hold dependencies, besides those under `target.<cfg>`.
const DEPENDENCY_TABLES: &[&str] = &[
    "dependencies",
    "dev-dependencies",
    "dev_dependencies",
    "build-dependencies",
    "build_dependencies",
];

/// What the crate needs from crates.io, or why its dependencies are refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Dependencies {
    /// Manifests and lock files, relative to the crate folder: all the fetch sees.
    pub(crate) manifests: Vec<PathBuf>,
    /// Some dependency comes from crates.io: there is something to fetch.
    pub(crate) from_registry: bool,
}

/// Reads every manifest and lock file under `crate_dir` (`files`: its files, relative).
/// `shown` is the crate folder as the student knows it, for messages.
pub(crate) fn inspect(
    crate_dir: &Path,
    files: &[PathBuf],
    shown: &str,
    lang: Lang,
) -> Result<Dependencies, String> {
    let mut manifests = Vec::new();
    let mut from_registry = false;
    for relative in files {
        let name = relative.file_name().and_then(|name| name.to_str());
        let place = format!("{shown}/{}", relative.display());
        match name {
            Some("Cargo.toml") => {
                let manifest = parse(&crate_dir.join(relative), &place, lang)?;
                let folder = relative.parent().unwrap_or(Path::new(""));
                from_registry |= check_manifest(&manifest, folder, &place, lang)?;
                manifests.push(relative.clone());
            }
            Some("Cargo.lock") => {
                check_lock(
                    &parse(&crate_dir.join(relative), &place, lang)?,
                    &place,
                    lang,
                )?;
                manifests.push(relative.clone());
            }
            _ => {}
        }
    }
    Ok(Dependencies {
        manifests,
        from_registry,
    })
}

/// A manifest or lock file as a table. One that does not parse is refused: checked by nobody,
/// it could hide a git dependency from the policy and show it to cargo.
fn parse(path: &Path, place: &str, lang: Lang) -> Result<toml::Table, String> {
    let text = fs::read_to_string(path).map_err(|error| {
        msg!(
            lang,
            "deps-unreadable",
            place = place,
            error = error.to_string()
        )
    })?;
    text.parse::<toml::Table>().map_err(|error| {
        let first = error.to_string();
        let first = first.lines().next().unwrap_or_default().to_owned();
        msg!(lang, "deps-not-toml", place = place, error = first)
    })
}

/// Checks the lock file cargo resolved for the fetch: whatever the manifests said, only
/// crates.io may appear in it.
pub(crate) fn check_resolved(lock: &Path, shown: &str, lang: Lang) -> Result<(), String> {
    check_lock(&parse(lock, shown, lang)?, shown, lang)
}

/// Checks every dependency of one manifest; true when one comes from crates.io.
fn check_manifest(
    manifest: &toml::Table,
    folder: &Path,
    place: &str,
    lang: Lang,
) -> Result<bool, String> {
    let mut tables: Vec<(String, &toml::Table)> = Vec::new();
    dependency_tables("", manifest, &mut tables);
    if let Some(targets) = manifest.get("target").and_then(toml::Value::as_table) {
        for (cfg, target) in targets {
            if let Some(target) = target.as_table() {
                dependency_tables(&format!("target.{cfg}."), target, &mut tables);
            }
        }
    }
    if let Some(deps) = manifest
        .get("workspace")
        .and_then(|workspace| workspace.get("dependencies"))
        .and_then(toml::Value::as_table)
    {
        tables.push(("workspace.dependencies".into(), deps));
    }
    if let Some(patches) = manifest.get("patch").and_then(toml::Value::as_table) {
        for (source, deps) in patches {
            if let Some(deps) = deps.as_table() {
                tables.push((format!("patch.{source}"), deps));
            }
        }
    }
    if let Some(deps) = manifest.get("replace").and_then(toml::Value::as_table) {
        tables.push(("replace".into(), deps));
    }
    let mut from_registry = false;
    for (table, deps) in tables {
        for (name, spec) in deps {
            let place = format!("{place}: [{table}]");
            from_registry |= check_dependency(name, spec, folder, &place, lang)?;
        }
    }
    Ok(from_registry)
}

fn dependency_tables<'a>(
    prefix: &str,
    table: &'a toml::Table,
    tables: &mut Vec<(String, &'a toml::Table)>,
) {
    for key in DEPENDENCY_TABLES {
        if let Some(deps) = table.get(*key).and_then(toml::Value::as_table) {
            tables.push((format!("{prefix}{key}"), deps));
        }
    }
}

/// One dependency: true when it comes from crates.io.
fn check_dependency(
    name: &str,
    spec: &toml::Value,
    folder: &Path,
    place: &str,
    lang: Lang,
) -> Result<bool, String> {
    let Some(spec) = spec.as_table() else {
        // `name = "1.2"`: crates.io.
        return Ok(true);
    };
    if let Some(url) = spec.get("git").and_then(toml::Value::as_str) {
        return Err(msg!(
            lang,
            "deps-git",
            place = place,
            name = name,
            url = url
        ));
    }
    for key in ["registry", "registry-index"] {
        if let Some(registry) = spec.get(key).and_then(toml::Value::as_str) {
            return Err(msg!(
                lang,
                "deps-registry",
                place = place,
                name = name,
                registry = registry
            ));
        }
    }
    if let Some(path) = spec.get("path").and_then(toml::Value::as_str) {
        if !stays_inside(folder, Path::new(path)) {
            return Err(msg!(
                lang,
                "deps-path-outside",
                place = place,
                name = name,
                path = path
            ));
        }
        return Ok(false);
    }
    // `{ workspace = true }` takes the workspace's entry, checked on its own.
    Ok(spec.get("workspace").is_none())
}

fn check_lock(lock: &toml::Table, place: &str, lang: Lang) -> Result<(), String> {
    let packages = lock
        .get("package")
        .and_then(toml::Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for package in packages {
        let Some(source) = package.get("source").and_then(toml::Value::as_str) else {
            continue;
        };
        if !CRATES_IO.contains(&source) {
            let name = package
                .get("name")
                .and_then(toml::Value::as_str)
                .unwrap_or("?");
            return Err(msg!(
                lang,
                "deps-locked-elsewhere",
                place = place,
                name = name,
                source = source
            ));
        }
    }
    Ok(())
}

/// Whether `path`, written in a manifest in `folder` (relative to the crate), stays inside the
/// crate once `..` are resolved.
fn stays_inside(folder: &Path, path: &Path) -> bool {
    if path.is_absolute() {
        return false;
    }
    let mut depth: usize = folder.components().count();
    for component in path.components() {
        match component {
            Component::ParentDir => match depth.checked_sub(1) {
                Some(less) => depth = less,
                None => return false,
            },
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// Tables of a manifest that decide how its dependencies compile; the rest (the package's name,
/// authors, edition) does not, so crates that differ only there share one set.
const SET_TABLES: &[&str] = &[
    "dependencies",
    "dev-dependencies",
    "dev_dependencies",
    "build-dependencies",
    "build_dependencies",
    "target",
    "features",
    "workspace",
    "patch",
    "replace",
    "profile",
];

/// The key of the crate's dependency set (see `shared`): its manifests' dependency tables and
/// its lock files' crates.io packages, with the toolchain that compiles them.
pub(crate) fn set_key(crate_dir: &Path, deps: &Dependencies, toolchain: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut feed = |part: &str| {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    };
    feed(env!("CARGO_PKG_VERSION"));
    feed(toolchain);
    let mut manifests = deps.manifests.clone();
    manifests.sort();
    for relative in &manifests {
        feed(&relative.to_string_lossy());
        let table = fs::read_to_string(crate_dir.join(relative))
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
            .unwrap_or_default();
        if relative
            .file_name()
            .is_some_and(|name| name == "Cargo.lock")
        {
            let mut packages: Vec<String> = table
                .get("package")
                .and_then(toml::Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter(|package| package.get("source").is_some())
                .map(|package| {
                    ["name", "version", "checksum"]
                        .map(|key| package.get(key).and_then(toml::Value::as_str).unwrap_or(""))
                        .join("@")
                })
                .collect();
            packages.sort();
            feed(&packages.join("\n"));
        } else {
            for key in SET_TABLES {
                if let Some(value) = table.get(*key) {
                    feed(key);
                    feed(&value.to_string());
                }
            }
        }
    }
    format!("{:x}", hasher.finalize())
}

/// Writes what the fetch sees into `to`: the manifests and lock files, and an empty `src/main.rs`
/// and `src/lib.rs` beside each manifest, since cargo refuses a package without a target.
pub(crate) fn stage(crate_dir: &Path, deps: &Dependencies, to: &Path) -> std::io::Result<()> {
    for relative in &deps.manifests {
        let target = to.join(relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(crate_dir.join(relative), &target)?;
        if relative
            .file_name()
            .is_some_and(|name| name == "Cargo.toml")
        {
            let src = target.with_file_name("src");
            fs::create_dir_all(&src)?;
            fs::write(src.join("main.rs"), "fn main() {}\n")?;
            fs::write(src.join("lib.rs"), "")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<bool, String> {
        let manifest: toml::Table = text.parse().expect("toml");
        check_manifest(&manifest, Path::new(""), "cube/Cargo.toml", Lang::En)
    }

    #[test]
    fn crates_io_and_inner_paths_pass() {
        assert_eq!(check("[dependencies]\nrayon = \"1\"\n"), Ok(true));
        assert_eq!(
            check("[dependencies]\nhelper = { path = \"helper\" }\n"),
            Ok(false)
        );
        assert_eq!(
            check("[target.'cfg(unix)'.dependencies]\nlibc = { version = \"0.2\" }\n"),
            Ok(true)
        );
    }

    #[test]
    fn git_registries_and_outer_paths_are_refused_with_the_place() {
        let error = check("[build-dependencies]\nevil = { git = \"ssh://git@127.0.0.1/x\" }\n")
            .expect_err("git");
        assert!(
            error.starts_with("cube/Cargo.toml: [build-dependencies]: `evil` comes from git"),
            "{error}"
        );
        let error =
            check("[patch.crates-io]\nitoa = { git = \"https://x/itoa\" }\n").expect_err("patch");
        assert!(error.contains("[patch.crates-io]"), "{error}");
        assert!(check("[dependencies]\nx = { version = \"1\", registry = \"corp\" }\n").is_err());
        let error = check("[dependencies]\nother = { path = \"../../alice/cube\" }\n")
            .expect_err("outside");
        assert!(error.contains("outside the crate"), "{error}");
        assert!(check("[dependencies]\nroot = { path = \"/etc\" }\n").is_err());
    }

    #[test]
    fn crates_that_differ_only_in_their_package_share_a_set() {
        let dir = tempfile::tempdir().expect("tempdir");
        let key = |manifest: &str| {
            fs::write(dir.path().join("Cargo.toml"), manifest).expect("write");
            let deps = Dependencies {
                manifests: vec![PathBuf::from("Cargo.toml")],
                from_registry: true,
            };
            set_key(dir.path(), &deps, "rustc 1.95.0")
        };
        let alice = key("[package]\nname = \"cube\"\n[dependencies]\nrayon = \"1\"\n");
        let bob = key(
            "[package]\nname = \"bob_cube\"\nedition = \"2021\"\n[dependencies]\nrayon = \"1\"\n",
        );
        let carol = key("[package]\nname = \"cube\"\n[dependencies]\nrayon = \"1.10\"\n");
        let dave = key("[package]\nname = \"cube\"\n[dependencies]\nrayon = \"1\"\n[profile.release]\nopt-level = 1\n");
        assert_eq!(alice, bob);
        assert_ne!(alice, carol);
        assert_ne!(alice, dave);
    }

    #[test]
    fn paths_are_resolved_from_the_manifest_folder() {
        assert!(stays_inside(Path::new("helper"), Path::new("../other")));
        assert!(!stays_inside(Path::new("helper"), Path::new("../../other")));
        assert!(stays_inside(Path::new(""), Path::new("./a/../b")));
    }

    #[test]
    fn a_manifest_that_does_not_parse_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("Cargo.toml"), "[dependencies\nevil = 1\n").expect("write");
        let error = inspect(dir.path(), &[PathBuf::from("Cargo.toml")], "cube", Lang::En)
            .expect_err("refused");
        assert!(
            error.starts_with("cube/Cargo.toml: not valid TOML"),
            "{error}"
        );
    }

    // Regression: a TOML 1.1 multi-line inline table, which cargo reads, hid a git dependency
    // from a TOML 1.0 parser that skipped what it could not parse.
    #[test]
    fn a_git_dependency_in_a_toml_1_1_inline_table_is_refused() {
        let manifest: toml::Table =
            "[dependencies]\nevil = {\n  git = \"https://127.0.0.1/evil.git\",\n}\n"
                .parse()
                .expect("TOML 1.1");
        let error =
            check_manifest(&manifest, Path::new(""), "cube/Cargo.toml", Lang::En).expect_err("git");
        assert!(error.contains("`evil` comes from git"), "{error}");
    }

    #[test]
    fn a_lock_naming_git_is_refused() {
        let lock: toml::Table = "[[package]]\nname = \"evil\"\nversion = \"0.1.0\"\n\
                                 source = \"git+ssh://git@127.0.0.1/evil#abc\"\n"
            .parse()
            .expect("toml");
        let error = check_lock(&lock, "cube/Cargo.lock", Lang::En).expect_err("git");
        assert!(error.contains("`evil` is locked to git+ssh"), "{error}");
        let lock: toml::Table = "[[package]]\nname = \"itoa\"\nversion = \"1.0.0\"\n\
                                 source = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
            .parse()
            .expect("toml");
        assert_eq!(check_lock(&lock, "cube/Cargo.lock", Lang::En), Ok(()));
    }
}
