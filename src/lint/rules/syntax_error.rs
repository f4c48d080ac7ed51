//! S001: a source that does not parse. The only rule of the `syntax` category.

use crate::lang::Lang;
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Outline;
use crate::lint::{Category, Severity, SourceLanguage};
use crate::msg;

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
    let message = match &error.missing {
        Some(token) => msg!(lang, "syntax-error.message-missing", token = token.as_str()),
        None => msg!(lang, "syntax-error.message"),
    };
    let tool = match outline.language {
        SourceLanguage::Python => "python3 -m py_compile",
        SourceLanguage::Rust => "cargo build",
    };
    Some(Hit::text(
        error.span.clone(),
        message,
        msg!(lang, "syntax-error.help", tool = tool),
    ))
}
