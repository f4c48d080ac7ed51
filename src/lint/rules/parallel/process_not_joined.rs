//! P004: a process started and never joined.

use super::python::{callee, callee_span, calls, fate, holder, Holder, Maker};
use super::PyCtx;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P004",
    name: "process-not-joined",
    category: Category::Parallel,
    severity: Severity::Warning,
    summary: Text {
        en: "`Process` started with `start()` and never waited for with `join()`",
        fr: "`Process` lancé par `start()` et jamais attendu par `join()`",
    },
    explain: Text {
        en: "## What it does
Follows each `Process(...)` (or object of a class deriving from `Process`) in the function that
creates it: kept in a variable, or in a list filled by a comprehension or by `append`. It fires
when the process is started, by `p.start()` or in a loop over the list, and no `p.join()` and
no loop over the list calling `join()` waits for it. A process handed to another function is
not followed.

## Why is this bad
Without `join()`, the main process goes on without knowing whether the worker has finished or
failed: results may be read before they exist, and the program's time does not include the
work. A process nobody joins also stays a *zombie* until the parent ends.

## Example
```python
workers = [Process(target=put_cubes, args=(share, results)) for share in shares]
for worker in workers:
    worker.start()
total = sum(results.get() for _ in range(100))
```
Use instead:
```python
for worker in workers:
    worker.start()
total = sum(results.get() for _ in range(100))
for worker in workers:
    worker.join()
```",
        fr: "## Ce que fait la règle
Suit chaque `Process(...)` (ou objet d'une classe dérivée de `Process`) dans la fonction qui le
crée : gardé dans une variable, ou dans une liste remplie par une compréhension ou par
`append`. Elle se déclenche quand le processus est lancé, par `p.start()` ou dans une boucle sur
la liste, et qu'aucun `p.join()` ni aucune boucle sur la liste qui appelle `join()` ne
l'attend. Un processus passé à une autre fonction n'est pas suivi.

## Pourquoi est-ce un problème
Sans `join()`, le processus principal continue sans savoir si le travailleur a fini ou échoué :
les résultats peuvent être lus avant d'exister, et le temps du programme ne compte pas le
travail. Un processus que personne n'attend reste aussi *zombie* jusqu'à la fin du parent.

## Exemple
```python
workers = [Process(target=put_cubes, args=(share, results)) for share in shares]
for worker in workers:
    worker.start()
total = sum(results.get() for _ in range(100))
```
À écrire plutôt :
```python
for worker in workers:
    worker.start()
total = sum(results.get() for _ in range(100))
for worker in workers:
    worker.join()
```",
    },
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
