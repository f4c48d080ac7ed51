//! P008: a Rust thread whose `JoinHandle` is dropped or never joined.

use tree_sitter::Node;

use super::python::{each, source};
use super::rust::is_thread_spawn;
use super::RsCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P008",
    name: "thread-not-joined",
    category: Category::Parallel,
    severity: Severity::Warning,
    explain: explain!("P008"),
};

/// Fires at each spawn whose handle is dropped, or kept and never joined.
pub(crate) fn check(ctx: &RsCtx) -> Vec<Hit> {
    let text = ctx.text;
    let mut hits = Vec::new();
    each(ctx.root, &mut |call| {
        if !is_thread_spawn(call, text, ctx.spawn_imported) {
            return true;
        }
        let Some(parent) = call.parent() else {
            return true;
        };
        let span = call
            .child_by_field_name("function")
            .unwrap_or(call)
            .byte_range();
        let pattern = parent
            .child_by_field_name("pattern")
            .filter(|_| parent.kind() == "let_declaration");
        let dropped = parent.kind() == "expression_statement"
            || pattern.is_some_and(|pattern| source(pattern, text) == "_");
        if dropped {
            hits.push(Hit::text(
                span,
                msg!(ctx.lang, "thread-not-joined.message-dropped"),
                msg!(ctx.lang, "thread-not-joined.help"),
            ));
        } else if let Some(list) = (parent.kind() == "arguments")
            .then(|| pushed_into(parent, text))
            .flatten()
        {
            if joined(call, None, vec![list], text) == Some(false) {
                hits.push(Hit::text(
                    span,
                    msg!(ctx.lang, "thread-not-joined.message-list", list = list),
                    msg!(ctx.lang, "thread-not-joined.help"),
                ));
            }
        } else if let Some(pattern) = pattern.filter(|pattern| pattern.kind() == "identifier") {
            let name = source(pattern, text);
            if joined(call, Some(name), Vec::new(), text) == Some(false) {
                hits.push(Hit::text(
                    span,
                    msg!(ctx.lang, "thread-not-joined.message", name = name),
                    msg!(ctx.lang, "thread-not-joined.help"),
                ));
            }
        }
        true
    });
    hits
}

/// Whether the handle that `call` returns, bound to `name` or pushed into `lists`, is joined in
/// its function; `None` when it escapes.
fn joined<'t>(
    call: Node,
    name: Option<&str>,
    mut lists: Vec<&'t str>,
    text: &'t str,
) -> Option<bool> {
    let function = function_of(call);
    let mut joined = false;
    let named = name.map_or_else(Vec::new, |name| identifiers(function, name, text));
    for node in named {
        let parent = node.parent()?;
        match parent.kind() {
            "let_declaration" => {}
            // Another binding of the same name, such as `for handle in handles`.
            "for_expression"
                if parent
                    .child_by_field_name("pattern")
                    .is_some_and(|pattern| pattern.id() == node.id()) => {}
            "field_expression" => {
                let field = parent.child_by_field_name("field")?;
                match source(field, text) {
                    "join" => joined = true,
                    "is_finished" | "thread" => {}
                    _ => return None,
                }
            }
            "arguments" => lists.push(pushed_into(parent, text)?),
            _ => return None,
        }
    }
    for list in lists {
        for node in identifiers(function, list, text) {
            let parent = node.parent()?;
            match parent.kind() {
                "let_declaration" => {}
                "field_expression"
                    if parent
                        .child_by_field_name("field")
                        .is_some_and(|field| source(field, text) == "push") => {}
                "for_expression" => {
                    let variable = parent.child_by_field_name("pattern")?;
                    let body = parent.child_by_field_name("body")?;
                    joined |= identifiers(body, source(variable, text), text)
                        .into_iter()
                        .any(|used| {
                            used.parent()
                                .and_then(|field| field.child_by_field_name("field"))
                                .is_some_and(|field| source(field, text) == "join")
                        });
                }
                _ => return None,
            }
        }
    }
    Some(joined)
}

/// `list.push(handle)`: the name of `list`.
fn pushed_into<'t>(arguments: Node, text: &'t str) -> Option<&'t str> {
    let function = arguments.parent()?.child_by_field_name("function")?;
    let value = function.child_by_field_name("value")?;
    let field = function.child_by_field_name("field")?;
    (function.kind() == "field_expression"
        && source(field, text) == "push"
        && value.kind() == "identifier")
        .then(|| source(value, text))
}

fn function_of(node: Node) -> Node {
    let mut current = node;
    while let Some(parent) = current.parent() {
        if parent.kind() == "function_item" {
            return parent;
        }
        current = parent;
    }
    current
}

fn identifiers<'t>(node: Node<'t>, name: &str, text: &str) -> Vec<Node<'t>> {
    let mut found = Vec::new();
    each(node, &mut |child| {
        if child.kind() == "identifier" && source(child, text) == name {
            found.push(child);
        }
        true
    });
    found
}
