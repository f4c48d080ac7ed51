//! Reading a solution's source for what its output alone cannot tell: whether the printed result
//! is written in the code as a constant, and whether a Rust solution passes its results through a
//! channel.
//!
//! Both questions are answered on tree-sitter trees (the lint's parsers), never on raw text, so
//! that comments, docstrings, comparisons and assertions are told apart from code that prints.
//! A student who checks their answer against the expected value must not be accused of copying
//! it: a literal counts only where it could reach the output.

use std::collections::{HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};

use tree_sitter::{Node, Tree};

use crate::discover::Entry;
use crate::lint::syntax::parse;
use crate::lint::SourceLanguage;
use crate::report::Language;

/// Sources read for one solution: a solution to an exercise is a handful of files.
const MAX_FILES: usize = 50;
/// Entries looked at under a Rust crate's `src/`, so that a tree of empty folders ends the walk.
const MAX_WALKED: usize = 10_000;
/// Folder depth walked under a Rust crate's `src/`.
const MAX_DEPTH: usize = 16;
/// Characters of a line quoted in a [`Place`].
const MAX_QUOTE_CHARS: usize = 120;
/// Values with fewer digits are too common to be told from honest code (`3`, `42`).
const MIN_DIGITS: usize = 3;

/// A place in the student's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Relative to the student's folder, '/'-separated.
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// That line, trimmed, at most 120 characters.
    pub text: String,
}

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

/// Where the printed result `value` (decimal text as the program printed it, e.g. "24502500" or
/// "-3") is written in the code as a constant that can reach the output, if anywhere.
///
/// Integer literals of that value and strings holding it as a whole number count; comments,
/// docstrings, operands of comparisons, assertions and `match`/`case` patterns do not, nor a
/// constant bound to a name that is only ever compared or asserted. Values of fewer than three
/// digits are never looked for.
pub fn constant_in_source(
    sources: &[(String, String)],
    language: Language,
    value: &str,
) -> Option<Place> {
    let wanted = Wanted::parse(value)?;
    let language = source_language(language);
    let files: Vec<Scanned> = sources
        .iter()
        .filter_map(|(file, text)| {
            let tree = parse(text, language)?;
            let items = match language {
                SourceLanguage::Python => python_items(tree.root_node(), text),
                SourceLanguage::Rust => rust_items(tree.root_node(), text),
            };
            Some(Scanned { file, text, items })
        })
        .collect();
    files.iter().find_map(|scanned| {
        scanned.items.iter().find_map(|item| {
            if item.excluded {
                return None;
            }
            let at = wanted.found_in(item, language)?;
            let reaches = item
                .bound_to
                .is_none_or(|name| name_reaches_output(&files, name));
            reaches.then(|| place(scanned.file, scanned.text, at))
        })
    })
}

/// Rust: where the solution creates a channel and sends on it: `std::sync::mpsc` (`channel`,
/// `sync_channel`), `crossbeam-channel` / `crossbeam::channel` (`unbounded`, `bounded`), `flume`
/// (`unbounded`, `bounded`), called by full path, through a module or after a `use`. Returns the
/// place of the first constructor call; None when there is none or nothing is ever `.send(...)`-ed.
pub fn rust_channel(sources: &[(String, String)]) -> Option<Place> {
    let trees: Vec<(&String, &String, Tree)> = sources
        .iter()
        .filter_map(|(file, text)| Some((file, text, parse(text, SourceLanguage::Rust)?)))
        .collect();
    let sends = trees
        .iter()
        .any(|(_, text, tree)| calls(tree.root_node()).any(|call| is_send(call, text)));
    if !sends {
        return None;
    }
    trees.iter().find_map(|(file, text, tree)| {
        let uses = Uses::of(tree.root_node(), text);
        calls(tree.root_node())
            .find(|&call| is_channel_constructor(call, text, &uses))
            .map(|call| place(file, text, call.start_byte()))
    })
}

fn source_language(language: Language) -> SourceLanguage {
    match language {
        Language::Python => SourceLanguage::Python,
        Language::Rust => SourceLanguage::Rust,
    }
}

/// The place of byte `offset` of `text`.
fn place(file: &str, text: &str, offset: usize) -> Place {
    let start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let end = text[offset..]
        .find('\n')
        .map_or(text.len(), |at| offset + at);
    let line = text[..offset].matches('\n').count() + 1;
    Place {
        file: file.to_string(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        text: text[start..end]
            .trim()
            .chars()
            .take(MAX_QUOTE_CHARS)
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Which files

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

/// The entry script, then the local modules it imports, breadth first.
fn python_sources(script: &Path, tree: &FileTree) -> Vec<(String, String)> {
    // `sys.path[0]` is the script's folder: absolute imports resolve there, from any module.
    let base = script.parent().unwrap_or(Path::new(""));
    let mut queue = VecDeque::from([script.to_path_buf()]);
    let mut seen = HashSet::from([script.to_path_buf()]);
    let mut sources = Vec::new();
    while let Some(path) = queue.pop_front() {
        if sources.len() == MAX_FILES {
            break;
        }
        let Some(text) = read_source(&path) else {
            continue;
        };
        for module in python_imports(&text, &path, base, &tree.root) {
            if seen.insert(module.clone()) {
                queue.push_back(module);
            }
        }
        sources.push((tree.shown(&path), text));
    }
    sources
}

/// The local files that the imports of `text` (the file at `path`) load.
fn python_imports(text: &str, path: &Path, base: &Path, root: &Path) -> Vec<PathBuf> {
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
            _ => push_children(&mut stack, node),
        }
    }
    found
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
/// a folder without (a namespace package).
fn resolve_module(start: &Path, segments: &[String], found: &mut Vec<PathBuf>) -> Option<PathBuf> {
    let mut folder = start.to_path_buf();
    for segment in segments {
        let package = folder.join(segment);
        let init = package.join("__init__.py");
        let module = folder.join(format!("{segment}.py"));
        if is_file(&init) {
            found.push(init);
        } else if is_file(&module) {
            found.push(module);
            return None;
        } else if !is_dir(&package) {
            return None;
        }
        folder = package;
    }
    Some(folder)
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

// ---------------------------------------------------------------------------------------------
// Literals and names

/// The value looked for: its sign and its digits, without leading zeros.
struct Wanted {
    negative: bool,
    digits: String,
}

impl Wanted {
    fn parse(value: &str) -> Option<Wanted> {
        let value = value.trim();
        let (negative, magnitude) = match value.strip_prefix('-') {
            Some(magnitude) => (true, magnitude),
            None => (false, value.strip_prefix('+').unwrap_or(value)),
        };
        if magnitude.is_empty() || !magnitude.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let digits = magnitude.trim_start_matches('0');
        (digits.len() >= MIN_DIGITS).then(|| Wanted {
            negative,
            digits: digits.to_string(),
        })
    }

    /// The byte offset at which `item` holds the value, if it does.
    fn found_in(&self, item: &Item, language: SourceLanguage) -> Option<usize> {
        match item.kind {
            ItemKind::Integer { literal, negative } => (negative == self.negative
                && integer_digits(literal, language).as_deref() == Some(self.digits.as_str()))
            .then_some(item.offset),
            ItemKind::Text(text) => self.position_in(text).map(|at| item.offset + at),
            ItemKind::Name(_) => None,
        }
    }

    /// Where `text` holds the value as a whole number: not part of a longer number.
    fn position_in(&self, text: &str) -> Option<usize> {
        let needle = if self.negative {
            format!("-{}", self.digits)
        } else {
            self.digits.clone()
        };
        text.match_indices(&needle).map(|(at, _)| at).find(|&at| {
            let before: Vec<char> = text[..at].chars().rev().take(2).collect();
            let after: Vec<char> = text[at + needle.len()..].chars().take(2).collect();
            !continues_number(&before) && !continues_number(&after)
        })
    }
}

/// Whether the characters next to a number, nearest first, make it part of a longer one: a digit,
/// or a decimal point followed by a digit.
fn continues_number(next: &[char]) -> bool {
    match next {
        [first, ..] if first.is_ascii_digit() => true,
        ['.', second, ..] => second.is_ascii_digit(),
        _ => false,
    }
}

/// The decimal digits of an integer literal (no sign, no leading zeros), or None when it is not
/// a plain integer (a Python imaginary `5j`, a hexadecimal number beyond `u128`).
fn integer_digits(literal: &str, language: SourceLanguage) -> Option<String> {
    let clean = literal.replace('_', "").to_ascii_lowercase();
    let (radix, body) = match clean.get(..2) {
        Some("0x") => (16, &clean[2..]),
        Some("0o") => (8, &clean[2..]),
        Some("0b") => (2, &clean[2..]),
        _ => (10, clean.as_str()),
    };
    let body = match language {
        // No hexadecimal digit is an `i` or a `u`: a type suffix starts at the first of them.
        SourceLanguage::Rust => body.split(['i', 'u']).next().unwrap_or(body),
        SourceLanguage::Python => body.strip_suffix('l').unwrap_or(body),
    };
    if radix == 10 {
        if body.is_empty() || !body.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let digits = body.trim_start_matches('0');
        return Some(if digits.is_empty() { "0" } else { digits }.to_string());
    }
    u128::from_str_radix(body, radix)
        .ok()
        .map(|number| number.to_string())
}

/// What the walk of one file records, in source order.
#[derive(Debug, Clone, Copy)]
struct Item<'t> {
    kind: ItemKind<'t>,
    offset: usize,
    /// In a comparison, an assertion or a pattern: it cannot reach the output.
    excluded: bool,
    /// The literal is the whole value bound to this name (`EXPECTED = 24502500`).
    bound_to: Option<&'t str>,
}

#[derive(Debug, Clone, Copy)]
enum ItemKind<'t> {
    /// An integer literal's text, and whether a unary minus applies to it.
    Integer { literal: &'t str, negative: bool },
    /// The text of a string, between interpolations and escapes.
    Text(&'t str),
    /// A use of a name (never the place that binds it).
    Name(&'t str),
}

struct Scanned<'s> {
    file: &'s str,
    text: &'s str,
    items: Vec<Item<'s>>,
}

/// Whether the value bound to `name` can reach the output: some use of the name is neither
/// compared nor asserted. A name never used counts as reaching it.
fn name_reaches_output(files: &[Scanned], name: &str) -> bool {
    let mut used = false;
    for item in files.iter().flat_map(|scanned| &scanned.items) {
        if let ItemKind::Name(used_name) = item.kind {
            if used_name == name {
                if !item.excluded {
                    return true;
                }
                used = true;
            }
        }
    }
    !used
}

fn push_children<'t>(stack: &mut Vec<Node<'t>>, node: Node<'t>) {
    let mut cursor = node.walk();
    let children: Vec<Node<'t>> = node.children(&mut cursor).collect();
    stack.extend(children.into_iter().rev());
}

fn push_flagged<'t>(stack: &mut Vec<(Node<'t>, bool)>, node: Node<'t>, excluded: bool) {
    let mut cursor = node.walk();
    let children: Vec<Node<'t>> = node.children(&mut cursor).collect();
    stack.extend(children.into_iter().rev().map(|child| (child, excluded)));
}

/// Whether `node` is the field `field` of its parent, and that parent is of kind `parent_kind`.
fn is_field_of(node: Node, parent_kind: &str, field: &str) -> bool {
    node.parent().is_some_and(|parent| {
        parent.kind() == parent_kind
            && parent
                .child_by_field_name(field)
                .is_some_and(|child| child.id() == node.id())
    })
}

/// Python: literals, string texts and names. Skipped: comments, imports, statements that are a
/// lone literal (docstrings, strings used as comments); excluded: comparisons, `assert`,
/// `self.assertEqual(...)`-like calls, `case` patterns.
fn python_items<'s>(root: Node, text: &'s str) -> Vec<Item<'s>> {
    let mut items = Vec::new();
    let mut stack = vec![(root, false)];
    while let Some((node, excluded)) = stack.pop() {
        let item = |kind, bound_to| Item {
            kind,
            offset: node.start_byte(),
            excluded,
            bound_to,
        };
        match node.kind() {
            "comment"
            | "import_statement"
            | "import_from_statement"
            | "future_import_statement"
            | "global_statement"
            | "nonlocal_statement" => {}
            "expression_statement" if is_lone_literal(node) => {}
            "comparison_operator" | "assert_statement" | "case_pattern" => {
                push_flagged(&mut stack, node, true);
            }
            "call" if is_python_assert_call(node, text) => push_flagged(&mut stack, node, true),
            "integer" => {
                let negative = is_negated(node, "unary_operator");
                let whole = if negative { node.parent() } else { Some(node) };
                items.push(item(
                    ItemKind::Integer {
                        literal: &text[node.byte_range()],
                        negative,
                    },
                    whole.and_then(|whole| python_bound_name(whole, text)),
                ));
            }
            "string_content" => {
                let string = node.parent().filter(|parent| parent.kind() == "string");
                items.push(item(
                    ItemKind::Text(&text[node.byte_range()]),
                    string.and_then(|string| python_bound_name(string, text)),
                ));
            }
            "identifier" if !is_python_binding(node) => {
                items.push(item(ItemKind::Name(&text[node.byte_range()]), None));
            }
            _ => push_flagged(&mut stack, node, excluded),
        }
    }
    items
}

/// A statement that is only a literal does nothing: a docstring, a string used as a comment.
fn is_lone_literal(statement: Node) -> bool {
    let mut cursor = statement.walk();
    let children: Vec<Node> = statement.named_children(&mut cursor).collect();
    matches!(
        children.as_slice(),
        [only] if matches!(only.kind(), "string" | "concatenated_string" | "integer" | "float")
    )
}

/// `assertEqual(...)`, `self.assertEqual(...)`, `np.testing.assert_equal(...)`.
fn is_python_assert_call(call: Node, text: &str) -> bool {
    let name = call
        .child_by_field_name("function")
        .and_then(|function| match function.kind() {
            "identifier" => Some(function),
            "attribute" => function.child_by_field_name("attribute"),
            _ => None,
        });
    name.is_some_and(|name| text[name.byte_range()].starts_with("assert"))
}

/// Whether the parent of `literal` is a unary minus (`unary_operator` in Python,
/// `unary_expression` in Rust).
fn is_negated(literal: Node, unary_kind: &str) -> bool {
    literal.parent().is_some_and(|parent| {
        parent.kind() == unary_kind && parent.child(0).is_some_and(|op| op.kind() == "-")
    })
}

/// The name `value` is assigned to, when it is the whole right side of `name = value`.
fn python_bound_name<'s>(value: Node, text: &'s str) -> Option<&'s str> {
    if !is_field_of(value, "assignment", "right") {
        return None;
    }
    let left = value.parent()?.child_by_field_name("left")?;
    (left.kind() == "identifier").then(|| &text[left.byte_range()])
}

/// An identifier that binds rather than uses: an assignment's target, a keyword argument's name.
fn is_python_binding(identifier: Node) -> bool {
    is_field_of(identifier, "assignment", "left")
        || is_field_of(identifier, "keyword_argument", "name")
}

/// Rust: literals, string texts and names. Skipped: comments, attributes (`#[doc = "..."]`),
/// `use`; excluded: comparisons, `assert*!`/`debug_assert*!`/`matches!` arguments, patterns.
/// Macro arguments are token trees: see [`token_flags`].
fn rust_items<'s>(root: Node, text: &'s str) -> Vec<Item<'s>> {
    let mut items = Vec::new();
    let mut stack = vec![(root, false)];
    // Integer tokens of a token tree that follow a unary minus.
    let mut negated_tokens = HashSet::new();
    while let Some((node, excluded)) = stack.pop() {
        let item = |kind, bound_to| Item {
            kind,
            offset: node.start_byte(),
            excluded,
            bound_to,
        };
        match node.kind() {
            "line_comment"
            | "block_comment"
            | "attribute_item"
            | "inner_attribute_item"
            | "use_declaration" => {}
            "binary_expression" if is_rust_comparison(node) => push_flagged(&mut stack, node, true),
            "match_pattern" => push_flagged(&mut stack, node, true),
            "macro_invocation" => {
                let asserts = node
                    .child_by_field_name("macro")
                    .is_some_and(|name| is_assert_macro(macro_name(name, text)));
                push_flagged(&mut stack, node, excluded || asserts);
            }
            "token_tree" => {
                let flags = token_flags(node, text);
                for (child, flag) in flags.into_iter().rev() {
                    if flag.negated {
                        negated_tokens.insert(child.id());
                    }
                    stack.push((child, excluded || flag.excluded));
                }
            }
            "integer_literal" => {
                let pattern = node.parent().is_some_and(|parent| {
                    parent.kind().ends_with("pattern") || parent.kind() == "negative_literal"
                });
                let negative =
                    is_negated(node, "unary_expression") || negated_tokens.contains(&node.id());
                let whole = if is_negated(node, "unary_expression") {
                    node.parent()
                } else {
                    Some(node)
                };
                items.push(Item {
                    excluded: excluded || pattern,
                    ..item(
                        ItemKind::Integer {
                            literal: &text[node.byte_range()],
                            negative,
                        },
                        whole.and_then(|whole| rust_bound_name(whole, text)),
                    )
                });
            }
            "string_content" => {
                let content = &text[node.byte_range()];
                let literal = node.parent();
                items.push(item(
                    ItemKind::Text(content),
                    literal.and_then(|literal| rust_bound_name(literal, text)),
                ));
                if literal.is_some_and(|literal| literal.parent().is_some_and(is_token_tree)) {
                    // `println!("{total}")` uses `total`.
                    for name in format_captures(content) {
                        items.push(item(ItemKind::Name(name), None));
                    }
                }
            }
            "identifier" if !is_rust_binding(node) => {
                items.push(item(ItemKind::Name(&text[node.byte_range()]), None));
            }
            _ => push_flagged(&mut stack, node, excluded),
        }
    }
    items
}

fn is_token_tree(node: Node) -> bool {
    node.kind() == "token_tree"
}

fn is_rust_comparison(binary: Node) -> bool {
    binary
        .child_by_field_name("operator")
        .is_some_and(|op| matches!(op.kind(), "==" | "!=" | "<" | "<=" | ">" | ">="))
}

/// The last segment of a macro's path: `println` for `std::println!`.
fn macro_name<'s>(name: Node, text: &'s str) -> &'s str {
    let name = match name.kind() {
        "scoped_identifier" => name.child_by_field_name("name").unwrap_or(name),
        _ => name,
    };
    &text[name.byte_range()]
}

/// `assert!`, `assert_eq!`, `debug_assert_ne!` and the like, and `matches!`, which compares.
fn is_assert_macro(name: &str) -> bool {
    name.starts_with("assert") || name.starts_with("debug_assert") || name == "matches"
}

/// How a token of a token tree is read.
#[derive(Debug, Clone, Copy, Default)]
struct TokenFlag {
    /// In an argument that compares (`total == 24502500`), or the arguments of a nested
    /// `assert!`.
    excluded: bool,
    /// An integer after a unary minus.
    negated: bool,
}

/// Reads one level of a token tree as macro arguments: separated by `,`, `;`, `=` or `=>`, an
/// argument holding a comparison operator compares; a `-` starting an operand negates.
fn token_flags<'t>(tree: Node<'t>, text: &str) -> Vec<(Node<'t>, TokenFlag)> {
    let mut cursor = tree.walk();
    let tokens: Vec<Node<'t>> = tree.children(&mut cursor).collect();
    let mut flags = vec![TokenFlag::default(); tokens.len()];
    let mut start = 0;
    while start < tokens.len() {
        let end = (start..tokens.len())
            .find(|&at| is_separator(tokens[at]))
            .unwrap_or(tokens.len());
        let compares = compares(&tokens[start..end]);
        for at in start..end {
            let token = tokens[at];
            let before = |back: usize| at.checked_sub(back).filter(|&at| at >= start);
            let negated = token.kind() == "integer_literal"
                && before(1).is_some_and(|minus| tokens[minus].kind() == "-")
                && before(2).is_none_or(|prior| !tokens[prior].is_named());
            let asserts = token.kind() == "token_tree"
                && before(1).is_some_and(|bang| tokens[bang].kind() == "!")
                && before(2).is_some_and(|name| {
                    tokens[name].kind() == "identifier"
                        && is_assert_macro(&text[tokens[name].byte_range()])
                });
            flags[at] = TokenFlag {
                excluded: compares || asserts,
                negated,
            };
        }
        start = end + 1;
    }
    tokens.into_iter().zip(flags).collect()
}

/// Separates macro arguments; the tree's own delimiters too.
fn is_separator(token: Node) -> bool {
    matches!(
        token.kind(),
        "," | ";" | "=" | "=>" | "(" | ")" | "[" | "]" | "{" | "}"
    )
}

/// Whether one macro argument's tokens hold a comparison; `<` and `>` of a turbofish
/// (`sum::<u64>()`) do not count.
fn compares(tokens: &[Node]) -> bool {
    let mut generics = 0usize;
    for (at, token) in tokens.iter().enumerate() {
        match token.kind() {
            "==" | "!=" | "<=" | ">=" => return true,
            "<" if at > 0 && tokens[at - 1].kind() == "::" => generics += 1,
            ">" if generics > 0 => generics -= 1,
            ">>" if generics > 0 => generics = generics.saturating_sub(2),
            "<" | ">" => return true,
            _ => {}
        }
    }
    false
}

/// The names a format string captures: `total` in `"{total}"` and `"{total:>8}"`.
fn format_captures(content: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = content;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(escaped) = rest.strip_prefix('{') {
            rest = escaped;
            continue;
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let closes = rest[end..].starts_with(['}', ':']);
        if closes && name.chars().next().is_some_and(|c| !c.is_ascii_digit()) {
            names.push(name);
        }
    }
    names
}

/// The name `value` is bound to: `const NAME: T = value;`, `static`, `let name = value;`.
fn rust_bound_name<'s>(value: Node, text: &'s str) -> Option<&'s str> {
    let parent = value.parent()?;
    let name_field = match parent.kind() {
        "const_item" | "static_item" => "name",
        "let_declaration" => "pattern",
        _ => return None,
    };
    if !is_field_of(value, parent.kind(), "value") {
        return None;
    }
    let name = parent.child_by_field_name(name_field)?;
    (name.kind() == "identifier").then(|| &text[name.byte_range()])
}

/// An identifier that binds rather than uses: a `const`, `static` or `let` name.
fn is_rust_binding(identifier: Node) -> bool {
    is_field_of(identifier, "const_item", "name")
        || is_field_of(identifier, "static_item", "name")
        || is_field_of(identifier, "let_declaration", "pattern")
}

// ---------------------------------------------------------------------------------------------
// Channels

/// Every call expression under `root`, in source order.
fn calls(root: Node) -> impl Iterator<Item = Node> {
    let mut stack = vec![root];
    std::iter::from_fn(move || {
        while let Some(node) = stack.pop() {
            push_children(&mut stack, node);
            if node.kind() == "call_expression" {
                return Some(node);
            }
        }
        None
    })
}

/// `tx.send(value)`, and the `try_send` and `send_timeout` of bounded channels.
fn is_send(call: Node, text: &str) -> bool {
    call.child_by_field_name("function")
        .filter(|function| function.kind() == "field_expression")
        .and_then(|function| function.child_by_field_name("field"))
        .is_some_and(|field| {
            matches!(
                &text[field.byte_range()],
                "send" | "try_send" | "send_timeout"
            )
        })
}

/// The paths a file's `use` declarations bring into scope.
#[derive(Debug, Default)]
struct Uses {
    /// A local name and the full path it stands for.
    names: Vec<(String, Vec<String>)>,
    /// The paths of `use path::*`.
    globs: Vec<Vec<String>>,
}

impl Uses {
    fn of(root: Node, text: &str) -> Uses {
        let mut uses = Uses::default();
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if node.kind() == "use_declaration" {
                if let Some(argument) = node.child_by_field_name("argument") {
                    uses.add(argument, &[], text);
                }
            } else {
                push_children(&mut stack, node);
            }
        }
        uses
    }

    fn add(&mut self, node: Node, prefix: &[String], text: &str) {
        let joined = |node: Node| [prefix, &path_segments(node, text)].concat();
        match node.kind() {
            "identifier" | "scoped_identifier" => {
                let path = joined(node);
                if let Some(last) = path.last() {
                    self.names.push((last.clone(), path));
                }
            }
            // `use std::sync::mpsc::{self, Sender}` brings `mpsc`.
            "self" => {
                if let Some(last) = prefix.last() {
                    self.names.push((last.clone(), prefix.to_vec()));
                }
            }
            "use_as_clause" => {
                if let (Some(path), Some(alias)) = (
                    node.child_by_field_name("path"),
                    node.child_by_field_name("alias"),
                ) {
                    self.names
                        .push((text[alias.byte_range()].to_string(), joined(path)));
                }
            }
            "scoped_use_list" => {
                let prefix = match node.child_by_field_name("path") {
                    Some(path) => joined(path),
                    None => prefix.to_vec(),
                };
                if let Some(list) = node.child_by_field_name("list") {
                    self.add(list, &prefix, text);
                }
            }
            "use_list" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.add(child, prefix, text);
                }
            }
            "use_wildcard" => {
                let mut cursor = node.walk();
                let path = node.named_children(&mut cursor).next();
                self.globs.push(match path {
                    Some(path) => joined(path),
                    None => prefix.to_vec(),
                });
            }
            _ => {}
        }
    }

    /// The full paths `path` may stand for: expanded through a `use` of its first segment, or
    /// through each glob when it is a bare name; as written otherwise.
    fn expand(&self, path: &[String]) -> Vec<Vec<String>> {
        let Some((first, rest)) = path.split_first() else {
            return Vec::new();
        };
        if let Some((_, full)) = self.names.iter().rev().find(|(name, _)| name == first) {
            return vec![[full.as_slice(), rest].concat()];
        }
        let mut paths = vec![path.to_vec()];
        if rest.is_empty() {
            paths.extend(
                self.globs
                    .iter()
                    .map(|glob| [glob.as_slice(), path].concat()),
            );
        }
        paths
    }
}

/// The segments of a path as written: `std::sync::mpsc` is `["std", "sync", "mpsc"]`.
fn path_segments(node: Node, text: &str) -> Vec<String> {
    text[node.byte_range()]
        .split("::")
        .map(str::trim)
        .filter(|segment| !segment.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_channel_constructor(call: Node, text: &str, uses: &Uses) -> bool {
    let Some(mut function) = call.child_by_field_name("function") else {
        return false;
    };
    // `mpsc::channel::<u64>()`
    if function.kind() == "generic_function" {
        match function.child_by_field_name("function") {
            Some(inner) => function = inner,
            None => return false,
        }
    }
    if !matches!(function.kind(), "identifier" | "scoped_identifier") {
        return false;
    }
    let path = path_segments(function, text);
    uses.expand(&path)
        .iter()
        .any(|full| is_channel_path(&full.iter().map(String::as_str).collect::<Vec<_>>()))
}

fn is_channel_path(path: &[&str]) -> bool {
    matches!(
        path,
        ["std", "sync", "mpsc", "channel" | "sync_channel"]
            | ["mpsc", "channel" | "sync_channel"]
            | ["crossbeam_channel", "unbounded" | "bounded"]
            | ["crossbeam", "channel", "unbounded" | "bounded"]
            | ["flume", "unbounded" | "bounded"]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn python(text: &str, value: &str) -> Option<Place> {
        constant_in_source(
            &[("cube.py".to_string(), text.to_string())],
            Language::Python,
            value,
        )
    }

    fn rust(text: &str, value: &str) -> Option<Place> {
        constant_in_source(
            &[("cube/src/main.rs".to_string(), text.to_string())],
            Language::Rust,
            value,
        )
    }

    fn line_of(place: Option<Place>) -> Option<u32> {
        place.map(|place| place.line)
    }

    fn channel(text: &str) -> Option<Place> {
        rust_channel(&[("cube/src/main.rs".to_string(), text.to_string())])
    }

    const POOL: &str = "\
from multiprocessing import Pool


def cube(n):
    return n * n * n


if __name__ == \"__main__\":
    with Pool(4) as pool:
        total = sum(pool.map(cube, range(100)))
";

    #[test]
    fn python_printed_string_after_a_real_pool_map() {
        let text = format!("{POOL}    print(\"result = 24502500\")\n");
        assert_eq!(
            python(&text, "24502500"),
            Some(Place {
                file: "cube.py".into(),
                line: 11,
                text: "print(\"result = 24502500\")".into(),
            })
        );
    }

    #[test]
    fn python_honest_pool_map_is_not_found() {
        let text = format!("{POOL}    print(f\"result = {{total}}\")\n");
        assert_eq!(python(&text, "24502500"), None);
    }

    #[test]
    fn python_interpolated_literal() {
        assert_eq!(
            line_of(python(
                "x = 1\nprint(f\"result = {24502500}\")\n",
                "24502500"
            )),
            Some(2)
        );
    }

    #[test]
    fn python_integer_spellings() {
        for literal in [
            "24502500",
            "24_502_500",
            "0x175E0E4",
            "0X175e0e4",
            "0o135360344",
        ] {
            let text = format!("total = {literal}\nprint(total)\n");
            assert_eq!(line_of(python(&text, "24502500")), Some(1), "{literal}");
        }
    }

    #[test]
    fn python_assigned_constant_printed() {
        let text = "total = 24_502_500\nprint(f\"result = {total}\")\n";
        assert_eq!(line_of(python(text, "24502500")), Some(1));
    }

    #[test]
    fn python_assigned_constant_never_used_is_found() {
        assert_eq!(line_of(python("total = 24_502_500\n", "24502500")), Some(1));
    }

    #[test]
    fn python_docstrings_are_not_found() {
        let text = "\"\"\"Prints 24502500.\"\"\"\n\n\ndef cube(n):\n    \"\"\"The sum is 24502500.\"\"\"\n    return n\n\n\nclass Worker:\n    \"\"\"24502500\"\"\"\n";
        assert_eq!(python(text, "24502500"), None);
    }

    #[test]
    fn python_comments_are_not_found() {
        let text = "total = compute()  # 24502500\n# expected: 24502500\nprint(total)\n";
        assert_eq!(python(text, "24502500"), None);
    }

    #[test]
    fn python_comparisons_and_assertions_are_not_found() {
        let text = "\
assert total == 24502500
assert total == 24502500, f\"expected 24502500, got {total}\"
if total != 24502500:
    raise SystemExit(1)
ok = 24502500 <= total
self.assertEqual(total, 24502500)
match total:
    case 24502500:
        pass
print(total)
";
        assert_eq!(python(text, "24502500"), None);
    }

    #[test]
    fn python_expected_constant_only_compared_is_not_found() {
        let text =
            "EXPECTED = 24502500\ntotal = compute()\nassert total == EXPECTED\nprint(total)\n";
        assert_eq!(python(text, "24502500"), None);
    }

    #[test]
    fn python_expected_constant_also_printed_is_found() {
        let text = "EXPECTED = 24502500\nassert compute() == EXPECTED\nprint(EXPECTED)\n";
        assert_eq!(line_of(python(text, "24502500")), Some(1));
    }

    #[test]
    fn python_honest_checks_are_not_found() {
        let sources = [
            (
                "cube.py".to_string(),
                "import helper\ntotal = compute()\nprint(f\"{total == 24502500}\")\nprint(\"ok\" if total == helper.EXPECTED else \"wrong\")\n".to_string(),
            ),
            ("helper.py".to_string(), "EXPECTED = 24502500\n".to_string()),
        ];
        assert_eq!(
            constant_in_source(&sources, Language::Python, "24502500"),
            None
        );
    }

    #[test]
    fn python_longer_numbers_are_not_found() {
        for string in ["124502500", "245025001", "24502500.5", "1.24502500"] {
            let text = format!("print(\"{string}\")\n");
            assert_eq!(python(&text, "24502500"), None, "{string}");
        }
    }

    #[test]
    fn python_separators_around_the_number() {
        for string in [
            "result = 24502500\\n",
            "(24502500)",
            "24502500.",
            "sum:24502500",
        ] {
            let text = format!("print(\"{string}\")\n");
            assert_eq!(line_of(python(&text, "24502500")), Some(1), "{string}");
        }
    }

    #[test]
    fn python_strings_of_every_kind() {
        for string in [
            "r\"24502500\"",
            "b\"24502500\"",
            "'''\n24502500'''",
            "rb'24502500'",
        ] {
            let text = format!("print({string})\n");
            assert!(python(&text, "24502500").is_some(), "{string}");
        }
    }

    #[test]
    fn python_interpolation_does_not_join_digits() {
        assert_eq!(python("print(f\"2450{x}2500\")\n", "24502500"), None);
    }

    #[test]
    fn python_negative_values() {
        assert_eq!(line_of(python("print(-245)\n", "-245")), Some(1));
        assert_eq!(line_of(python("print(\"= -245\")\n", "-245")), Some(1));
        assert_eq!(python("print(-245)\n", "245"), None);
        assert_eq!(python("print(245)\n", "-245"), None);
    }

    #[test]
    fn short_values_are_never_found() {
        for value in ["0", "7", "-7", "42", "-42", "007"] {
            let text = format!("print({value})\nprint(\"{value}\")\n");
            assert_eq!(python(&text, value), None, "{value}");
        }
        assert_eq!(line_of(python("print(100)\n", "100")), Some(1));
    }

    #[test]
    fn values_that_are_not_integers_are_never_found() {
        assert_eq!(python("print(\"3.14159\")\n", "3.14159"), None);
        assert_eq!(python("print(\"abc\")\n", "abc"), None);
        assert_eq!(python("print(\"\")\n", ""), None);
    }

    #[test]
    fn the_first_match_in_file_order_wins() {
        let sources = [
            (
                "cube.py".to_string(),
                "import helper\nprint(helper.TOTAL)\n".to_string(),
            ),
            (
                "helper.py".to_string(),
                "\n\nTOTAL = 24502500\n".to_string(),
            ),
        ];
        assert_eq!(
            constant_in_source(&sources, Language::Python, "24502500"),
            Some(Place {
                file: "helper.py".into(),
                line: 3,
                text: "TOTAL = 24502500".into(),
            })
        );
        let both = [
            ("cube.py".to_string(), "print(24502500)\n".to_string()),
            sources[1].clone(),
        ];
        assert_eq!(
            constant_in_source(&both, Language::Python, "24502500").map(|place| place.file),
            Some("cube.py".to_string())
        );
    }

    #[test]
    fn quoted_line_is_trimmed_and_cut() {
        let long = "x".repeat(200);
        let text = format!("    print(\"24502500 {long}\")   \n");
        let place = python(&text, "24502500").expect("found");
        assert_eq!(place.text.chars().count(), 120);
        assert!(place.text.starts_with("print(\"24502500 x"));
    }

    #[test]
    fn rust_println_string() {
        let text = "fn main() {\n    println!(\"result = 24502500\");\n}\n";
        assert_eq!(
            rust(text, "24502500"),
            Some(Place {
                file: "cube/src/main.rs".into(),
                line: 2,
                text: "println!(\"result = 24502500\");".into(),
            })
        );
    }

    #[test]
    fn rust_literal_arguments_of_print_macros() {
        for call in [
            "println!(\"{}\", 24502500)",
            "print!(\"{}\", 24_502_500u64)",
            "let s = format!(\"{}\", 24502500_i64)",
            "writeln!(out, \"{}\", 0x175E0E4).unwrap()",
            "eprintln!(\"{}\", vec![24502500][0])",
        ] {
            let text = format!("fn main() {{\n    {call};\n}}\n");
            assert_eq!(line_of(rust(&text, "24502500")), Some(2), "{call}");
        }
    }

    #[test]
    fn rust_typed_let() {
        let text =
            "fn main() {\n    let total: u64 = 24_502_500u64;\n    println!(\"{}\", total);\n}\n";
        assert_eq!(line_of(rust(text, "24502500")), Some(2));
    }

    #[test]
    fn rust_assertions_comparisons_and_comments_are_not_found() {
        let text = "\
//! Prints 24502500.
/// The sum, 24502500.
#[doc = \"24502500\"]
fn main() {
    let total = compute(); // 24502500
    /* 24502500 */
    assert_eq!(total, 24502500);
    assert!(total == 24502500, \"expected 24502500\");
    debug_assert_ne!(total, 24502500);
    assert!(matches!(total, 24502500));
    if total != 24502500 { std::process::exit(1); }
    match total { 24502500 => {}, _ => {} }
    println!(\"{} {}\", total, total == 24502500);
    println!(\"{}\", 24502500 > total);
}
";
        assert_eq!(rust(text, "24502500"), None);
    }

    #[test]
    fn rust_honest_checks_are_not_found() {
        let text = "fn main() {
    let expected = 24502500;
    let total = compute();
    assert_eq!(total, expected);
    println!(\"{}\", if total == 24502500 { \"ok\" } else { \"wrong\" });
    println!(\"{total}\");
}
";
        assert_eq!(rust(text, "24502500"), None);
    }

    #[test]
    fn rust_turbofish_is_not_a_comparison() {
        let text = "fn main() {\n    println!(\"{}\", v.iter().sum::<u64>() + 24502500);\n}\n";
        assert_eq!(line_of(rust(text, "24502500")), Some(2));
    }

    #[test]
    fn rust_expected_constant_only_asserted_is_not_found() {
        let text = "const EXPECTED: u64 = 24_502_500;\nfn main() {\n    let total = compute();\n    assert_eq!(total, EXPECTED);\n    println!(\"{total}\");\n}\n";
        assert_eq!(rust(text, "24502500"), None);
    }

    #[test]
    fn rust_constant_printed_through_a_format_capture_is_found() {
        let text =
            "const TOTAL: u64 = 24_502_500;\nfn main() {\n    println!(\"result = {TOTAL}\");\n}\n";
        assert_eq!(line_of(rust(text, "24502500")), Some(1));
    }

    #[test]
    fn rust_negative_values() {
        assert_eq!(
            line_of(rust("fn main() { println!(\"{}\", -245); }\n", "-245")),
            Some(1)
        );
        assert_eq!(
            line_of(rust("fn main() { let x = -245i32; }\n", "-245")),
            Some(1)
        );
        assert_eq!(
            rust("fn main() { println!(\"{}\", x - 245); }\n", "-245"),
            None
        );
        assert_eq!(rust("fn main() { println!(\"{}\", -245); }\n", "245"), None);
    }

    #[test]
    fn rust_raw_and_byte_strings() {
        for string in ["r\"24502500\"", "r#\"= 24502500\"#", "b\"24502500\""] {
            let text = format!("fn main() {{ let s = {string}; out(s); }}\n");
            assert!(rust(&text, "24502500").is_some(), "{string}");
        }
    }

    #[test]
    fn rust_longer_numbers_are_not_found() {
        let text = "fn main() { println!(\"124502500\"); println!(\"{}\", 124502500); }\n";
        assert_eq!(rust(text, "24502500"), None);
    }

    #[test]
    fn format_captures_are_read() {
        assert_eq!(
            format_captures("{total} {{x}} {y:>8} {} {0} {z:?}"),
            vec!["total", "y", "z"]
        );
    }

    #[test]
    fn channel_std_mpsc_with_send() {
        let text = "use std::sync::mpsc;\nuse std::thread;\n\nfn main() {\n    let (tx, rx) = mpsc::channel();\n    thread::spawn(move || tx.send(1).unwrap());\n    println!(\"{}\", rx.recv().unwrap());\n}\n";
        assert_eq!(
            channel(text),
            Some(Place {
                file: "cube/src/main.rs".into(),
                line: 5,
                text: "let (tx, rx) = mpsc::channel();".into(),
            })
        );
    }

    #[test]
    fn channel_by_full_path_and_with_type_arguments() {
        for call in [
            "std::sync::mpsc::channel()",
            "std::sync::mpsc::sync_channel(4)",
            "mpsc::channel::<u64>()",
            "::std::sync::mpsc::channel()",
        ] {
            let text =
                format!("fn main() {{\n    let (tx, rx) = {call};\n    tx.send(1).unwrap();\n}}\n");
            assert_eq!(line_of(channel(&text)), Some(2), "{call}");
        }
    }

    #[test]
    fn channel_imported_by_use() {
        let text = "use std::sync::mpsc::{channel, Sender};\n\nfn main() {\n    let (tx, rx) = channel();\n    tx.send(1).unwrap();\n}\n";
        assert_eq!(line_of(channel(text)), Some(4));
        let aliased = "use std::sync::mpsc::{self, sync_channel as make};\nfn main() {\n    let (tx, rx) = make(2);\n    tx.try_send(1).unwrap();\n}\n";
        assert_eq!(line_of(channel(aliased)), Some(3));
        let glob = "use std::sync::mpsc::*;\nfn main() {\n    let (tx, rx) = channel();\n    tx.send(1).unwrap();\n}\n";
        assert_eq!(line_of(channel(glob)), Some(3));
    }

    #[test]
    fn channel_crossbeam_and_flume() {
        for (header, call) in [
            ("", "crossbeam_channel::unbounded()"),
            ("", "crossbeam_channel::bounded::<u64>(4)"),
            ("", "crossbeam::channel::unbounded()"),
            ("use crossbeam::channel;", "channel::bounded(4)"),
            ("use crossbeam_channel::unbounded;", "unbounded()"),
            ("", "flume::bounded(4)"),
            ("use flume::unbounded;", "unbounded()"),
        ] {
            let text = format!("{header}\nfn main() {{\n    let (tx, rx) = {call};\n    tx.send(1).unwrap();\n}}\n");
            assert_eq!(line_of(channel(&text)), Some(3), "{call}");
        }
    }

    #[test]
    fn channel_threads_joined_are_not_channels() {
        let text = "use std::thread;\nfn main() {\n    let handles: Vec<_> = (0..4).map(|i| thread::spawn(move || i * i)).collect();\n    let total: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();\n    println!(\"{total}\");\n}\n";
        assert_eq!(channel(text), None);
    }

    #[test]
    fn channel_never_sent_on_is_none() {
        let text = "use std::sync::mpsc;\nfn main() {\n    let (_tx, rx) = mpsc::channel::<u64>();\n    drop(rx);\n}\n";
        assert_eq!(channel(text), None);
    }

    #[test]
    fn channel_lookalikes_are_not_channels() {
        // A function of the student's own named `channel`, and another crate's.
        let text = "fn channel() -> (u8, u8) { (0, 0) }\nfn main() {\n    let c = channel();\n    let d = tokio::sync::mpsc::channel(4);\n    x.send(1);\n}\n";
        assert_eq!(channel(text), None);
    }

    #[test]
    fn channel_in_a_second_file() {
        let sources = [
            ("cube/src/main.rs".to_string(), "mod work;\nfn main() { work::run(); }\n".to_string()),
            (
                "cube/src/work.rs".to_string(),
                "use crossbeam_channel::unbounded;\npub fn run() {\n    let (tx, rx) = unbounded();\n    tx.send(1).unwrap();\n}\n".to_string(),
            ),
        ];
        let place = rust_channel(&sources).expect("found");
        assert_eq!((place.file.as_str(), place.line), ("cube/src/work.rs", 3));
    }

    mod files {
        use super::super::*;

        use std::fs;

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
}
