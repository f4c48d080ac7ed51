//! P003: a pool kept in a variable and never closed.

use super::python::{callee, callee_span, calls, holder, scope_of, uses, Holder, Maker, Use};
use super::PyCtx;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P003",
    name: "pool-not-closed",
    category: Category::Parallel,
    severity: Severity::Warning,
    summary: Text {
        en: "pool kept in a variable, outside `with`, and never closed",
        fr: "pool gardé dans une variable, hors de `with`, et jamais fermé",
    },
    explain: Text {
        en: "## What it does
Follows each `Pool` or `ProcessPoolExecutor` assigned to a variable (`pool = Pool(4)`) in the
function that creates it, and fires when it is not used in a `with` statement and neither
`pool.close()` and `pool.join()`, nor `pool.terminate()` (`shutdown()` for an executor) is
called on it. A pool handed to another function is not followed.

## Why is this bad
The pool's worker processes keep running until the pool is closed. Left to the garbage
collector, they are ended at an unpredictable time, or the interpreter hangs or warns at exit;
and nothing waits for work still in progress.

## Example
```python
pool = Pool(4)
cubes = pool.map(cube, range(100))
```
Use instead:
```python
with Pool(4) as pool:
    cubes = pool.map(cube, range(100))
```",
        fr: "## Ce que fait la règle
Suit chaque `Pool` ou `ProcessPoolExecutor` affecté à une variable (`pool = Pool(4)`) dans la
fonction qui le crée, et se déclenche quand il n'est pas utilisé dans un `with` et que ni
`pool.close()` et `pool.join()`, ni `pool.terminate()` (`shutdown()` pour un exécuteur) ne sont
appelés. Un pool passé à une autre fonction n'est pas suivi.

## Pourquoi est-ce un problème
Les processus du pool tournent jusqu'à ce qu'il soit fermé. Laissés au ramasse-miettes, ils
s'arrêtent à un moment imprévisible, ou l'interpréteur se bloque ou avertit en sortant ; et
rien n'attend le travail encore en cours.

## Exemple
```python
pool = Pool(4)
cubes = pool.map(cube, range(100))
```
À écrire plutôt :
```python
with Pool(4) as pool:
    cubes = pool.map(cube, range(100))
```",
    },
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
