//! N011: names that do not match the pattern configured for their kind.

use super::{kind_words, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N011",
    name: "name-pattern-mismatch",
    category: Category::Naming,
    severity: Severity::Error,
    explain: explain!("N011"),
};

/// Fires on a name that does not match its kind's configured pattern.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let pattern = ctx.settings.pattern(binding.kind)?;
    let name = binding.name.as_str();
    if pattern.regex.is_match(name) {
        return None;
    }
    let [kind_en, kind_fr] = kind_words(binding.kind);
    let source = pattern.source.as_str();
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("{kind_en} name `{name}` does not match the course's pattern `{source}`"),
            format!("le nom `{name}` ({kind_fr}) ne suit pas le motif du cours `{source}`"),
        ],
        [
            format!("rename it to match `{source}`"),
            format!("le renommer pour suivre `{source}`"),
        ],
    ))
}
