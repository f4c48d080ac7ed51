//! C003: a non-trivial function that does not say what it does.

use super::FileCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Function;
use crate::lint::{Category, Severity};
use crate::msg;

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
    let language = ctx.outline.language.as_str();
    Hit::text(
        function.name_span.clone(),
        msg!(
            ctx.lang,
            "missing-function-doc.message",
            name = function.name.as_str(),
            lines = function.lines,
            language = language
        ),
        msg!(ctx.lang, "missing-function-doc.help", language = language),
    )
}
