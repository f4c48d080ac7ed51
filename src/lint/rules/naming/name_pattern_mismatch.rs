//! N011: names that do not match the pattern configured for their kind.

use super::{kind_words, NameCtx};
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N011",
    name: "name-pattern-mismatch",
    category: Category::Naming,
    severity: Severity::Error,
    summary: Text {
        en: "name not matching the pattern configured for its kind",
        fr: "nom qui ne suit pas le motif configuré pour sa catégorie",
    },
    explain: Text {
        en: "## What it does
Checks names against the regular expressions of `[lint.patterns]`, one per kind: `variable`,
`parameter`, `loop-variable`, `function`, `type`, `constant`, `module-variable`, `attribute`,
`field`. The whole name must match. A kind with a pattern is no longer checked by the case rules
(N001 to N004): the pattern replaces them. Nothing is checked when no pattern is configured.

## Why is this bad
A course may impose its own convention, for example French names or a minimum length for
functions; the pattern states it once and every submission is held to it.

## Example
```toml
[lint.patterns]
function = \"[a-z][a-z0-9_]{3,}\"
```
```python
def cb(value):
    ...
```
Use instead:
```python
def cube(value):
    ...
```",
        fr: "## Ce que fait la règle
Vérifie les noms avec les expressions régulières de `[lint.patterns]`, une par catégorie :
`variable`, `parameter`, `loop-variable`, `function`, `type`, `constant`, `module-variable`,
`attribute`, `field`. Le nom entier doit correspondre. Une catégorie qui a un motif n'est plus
vérifiée par les règles de casse (N001 à N004) : le motif les remplace. Rien n'est vérifié sans
motif configuré.

## Pourquoi est-ce un problème
Un cours peut imposer sa propre convention, par exemple une longueur minimale pour les
fonctions ; le motif l'énonce une fois et chaque rendu y est soumis.

## Exemple
```toml
[lint.patterns]
function = \"[a-z][a-z0-9_]{3,}\"
```
```python
def cb(value):
    ...
```
À écrire plutôt :
```python
def cube(value):
    ...
```",
    },
};

/// Fires on a name that does not match its kind's configured pattern.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let pattern = ctx.settings.pattern(binding.kind)?;
    let name = binding.name.as_str();
    if pattern.regex.is_match(name) {
        return None;
    }
    let [kind_en, kind_fr] = kind_words(binding.kind);
    let source = pattern.source.as_str();
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("{kind_en} name `{name}` does not match the course's pattern `{source}`"),
            format!("le nom `{name}` ({kind_fr}) ne suit pas le motif du cours `{source}`"),
        ],
        [
            format!("rename it to match `{source}`"),
            format!("le renommer pour suivre `{source}`"),
        ],
    ))
}
