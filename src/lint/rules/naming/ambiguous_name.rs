//! N008: `l`, `O` and `I`, which many fonts draw like `1` and `0`.

use super::{kind_word, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N008",
    name: "ambiguous-name",
    category: Category::Naming,
    severity: Severity::Error,
    explain: explain!("N008"),
};

/// Fires on `l`, `O` and `I`.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    if !matches!(name, "l" | "O" | "I") {
        return None;
    }
    Some(Hit::text(
        binding.span.clone(),
        msg!(
            ctx.lang,
            "ambiguous-name.message",
            kind = kind_word(binding.kind, ctx.lang),
            name = name
        ),
        msg!(ctx.lang, "ambiguous-name.help"),
    ))
}
