//! N011: names that do not match the pattern configured for their kind.

use super::{kind_word, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};
use crate::msg;

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
    let source = pattern.source.as_str();
    Some(Hit::text(
        binding.span.clone(),
        msg!(
            ctx.lang,
            "name-pattern-mismatch.message",
            kind = kind_word(binding.kind, ctx.lang),
            name = name,
            pattern = source
        ),
        msg!(ctx.lang, "name-pattern-mismatch.help", pattern = source),
    ))
}
