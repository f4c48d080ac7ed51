//! N012: names the course forbids.

use super::{kind_word, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N012",
    name: "forbidden-name",
    category: Category::Naming,
    severity: Severity::Error,
    explain: explain!("N012"),
};

/// Fires on a name the configuration forbids.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    if !ctx.settings.forbidden_names.contains(name) {
        return None;
    }
    Some(Hit::text(
        binding.span.clone(),
        msg!(
            ctx.lang,
            "forbidden-name.message",
            kind = kind_word(binding.kind, ctx.lang),
            name = name
        ),
        msg!(ctx.lang, "forbidden-name.help"),
    ))
}
