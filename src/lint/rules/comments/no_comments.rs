//! C001: a file without any comment or docstring.

use super::FileCtx;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::{Category, Severity, SourceLanguage};

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
    let lines = ctx.outline.code_lines;
    let (help_en, help_fr) = match ctx.outline.language {
        SourceLanguage::Python => (
            "start with a docstring saying what the script computes, and comment the steps a reader cannot guess",
            "commencer par une docstring qui dit ce que calcule le script, et commenter les étapes qu'un lecteur ne peut pas deviner",
        ),
        SourceLanguage::Rust => (
            "start with a `//!` comment saying what the program computes, and comment the steps a reader cannot guess",
            "commencer par un commentaire `//!` qui dit ce que calcule le programme, et commenter les étapes qu'un lecteur ne peut pas deviner",
        ),
    };
    vec![Hit::new(
        ctx.first_code_line(),
        ctx.lang,
        [
            format!("this file has {lines} lines of code and no comment explaining them"),
            format!("ce fichier a {lines} lignes de code et aucun commentaire pour les expliquer"),
        ],
        [help_en.to_string(), help_fr.to_string()],
    )]
}
