//! C001: a file without any comment or docstring.

use super::FileCtx;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::{Category, Severity, SourceLanguage};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C001",
    name: "no-comments",
    category: Category::Comments,
    severity: Severity::Error,
    summary: Text {
        en: "file without any comment or docstring",
        fr: "fichier sans aucun commentaire ni docstring",
    },
    explain: Text {
        en: "## What it does
Checks for source files with at least `comments-min-lines` lines of code (5 by default) and not
a single comment or docstring. Directives such as a shebang, a coding declaration or `# noqa`
do not count as comments. When it fires, C002 (module doc) and C006 (density) stay silent.

## Why is this bad
Code says what the machine does; only comments say why: why 4 processes, why `join` after both
`start`s, what the queue carries. A reader, or the person grading, has to guess all of it.

## Example
```python
from multiprocessing import Pool

def cube(number):
    return number ** 3

if __name__ == \"__main__\":
    with Pool(4) as pool:
        print(sum(pool.map(cube, range(1, 101))))
```
Use instead:
```python
\"\"\"Sum of the cubes of the first 100 integers, computed by a pool of 4 processes.\"\"\"
from multiprocessing import Pool

def cube(number):
    \"\"\"Return the cube of `number`; runs in a worker process.\"\"\"
    return number ** 3

if __name__ == \"__main__\":
    # The exercise allows at most 4 CPUs in parallel.
    with Pool(4) as pool:
        print(sum(pool.map(cube, range(1, 101))))
```",
        fr: "## Ce que fait la règle
Signale les fichiers sources d'au moins `comments-min-lines` lignes de code (5 par défaut) sans
le moindre commentaire ni docstring. Les directives comme le shebang, la déclaration d'encodage
ou `# noqa` ne comptent pas. Quand elle se déclenche, C002 (doc du module) et C006 (densité) se
taisent.

## Pourquoi est-ce un problème
Le code dit ce que fait la machine ; seuls les commentaires disent pourquoi : pourquoi 4
processus, pourquoi `join` après les deux `start`, ce que transporte la queue. Le lecteur, ou le
correcteur, doit tout deviner.

## Exemple
```python
from multiprocessing import Pool

def cube(number):
    return number ** 3

if __name__ == \"__main__\":
    with Pool(4) as pool:
        print(sum(pool.map(cube, range(1, 101))))
```
À écrire plutôt :
```python
\"\"\"Somme des cubes des 100 premiers entiers, calculée par un pool de 4 processus.\"\"\"
from multiprocessing import Pool

def cube(number):
    \"\"\"Renvoie le cube de `number` ; s'exécute dans un processus du pool.\"\"\"
    return number ** 3

if __name__ == \"__main__\":
    # L'énoncé autorise au plus 4 CPU en parallèle.
    with Pool(4) as pool:
        print(sum(pool.map(cube, range(1, 101))))
```",
    },
};

/// Fires once, on the first line of code, when the file has no comment at all.
pub(crate) fn check(ctx: &FileCtx) -> Vec<Hit> {
    if !ctx.has_no_comment() {
        return Vec::new();
    }
    let lines = ctx.outline.code_lines;
    let (help_en, help_fr) = match ctx.outline.language {
        SourceLanguage::Python => (
            "start with a docstring saying what the script computes, and comment the steps a reader cannot guess",
            "commencer par une docstring qui dit ce que calcule le script, et commenter les étapes qu'un lecteur ne peut pas deviner",
        ),
        SourceLanguage::Rust => (
            "start with a `//!` comment saying what the program computes, and comment the steps a reader cannot guess",
            "commencer par un commentaire `//!` qui dit ce que calcule le programme, et commenter les étapes qu'un lecteur ne peut pas deviner",
        ),
    };
    vec![Hit::new(
        ctx.first_code_line(),
        ctx.lang,
        [
            format!("this file has {lines} lines of code and no comment explaining them"),
            format!("ce fichier a {lines} lignes de code et aucun commentaire pour les expliquer"),
        ],
        [help_en.to_string(), help_fr.to_string()],
    )]
}
