//! C005: TODO, FIXME and their kin left in a comment.

use super::FileCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C005",
    name: "todo-comment",
    category: Category::Comments,
    severity: Severity::Warning,
    explain: explain!("C005"),
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
            Some(Hit::text(
                start..start + tag.len(),
                msg!(ctx.lang, "todo-comment.message", tag = tag),
                msg!(ctx.lang, "todo-comment.help"),
            ))
        })
        .collect()
}
