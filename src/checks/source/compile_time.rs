//! Rust: whether the compiler computes the result. A `const fn` of the student's own called in a
//! `const` or `static` initializer, or in a `const { }` block, runs at compile time: the threads
//! are then left to return a share of a number the binary already holds (`CONTROLE / 4`).

use std::path::Path;

use tree_sitter::{Node, Tree};

use super::uses::Uses;
use super::{path_segments, place, push_children, Place};
use crate::lint::syntax::parse;
use crate::lint::SourceLanguage;

/// Rust: the first `const` or `static` item, or `const { }` block, in file order, whose value
/// calls a `const fn` defined in the solution's own files: by name (`somme_cubes(100)`), through
/// one of its modules (`maths::somme_cubes(100)`, `crate::...`), as an associated function of one
/// of its types (`Cube::new()`, `Self::new()`) or as a method. Calls inside closures run when
/// the closure does (`LazyLock::new(|| ...)`) and do not count; nor do the `const fn`s of other
/// crates (`Duration::from_millis(100)`). Returns the place of that item or block.
pub fn compile_time_work(sources: &[(String, String)]) -> Option<Place> {
    let trees: Vec<(&String, &String, Tree)> = sources
        .iter()
        .filter_map(|(file, text)| Some((file, text, parse(text, SourceLanguage::Rust)?)))
        .collect();
    let own = OwnConstFns::of(&trees);
    if own.functions.is_empty() {
        return None;
    }
    trees.iter().find_map(|(file, text, tree)| {
        let uses = Uses::of(tree.root_node(), text);
        const_contexts(tree.root_node())
            .find(|&(_, value)| {
                compile_time_calls(value).any(|call| own.called_by(call, text, &uses))
            })
            .map(|(item, _)| place(file, text, item.start_byte()))
    })
}

/// The `const fn`s a solution defines, and the names of its own modules.
#[derive(Debug, Default)]
struct OwnConstFns {
    /// A function's name, and the type or trait whose `impl` or definition holds it.
    functions: Vec<(String, Option<String>)>,
    /// `mod` items, and the modules its files are (`maths` for `src/maths.rs` and
    /// `src/maths/mod.rs`, `cube` for the crate at `cube/`).
    modules: Vec<String>,
}

impl OwnConstFns {
    fn of(trees: &[(&String, &String, Tree)]) -> OwnConstFns {
        let mut own = OwnConstFns::default();
        for (file, text, tree) in trees {
            own.modules.extend(file_modules(file));
            let mut stack = vec![tree.root_node()];
            while let Some(node) = stack.pop() {
                push_children(&mut stack, node);
                let name = node.child_by_field_name("name");
                match (node.kind(), name) {
                    ("function_item", Some(name)) if is_const_fn(node) => {
                        own.functions
                            .push((text[name.byte_range()].to_string(), owner(node, text)));
                    }
                    ("mod_item", Some(name)) => {
                        own.modules.push(text[name.byte_range()].to_string())
                    }
                    _ => {}
                }
            }
        }
        own
    }

    /// Whether `call` calls one of the solution's `const fn`s, its path read through the file's
    /// `use` declarations.
    fn called_by(&self, call: Node, text: &str, uses: &Uses) -> bool {
        let Some(mut function) = call.child_by_field_name("function") else {
            return false;
        };
        // `somme_cubes::<4>(100)`
        if function.kind() == "generic_function" {
            match function.child_by_field_name("function") {
                Some(inner) => function = inner,
                None => return false,
            }
        }
        match function.kind() {
            "identifier" | "scoped_identifier" => uses
                .expand(&path_segments(function, text))
                .iter()
                .any(|path| match path.split_last() {
                    Some((name, [])) => self.has(name, None),
                    Some((name, prefix)) => self.by_path(prefix, name),
                    None => false,
                }),
            // A method: `Cube::new().with(3)`.
            "field_expression" => function.child_by_field_name("field").is_some_and(|field| {
                let method = &text[field.byte_range()];
                self.functions
                    .iter()
                    .any(|(name, owner)| name == method && owner.is_some())
            }),
            _ => false,
        }
    }

    /// `path::name`: a free function through the solution's own modules, or an associated
    /// function of one of its types.
    fn by_path(&self, path: &[String], name: &str) -> bool {
        let own_module = |segment: &String| {
            matches!(segment.as_str(), "crate" | "self" | "super") || self.modules.contains(segment)
        };
        if path.iter().all(own_module) {
            return self.has(name, None);
        }
        path.last().is_some_and(|owner| {
            self.functions.iter().any(|(function, of)| {
                function == name
                    && of
                        .as_deref()
                        .is_some_and(|of| owner == "Self" || owner == of)
            })
        })
    }

    fn has(&self, name: &str, owner: Option<&str>) -> bool {
        self.functions
            .iter()
            .any(|(function, of)| function == name && of.as_deref() == owner)
    }
}

/// Whether a function item is declared `const fn`.
fn is_const_fn(function: Node) -> bool {
    let mut cursor = function.walk();
    let modifiers = function
        .children(&mut cursor)
        .find(|child| child.kind() == "function_modifiers");
    modifiers.is_some_and(|modifiers| {
        let mut cursor = modifiers.walk();
        let is_const = modifiers
            .children(&mut cursor)
            .any(|modifier| modifier.kind() == "const");
        is_const
    })
}

/// The type of the `impl`, or the trait, that holds a function: `Cube` for `impl<T> Cube<T>`.
fn owner(function: Node, text: &str) -> Option<String> {
    let holder = function
        .parent()
        .filter(|list| list.kind() == "declaration_list")?
        .parent()?;
    let name = match holder.kind() {
        "impl_item" => holder.child_by_field_name("type")?,
        "trait_item" => holder.child_by_field_name("name")?,
        _ => return None,
    };
    let name = match name.kind() {
        "generic_type" => name.child_by_field_name("type")?,
        _ => name,
    };
    path_segments(name, text).pop()
}

/// The modules a file is: `src/maths.rs` is `maths`, `src/maths/mod.rs` is `maths` too, and the
/// crate's folder names the crate (`cube/src/lib.rs`, as `cube::somme_cubes` from `main.rs`).
fn file_modules(file: &str) -> Vec<String> {
    let path = Path::new(file);
    let name = |path: Option<&Path>| {
        path.and_then(Path::file_stem)
            .map(|stem| stem.to_string_lossy().replace('-', "_"))
    };
    let mut modules = Vec::new();
    match name(Some(path)).as_deref() {
        Some("mod") => modules.extend(name(path.parent())),
        Some("main" | "lib" | "build") | None => {}
        Some(stem) => modules.push(stem.to_string()),
    }
    let components: Vec<&str> = file.split('/').collect();
    if let Some(at) = components.iter().position(|&component| component == "src") {
        if let Some(krate) = at.checked_sub(1).map(|before| components[before]) {
            modules.push(krate.replace('-', "_"));
        }
    }
    modules
}

/// Every `const` or `static` item and `const { }` block under `root`, in source order, with the
/// node its value is: the item, then the value it initializes with.
fn const_contexts(root: Node) -> impl Iterator<Item = (Node, Node)> {
    let mut stack = vec![root];
    std::iter::from_fn(move || {
        while let Some(node) = stack.pop() {
            let value = match node.kind() {
                "const_item" | "static_item" => node.child_by_field_name("value"),
                "const_block" => node.child_by_field_name("body"),
                _ => None,
            };
            match value {
                // A block inside an item's value is that item's already.
                Some(value) => return Some((node, value)),
                None => push_children(&mut stack, node),
            }
        }
        None
    })
}

/// The calls under `value` that the compiler runs: not those inside a closure, nor inside a
/// function an initializer's block defines.
fn compile_time_calls(value: Node) -> impl Iterator<Item = Node> {
    let mut stack = vec![value];
    std::iter::from_fn(move || {
        while let Some(node) = stack.pop() {
            match node.kind() {
                "closure_expression" | "function_item" => continue,
                "call_expression" => {
                    push_children(&mut stack, node);
                    return Some(node);
                }
                _ => push_children(&mut stack, node),
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOMME: &str = "\
const fn somme_cubes(n: u64) -> u64 {
    let mut total = 0;
    let mut i = 1;
    while i < n {
        total += i * i * i;
        i += 1;
    }
    total
}
";

    fn work(text: &str) -> Option<Place> {
        compile_time_work(&[("cube/src/main.rs".to_string(), text.to_string())])
    }

    fn line_of(text: &str) -> Option<u32> {
        work(text).map(|place| place.line)
    }

    /// The line of the first line of `text`, after [`SOMME`].
    fn after_somme(text: &str) -> Option<u32> {
        let header = u32::try_from(SOMME.lines().count()).expect("short");
        line_of(&format!("{SOMME}{text}")).map(|line| line - header)
    }

    #[test]
    fn const_item_calling_the_students_const_fn() {
        let text = format!(
            "{SOMME}const CONTROLE: u64 = somme_cubes(100);\n\nfn main() {{\n    println!(\"{{}}\", CONTROLE / 4 * 4);\n}}\n"
        );
        assert_eq!(
            work(&text),
            Some(Place {
                file: "cube/src/main.rs".into(),
                line: 10,
                text: "const CONTROLE: u64 = somme_cubes(100);".into(),
            })
        );
    }

    #[test]
    fn static_items_and_const_blocks() {
        for (text, line) in [
            ("static CONTROLE: u64 = somme_cubes(100);\n", 1),
            ("pub(crate) const PART: u64 = somme_cubes(100) / 4;\n", 1),
            (
                "fn main() {\n    let part = const { somme_cubes(100) / 4 };\n    println!(\"{part}\");\n}\n",
                2,
            ),
            (
                "fn main() {\n    const TOTAL: u64 = somme_cubes::<>(100);\n}\n",
                2,
            ),
            ("const TOTAL: [u64; 1] = [1 + somme_cubes(100)];\n", 1),
        ] {
            assert_eq!(after_somme(text), Some(line), "{text}");
        }
    }

    #[test]
    fn called_through_modules_types_and_uses() {
        let sources = [
            (
                "cube/src/main.rs".to_string(),
                "mod maths;\nuse maths::somme_cubes as sc;\n\nconst A: u64 = 1;\nconst B: u64 = sc(100);\n".to_string(),
            ),
            ("cube/src/maths.rs".to_string(), SOMME.to_string()),
        ];
        let place = compile_time_work(&sources).expect("found");
        assert_eq!((place.file.as_str(), place.line), ("cube/src/main.rs", 5));
        for call in [
            "maths::somme_cubes(100)",
            "crate::maths::somme_cubes(100)",
            "cube::maths::somme_cubes(100)",
            "Cube::total(100)",
            "Cube::new().total_of(100)",
        ] {
            let main = format!(
                "mod maths;\nstruct Cube;\nimpl Cube {{\n    const fn new() -> Cube {{ Cube }}\n    const fn total(n: u64) -> u64 {{ n }}\n    const fn total_of(&self, n: u64) -> u64 {{ n }}\n}}\nstatic TOTAL: u64 = {call};\n"
            );
            let sources = [
                ("cube/src/main.rs".to_string(), main),
                ("cube/src/maths.rs".to_string(), SOMME.to_string()),
            ];
            let place = compile_time_work(&sources);
            assert_eq!(place.map(|place| place.line), Some(8), "{call}");
        }
        let associated = "struct Cube;\nimpl Cube {\n    const fn total(n: u64) -> u64 { n }\n    const TOTAL: u64 = Self::total(100);\n}\n";
        assert_eq!(line_of(associated), Some(4));
    }

    #[test]
    fn plain_constants_are_not_compile_time_work() {
        let text = format!(
            "{SOMME}use std::time::Duration;\n\nconst N: u64 = 100;\nconst CHUNK: usize = N as usize / 4;\nconst PAUSE: Duration = Duration::from_millis(100);\nstatic LIMIT: u64 = u64::MAX / 2;\nstatic COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);\n"
        );
        assert_eq!(work(&text), None);
    }

    #[test]
    fn const_fns_of_other_crates_are_not_the_students() {
        // The student's own `from_millis` and `new` do not make std's the student's.
        let text = "use std::time::Duration;\nconst fn from_millis(n: u64) -> u64 { n }\nstruct Grid;\nimpl Grid { const fn new() -> Grid { Grid } }\nconst PAUSE: Duration = Duration::from_millis(100);\nstatic COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);\n";
        assert_eq!(work(text), None);
    }

    #[test]
    fn const_fn_called_at_run_time_is_not_compile_time_work() {
        let text = format!(
            "{SOMME}use std::sync::LazyLock;\nuse std::thread;\n\nstatic LAZY: LazyLock<u64> = LazyLock::new(|| somme_cubes(100));\n\nfn main() {{\n    let n = 100;\n    let total = somme_cubes(n);\n    let h = thread::spawn(move || somme_cubes(n / 4));\n    println!(\"{{}} {{}}\", total, h.join().unwrap());\n}}\n"
        );
        assert_eq!(work(&text), None);
    }

    #[test]
    fn a_function_that_is_not_const_is_not_compile_time_work() {
        // It could not be called in a const; a const that names it is a function pointer.
        let text = "fn somme_cubes(n: u64) -> u64 { n }\nconst F: fn(u64) -> u64 = somme_cubes;\nfn main() { println!(\"{}\", F(100)); }\n";
        assert_eq!(work(text), None);
    }

    #[test]
    fn modules_of_the_files() {
        assert_eq!(file_modules("cube/src/main.rs"), ["cube"]);
        assert_eq!(
            file_modules("my-cube/src/maths/mod.rs"),
            ["maths", "my_cube"]
        );
        assert_eq!(file_modules("src/maths.rs"), ["maths"]);
        assert_eq!(file_modules("cube/build.rs"), Vec::<String>::new());
    }
}
