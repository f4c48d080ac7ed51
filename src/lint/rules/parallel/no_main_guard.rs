//! P001: processes started at module level, outside `if __name__ == "__main__":`.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::python::{callee, callee_span, calls, each, is_main_guard, scope_of, source};
use super::PyCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P001",
    name: "no-main-guard",
    category: Category::Parallel,
    severity: Severity::Error,
    explain: explain!("P001"),
};

/// Fires at each module-level call that creates processes, or that calls a function of the file
/// that does.
pub(crate) fn check(ctx: &PyCtx) -> Vec<Hit> {
    let spawning = spawning_functions(ctx);
    let mut hits = Vec::new();
    for call in module_level_calls(ctx.root, ctx.text) {
        let name = callee(call, ctx.text);
        if ctx
            .names
            .maker(call, ctx.text)
            .is_some_and(|maker| maker.spawns())
        {
            hits.push(Hit::text(
                callee_span(call),
                msg!(ctx.lang, "no-main-guard.message", name = name),
                msg!(ctx.lang, "no-main-guard.help"),
            ));
        } else if let Some(creation) = spawning.get(name) {
            let line = ctx.line(*creation);
            let made = callee(*creation, ctx.text);
            hits.push(Hit::text(
                callee_span(call),
                msg!(
                    ctx.lang,
                    "no-main-guard.message-indirect",
                    name = name,
                    made = made,
                    line = line
                ),
                msg!(ctx.lang, "no-main-guard.help"),
            ));
        }
    }
    hits
}

/// Calls run when the module is imported: outside functions, lambdas and the guard's body.
fn module_level_calls<'t>(node: Node<'t>, text: &'t str) -> Vec<Node<'t>> {
    let mut found = Vec::new();
    each(node, &mut |child| match child.kind() {
        "function_definition" | "lambda" => false,
        "if_statement" if is_main_guard(child, text) => {
            // Only the `elif` and `else` branches run on import.
            let mut cursor = child.walk();
            for branch in child.children_by_field_name("alternative", &mut cursor) {
                found.extend(module_level_calls(branch, text));
            }
            false
        }
        "call" => {
            found.push(child);
            true
        }
        _ => true,
    });
    found
}

/// Module-level functions that create processes, directly or through another such function,
/// each with the creating call.
fn spawning_functions<'t>(ctx: &PyCtx<'t>) -> HashMap<&'t str, Node<'t>> {
    let text = ctx.text;
    let mut functions: Vec<(&str, Node)> = Vec::new();
    each(ctx.root, &mut |node| {
        if node.kind() == "function_definition" {
            let module_level = node
                .parent()
                .is_some_and(|parent| scope_of(parent).kind() == "module" && !inside_class(parent));
            if let (true, Some(name)) = (module_level, node.child_by_field_name("name")) {
                functions.push((source(name, text), node));
            }
        }
        true
    });
    let mut spawning: HashMap<&str, Node> = HashMap::new();
    let mut done: HashSet<usize> = HashSet::new();
    loop {
        let before = spawning.len();
        for (name, function) in &functions {
            if done.contains(&function.id()) {
                continue;
            }
            let creation = calls(*function).into_iter().find_map(|call| {
                if ctx
                    .names
                    .maker(call, text)
                    .is_some_and(|maker| maker.spawns())
                {
                    return Some(call);
                }
                spawning.get(callee(call, text)).copied()
            });
            if let Some(creation) = creation {
                spawning.insert(name, creation);
                done.insert(function.id());
            }
        }
        if spawning.len() == before {
            break;
        }
    }
    spawning
}

fn inside_class(node: Node) -> bool {
    let mut current = Some(node);
    while let Some(node) = current {
        if node.kind() == "class_definition" {
            return true;
        }
        current = node.parent();
    }
    false
}
