//! Rust: whether the build script does the work. A `build.rs` runs when the crate is built; one
//! that writes a table of results into `OUT_DIR`, which the program `include!`s, leaves the
//! threads to pass on numbers the binary already holds.

use tree_sitter::Node;

use super::{place, push_children, Place};
use crate::lint::syntax::parse;
use crate::lint::SourceLanguage;

/// The macros that put a file's contents into the program.
const INCLUDES: [&str; 3] = ["include", "include_str", "include_bytes"];

/// Rust: when the crate has a build script, the first `include!`, `include_str!` or
/// `include_bytes!` of the program's files (not the build script's) that names `OUT_DIR`, the
/// folder where build scripts write what they generate.
pub fn build_time_work(sources: &[(String, String)]) -> Option<Place> {
    let is_build_script = |file: &str| file == "build.rs" || file.ends_with("/build.rs");
    if !sources.iter().any(|(file, _)| is_build_script(file)) {
        return None;
    }
    sources
        .iter()
        .filter(|(file, _)| !is_build_script(file))
        .find_map(|(file, text)| {
            let tree = parse(text, SourceLanguage::Rust)?;
            let mut stack = vec![tree.root_node()];
            while let Some(node) = stack.pop() {
                if includes_generated(node, text) {
                    return Some(place(file, text, node.start_byte()));
                }
                push_children(&mut stack, node);
            }
            None
        })
}

/// Whether `node` is an include macro whose arguments name `OUT_DIR`.
fn includes_generated(node: Node, text: &str) -> bool {
    if node.kind() != "macro_invocation" {
        return false;
    }
    let Some(name) = node.child_by_field_name("macro") else {
        return false;
    };
    let name = text[name.byte_range()].trim_start_matches("std::");
    INCLUDES.contains(&name)
        && node
            .children(&mut node.walk())
            .find(|child| child.kind() == "token_tree")
            .is_some_and(|arguments| text[arguments.byte_range()].contains("OUT_DIR"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_of(files: &[(&str, &str)]) -> Vec<(String, String)> {
        files
            .iter()
            .map(|(file, text)| (file.to_string(), text.to_string()))
            .collect()
    }

    const BUILD_SCRIPT: &str =
        "fn main() {\n    let out = std::env::var(\"OUT_DIR\").unwrap();\n    \
        std::fs::write(format!(\"{out}/cubes.rs\"), \"[0, 1, 8]\").unwrap();\n}\n";

    #[test]
    fn a_generated_table_included_by_the_program_is_found() {
        let main = "//! Cubes.\n\nconst CUBES: [u64; 3] = include!(concat!(env!(\"OUT_DIR\"), \"/cubes.rs\"));\n\nfn main() {}\n";
        let sources = crate_of(&[("cube/src/main.rs", main), ("cube/build.rs", BUILD_SCRIPT)]);
        let found = build_time_work(&sources).expect("found");
        assert_eq!((found.file.as_str(), found.line), ("cube/src/main.rs", 3));
        assert!(found.text.starts_with("const CUBES"), "{found:?}");
    }

    #[test]
    fn a_build_script_alone_or_an_include_of_the_source_is_not_accused() {
        // A build script that generates nothing the program includes.
        let main = "fn main() {\n    println!(\"{}\", include_str!(\"../README.md\").len());\n}\n";
        let sources = crate_of(&[("cube/src/main.rs", main), ("cube/build.rs", BUILD_SCRIPT)]);
        assert_eq!(build_time_work(&sources), None);
        // OUT_DIR without a build script of the crate's: a dependency's, not the student's.
        let main = "include!(concat!(env!(\"OUT_DIR\"), \"/x.rs\"));\nfn main() {}\n";
        assert_eq!(
            build_time_work(&crate_of(&[("cube/src/main.rs", main)])),
            None
        );
    }
}
