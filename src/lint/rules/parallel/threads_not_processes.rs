//! P007: threads doing the work an exercise asks processes to do.

use super::python::{callee, callee_span, calls, Maker};
use super::PyCtx;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P007",
    name: "threads-not-processes",
    category: Category::Parallel,
    severity: Severity::Error,
    summary: Text {
        en: "threads (`ThreadPool`, `ThreadPoolExecutor`, `threading.Thread`) instead of processes",
        fr: "des threads (`ThreadPool`, `ThreadPoolExecutor`, `threading.Thread`) au lieu de processus",
    },
    explain: Text {
        en: "## What it does
Fires at each thread or pool of threads a file creates (`threading.Thread`,
`multiprocessing.dummy.Pool` or `.Process`, `multiprocessing.pool.ThreadPool`,
`concurrent.futures.ThreadPoolExecutor`, or a class deriving from `Thread`) when the file creates
no process at all: the threads then do the work. A file that also starts processes may use a
thread for something else, and is left alone. For an exercise where threads are allowed, turn
the rule off or make it a warning in `[exercises.<name>.lint.rules]`.

## Why is this bad
The exercises ask for processes. In CPython, only one thread at a time runs Python code (the
global interpreter lock): computations spread over threads are not done in parallel, and take as
long as, or longer than, a plain loop. `multiprocessing.dummy` has the same interface as
`multiprocessing` but uses threads.

## Example
```python
from multiprocessing.dummy import Pool
with Pool(4) as pool:
    cubes = pool.map(cube, range(100))
```
Use instead:
```python
from multiprocessing import Pool
with Pool(4) as pool:
    cubes = pool.map(cube, range(100))
```",
        fr: "## Ce que fait la règle
Se déclenche sur chaque thread ou pool de threads que crée un fichier (`threading.Thread`,
`multiprocessing.dummy.Pool` ou `.Process`, `multiprocessing.pool.ThreadPool`,
`concurrent.futures.ThreadPoolExecutor`, ou une classe dérivée de `Thread`) quand le fichier ne
crée aucun processus : ce sont alors les threads qui font le travail. Un fichier qui lance aussi
des processus peut se servir d'un thread pour autre chose, et la règle le laisse. Pour un
exercice où les threads sont permis, désactiver la règle ou la passer en avertissement dans
`[exercises.<nom>.lint.rules]`.

## Pourquoi est-ce un problème
Les exercices demandent des processus. En CPython, un seul thread à la fois exécute du code
Python (le verrou global de l'interpréteur) : des calculs répartis sur des threads ne sont pas
faits en parallèle, et prennent autant de temps qu'une simple boucle, ou plus.
`multiprocessing.dummy` a la même interface que `multiprocessing` mais utilise des threads.

## Exemple
```python
from multiprocessing.dummy import Pool
with Pool(4) as pool:
    cubes = pool.map(cube, range(100))
```
À écrire plutôt :
```python
from multiprocessing import Pool
with Pool(4) as pool:
    cubes = pool.map(cube, range(100))
```",
    },
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
