//! N008: `l`, `O` and `I`, which many fonts draw like `1` and `0`.

use super::{kind_words, NameCtx};
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N008",
    name: "ambiguous-name",
    category: Category::Naming,
    severity: Severity::Error,
    summary: Text {
        en: "ambiguous name `l`, `O` or `I`",
        fr: "nom ambigu `l`, `O` ou `I`",
    },
    explain: Text {
        en: "## What it does
Checks for names `l`, `O` and `I`, as pycodestyle's E741 does, even where short names are
otherwise accepted (lambda parameters, `allowed-short-names`).

## Why is this bad
In many fonts `l` looks like `1` and `I`, and `O` like `0`: `l = 1` and `I = l` are hard to read
correctly, and typos between them are invisible.

## Example
```python
l = [n ** 3 for n in range(100)]
```
Use instead:
```python
cubes = [n ** 3 for n in range(100)]
```",
        fr: "## Ce que fait la règle
Signale les noms `l`, `O` et `I`, comme la règle E741 de pycodestyle, même là où les noms courts
sont acceptés par ailleurs (paramètres de lambda, `allowed-short-names`).

## Pourquoi est-ce un problème
Dans beaucoup de polices, `l` ressemble à `1` et `I`, et `O` à `0` : `l = 1` ou `I = l` sont
difficiles à lire correctement, et les fautes de frappe entre eux sont invisibles.

## Exemple
```python
l = [n ** 3 for n in range(100)]
```
À écrire plutôt :
```python
cubes = [n ** 3 for n in range(100)]
```",
    },
};

/// Fires on `l`, `O` and `I`.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    if !matches!(name, "l" | "O" | "I") {
        return None;
    }
    let [kind_en, kind_fr] = kind_words(binding.kind);
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("{kind_en} name `{name}` is easily mistaken for `1` or `0`"),
            format!("le nom `{name}` ({kind_fr}) se confond facilement avec `1` ou `0`"),
        ],
        [
            "use a name that says what the value is".to_string(),
            "choisir un nom qui dit ce qu'est la valeur".to_string(),
        ],
    ))
}
