//! P003: a pool kept in a variable and never closed.

use super::python::{callee, callee_span, calls, holder, scope_of, uses, Holder, Maker, Use};
use super::PyCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};

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
            let fix = if executor {
                format!("`{variable}.shutdown()`")
            } else {
                format!("`{variable}.close()` then `{variable}.join()`")
            };
            Some(Hit::new(
                callee_span(call),
                ctx.lang,
                [
                    format!("the pool `{variable}` is never closed and joined: its worker processes are left running"),
                    format!("le pool `{variable}` n'est jamais fermé ni attendu : ses processus restent en marche"),
                ],
                [
                    format!("write `with {name}(...) as {variable}:`, or call {fix} once the work is submitted"),
                    format!("écrire `with {name}(...) as {variable}:`, ou appeler {fix} une fois le travail soumis"),
                ],
            ))
        })
        .collect()
}
