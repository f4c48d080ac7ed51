//! N005: names too short to say what they hold.

use super::{bare, kind_words, NameCtx};
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N005",
    name: "name-too-short",
    category: Category::Naming,
    severity: Severity::Warning,
    summary: Text {
        en: "name shorter than `min-name-length` characters",
        fr: "nom de moins de `min-name-length` caractères",
    },
    explain: Text {
        en: "## What it does
Checks for names shorter than `min-name-length` characters (2 by default, so single letters),
except those in `allowed-short-names` (by default `i`, `j`, `k`, `n`, `x`, `y`, `z`: indices
and coordinates). Lambda and closure parameters, parameters of methods implementing a Rust trait
(`fn fmt(&self, f: ...)`), and names bound by `except ... as e` or `with open(...) as f`, are not
flagged: there the short name is the idiom.

## Why is this bad
`p`, `q` or `r` say nothing of what they hold; the reader has to go back to the assignment every
time. `process`, `results` or `queue` cost a few letters and save that trip.

## Example
```python
q = Queue()
p = Process(target=cube, args=(q,))
```
Use instead:
```python
results = Queue()
worker = Process(target=cube, args=(results,))
```",
        fr: "## Ce que fait la règle
Signale les noms de moins de `min-name-length` caractères (2 par défaut, donc les lettres
seules), sauf ceux de `allowed-short-names` (par défaut `i`, `j`, `k`, `n`, `x`, `y`, `z` :
indices et coordonnées). Les paramètres de lambda et de closure, ceux des méthodes qui
implémentent un trait Rust (`fn fmt(&self, f: ...)`), et les noms définis par `except ... as e`
ou `with open(...) as f`, ne sont pas signalés : le nom court y est l'usage.

## Pourquoi est-ce un problème
`p`, `q` ou `r` ne disent rien de ce qu'ils contiennent ; il faut remonter à l'affectation à
chaque lecture. `process`, `results` ou `queue` coûtent quelques lettres et évitent ce détour.

## Exemple
```python
q = Queue()
p = Process(target=cube, args=(q,))
```
À écrire plutôt :
```python
results = Queue()
worker = Process(target=cube, args=(results,))
```",
    },
};

/// Fires on a name shorter than the configured minimum, unless allowed or idiomatic.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = bare(&binding.name);
    let settings = ctx.settings;
    if binding.idiom
        || name.chars().count() >= settings.min_name_length
        || settings.allowed_short_names.contains(name)
    {
        return None;
    }
    let [kind_en, kind_fr] = kind_words(binding.kind);
    let full = binding.name.as_str();
    let min = settings.min_name_length;
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("{kind_en} name `{full}` is too short to say what it is"),
            format!("le nom `{full}` ({kind_fr}) est trop court pour dire ce que c'est"),
        ],
        [
            format!("use a name of at least {min} characters that says what the value is"),
            format!("choisir un nom d'au moins {min} caractères qui dit ce qu'est la valeur"),
        ],
    ))
}
