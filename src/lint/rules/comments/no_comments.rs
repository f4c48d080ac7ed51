//! C001: a file without any comment or docstring.

use super::FileCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C001",
    name: "no-comments",
    category: Category::Comments,
    severity: Severity::Error,
    explain: explain!("C001"),
};

/// Fires once, on the first line of code, when the file has no comment at all.
pub(crate) fn check(ctx: &FileCtx) -> Vec<Hit> {
    if !ctx.has_no_comment() {
        return Vec::new();
    }
    let language = ctx.outline.language.as_str();
    vec![Hit::text(
        ctx.first_code_line(),
        msg!(
            ctx.lang,
            "no-comments.message",
            lines = ctx.outline.code_lines
        ),
        msg!(ctx.lang, "no-comments.help", language = language),
    )]
}
