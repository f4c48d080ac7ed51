//! C002: a file that does not say what it is for.

use super::FileCtx;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::CommentKind;
use crate::lint::{Category, Severity, SourceLanguage};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C002",
    name: "missing-module-doc",
    category: Category::Comments,
    severity: Severity::Warning,
    summary: Text {
        en: "file without a module docstring or `//!` doc",
        fr: "fichier sans docstring de module ni doc `//!`",
    },
    explain: Text {
        en: "## What it does
Checks that each source file of at least `comments-min-lines` lines of code starts by saying
what it is for: a module docstring in Python, a `//!` comment in Rust. A plain comment block
before the first line of code is accepted too (directives such as a shebang or a coding
declaration do not count).

## Why is this bad
The first lines are what a reader sees when opening the file: one sentence there saves reading
the whole file to learn what it computes.

## Example
```python
from multiprocessing import Pool, Queue
```
Use instead:
```python
\"\"\"Cubes of the first 100 integers sent through a queue, then summed.\"\"\"
from multiprocessing import Pool, Queue
```",
        fr: "## Ce que fait la règle
Vérifie que chaque fichier source d'au moins `comments-min-lines` lignes de code commence par
dire à quoi il sert : une docstring de module en Python, un commentaire `//!` en Rust. Un bloc
de commentaires ordinaire avant la première ligne de code est aussi accepté (les directives comme
le shebang ou la déclaration d'encodage ne comptent pas).

## Pourquoi est-ce un problème
Les premières lignes sont ce que le lecteur voit en ouvrant le fichier : une phrase à cet endroit
lui évite de tout lire pour savoir ce que le fichier calcule.

## Exemple
```python
from multiprocessing import Pool, Queue
```
À écrire plutôt :
```python
\"\"\"Cubes des 100 premiers entiers envoyés dans une queue, puis additionnés.\"\"\"
from multiprocessing import Pool, Queue
```",
    },
};

/// Fires on the first line of code of a file with no module doc and no header comment.
pub(crate) fn check(ctx: &FileCtx) -> Vec<Hit> {
    let header = ctx.prose().any(|comment| {
        comment.span.end <= ctx.outline.first_code
            && comment.own_line
            && matches!(
                comment.kind,
                CommentKind::Line | CommentKind::Block | CommentKind::InnerDoc
            )
    });
    if ctx.outline.module_doc || header || !ctx.big_enough() || ctx.has_no_comment() {
        return Vec::new();
    }
    let (what_en, what_fr, help_en, help_fr) = match ctx.outline.language {
        SourceLanguage::Python => (
            "module docstring",
            "une docstring de module",
            "start the file with a docstring: \"\"\"What this script computes, and how.\"\"\"",
            "commencer le fichier par une docstring : \"\"\"Ce que calcule ce script, et comment.\"\"\"",
        ),
        SourceLanguage::Rust => (
            "`//!` doc comment",
            "un commentaire de doc `//!`",
            "start the file with `//! What this module computes, and how.`",
            "commencer le fichier par `//! Ce que calcule ce module, et comment.`",
        ),
    };
    vec![Hit::new(
        ctx.first_code_line(),
        ctx.lang,
        [
            format!("missing {what_en}: the file does not say what it is for"),
            format!("il manque {what_fr} : le fichier ne dit pas à quoi il sert"),
        ],
        [help_en.to_string(), help_fr.to_string()],
    )]
}
