//! N003: classes, structs, enums, variants and traits in CamelCase.

use super::{is_camel, to_camel, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::{Category, Severity};

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
    let suggestion = to_camel(name);
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("type name `{name}` is not in CamelCase"),
            format!("le nom de type `{name}` n'est pas en CamelCase"),
        ],
        [
            format!("rename it `{suggestion}`"),
            format!("renommer en `{suggestion}`"),
        ],
    ))
}
