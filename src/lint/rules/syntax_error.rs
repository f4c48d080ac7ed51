//! S001: a source that does not parse. The only rule of the `syntax` category.

use crate::lang::Lang;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Outline;
use crate::lint::{Category, Severity, SourceLanguage};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "S001",
    name: "syntax-error",
    category: Category::Syntax,
    severity: Severity::Error,
    explain: explain!("S001"),
};

/// Fires once, at the first error tree-sitter met.
pub(crate) fn check(outline: &Outline, lang: Lang) -> Option<Hit> {
    let error = outline.syntax_error.as_ref()?;
    let (message_en, message_fr) = match &error.missing {
        Some(token) => (
            format!("cannot parse this file: {token} expected here"),
            format!("impossible d'analyser ce fichier : {token} attendu ici"),
        ),
        None => (
            "cannot parse this file: syntax error here".to_string(),
            "impossible d'analyser ce fichier : erreur de syntaxe ici".to_string(),
        ),
    };
    let tool = match outline.language {
        SourceLanguage::Python => "python3 -m py_compile",
        SourceLanguage::Rust => "cargo build",
    };
    Some(Hit::new(
        error.span.clone(),
        lang,
        [message_en, message_fr],
        [
            format!(
                "fix this first (`{tool}` tells what is wrong): the other rules only see what parses"
            ),
            format!(
                "à corriger d'abord (`{tool}` dit ce qui ne va pas) : les autres règles ne voient que ce qui s'analyse"
            ),
        ],
    ))
}
