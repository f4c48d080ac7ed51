//! C003: a non-trivial function that does not say what it does.

use super::FileCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Function;
use crate::lint::{Category, Severity, SourceLanguage};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C003",
    name: "missing-function-doc",
    category: Category::Comments,
    severity: Severity::Warning,
    explain: explain!("C003"),
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
