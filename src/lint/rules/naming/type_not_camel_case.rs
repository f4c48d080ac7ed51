//! N003: classes, structs, enums, variants and traits in CamelCase.

use super::{is_camel, to_camel, NameCtx};
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N003",
    name: "type-not-camel-case",
    category: Category::Naming,
    severity: Severity::Error,
    summary: Text {
        en: "class, struct, enum or trait name not in CamelCase",
        fr: "nom de classe, structure, énumération ou trait pas en CamelCase",
    },
    explain: Text {
        en: "## What it does
Checks that types (Python classes; Rust structs, enums and their variants, unions, traits and
type aliases) are named in CamelCase: capitalised words with no underscore.

## Why is this bad
`Process`, `Pool` and `Queue` are types; `process`, `pool` and `queue` are values. Naming your
classes like the standard library's lets a reader see at once that `CubeWorker(...)` builds an
object.

## Example
```python
class cube_worker(Process):
    ...
```
Use instead:
```python
class CubeWorker(Process):
    ...
```",
        fr: "## Ce que fait la règle
Vérifie que les types (classes Python ; structures, énumérations et leurs variantes, unions,
traits et alias de type Rust) sont nommés en CamelCase : des mots avec majuscule initiale, sans
tiret bas.

## Pourquoi est-ce un problème
`Process`, `Pool` et `Queue` sont des types ; `process`, `pool` et `queue` sont des valeurs.
Nommer vos classes comme la bibliothèque standard montre d'un coup d'œil que `CubeWorker(...)`
construit un objet.

## Exemple
```python
class cube_worker(Process):
    ...
```
À écrire plutôt :
```python
class CubeWorker(Process):
    ...
```",
    },
};

/// Fires on a type name that does not start with a capital or contains an underscore.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    if binding.kind != NameKind::Type
        || ctx.settings.pattern(NameKind::Type).is_some()
        || is_camel(name)
    {
        return None;
    }
    let suggestion = to_camel(name);
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("type name `{name}` is not in CamelCase"),
            format!("le nom de type `{name}` n'est pas en CamelCase"),
        ],
        [
            format!("rename it `{suggestion}`"),
            format!("renommer en `{suggestion}`"),
        ],
    ))
}
