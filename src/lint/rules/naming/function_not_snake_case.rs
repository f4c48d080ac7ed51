//! N002: functions and methods in snake_case.

use super::{is_snake, to_snake, NameCtx};
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N002",
    name: "function-not-snake-case",
    category: Category::Naming,
    severity: Severity::Error,
    summary: Text {
        en: "function or method name not in snake_case",
        fr: "nom de fonction ou de méthode pas en snake_case",
    },
    explain: Text {
        en: "## What it does
Checks that functions and methods are named in snake_case. Methods whose name a framework imposes
(`setUp`, `tearDown`, `do_GET`) are not flagged.

## Why is this bad
In Python and Rust alike, `computeCube` reads as code ported from Java; callers expect
`compute_cube`, and mixing both styles makes every call a guess.

## Example
```python
def computeCube(value):
    return value ** 3
```
Use instead:
```python
def compute_cube(value):
    return value ** 3
```",
        fr: "## Ce que fait la règle
Vérifie que les fonctions et méthodes sont nommées en snake_case. Les méthodes dont un framework
impose le nom (`setUp`, `tearDown`, `do_GET`) ne sont pas signalées.

## Pourquoi est-ce un problème
En Python comme en Rust, `computeCube` se lit comme du Java traduit ; on attend `compute_cube`,
et mélanger les deux styles oblige à deviner à chaque appel.

## Exemple
```python
def computeCube(value):
    return value ** 3
```
À écrire plutôt :
```python
def compute_cube(value):
    return value ** 3
```",
    },
};

/// Names that unittest and http.server impose.
const IMPOSED: &[&str] = &[
    "setUp",
    "tearDown",
    "setUpClass",
    "tearDownClass",
    "setUpModule",
    "tearDownModule",
    "asyncSetUp",
    "asyncTearDown",
];

/// Fires on a function name with capitals, unless a pattern is configured for functions.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    let imposed = IMPOSED.contains(&name)
        || name
            .strip_prefix("do_")
            .is_some_and(|verb| verb.chars().all(|c| c.is_ascii_uppercase()));
    if binding.kind != NameKind::Function
        || ctx.settings.pattern(NameKind::Function).is_some()
        || is_snake(name)
        || imposed
    {
        return None;
    }
    let suggestion = to_snake(name);
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("function name `{name}` is not in snake_case"),
            format!("le nom de fonction `{name}` n'est pas en snake_case"),
        ],
        [
            format!("rename it `{suggestion}`"),
            format!("renommer en `{suggestion}`"),
        ],
    ))
}
