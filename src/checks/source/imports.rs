//! Which files of the student's folder a Python script loads: the script, then the local modules
//! it imports, transitively, as Python's path finder would find them next to the script.
//!
//! Read on tree-sitter trees (`import_statement`, `import_from_statement`, and
//! `importlib.import_module` or `__import__` of a name written as a string), wherever they sit:
//! in a function, a `try:` block, under an `if`. A name that is no file of the folder (the standard
//! library, an installed package) adds nothing. Nothing outside the folder is read: relative
//! imports stop at its top, symbolic links are never followed, and at most [`MAX_FILES`] files are
//! listed.

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};

use tree_sitter::Node;

use super::push_children;
use crate::lint::syntax::parse;
use crate::lint::SourceLanguage;

/// Files listed for one script: a solution to an exercise is a handful of files.
pub const MAX_FILES: usize = 50;

/// The files a script loads, the script first, then breadth first in import order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptFiles {
    pub files: Vec<PathBuf>,
    /// More files were imported than [`MAX_FILES`]: the others are not listed.
    pub capped: bool,
}

/// The files `script` loads from `root`, the student's folder (the script's own folder when the
/// script is not under `root`). Each file is listed once, whatever the number of paths leading
/// to it, and an import cycle ends when it comes back to a listed file. A file listed may still
/// be unreadable (too large, not UTF-8): the caller reports it; its imports are read anyway.
pub fn python_files(script: &Path, root: &Path) -> ScriptFiles {
    let root = if script.starts_with(root) {
        root
    } else {
        script.parent().unwrap_or(Path::new(""))
    };
    // `sys.path[0]` is the script's folder: absolute imports resolve there, from any module.
    let base = script.parent().unwrap_or(Path::new(""));
    let mut queue = VecDeque::from([script.to_path_buf()]);
    let mut seen = HashSet::from([script.to_path_buf()]);
    let mut files = Vec::new();
    while let Some(path) = queue.pop_front() {
        if files.len() == MAX_FILES {
            return ScriptFiles {
                files,
                capped: true,
            };
        }
        if let Some(text) = import_text(&path) {
            for module in local_imports(&text, &path, base, root) {
                if seen.insert(module.clone()) {
                    queue.push_back(module);
                }
            }
        }
        files.push(path);
    }
    ScriptFiles {
        files,
        capped: false,
    }
}

/// The text to read imports from: UTF-8 without its byte order mark, any other byte replaced
/// (import lines are ASCII), or None for a file too large to be a source.
fn import_text(path: &Path) -> Option<String> {
    let metadata = std::fs::symlink_metadata(path).ok()?;
    if !metadata.file_type().is_file() || metadata.len() > crate::scratch::MAX_SOURCE_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// The local files that the imports of `text` (the source of the file at `path`) load, in
/// source order: absolute names resolved in `base`, relative ones from `path`'s folder, never
/// above `root`.
pub fn local_imports(text: &str, path: &Path, base: &Path, root: &Path) -> Vec<PathBuf> {
    let Some(tree) = parse(text, SourceLanguage::Python) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "import_statement" => {
                for name in field_children(node, "name") {
                    resolve_module(base, &module_segments(name, text), &mut found);
                }
            }
            "import_from_statement" => from_import(node, text, path, base, root, &mut found),
            "call" => {
                if let Some(segments) = dynamic_import(node, text) {
                    resolve_module(base, &segments, &mut found);
                }
                push_children(&mut stack, node);
            }
            _ => push_children(&mut stack, node),
        }
    }
    found
}

/// The module named by `importlib.import_module("x.y")`, `import_module("x")` or
/// `__import__("x")` when the name is written as a plain string; a computed name cannot be read.
fn dynamic_import(call: Node, text: &str) -> Option<Vec<String>> {
    let function = &text[call.child_by_field_name("function")?.byte_range()];
    let callee = function.rsplit('.').next().unwrap_or(function);
    if callee != "import_module" && callee != "__import__" {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let first = arguments.named_children(&mut cursor).next()?;
    if first.kind() != "string" {
        return None;
    }
    let literal = &text[first.byte_range()];
    let name = literal
        .strip_prefix(['"', '\''])?
        .strip_suffix(['"', '\''])?;
    let plain = !name.is_empty()
        && name
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_'));
    plain.then(|| name.split('.').map(str::to_string).collect())
}

/// `from x import y`, `from . import y`, `from ..x.y import z`: the module, then each imported
/// name that is a submodule of it.
fn from_import(
    node: Node,
    text: &str,
    path: &Path,
    base: &Path,
    root: &Path,
    found: &mut Vec<PathBuf>,
) {
    let Some(module) = node.child_by_field_name("module_name") else {
        return;
    };
    let (start, segments) = match module.kind() {
        "relative_import" => {
            let mut cursor = module.walk();
            let children: Vec<Node> = module.named_children(&mut cursor).collect();
            let dots = children
                .iter()
                .find(|child| child.kind() == "import_prefix")
                .map_or(0, |prefix| text[prefix.byte_range()].matches('.').count());
            let segments = children
                .iter()
                .find(|child| child.kind() == "dotted_name")
                .map(|name| module_segments(*name, text))
                .unwrap_or_default();
            let mut start = path.parent().unwrap_or(Path::new("")).to_path_buf();
            for _ in 1..dots {
                if !start.pop() {
                    return;
                }
            }
            if !start.starts_with(root) {
                return;
            }
            (start, segments)
        }
        _ => (base.to_path_buf(), module_segments(module, text)),
    };
    let Some(package) = resolve_module(&start, &segments, found) else {
        return;
    };
    for name in field_children(node, "name") {
        resolve_module(&package, &module_segments(name, text), found);
    }
}

/// The children of `node` under `field`, in order.
fn field_children<'t>(node: Node<'t>, field: &str) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.children_by_field_name(field, &mut cursor).collect()
}

/// The names of a `dotted_name` or `aliased_import`: `a.b as c` is `["a", "b"]`.
fn module_segments(node: Node, text: &str) -> Vec<String> {
    let name = match node.kind() {
        "aliased_import" => match node.child_by_field_name("name") {
            Some(name) => name,
            None => return Vec::new(),
        },
        _ => node,
    };
    let mut cursor = name.walk();
    name.named_children(&mut cursor)
        .filter(|child| child.kind() == "identifier")
        .map(|child| text[child.byte_range()].to_string())
        .collect()
}

/// Adds the files that importing `segments` from `start` runs (each package's `__init__.py`, then
/// the module); returns the folder of the last package when the whole name is a package.
///
/// As Python's finder does for one path entry: a folder with `__init__.py`, then `name.py`, then
/// a folder without (a namespace package). A folder that is a link is no package here: the
/// files under it may be anywhere.
fn resolve_module(start: &Path, segments: &[String], found: &mut Vec<PathBuf>) -> Option<PathBuf> {
    let mut folder = start.to_path_buf();
    for segment in segments {
        let package = folder.join(segment);
        let is_package = is_dir(&package);
        let init = package.join("__init__.py");
        let module = folder.join(format!("{segment}.py"));
        if is_package && is_file(&init) {
            found.push(init);
        } else if is_file(&module) {
            found.push(module);
            return None;
        } else if !is_package {
            return None;
        }
        folder = package;
    }
    Some(folder)
}

/// A regular file, not a link: a link may lead out of the submission.
fn is_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_file())
}

/// A folder, not a link to one.
fn is_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::fs;

    fn write(root: &Path, relative: &str, text: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    /// The files the imports of `text`, as the source of `root/cube.py`, load: relative to
    /// `root`, '/'-separated, sorted.
    fn imports_of(root: &Path, text: &str) -> Vec<String> {
        let mut files: Vec<String> = local_imports(text, &root.join("cube.py"), root, root)
            .iter()
            .map(|path| shown(root, path))
            .collect();
        files.sort();
        files
    }

    fn shown(root: &Path, path: &Path) -> String {
        path.strip_prefix(root)
            .expect("under the root")
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// A student's folder with a module, a package with submodules, and a file above it.
    fn student() -> (tempfile::TempDir, PathBuf) {
        let folder = tempfile::tempdir().expect("tempdir");
        let root = folder.path().join("student");
        write(folder.path(), "secret.py", "");
        write(&root, "cube.py", "");
        write(&root, "helper.py", "");
        write(&root, "utils/__init__.py", "");
        write(&root, "utils/calc.py", "");
        write(&root, "utils/deep/__init__.py", "");
        (folder, root)
    }

    #[test]
    fn every_spelling_of_an_import_finds_the_module() {
        let (_folder, root) = student();
        for text in [
            "import helper\n",
            "import helper as h\n",
            "import os, helper\n",
            "from helper import f\n",
            "from helper import *\n",
            "from . import helper\n",
            "from .helper import f\n",
            "from .helper import f as g, h\n",
            "def main():\n    import helper\n",
            "try:\n    import helper\nexcept ImportError:\n    helper = None\n",
            "if True:\n    from helper import (\n        f,\n        g,\n    )\n",
            "import importlib\nmodule = importlib.import_module(\"helper\")\n",
            "from importlib import import_module as load\nmodule = import_module('helper')\n",
            "module = __import__(\"helper\")\n",
        ] {
            assert_eq!(imports_of(&root, text), ["helper.py"], "{text}");
        }
    }

    #[test]
    fn a_package_runs_its_init_and_the_submodules_imported() {
        let (_folder, root) = student();
        let package = ["utils/__init__.py"];
        let with_calc = ["utils/__init__.py", "utils/calc.py"];
        assert_eq!(imports_of(&root, "import utils\n"), package);
        assert_eq!(imports_of(&root, "from utils import helper\n"), package);
        assert_eq!(imports_of(&root, "from utils import calc\n"), with_calc);
        assert_eq!(imports_of(&root, "import utils.calc\n"), with_calc);
        assert_eq!(imports_of(&root, "import utils.calc as c\n"), with_calc);
        assert_eq!(imports_of(&root, "from utils.calc import f\n"), with_calc);
        assert_eq!(imports_of(&root, "from .utils import calc\n"), with_calc);
        assert_eq!(
            imports_of(&root, "from utils.deep import x\n"),
            ["utils/__init__.py", "utils/deep/__init__.py"]
        );
    }

    #[test]
    fn the_standard_library_and_installed_packages_add_nothing() {
        let (_folder, root) = student();
        let text = "import os\nimport os.path\nfrom multiprocessing import Pool\n\
                    import numpy as np\nfrom concurrent.futures import ProcessPoolExecutor\n\
                    from typing import *\n";
        assert!(imports_of(&root, text).is_empty());
        // A name computed at run time cannot be read: silence, not a guess.
        for text in [
            "import importlib\nname = 'helper'\nimportlib.import_module(name)\n",
            "__import__(f\"{'help'}er\")\n",
            "__import__('help' 'er')\n",
            "__import__('../helper')\n",
            "print(\"helper\")\n",
        ] {
            assert!(imports_of(&root, text).is_empty(), "{text}");
        }
        assert_eq!(
            imports_of(&root, "__import__(\"utils.calc\")\n"),
            ["utils/__init__.py", "utils/calc.py"]
        );
    }

    #[test]
    fn relative_imports_resolve_from_the_importing_file() {
        let (_folder, root) = student();
        let calc = root.join("utils/calc.py");
        let found = |text: &str| -> Vec<String> {
            local_imports(text, &calc, &root, &root)
                .iter()
                .map(|path| shown(&root, path))
                .collect()
        };
        assert_eq!(found("from . import deep\n"), ["utils/deep/__init__.py"]);
        assert_eq!(found("from .. import helper\n"), ["helper.py"]);
        // Absolute names resolve in the script's folder, from any module.
        assert_eq!(found("import helper\n"), ["helper.py"]);
    }

    #[test]
    fn nothing_above_the_folder_is_read() {
        let (_folder, root) = student();
        for text in [
            "from .. import secret\n",
            "from ..secret import f\n",
            "from ... import secret\n",
            "from .......... import secret\n",
            "import secret\n",
        ] {
            assert!(imports_of(&root, text).is_empty(), "{text}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_are_not_followed() {
        let (folder, root) = student();
        write(folder.path(), "elsewhere/__init__.py", "");
        write(folder.path(), "elsewhere/calc.py", "");
        std::os::unix::fs::symlink(folder.path().join("secret.py"), root.join("linked.py"))
            .expect("symlink");
        std::os::unix::fs::symlink(folder.path().join("elsewhere"), root.join("package"))
            .expect("symlink");
        for text in [
            "import linked\n",
            "from package import calc\n",
            "import package.calc\n",
        ] {
            assert!(imports_of(&root, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_cycle_ends_and_each_file_is_listed_once() {
        let folder = tempfile::tempdir().expect("tempdir");
        let root = folder.path();
        write(
            root,
            "cube.py",
            "import helper\nimport cube\nfrom utils import calc\n",
        );
        write(root, "helper.py", "from utils import calc\nimport cube\n");
        write(root, "utils/__init__.py", "from . import calc\n");
        write(
            root,
            "utils/calc.py",
            "import helper\nfrom .. import cube\n",
        );
        let listed = python_files(&root.join("cube.py"), root);
        let files: Vec<String> = listed.files.iter().map(|path| shown(root, path)).collect();
        assert_eq!(
            files,
            ["cube.py", "helper.py", "utils/__init__.py", "utils/calc.py"]
        );
        assert!(!listed.capped);
    }

    #[test]
    fn the_list_is_capped_and_says_so() {
        let folder = tempfile::tempdir().expect("tempdir");
        let root = folder.path();
        let imports: String = (0..60).map(|n| format!("import m{n}\n")).collect();
        write(root, "cube.py", &imports);
        for n in 0..60 {
            write(root, &format!("m{n}.py"), "");
        }
        let listed = python_files(&root.join("cube.py"), root);
        assert_eq!(listed.files.len(), MAX_FILES);
        assert!(listed.capped);
        // Exactly at the cap: nothing is left out.
        fs::write(
            root.join("cube.py"),
            &imports[..imports.find("import m49").expect("m49")],
        )
        .expect("write");
        let listed = python_files(&root.join("cube.py"), root);
        assert_eq!(listed.files.len(), MAX_FILES);
        assert!(!listed.capped);
    }

    #[test]
    fn a_bom_or_a_file_not_utf8_still_has_its_imports_followed() {
        let folder = tempfile::tempdir().expect("tempdir");
        let root = folder.path();
        fs::write(root.join("cube.py"), b"\xEF\xBB\xBFimport helper\n").expect("write");
        fs::write(root.join("helper.py"), b"# r\xE9sultat\nimport calc\n").expect("write");
        write(root, "calc.py", "");
        let listed = python_files(&root.join("cube.py"), root);
        let files: Vec<String> = listed.files.iter().map(|path| shown(root, path)).collect();
        assert_eq!(files, ["cube.py", "helper.py", "calc.py"]);
    }
}
