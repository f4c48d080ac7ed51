//! P007: threads doing the work an exercise asks processes to do.

use super::python::{callee, callee_span, calls, Maker};
use super::PyCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P007",
    name: "threads-not-processes",
    category: Category::Parallel,
    severity: Severity::Error,
    explain: explain!("P007"),
};

/// Fires at each thread or thread pool, when the file creates no process.
pub(crate) fn check(ctx: &PyCtx) -> Vec<Hit> {
    let made: Vec<_> = calls(ctx.root)
        .into_iter()
        .filter_map(|call| Some((call, ctx.names.maker(call, ctx.text)?)))
        .collect();
    if made.iter().any(|(_, maker)| maker.spawns()) {
        return Vec::new();
    }
    made.into_iter()
        .filter(|(_, maker)| matches!(maker, Maker::Thread | Maker::ThreadPool))
        .map(|(call, _)| {
            let name = callee(call, ctx.text);
            Hit::text(
                callee_span(call),
                msg!(ctx.lang, "threads-not-processes.message", name = name),
                msg!(ctx.lang, "threads-not-processes.help"),
            )
        })
        .collect()
}
