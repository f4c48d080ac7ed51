//! P002: a process pool created without a size, which takes every CPU of the machine.

use tree_sitter::Node;

use super::python::{callee, callee_span, calls, named_children, source, Maker};
use super::PyCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P002",
    name: "pool-without-size",
    category: Category::Parallel,
    severity: Severity::Warning,
    explain: explain!("P002"),
};

/// Fires at each process pool created with no size, `None` or `cpu_count()`.
pub(crate) fn check(ctx: &PyCtx) -> Vec<Hit> {
    calls(ctx.root)
        .into_iter()
        .filter_map(|call| {
            let Some(Maker::ProcessPool { executor }) = ctx.names.maker(call, ctx.text) else {
                return None;
            };
            let keyword = if executor { "max_workers" } else { "processes" };
            let name = callee(call, ctx.text);
            let message = match size_of(call, keyword, ctx)? {
                Size::Missing => msg!(ctx.lang, "pool-without-size.message-missing", name = name),
                Size::Default(value) => msg!(
                    ctx.lang,
                    "pool-without-size.message-default",
                    name = name,
                    keyword = keyword,
                    value = value
                ),
            };
            Some(Hit::text(
                callee_span(call),
                message,
                msg!(
                    ctx.lang,
                    "pool-without-size.help",
                    name = name,
                    keyword = keyword
                ),
            ))
        })
        .collect()
}

enum Size<'t> {
    Missing,
    /// `None` or `cpu_count()`, as written.
    Default(&'t str),
}

/// `None` when the size is given, or cannot be read (`*args`, `**options`).
fn size_of<'t>(call: Node<'t>, keyword: &str, ctx: &PyCtx<'t>) -> Option<Size<'t>> {
    let arguments = named_children(call.child_by_field_name("arguments")?);
    if arguments
        .iter()
        .any(|argument| matches!(argument.kind(), "list_splat" | "dictionary_splat"))
    {
        return None;
    }
    let value = arguments.iter().find_map(|argument| {
        let name = argument.child_by_field_name("name")?;
        (argument.kind() == "keyword_argument" && source(name, ctx.text) == keyword)
            .then(|| argument.child_by_field_name("value"))
            .flatten()
    });
    let first = arguments
        .iter()
        .find(|argument| !matches!(argument.kind(), "keyword_argument" | "comment"));
    let Some(value) = value.or(first.copied()) else {
        return Some(Size::Missing);
    };
    let every_cpu = match value.kind() {
        "none" => true,
        "call" => value
            .child_by_field_name("function")
            .is_some_and(|function| ctx.names.is_cpu_count(function, ctx.text)),
        _ => false,
    };
    every_cpu.then(|| Size::Default(source(value, ctx.text)))
}
