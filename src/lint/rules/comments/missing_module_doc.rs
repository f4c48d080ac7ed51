//! C002: a file that does not say what it is for.

use super::FileCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::CommentKind;
use crate::lint::{Category, Severity, SourceLanguage};

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
    let (what_en, what_fr, help_en, help_fr) = match ctx.outline.language {
        SourceLanguage::Python => (
            "module docstring",
            "une docstring de module",
            "start the file with a docstring: \"\"\"What this script computes, and how.\"\"\"",
            "commencer le fichier par une docstring : \"\"\"Ce que calcule ce script, et comment.\"\"\"",
        ),
        SourceLanguage::Rust => (
            "`//!` doc comment",
            "un commentaire de doc `//!`",
            "start the file with `//! What this module computes, and how.`",
            "commencer le fichier par `//! Ce que calcule ce module, et comment.`",
        ),
    };
    vec![Hit::new(
        ctx.first_code_line(),
        ctx.lang,
        [
            format!("missing {what_en}: the file does not say what it is for"),
            format!("il manque {what_fr} : le fichier ne dit pas à quoi il sert"),
        ],
        [help_en.to_string(), help_fr.to_string()],
    )]
}
