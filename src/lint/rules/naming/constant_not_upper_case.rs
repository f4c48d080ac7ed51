//! N004: constants in UPPER_CASE.

use super::{is_upper, to_upper, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N004",
    name: "constant-not-upper-case",
    category: Category::Naming,
    severity: Severity::Warning,
    explain: explain!("N004"),
};

/// Fires on a constant with lower-case letters.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    if binding.kind != NameKind::Constant
        || ctx.settings.pattern(NameKind::Constant).is_some()
        || is_upper(name)
    {
        return None;
    }
    Some(Hit::text(
        binding.span.clone(),
        msg!(
            ctx.lang,
            "constant-not-upper-case.message",
            name = name,
            language = ctx.language.as_str()
        ),
        msg!(
            ctx.lang,
            "constant-not-upper-case.help",
            suggestion = to_upper(name)
        ),
    ))
}
