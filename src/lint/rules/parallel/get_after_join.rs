//! P005: the producers joined in a loop before the queue they put on is read.

use std::collections::HashSet;

use tree_sitter::Node;

use super::python::{bound_to, calls, fate, method_call, scope_of, source, Maker};
use super::PyCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P005",
    name: "get-after-join",
    category: Category::Parallel,
    severity: Severity::Error,
    explain: explain!("P005"),
};

/// Fires at the `join()` of each such loop, once per loop.
pub(crate) fn check(ctx: &PyCtx) -> Vec<Hit> {
    let text = ctx.text;
    let queues = bound_to(ctx.root, text, &ctx.names, |maker| maker == Maker::Queue);
    let mut seen: HashSet<usize> = HashSet::new();
    let mut hits = Vec::new();
    for creation in calls(ctx.root) {
        if ctx.names.maker(creation, text) != Some(Maker::Process) {
            continue;
        }
        let given = queues_given(creation, &queues, text);
        if given.is_empty() {
            continue;
        }
        let Some(fate) = fate(creation, text) else {
            continue;
        };
        for (join_loop, join) in &fate.join_loops {
            if !seen.insert(join_loop.id()) {
                continue;
            }
            let Some((queue, get)) = first_get_after(*join_loop, &given, text) else {
                continue;
            };
            let line = ctx.line(get);
            hits.push(Hit::text(
                join.byte_range(),
                msg!(
                    ctx.lang,
                    "get-after-join.message",
                    queue = queue,
                    line = line
                ),
                msg!(ctx.lang, "get-after-join.help", queue = queue),
            ));
        }
    }
    hits
}

/// The queues among `queues` that the creation call passes to the process.
fn queues_given<'t>(creation: Node<'t>, queues: &HashSet<String>, text: &'t str) -> Vec<&'t str> {
    let mut given = Vec::new();
    if let Some(arguments) = creation.child_by_field_name("arguments") {
        super::python::each(arguments, &mut |node| {
            if node.kind() == "identifier" && queues.contains(source(node, text)) {
                given.push(source(node, text));
            }
            true
        });
    }
    given
}

/// The first `queue.get()` after `join_loop`, in the same function, for one of `queues`.
fn first_get_after<'t>(
    join_loop: Node<'t>,
    queues: &[&'t str],
    text: &'t str,
) -> Option<(&'t str, Node<'t>)> {
    let scope = scope_of(join_loop);
    calls(scope).into_iter().find_map(|call| {
        if call.start_byte() < join_loop.end_byte() || scope_of(call).id() != scope.id() {
            return None;
        }
        let (object, method) = method_call(call, text)?;
        let queue = source(object, text);
        (method == "get" && object.kind() == "identifier" && queues.contains(&queue))
            .then_some((queue, call))
    })
}
