//! N006: placeholder names such as `foo`, `toto` or `tmp`.

use super::{bare, kind_words, NameCtx};
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N006",
    name: "placeholder-name",
    category: Category::Naming,
    severity: Severity::Error,
    summary: Text {
        en: "placeholder name (foo, toto, tmp, ...)",
        fr: "nom bouche-trou (foo, toto, tmp, ...)",
    },
    explain: Text {
        en: "## What it does
Checks for names from `placeholder-names`: by default foo, bar, baz, qux, spam, eggs, toto,
tata, titi, tutu, truc, machin, bidule, chose, test, tmp, temp, var, dummy, stuff, thing, blabla.
Case, surrounding underscores and a trailing number are ignored, so `Toto2` is caught.

## Why is this bad
A placeholder is a name that was meant to be replaced. It tells the reader nothing, and in a
graded exercise it tells the grader the code was not reread.

## Example
```python
toto = [n ** 3 for n in range(1, 101)]
```
Use instead:
```python
cubes = [n ** 3 for n in range(1, 101)]
```",
        fr: "## Ce que fait la règle
Signale les noms de `placeholder-names` : par défaut foo, bar, baz, qux, spam, eggs, toto, tata,
titi, tutu, truc, machin, bidule, chose, test, tmp, temp, var, dummy, stuff, thing, blabla. La
casse, les tirets bas autour et un numéro final sont ignorés : `Toto2` est repéré.

## Pourquoi est-ce un problème
Un nom bouche-trou devait être remplacé. Il n'apprend rien au lecteur et, dans un exercice noté,
montre que le code n'a pas été relu.

## Exemple
```python
toto = [n ** 3 for n in range(1, 101)]
```
À écrire plutôt :
```python
cubes = [n ** 3 for n in range(1, 101)]
```",
    },
};

/// Fires on a name that is a placeholder, ignoring case, underscores and a trailing number.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let stem = bare(binding.name.trim_end_matches(|c: char| c.is_ascii_digit())).to_lowercase();
    if !ctx.settings.placeholder_names.contains(&stem) {
        return None;
    }
    let [kind_en, kind_fr] = kind_words(binding.kind);
    let name = binding.name.as_str();
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("{kind_en} `{name}` has a placeholder name"),
            format!("`{name}` ({kind_fr}) est un nom bouche-trou"),
        ],
        [
            "name it after what it holds or does".to_string(),
            "le nommer d'après ce qu'il contient ou ce qu'il fait".to_string(),
        ],
    ))
}
