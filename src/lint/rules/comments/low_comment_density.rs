//! C006: too few comments for the size of the code.

use super::FileCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C006",
    name: "low-comment-density",
    category: Category::Comments,
    severity: Severity::Warning,
    explain: explain!("C006"),
};

/// Fires once, on the first line of code, when the ratio is under the threshold.
pub(crate) fn check(ctx: &FileCtx) -> Vec<Hit> {
    let code = ctx.outline.code_lines;
    let comments = ctx.outline.comment_lines;
    let min = ctx.settings.min_comment_density;
    let expected = (min * code as f64).ceil() as usize;
    if code < ctx.settings.density_min_lines || comments >= expected || ctx.has_no_comment() {
        return Vec::new();
    }
    // A whole percent, rounded here: Fluent would print every digit of the float.
    let percent = format!("{:.0}", min * 100.0);
    vec![Hit::text(
        ctx.first_code_line(),
        msg!(
            ctx.lang,
            "low-comment-density.message",
            comments = comments,
            code = code,
            expected = expected,
            percent = percent
        ),
        msg!(ctx.lang, "low-comment-density.help"),
    )]
}
