//! P004: a process started and never joined.

use super::python::{callee, callee_span, calls, fate, holder, Holder, Maker};
use super::PyCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};

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
                return Some(Hit::new(
                    callee_span(call),
                    ctx.lang,
                    [
                        format!("this `{name}(...)` is started without being kept in a variable: it can never be joined"),
                        format!("ce `{name}(...)` est lancé sans être gardé dans une variable : il ne pourra jamais être attendu par `join()`"),
                    ],
                    [
                        "keep it (`worker = Process(...)`, or in a list), start it, then call `join()` on it once its results are read".to_string(),
                        "le garder (`worker = Process(...)`, ou dans une liste), le lancer, puis appeler `join()` sur lui une fois ses résultats lus".to_string(),
                    ],
                ));
            }
            Some(Hit::new(
                callee_span(call),
                ctx.lang,
                [
                    format!("this `{name}(...)` is started but never joined"),
                    format!("ce `{name}(...)` est lancé mais jamais attendu par `join()`"),
                ],
                [
                    "call `join()` on it (or in a loop over its list) once its results are read, so that the program waits for it to finish".to_string(),
                    "appeler `join()` sur lui (ou dans une boucle sur sa liste) une fois ses résultats lus, pour que le programme attende qu'il finisse".to_string(),
                ],
            ))
        })
        .collect()
}
