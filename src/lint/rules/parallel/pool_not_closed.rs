//! P003: a pool kept in a variable and never closed.

use super::python::{callee, callee_span, calls, holder, scope_of, uses, Holder, Maker, Use};
use super::PyCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P003",
    name: "pool-not-closed",
    category: Category::Parallel,
    severity: Severity::Warning,
    explain: explain!("P003"),
};

/// Fires at the creation of each pool that is never closed.
pub(crate) fn check(ctx: &PyCtx) -> Vec<Hit> {
    let text = ctx.text;
    calls(ctx.root)
        .into_iter()
        .filter_map(|call| {
            let Some(Maker::ProcessPool { executor }) = ctx.names.maker(call, text) else {
                return None;
            };
            let Holder::Named(variable) = holder(call, text) else {
                return None;
            };
            let (mut close, mut join, mut ended) = (false, false, false);
            for found in uses(scope_of(call), variable, text) {
                match found {
                    Use::Method("close", _) => close = true,
                    Use::Method("join", _) => join = true,
                    Use::Method("terminate" | "shutdown", _) | Use::With => ended = true,
                    Use::Bind | Use::Method(..) | Use::Harmless => {}
                    Use::Iterated(_) | Use::Appended(_) | Use::Escapes => return None,
                }
            }
            if ended || (close && join) {
                return None;
            }
            let name = callee(call, text);
            Some(Hit::text(
                callee_span(call),
                msg!(ctx.lang, "pool-not-closed.message", variable = variable),
                msg!(
                    ctx.lang,
                    "pool-not-closed.help",
                    name = name,
                    variable = variable,
                    executor = if executor { "yes" } else { "no" }
                ),
            ))
        })
        .collect()
}
