//! S001: a source that does not parse. The only rule of the `syntax` category.

use crate::lang::Lang;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::Outline;
use crate::lint::{Category, Severity, SourceLanguage};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "S001",
    name: "syntax-error",
    category: Category::Syntax,
    severity: Severity::Error,
    summary: Text {
        en: "file that cannot be parsed: a syntax error",
        fr: "fichier qui ne peut pas être analysé : une erreur de syntaxe",
    },
    explain: Text {
        en: "## What it does
Reports the first place where a Python or Rust source stops following the language's grammar:
text the parser cannot fit anywhere, or a token it needs and does not find (a `)`, a `:`, a
`;`). The other rules still run on what could be parsed around the error, but may miss names or
comments past it. A `noqa` comment does not silence it.

## Why is this bad
A file that does not parse does not run (Python) or does not build (Rust): nothing in it can be
graded, and its names and comments cannot be checked. `python3 -m py_compile file.py` or `cargo
build` tells more about the error.

## Example
```python
with Pool(4) as pool:
    print(sum(pool.map(cube, range(1, 101)))
```
Use instead:
```python
with Pool(4) as pool:
    print(sum(pool.map(cube, range(1, 101))))
```",
        fr: "## Ce que fait la règle
Signale le premier endroit où un source Python ou Rust cesse de suivre la grammaire du langage :
du texte que l'analyseur ne peut placer nulle part, ou un symbole qu'il attend et ne trouve pas
(une `)`, un `:`, un `;`). Les autres règles s'appliquent encore à ce qui a pu être analysé
autour de l'erreur, mais peuvent manquer des noms ou des commentaires qui la suivent. Un
commentaire `noqa` ne la fait pas taire.

## Pourquoi est-ce un problème
Un fichier qui ne s'analyse pas ne s'exécute pas (Python) ou ne compile pas (Rust) : rien n'y
peut être noté, et ses noms et commentaires ne peuvent pas être vérifiés. `python3 -m py_compile
fichier.py` ou `cargo build` en dit plus sur l'erreur.

## Exemple
```python
with Pool(4) as pool:
    print(sum(pool.map(cube, range(1, 101)))
```
À écrire plutôt :
```python
with Pool(4) as pool:
    print(sum(pool.map(cube, range(1, 101))))
```",
    },
};

/// Fires once, at the first error tree-sitter met.
pub(crate) fn check(outline: &Outline, lang: Lang) -> Option<Hit> {
    let error = outline.syntax_error.as_ref()?;
    let (message_en, message_fr) = match &error.missing {
        Some(token) => (
            format!("cannot parse this file: {token} expected here"),
            format!("impossible d'analyser ce fichier : {token} attendu ici"),
        ),
        None => (
            "cannot parse this file: syntax error here".to_string(),
            "impossible d'analyser ce fichier : erreur de syntaxe ici".to_string(),
        ),
    };
    let tool = match outline.language {
        SourceLanguage::Python => "python3 -m py_compile",
        SourceLanguage::Rust => "cargo build",
    };
    Some(Hit::new(
        error.span.clone(),
        lang,
        [message_en, message_fr],
        [
            format!(
                "fix this first (`{tool}` tells what is wrong): the other rules only see what parses"
            ),
            format!(
                "à corriger d'abord (`{tool}` dit ce qui ne va pas) : les autres règles ne voient que ce qui s'analyse"
            ),
        ],
    ))
}
