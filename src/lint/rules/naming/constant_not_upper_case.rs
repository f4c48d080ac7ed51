//! N004: constants in UPPER_CASE.

use super::{is_upper, to_upper, NameCtx};
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::{Category, Severity, SourceLanguage};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N004",
    name: "constant-not-upper-case",
    category: Category::Naming,
    severity: Severity::Warning,
    summary: Text {
        en: "constant name not in UPPER_CASE",
        fr: "nom de constante pas en MAJUSCULES",
    },
    explain: Text {
        en: "## What it does
Checks that constants are named in UPPER_CASE. In Rust, a constant is a `const` or `static`. In
Python, where nothing is constant, a name counts as one only when nothing suggests it varies: it
is bound once in the whole module, by a top-level assignment (not inside
`if __name__ == \"__main__\":` or any other block), to a literal or an expression of literals and
other constants (`WORKER_COUNT = 4`, `LIMIT = 10 ** 6`), and no function declares it `global`; or
it is annotated `Final`. Names assigned in the `__main__` block are variables.

## Why is this bad
`WORKER_COUNT` tells the reader that the value is a setting, fixed before the program runs, and
where to change it. `worker_count = 4` at the top of a module looks like state that may change.

## Example
```python
worker_count = 4
```
Use instead:
```python
WORKER_COUNT = 4
```",
        fr: "## Ce que fait la règle
Vérifie que les constantes sont nommées en MAJUSCULES. En Rust, une constante est un `const` ou
un `static`. En Python, où rien n'est constant, un nom n'en est une que si rien n'indique qu'il
varie : il est défini une seule fois dans le module, par une affectation de premier niveau (pas
dans `if __name__ == \"__main__\":` ni dans un autre bloc), à un littéral ou une expression de
littéraux et d'autres constantes (`WORKER_COUNT = 4`, `LIMIT = 10 ** 6`), et aucune fonction ne le
déclare `global` ; ou il est annoté `Final`. Les noms affectés dans le bloc `__main__` sont des
variables.

## Pourquoi est-ce un problème
`WORKER_COUNT` dit au lecteur que la valeur est un réglage, fixé avant l'exécution, et où le
modifier. `worker_count = 4` en tête de module ressemble à un état qui peut changer.

## Exemple
```python
worker_count = 4
```
À écrire plutôt :
```python
WORKER_COUNT = 4
```",
    },
};

/// Fires on a constant with lower-case letters.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    if binding.kind != NameKind::Constant
        || ctx.settings.pattern(NameKind::Constant).is_some()
        || is_upper(name)
    {
        return None;
    }
    let suggestion = to_upper(name);
    let (why_en, why_fr) = match ctx.language {
        SourceLanguage::Python => (
            "bound once at module level to a literal",
            "définie une seule fois au niveau du module, à un littéral",
        ),
        SourceLanguage::Rust => ("a `const` or `static`", "un `const` ou un `static`"),
    };
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("constant `{name}` ({why_en}) is not in UPPER_CASE"),
            format!("la constante `{name}` ({why_fr}) n'est pas en MAJUSCULES"),
        ],
        [
            format!("rename it `{suggestion}`"),
            format!("renommer en `{suggestion}`"),
        ],
    ))
}
