//! P004: a process started and never joined.

use super::python::{callee, callee_span, calls, fate, holder, Holder, Maker};
use super::PyCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P004",
    name: "process-not-joined",
    category: Category::Parallel,
    severity: Severity::Warning,
    explain: explain!("P004"),
};

/// Fires at the creation of each process that is started and never joined.
pub(crate) fn check(ctx: &PyCtx) -> Vec<Hit> {
    calls(ctx.root)
        .into_iter()
        .filter(|call| ctx.names.maker(*call, ctx.text) == Some(Maker::Process))
        .filter_map(|call| {
            let fate = fate(call, ctx.text)?;
            if !fate.started || !fate.joins.is_empty() {
                return None;
            }
            let name = callee(call, ctx.text);
            if matches!(holder(call, ctx.text), Holder::StartedUnnamed) {
                return Some(Hit::text(
                    callee_span(call),
                    msg!(ctx.lang, "process-not-joined.message-unnamed", name = name),
                    msg!(ctx.lang, "process-not-joined.help-unnamed"),
                ));
            }
            Some(Hit::text(
                callee_span(call),
                msg!(ctx.lang, "process-not-joined.message", name = name),
                msg!(ctx.lang, "process-not-joined.help"),
            ))
        })
        .collect()
}
