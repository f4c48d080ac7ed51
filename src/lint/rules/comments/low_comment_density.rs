//! C006: too few comments for the size of the code.

use super::FileCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};

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
    let percent = min * 100.0;
    vec![Hit::new(
        ctx.first_code_line(),
        ctx.lang,
        [
            format!("only {comments} comment lines for {code} lines of code (at least {expected} expected, {percent:.0}%)"),
            format!("seulement {comments} lignes de commentaire pour {code} lignes de code (au moins {expected} attendues, {percent:.0} %)"),
        ],
        [
            "comment the steps whose reason a reader cannot guess: why, not what".to_string(),
            "commenter les étapes dont le lecteur ne peut pas deviner la raison : pourquoi, pas quoi".to_string(),
        ],
    )]
}
