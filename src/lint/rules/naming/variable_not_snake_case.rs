//! N001: variables, parameters, attributes and fields in snake_case.

use super::{bare, is_snake, is_upper, kind_words, to_snake, NameCtx};
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N001",
    name: "variable-not-snake-case",
    category: Category::Naming,
    severity: Severity::Error,
    summary: Text {
        en: "variable, parameter, attribute or field name not in snake_case",
        fr: "nom de variable, paramètre, attribut ou champ pas en snake_case",
    },
    explain: Text {
        en: "## What it does
Checks that variables, parameters, loop variables, attributes and struct fields are written in
snake_case: lower-case words joined by underscores. Python names bound at module level or in a
class body may also be UPPER_CASE, as module-level locks and queues often are.

## Why is this bad
PEP 8 and the Rust style guide both ask for snake_case values. A reader uses the case to tell a
value from a type (`Pool`) or a constant (`WORKER_COUNT`): `nbWorkers` blurs that.

## Example
```python
def total_cubes(maxValue):
    sumOfCubes = 0
```
Use instead:
```python
def total_cubes(max_value):
    sum_of_cubes = 0
```",
        fr: "## Ce que fait la règle
Vérifie que les variables, paramètres, variables de boucle, attributs et champs de structure
sont écrits en snake_case : des mots en minuscules reliés par des tirets bas. En Python, les noms
définis au niveau du module ou d'une classe peuvent aussi être en MAJUSCULES.

## Pourquoi est-ce un problème
La PEP 8 et le guide de style de Rust demandent le snake_case pour les valeurs. La casse dit au
lecteur s'il lit une valeur, un type (`Pool`) ou une constante (`WORKER_COUNT`) : `nbWorkers`
brouille cette information.

## Exemple
```python
def total_cubes(maxValue):
    sumOfCubes = 0
```
À écrire plutôt :
```python
def total_cubes(max_value):
    sum_of_cubes = 0
```",
    },
};

/// Fires on a value name with capitals, unless a pattern is configured for its kind.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let upper_allowed = match binding.kind {
        NameKind::ModuleVariable | NameKind::Attribute => true,
        NameKind::Variable | NameKind::Parameter | NameKind::LoopVariable | NameKind::Field => {
            false
        }
        NameKind::Function | NameKind::Type | NameKind::Constant => return None,
    };
    let name = binding.name.as_str();
    if ctx.settings.pattern(binding.kind).is_some()
        || is_snake(name)
        || (upper_allowed && is_upper(name))
        || bare(name).is_empty()
    {
        return None;
    }
    let [kind_en, kind_fr] = kind_words(binding.kind);
    let suggestion = to_snake(name);
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("{kind_en} name `{name}` is not in snake_case"),
            format!("le nom `{name}` ({kind_fr}) n'est pas en snake_case"),
        ],
        [
            format!("rename it `{suggestion}`"),
            format!("renommer en `{suggestion}`"),
        ],
    ))
}
