//! P006: a result stored on `self` in the `run()` of a `Process` subclass and read by the parent.

use std::collections::HashMap;

use tree_sitter::Node;

use super::python::{each, named_children, source, Maker};
use super::PyCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P006",
    name: "result-on-process",
    category: Category::Parallel,
    severity: Severity::Error,
    explain: explain!("P006"),
};

/// Fires at the first read of each attribute that a `run()` of a `Process` subclass sets.
pub(crate) fn check(ctx: &PyCtx) -> Vec<Hit> {
    let text = ctx.text;
    let set_in_run = attributes_set_in_run(ctx);
    let mut hits = Vec::new();
    let mut reported = std::collections::HashSet::new();
    each(ctx.root, &mut |node| {
        if node.kind() != "attribute" {
            return true;
        }
        let (Some(object), Some(attribute)) = (
            node.child_by_field_name("object"),
            node.child_by_field_name("attribute"),
        ) else {
            return true;
        };
        let name = source(attribute, text);
        let Some(assigned) = set_in_run.get(name) else {
            return true;
        };
        let on_self = object.kind() == "identifier" && source(object, text) == "self";
        if on_self || is_target(node) || !reported.insert(name) {
            return true;
        }
        let line = ctx.line(*assigned);
        let read = source(node, text);
        hits.push(Hit::text(
            node.byte_range(),
            msg!(
                ctx.lang,
                "result-on-process.message",
                read = read,
                name = name,
                line = line
            ),
            msg!(ctx.lang, "result-on-process.help"),
        ));
        true
    });
    hits
}

/// Attribute name → its first `self.name = ...` in the `run()` of a `Process` subclass.
fn attributes_set_in_run<'t>(ctx: &PyCtx<'t>) -> HashMap<&'t str, Node<'t>> {
    let text = ctx.text;
    let mut found: HashMap<&str, Node> = HashMap::new();
    each(ctx.root, &mut |class| {
        if class.kind() != "class_definition" {
            return true;
        }
        let Some(name) = class.child_by_field_name("name") else {
            return true;
        };
        if ctx.names.class_maker(source(name, text)) != Some(Maker::Process) {
            return true;
        }
        let Some(body) = class.child_by_field_name("body") else {
            return true;
        };
        for member in named_children(body) {
            let function = match member.kind() {
                "decorated_definition" => member.child_by_field_name("definition"),
                _ => Some(member),
            };
            let Some(function) = function.filter(|node| node.kind() == "function_definition")
            else {
                continue;
            };
            if function
                .child_by_field_name("name")
                .is_none_or(|name| source(name, text) != "run")
            {
                continue;
            }
            each(function, &mut |node| {
                if node.kind() == "attribute" && is_target(node) {
                    if let (Some(object), Some(attribute)) = (
                        node.child_by_field_name("object"),
                        node.child_by_field_name("attribute"),
                    ) {
                        if object.kind() == "identifier" && source(object, text) == "self" {
                            found.entry(source(attribute, text)).or_insert(node);
                        }
                    }
                }
                true
            });
        }
        true
    });
    found
}

/// The left side of an assignment or augmented assignment.
fn is_target(node: Node) -> bool {
    node.parent().is_some_and(|parent| {
        matches!(parent.kind(), "assignment" | "augmented_assignment")
            && parent
                .child_by_field_name("left")
                .is_some_and(|left| left.id() == node.id())
    })
}
