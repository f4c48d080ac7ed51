//! Rust: the paths a file's `use` declarations bring into scope, so that a call is known by the
//! full path of what it calls.

use tree_sitter::Node;

use super::{path_segments, push_children};

/// The paths a file's `use` declarations bring into scope.
#[derive(Debug, Default)]
pub(super) struct Uses {
    /// A local name and the full path it stands for.
    names: Vec<(String, Vec<String>)>,
    /// The paths of `use path::*`.
    globs: Vec<Vec<String>>,
}

impl Uses {
    pub(super) fn of(root: Node, text: &str) -> Uses {
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
    pub(super) fn expand(&self, path: &[String]) -> Vec<Vec<String>> {
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
