//! C002: a file that does not say what it is for.

use super::FileCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::CommentKind;
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C002",
    name: "missing-module-doc",
    category: Category::Comments,
    severity: Severity::Warning,
    explain: explain!("C002"),
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
    let language = ctx.outline.language.as_str();
    vec![Hit::text(
        ctx.first_code_line(),
        msg!(ctx.lang, "missing-module-doc.message", language = language),
        msg!(ctx.lang, "missing-module-doc.help", language = language),
    )]
}
