//! N004: constants in UPPER_CASE.

use super::{is_upper, to_upper, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::{Category, Severity, SourceLanguage};

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
    let suggestion = to_upper(name);
    let (why_en, why_fr) = match ctx.language {
        SourceLanguage::Python => (
            "bound once at module level to a literal",
            "définie une seule fois au niveau du module, à un littéral",
        ),
        SourceLanguage::Rust => ("a `const` or `static`", "un `const` ou un `static`"),
    };
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("constant `{name}` ({why_en}) is not in UPPER_CASE"),
            format!("la constante `{name}` ({why_fr}) n'est pas en MAJUSCULES"),
        ],
        [
            format!("rename it `{suggestion}`"),
            format!("renommer en `{suggestion}`"),
        ],
    ))
}
