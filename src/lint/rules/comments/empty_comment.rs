//! C007: comments and docstrings with nothing in them.

use super::FileCtx;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::{Comment, CommentKind};
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C007",
    name: "empty-comment",
    category: Category::Comments,
    severity: Severity::Warning,
    summary: Text {
        en: "empty comment or docstring",
        fr: "commentaire ou docstring vide",
    },
    explain: Text {
        en: "## What it does
Checks for comments with nothing after the marker (`#`, `//`, `/* */`) and for empty docstrings.
An empty line comment between two comment lines is a paragraph break and is not flagged.

## Why is this bad
An empty comment is noise, and an empty docstring pretends a function is documented when it is
not.

## Example
```python
def cube(number):
    \"\"\"\"\"\"
    return number ** 3  #
```
Use instead:
```python
def cube(number):
    \"\"\"Return the cube of `number`.\"\"\"
    return number ** 3
```",
        fr: "## Ce que fait la règle
Signale les commentaires sans rien après le marqueur (`#`, `//`, `/* */`) et les docstrings
vides. Une ligne de commentaire vide entre deux lignes de commentaire sépare des paragraphes et
n'est pas signalée.

## Pourquoi est-ce un problème
Un commentaire vide est du bruit, et une docstring vide fait croire qu'une fonction est
documentée alors qu'elle ne l'est pas.

## Exemple
```python
def cube(number):
    \"\"\"\"\"\"
    return number ** 3  #
```
À écrire plutôt :
```python
def cube(number):
    \"\"\"Renvoie le cube de `number`.\"\"\"
    return number ** 3
```",
    },
};

/// Fires on each empty comment that does not separate two paragraphs of a comment block.
pub(crate) fn check(ctx: &FileCtx) -> Vec<Hit> {
    let comments = &ctx.outline.comments;
    comments
        .iter()
        .enumerate()
        .filter(|(_, comment)| ctx.body(comment).trim().is_empty())
        .filter(|(index, comment)| !separates(comments, *index, comment))
        .map(|(_, comment)| {
            let docstring = comment.kind == CommentKind::Docstring;
            let (en, fr) = if docstring {
                ("empty docstring", "docstring vide")
            } else {
                ("empty comment", "commentaire vide")
            };
            Hit::new(
                comment.span.clone(),
                ctx.lang,
                [en.to_string(), fr.to_string()],
                if docstring {
                    [
                        "say what the function or module does, or remove the quotes".to_string(),
                        "dire ce que fait la fonction ou le module, ou supprimer les guillemets"
                            .to_string(),
                    ]
                } else {
                    [
                        "write the comment or remove the marker".to_string(),
                        "écrire le commentaire ou supprimer le marqueur".to_string(),
                    ]
                },
            )
        })
        .collect()
}

/// An own-line comment with a comment on the line above or below.
fn separates(comments: &[Comment], index: usize, comment: &Comment) -> bool {
    let neighbour = |other: Option<&Comment>, line: Option<usize>| {
        other.is_some_and(|other| other.own_line && Some(other.line) == line)
    };
    comment.own_line
        && comment.kind != CommentKind::Docstring
        && (neighbour(
            index.checked_sub(1).and_then(|at| comments.get(at)),
            comment.line.checked_sub(1),
        ) || neighbour(comments.get(index + 1), Some(comment.line + 1)))
}
