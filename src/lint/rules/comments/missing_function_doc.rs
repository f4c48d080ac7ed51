//! C003: a non-trivial function that does not say what it does.

use super::FileCtx;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::Function;
use crate::lint::{Category, Severity, SourceLanguage};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C003",
    name: "missing-function-doc",
    category: Category::Comments,
    severity: Severity::Warning,
    summary: Text {
        en: "function of `function-doc-min-lines` lines or more without a docstring or comment",
        fr: "fonction d'au moins `function-doc-min-lines` lignes sans docstring ni commentaire",
    },
    explain: Text {
        en: "## What it does
Checks that each function or method of at least `function-doc-min-lines` lines (5 by default,
`def`/`fn` line included) says what it does: a docstring in Python, a `///` comment in Rust. A
plain comment right above the definition (or its decorators and attributes), on the `def` line,
or at the top of the body is accepted too. Short functions, special methods (`__init__`, ...)
and tests (`test_*` in Python, `#[test]` in Rust) are not checked: their name is enough; nor is
`main` in a file whose module doc says what the program does, nor the methods of
`impl Trait for Type`, which the trait documents.

## Why is this bad
A function is called from elsewhere: its reader sees the call, not the body. One sentence on
what it returns and on what it expects saves reading every line.

## Example
```python
def fetch_coincap(queue):
    response = requests.get(COINCAP_URL)
    response.raise_for_status()
    queue.put(response.json())
    queue.close()
```
Use instead:
```python
def fetch_coincap(queue):
    \"\"\"Fetch the CoinCap prices and put them, decoded, on `queue`.\"\"\"
    response = requests.get(COINCAP_URL)
    response.raise_for_status()
    queue.put(response.json())
    queue.close()
```",
        fr: "## Ce que fait la règle
Vérifie que chaque fonction ou méthode d'au moins `function-doc-min-lines` lignes (5 par défaut,
ligne `def`/`fn` comprise) dit ce qu'elle fait : une docstring en Python, un commentaire `///`
en Rust. Un commentaire ordinaire juste au-dessus de la définition (ou de ses décorateurs et
attributs), sur la ligne `def` ou en tête du corps est aussi accepté. Les fonctions courtes, les
méthodes spéciales (`__init__`, ...) et les tests (`test_*` en Python, `#[test]` en Rust) ne
sont pas vérifiés : leur nom suffit ; `main` non plus, dans un fichier dont la doc de module dit
ce que fait le programme, ni les méthodes d'un `impl Trait for Type`, que le trait documente.

## Pourquoi est-ce un problème
Une fonction est appelée d'ailleurs : son lecteur voit l'appel, pas le corps. Une phrase sur ce
qu'elle renvoie et ce qu'elle attend évite de lire chaque ligne.

## Exemple
```python
def fetch_coincap(queue):
    response = requests.get(COINCAP_URL)
    response.raise_for_status()
    queue.put(response.json())
    queue.close()
```
À écrire plutôt :
```python
def fetch_coincap(queue):
    \"\"\"Interroge CoinCap et dépose les cours, décodés, dans `queue`.\"\"\"
    response = requests.get(COINCAP_URL)
    response.raise_for_status()
    queue.put(response.json())
    queue.close()
```",
    },
};

/// Fires on the name of each long enough function with no doc and no comment next to it.
pub(crate) fn check(ctx: &FileCtx) -> Vec<Hit> {
    let min_lines = ctx.settings.function_doc_min_lines;
    ctx.outline
        .functions
        .iter()
        .filter(|function| !function.exempt && !function.has_doc && function.lines >= min_lines)
        .filter(|function| !(function.name == "main" && ctx.outline.module_doc))
        .filter(|function| !commented(ctx, function))
        .map(|function| hit(ctx, function))
        .collect()
}

/// A comment just above the head, on the definition line, or before the first statement.
fn commented(ctx: &FileCtx, function: &Function) -> bool {
    ctx.prose().any(|comment| {
        (comment.own_line && comment.end_line + 1 == function.head_line)
            || (comment.line >= function.def_line && comment.line <= function.body_line)
    })
}

fn hit(ctx: &FileCtx, function: &Function) -> Hit {
    let name = function.name.as_str();
    let lines = function.lines;
    let (doc_en, doc_fr, help_en, help_fr) = match ctx.outline.language {
        SourceLanguage::Python => (
            "docstring",
            "docstring",
            "add a docstring under the `def` line saying what it returns, and from what",
            "ajouter sous la ligne `def` une docstring qui dit ce qu'elle renvoie, et à partir de quoi",
        ),
        SourceLanguage::Rust => (
            "doc comment",
            "commentaire de doc",
            "add a `///` comment above it saying what it returns, and from what",
            "ajouter au-dessus un commentaire `///` qui dit ce qu'elle renvoie, et à partir de quoi",
        ),
    };
    Hit::new(
        function.name_span.clone(),
        ctx.lang,
        [
            format!("function `{name}` has {lines} lines but no {doc_en}"),
            format!("la fonction `{name}` fait {lines} lignes mais n'a pas de {doc_fr}"),
        ],
        [help_en.to_string(), help_fr.to_string()],
    )
}
