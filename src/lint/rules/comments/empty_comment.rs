//! C007: comments and docstrings with nothing in them.

use super::FileCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::{Comment, CommentKind};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C007",
    name: "empty-comment",
    category: Category::Comments,
    severity: Severity::Warning,
    explain: explain!("C007"),
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
            let span = comment.span.clone();
            if comment.kind == CommentKind::Docstring {
                Hit::text(
                    span,
                    msg!(ctx.lang, "empty-comment.message-docstring"),
                    msg!(ctx.lang, "empty-comment.help-docstring"),
                )
            } else {
                Hit::text(
                    span,
                    msg!(ctx.lang, "empty-comment.message"),
                    msg!(ctx.lang, "empty-comment.help"),
                )
            }
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
