//! P009: one Rust thread per number, spawned in a loop over the data itself.

use tree_sitter::Node;

use super::python::source;
use super::rust::{integer_constants, is_any_spawn, range_len};
use super::RsCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};
use crate::msg;

/// More threads than this in one loop is a thread per item, not one per worker.
const MAX_THREADS: i128 = 16;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P009",
    name: "thread-per-item",
    category: Category::Parallel,
    severity: Severity::Error,
    explain: explain!("P009"),
};

/// Fires at each spawn in a loop over more than [`MAX_THREADS`] numbers.
pub(crate) fn check(ctx: &RsCtx) -> Vec<Hit> {
    let text = ctx.text;
    let constants = integer_constants(ctx.root, text);
    let mut hits = Vec::new();
    super::python::each(ctx.root, &mut |call| {
        if !is_any_spawn(call, text, ctx.spawn_imported) {
            return true;
        }
        let Some(count) = iterated(call, text).and_then(|range| range_len(range, text, &constants))
        else {
            return true;
        };
        if count > MAX_THREADS {
            // As a string: a range's length may exceed what a Fluent number holds exactly.
            hits.push(Hit::text(
                call.child_by_field_name("function")
                    .unwrap_or(call)
                    .byte_range(),
                msg!(
                    ctx.lang,
                    "thread-per-item.message",
                    count = count.to_string()
                ),
                msg!(ctx.lang, "thread-per-item.help"),
            ));
        }
        true
    });
    hits
}

/// What the nearest loop around `call` iterates: a `for` loop's value, or the receiver of the
/// `.map` or `.for_each` whose closure holds it; within the same function.
fn iterated<'t>(call: Node<'t>, text: &str) -> Option<Node<'t>> {
    let mut current = call;
    while let Some(parent) = current.parent() {
        match parent.kind() {
            "function_item" => return None,
            "for_expression"
                if parent
                    .child_by_field_name("body")
                    .is_some_and(|body| body.id() == current.id()) =>
            {
                return parent.child_by_field_name("value");
            }
            "closure_expression" => {
                let method = parent.parent()?.parent()?.child_by_field_name("function")?;
                let field = method.child_by_field_name("field")?;
                let iterates = method.kind() == "field_expression"
                    && matches!(source(field, text), "map" | "for_each" | "flat_map");
                return iterates
                    .then(|| method.child_by_field_name("value"))
                    .flatten();
            }
            _ => {}
        }
        current = parent;
    }
    None
}
