//! Which files make a solution: a Python script and the local modules it imports, a Rust
//! crate's sources; read without following links or leaving the student's folder.

use std::path::{Component, Path, PathBuf};

use super::imports::{python_files, MAX_FILES};
use crate::discover::Entry;
use crate::report::Language;

/// Entries looked at under a Rust crate's `src/`, so that a tree of empty folders ends the walk.
const MAX_WALKED: usize = 10_000;
/// Folder depth walked under a Rust crate's `src/`.
const MAX_DEPTH: usize = 16;

/// The solution's source files: for Python the entry script plus the local modules it imports
/// (`import x`, `from x import y`, `from . import y`, where `x.py` or `x/__init__.py` is next to
/// it, transitively, at most 50 files); for Rust every .rs file under the crate's `src/` (and
/// `build.rs` if present). Files that are not UTF-8 are decoded lossily; files over 1 MiB skipped.
/// Paths relative to `folder` (the student's folder).
pub fn solution_sources(entry: &Entry, folder: &Path) -> Vec<(String, String)> {
    let tree = FileTree::new(entry, folder);
    match entry.language {
        Language::Python => python_sources(&entry.path, &tree),
        Language::Rust => rust_sources(&entry.path, &tree),
    }
}

/// Where a solution's files may be read from, and how the report names them.
struct FileTree {
    /// No file outside it is read.
    root: PathBuf,
    /// What `root` is, relative to the student's folder.
    prefix: PathBuf,
}

impl FileTree {
    fn new(entry: &Entry, folder: &Path) -> FileTree {
        if entry.path.starts_with(folder) {
            return FileTree {
                root: folder.to_path_buf(),
                prefix: PathBuf::new(),
            };
        }
        // An entry given outside `folder`: confine the reading to its own folder.
        let root = match entry.language {
            Language::Python => entry.path.parent().unwrap_or(Path::new("")),
            Language::Rust => entry.path.as_path(),
        };
        FileTree {
            root: root.to_path_buf(),
            prefix: entry
                .relative
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
        }
    }

    /// `path` as the report shows it: relative to the student's folder, '/'-separated.
    fn shown(&self, path: &Path) -> String {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        self.prefix
            .join(relative)
            .components()
            .filter_map(|component| match component {
                Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
                Component::CurDir
                | Component::ParentDir
                | Component::RootDir
                | Component::Prefix(_) => None,
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// A regular file, not a link: a link may lead out of the submission.
fn is_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_file())
}

/// A folder, not a link to one.
fn is_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_dir())
}

/// A source file's text, or None when it is missing, a link, or over the size limit.
fn read_source(path: &Path) -> Option<String> {
    let metadata = std::fs::symlink_metadata(path).ok()?;
    if !metadata.file_type().is_file() || metadata.len() > crate::scratch::MAX_SOURCE_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// The entry script, then the local modules it imports (see [`python_files`]).
fn python_sources(script: &Path, tree: &FileTree) -> Vec<(String, String)> {
    python_files(script, &tree.root)
        .files
        .iter()
        .filter_map(|path| Some((tree.shown(path), read_source(path)?)))
        .collect()
}

/// `src/main.rs`, `src/lib.rs`, the other files under `src/` in path order, then `build.rs`.
fn rust_sources(krate: &Path, tree: &FileTree) -> Vec<(String, String)> {
    let src = krate.join("src");
    let mut paths = Vec::new();
    // `read_dir` would follow a linked `src`.
    let mut folders = if is_dir(&src) {
        vec![(src.clone(), 0)]
    } else {
        Vec::new()
    };
    let mut walked = 0;
    while let Some((folder, depth)) = folders.pop() {
        if walked > MAX_WALKED {
            break;
        }
        let Ok(listing) = std::fs::read_dir(&folder) else {
            continue;
        };
        for item in listing.flatten() {
            walked += 1;
            if walked > MAX_WALKED {
                break;
            }
            let path = item.path();
            // `file_type` does not follow links.
            match item.file_type() {
                Ok(kind) if kind.is_dir() && depth < MAX_DEPTH => folders.push((path, depth + 1)),
                Ok(kind) if kind.is_file() && path.extension().is_some_and(|ext| ext == "rs") => {
                    paths.push(path);
                }
                _ => {}
            }
        }
    }
    let first = [src.join("main.rs"), src.join("lib.rs")];
    paths.sort_by_key(|path| (!first.contains(path), path != &first[0], path.clone()));
    let build = krate.join("build.rs");
    if is_file(&build) {
        paths.push(build);
    }
    paths
        .iter()
        .filter_map(|path| Some((tree.shown(path), read_source(path)?)))
        .take(MAX_FILES)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::fs;

    use crate::checks::source::constant_in_source;

    fn write(root: &Path, relative: &str, text: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    fn python_entry(folder: &Path, script: &str) -> Entry {
        Entry {
            language: Language::Python,
            path: folder.join(script),
            relative: PathBuf::from(script),
        }
    }

    fn names(sources: &[(String, String)]) -> Vec<&str> {
        sources.iter().map(|(name, _)| name.as_str()).collect()
    }

    #[test]
    fn python_entry_and_its_local_imports() {
        let folder = tempfile::tempdir().expect("tempdir");
        let root = folder.path();
        write(root, "cube.py", "import os\nimport helper\nfrom tools import maths\n\ndef main():\n    from pkg.sub import thing\n");
        write(
            root,
            "helper.py",
            "from . import sibling\nTOTAL = 24502500\n",
        );
        write(root, "sibling.py", "import cube\n");
        write(root, "tools.py", "");
        write(root, "pkg/__init__.py", "");
        write(root, "pkg/sub.py", "");
        write(root, "unrelated.py", "print(24502500)\n");
        let sources = solution_sources(&python_entry(root, "cube.py"), root);
        assert_eq!(
            names(&sources),
            [
                "cube.py",
                "helper.py",
                "tools.py",
                "pkg/__init__.py",
                "pkg/sub.py",
                "sibling.py"
            ]
        );
        let place = constant_in_source(&sources, Language::Python, "24502500");
        assert_eq!(
            place.map(|place| (place.file, place.line)),
            Some(("helper.py".to_string(), 2))
        );
    }

    #[test]
    fn python_package_submodules_imported_by_name() {
        let folder = tempfile::tempdir().expect("tempdir");
        let root = folder.path();
        write(
            root,
            "ex/cube.py",
            "from lib import work, other as o\nfrom .. import outside\n",
        );
        write(root, "ex/lib/__init__.py", "");
        write(root, "ex/lib/work.py", "");
        write(root, "ex/lib/other/__init__.py", "");
        write(root, "outside.py", "");
        let sources = solution_sources(&python_entry(root, "ex/cube.py"), root);
        assert_eq!(
            names(&sources),
            [
                "ex/cube.py",
                "ex/lib/__init__.py",
                "ex/lib/work.py",
                "ex/lib/other/__init__.py",
                "outside.py"
            ]
        );
    }

    #[test]
    fn python_relative_imports_stay_in_the_folder() {
        let folder = tempfile::tempdir().expect("tempdir");
        let student = folder.path().join("student");
        write(folder.path(), "secret.py", "");
        write(
            &student,
            "cube.py",
            "from .. import secret\nfrom ... import secret\n",
        );
        let sources = solution_sources(&python_entry(&student, "cube.py"), &student);
        assert_eq!(names(&sources), ["cube.py"]);
    }

    #[test]
    fn python_sources_are_capped_and_decoded() {
        let folder = tempfile::tempdir().expect("tempdir");
        let root = folder.path();
        let imports: String = (0..60).map(|n| format!("import m{n}\n")).collect();
        write(root, "cube.py", &imports);
        for n in 0..60 {
            write(root, &format!("m{n}.py"), "");
        }
        let sources = solution_sources(&python_entry(root, "cube.py"), root);
        assert_eq!(sources.len(), MAX_FILES);

        fs::write(root.join("cube.py"), b"import big\n# r\xE9sultat\n").expect("write");
        let big = vec![b'#'; (crate::scratch::MAX_SOURCE_BYTES + 1) as usize];
        fs::write(root.join("big.py"), big).expect("write");
        let sources = solution_sources(&python_entry(root, "cube.py"), root);
        assert_eq!(names(&sources), ["cube.py"]);
        assert!(sources[0].1.contains("r\u{FFFD}sultat"));
    }

    #[test]
    fn rust_files_under_src_and_build_rs() {
        let folder = tempfile::tempdir().expect("tempdir");
        let root = folder.path();
        write(root, "cube/Cargo.toml", "[package]\nname = \"cube\"\n");
        write(root, "cube/build.rs", "fn main() {}\n");
        write(root, "cube/src/a.rs", "");
        write(root, "cube/src/lib.rs", "");
        write(root, "cube/src/main.rs", "");
        write(root, "cube/src/work/mod.rs", "");
        write(root, "cube/src/notes.txt", "");
        write(root, "cube/target/debug/build/out.rs", "");
        write(root, "cube/tests/it.rs", "");
        let entry = Entry {
            language: Language::Rust,
            path: root.join("cube"),
            relative: PathBuf::from("cube/Cargo.toml"),
        };
        let sources = solution_sources(&entry, root);
        assert_eq!(
            names(&sources),
            [
                "cube/src/main.rs",
                "cube/src/lib.rs",
                "cube/src/a.rs",
                "cube/src/work/mod.rs",
                "cube/build.rs"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_not_followed() {
        let folder = tempfile::tempdir().expect("tempdir");
        let root = folder.path();
        write(root, "elsewhere/helper.py", "");
        write(root, "student/cube.py", "import helper\n");
        std::os::unix::fs::symlink(
            root.join("elsewhere/helper.py"),
            root.join("student/helper.py"),
        )
        .expect("symlink");
        let student = root.join("student");
        let sources = solution_sources(&python_entry(&student, "cube.py"), &student);
        assert_eq!(names(&sources), ["cube.py"]);
    }
}
