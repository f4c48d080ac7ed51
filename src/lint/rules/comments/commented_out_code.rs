//! C004: code left in comments.
//!
//! A comment is code when its text, once the comment markers are removed, parses with the
//! language's own grammar and contains a statement that only code has (an assignment with a
//! value, a call written `f(x)`, an import, a `return` with a value, a compound statement...).
//! Prose rarely parses; when it does (`Note: see below` is a valid Python annotation), it is not
//! one of those statements. Consecutive comment lines are tried together first, so that a
//! commented-out loop is one finding.

pub(crate) mod detect;

use super::FileCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::{is_pragma, Comment, CommentKind};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C004",
    name: "commented-out-code",
    category: Category::Comments,
    severity: Severity::Warning,
    explain: explain!("C004"),
};

/// Fires once per run of consecutive commented-out lines.
pub(crate) fn check(ctx: &FileCtx) -> Vec<Hit> {
    let mut hits = Vec::new();
    for group in groups(ctx) {
        let texts: Vec<&str> = group.iter().map(|comment| ctx.body(comment)).collect();
        if group.len() > 1 && detect::is_code(&dedent(&texts), ctx.outline.language) {
            hits.push(hit(
                ctx,
                group.first().copied(),
                group.last().copied(),
                group.len(),
            ));
            continue;
        }
        let mut run: Option<(usize, usize)> = None;
        for (index, text) in texts.iter().enumerate() {
            if detect::is_code(text.trim(), ctx.outline.language) {
                run = Some(run.map_or((index, index), |(first, _)| (first, index)));
            } else if let Some((first, last)) = run.take() {
                hits.push(hit(
                    ctx,
                    group.get(first).copied(),
                    group.get(last).copied(),
                    last - first + 1,
                ));
            }
        }
        if let Some((first, last)) = run {
            hits.push(hit(
                ctx,
                group.get(first).copied(),
                group.get(last).copied(),
                last - first + 1,
            ));
        }
    }
    hits
}

/// Plain comments in runs of consecutive own-line comments; trailing and block comments alone.
fn groups<'a>(ctx: &FileCtx<'a>) -> Vec<Vec<&'a Comment>> {
    let mut groups: Vec<Vec<&'a Comment>> = Vec::new();
    for comment in ctx.outline.comments.iter() {
        let plain = matches!(comment.kind, CommentKind::Line | CommentKind::Block);
        if !plain || is_pragma(ctx.body(comment), comment.line) {
            continue;
        }
        let joins = groups
            .last()
            .and_then(|group| group.last())
            .is_some_and(|last| {
                comment.own_line
                    && last.own_line
                    && comment.kind == CommentKind::Line
                    && last.kind == CommentKind::Line
                    && last.end_line + 1 == comment.line
            });
        match groups.last_mut() {
            Some(group) if joins => group.push(comment),
            _ => groups.push(vec![comment]),
        }
    }
    groups
}

/// Joins lines after removing the indentation they share (one space after `#` is usual).
fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| line.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

fn hit(ctx: &FileCtx, first: Option<&Comment>, last: Option<&Comment>, lines: usize) -> Hit {
    let span = match (first, last) {
        (Some(first), Some(last)) => first.span.start..last.span.end,
        _ => 0..0,
    };
    Hit::text(
        span,
        msg!(ctx.lang, "commented-out-code.message", lines = lines),
        msg!(ctx.lang, "commented-out-code.help"),
    )
}
