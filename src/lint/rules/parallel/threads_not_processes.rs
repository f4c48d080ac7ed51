//! P007: threads doing the work an exercise asks processes to do.

use super::python::{callee, callee_span, calls, Maker};
use super::PyCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};

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
            Hit::new(
                callee_span(call),
                ctx.lang,
                [
                    format!("`{name}(...)` runs threads, not processes: with CPython's global interpreter lock, only one of them computes at a time"),
                    format!("`{name}(...)` lance des threads, pas des processus : avec le verrou global de CPython, un seul d'entre eux calcule à la fois"),
                ],
                [
                    "use processes as the exercise asks: `multiprocessing.Pool`, `multiprocessing.Process` or `concurrent.futures.ProcessPoolExecutor`".to_string(),
                    "utiliser des processus comme l'énoncé le demande : `multiprocessing.Pool`, `multiprocessing.Process` ou `concurrent.futures.ProcessPoolExecutor`".to_string(),
                ],
            )
        })
        .collect()
}
