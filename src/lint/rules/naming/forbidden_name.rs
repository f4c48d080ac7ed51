//! N012: names the course forbids.

use super::{kind_words, NameCtx};
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N012",
    name: "forbidden-name",
    category: Category::Naming,
    severity: Severity::Error,
    summary: Text {
        en: "name listed in `forbidden-names`",
        fr: "nom listé dans `forbidden-names`",
    },
    explain: Text {
        en: "## What it does
Checks for names listed in `forbidden-names`, compared exactly. The list is empty by default:
an exercise uses it to ban names it has reasons to ban, such as `result` when the statement asks
for a meaningful name.

## Why is this bad
The course decided so for this exercise.

## Example
```toml
[exercises.cube.lint]
forbidden-names = [\"result\", \"res\"]
```
```python
result = sum(cubes)
```
Use instead:
```python
sum_of_cubes = sum(cubes)
```",
        fr: "## Ce que fait la règle
Signale les noms listés dans `forbidden-names`, comparés exactement. La liste est vide par
défaut : un exercice l'utilise pour interdire des noms qu'il a des raisons d'interdire, comme
`result` quand l'énoncé demande un nom parlant.

## Pourquoi est-ce un problème
Le cours l'a décidé pour cet exercice.

## Exemple
```toml
[exercises.cube.lint]
forbidden-names = [\"result\", \"res\"]
```
```python
result = sum(cubes)
```
À écrire plutôt :
```python
sum_of_cubes = sum(cubes)
```",
    },
};

/// Fires on a name the configuration forbids.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    if !ctx.settings.forbidden_names.contains(name) {
        return None;
    }
    let [kind_en, kind_fr] = kind_words(binding.kind);
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("{kind_en} name `{name}` is forbidden in this exercise"),
            format!("le nom `{name}` ({kind_fr}) est interdit dans cet exercice"),
        ],
        [
            "choose a name that says what the value is".to_string(),
            "choisir un nom qui dit ce qu'est la valeur".to_string(),
        ],
    ))
}
