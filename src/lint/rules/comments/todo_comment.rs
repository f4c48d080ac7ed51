//! C005: TODO, FIXME and their kin left in a comment.

use super::FileCtx;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C005",
    name: "todo-comment",
    category: Category::Comments,
    severity: Severity::Warning,
    summary: Text {
        en: "TODO, FIXME, XXX or HACK left in a comment",
        fr: "TODO, FIXME, XXX ou HACK laissé dans un commentaire",
    },
    explain: Text {
        en: "## What it does
Checks comments and docstrings for the tags of `todo-tags`: by default `TODO`, `FIXME`, `XXX`,
`HACK` and the French `A FAIRE` / `À FAIRE`, written in capitals as whole words.

## Why is this bad
A handed-in solution is supposed to be finished. A TODO says it is not, or that the comment was
not reread; either way the grader will ask.

## Example
```python
# TODO: limit to 4 processes
with Pool() as pool:
```
Use instead:
```python
# The exercise allows at most 4 CPUs in parallel.
with Pool(4) as pool:
```",
        fr: "## Ce que fait la règle
Cherche dans les commentaires et docstrings les marqueurs de `todo-tags` : par défaut `TODO`,
`FIXME`, `XXX`, `HACK` et `A FAIRE` / `À FAIRE`, en capitales et en mots entiers.

## Pourquoi est-ce un problème
Une solution rendue est censée être terminée. Un TODO dit qu'elle ne l'est pas, ou que le
commentaire n'a pas été relu ; dans les deux cas le correcteur posera la question.

## Exemple
```python
# TODO: limiter à 4 processus
with Pool() as pool:
```
À écrire plutôt :
```python
# L'énoncé autorise au plus 4 CPU en parallèle.
with Pool(4) as pool:
```",
    },
};

/// Fires on the first tag of each comment.
pub(crate) fn check(ctx: &FileCtx) -> Vec<Hit> {
    let Some(tags) = ctx.settings.todo_tags.as_ref() else {
        return Vec::new();
    };
    ctx.outline
        .comments
        .iter()
        .filter_map(|comment| {
            let body = ctx.body(comment);
            let found = tags.captures(body)?.get(1)?;
            let start = comment.body.start + found.start();
            let tag = found.as_str();
            Some(Hit::new(
                start..start + tag.len(),
                ctx.lang,
                [
                    format!("`{tag}` left in a comment: the work is not finished"),
                    format!("`{tag}` laissé dans un commentaire : le travail n'est pas terminé"),
                ],
                [
                    "finish it, or say in the comment why it is left as it is".to_string(),
                    "le terminer, ou dire dans le commentaire pourquoi c'est laissé ainsi"
                        .to_string(),
                ],
            ))
        })
        .collect()
}
