//! N003: classes, structs, enums, variants and traits in CamelCase.

use super::{is_camel, to_camel, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N003",
    name: "type-not-camel-case",
    category: Category::Naming,
    severity: Severity::Error,
    explain: explain!("N003"),
};

/// Fires on a type name that does not start with a capital or contains an underscore.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    if binding.kind != NameKind::Type
        || ctx.settings.pattern(NameKind::Type).is_some()
        || is_camel(name)
    {
        return None;
    }
    Some(Hit::text(
        binding.span.clone(),
        msg!(ctx.lang, "type-not-camel-case.message", name = name),
        msg!(
            ctx.lang,
            "type-not-camel-case.help",
            suggestion = to_camel(name)
        ),
    ))
}
