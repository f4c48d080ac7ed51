//! What the Rust parallel rules read in a tree: `thread::spawn` calls, the loops around them and
//! the integer constants of the file.

use std::collections::HashMap;

use tree_sitter::Node;

use super::python::{each, named_children, source};

/// `thread::spawn(...)`, `std::thread::spawn(...)`, or `spawn(...)` imported from
/// `std::thread`: a thread whose handle must be joined. Scoped spawns (`scope.spawn`) are not.
pub(crate) fn is_thread_spawn(call: Node, text: &str, spawn_imported: bool) -> bool {
    if call.kind() != "call_expression" {
        return false;
    }
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let path: String = source(function, text).split_whitespace().collect();
    path == "thread::spawn"
        || path == "std::thread::spawn"
        || path == "::std::thread::spawn"
        || (path == "spawn" && spawn_imported)
}

/// Whether the file imports `spawn` itself from `std::thread`.
pub(crate) fn imports_spawn(root: Node, text: &str) -> bool {
    let mut found = false;
    each(root, &mut |node| {
        if node.kind() == "use_declaration" {
            let path: String = source(node, text).split_whitespace().collect();
            found |= path.contains("thread::spawn")
                || (path.contains("thread::{") && path.contains("spawn"));
            return false;
        }
        true
    });
    found
}

/// Any spawn: a thread's (`thread::spawn`) or a scoped one (`scope.spawn`).
pub(crate) fn is_any_spawn(call: Node, text: &str, spawn_imported: bool) -> bool {
    if is_thread_spawn(call, text, spawn_imported) {
        return true;
    }
    call.kind() == "call_expression"
        && call
            .child_by_field_name("function")
            .filter(|function| function.kind() == "field_expression")
            .and_then(|function| function.child_by_field_name("field"))
            .is_some_and(|field| source(field, text) == "spawn")
}

/// `const NAME: T = 100;` and `static` alike: name → value.
pub(crate) fn integer_constants(root: Node, text: &str) -> HashMap<String, i128> {
    let mut found = HashMap::new();
    each(root, &mut |node| {
        if matches!(node.kind(), "const_item" | "static_item") {
            if let (Some(name), Some(value)) = (
                node.child_by_field_name("name"),
                node.child_by_field_name("value"),
            ) {
                if let Some(value) = integer(value, text, &HashMap::new()) {
                    found.insert(source(name, text).to_string(), value);
                }
            }
        }
        true
    });
    found
}

/// The value of an integer literal (suffix and `_` ignored) or of a known constant.
pub(crate) fn integer(node: Node, text: &str, constants: &HashMap<String, i128>) -> Option<i128> {
    match node.kind() {
        "integer_literal" => {
            let digits: String = source(node, text)
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '_')
                .filter(|c| *c != '_')
                .collect();
            digits.parse().ok()
        }
        "identifier" => constants.get(source(node, text)).copied(),
        "parenthesized_expression" => integer(*named_children(node).first()?, text, constants),
        _ => None,
    }
}

/// How many items a range expression such as `0..100` or `(1..=LIMIT)` yields, when its bounds
/// are known.
pub(crate) fn range_len(node: Node, text: &str, constants: &HashMap<String, i128>) -> Option<i128> {
    let node = strip(node, text);
    if node.kind() != "range_expression" {
        return None;
    }
    let mut cursor = node.walk();
    let operator = node
        .children(&mut cursor)
        .find(|child| !child.is_named())
        .map(|child| child.kind())?;
    let bounds = named_children(node);
    let operator_at = node
        .child(0)
        .map_or(0, |first| if first.is_named() { 1 } else { 0 });
    let (start, end) = match (bounds.len(), operator_at) {
        (2, _) => (
            integer(bounds[0], text, constants)?,
            integer(bounds[1], text, constants)?,
        ),
        (1, 0) => (0, integer(bounds[0], text, constants)?),
        _ => return None,
    };
    let inclusive = i128::from(operator == "..=");
    Some(end - start + inclusive)
}

/// Parentheses, `.iter()` and `.into_iter()` removed: what is iterated.
fn strip<'t>(node: Node<'t>, text: &str) -> Node<'t> {
    match node.kind() {
        "parenthesized_expression" => named_children(node)
            .first()
            .map_or(node, |inner| strip(*inner, text)),
        "call_expression" => {
            let receiver = node
                .child_by_field_name("function")
                .filter(|function| function.kind() == "field_expression")
                .filter(|function| {
                    function
                        .child_by_field_name("field")
                        .is_some_and(|field| matches!(source(field, text), "iter" | "into_iter"))
                })
                .and_then(|function| function.child_by_field_name("value"));
            receiver.map_or(node, |receiver| strip(receiver, text))
        }
        _ => node,
    }
}
