//! N005: names too short to say what they hold.

use super::{bare, kind_word, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N005",
    name: "name-too-short",
    category: Category::Naming,
    severity: Severity::Warning,
    explain: explain!("N005"),
};

/// Fires on a name shorter than the configured minimum, unless allowed or idiomatic.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = bare(&binding.name);
    let settings = ctx.settings;
    if binding.idiom
        || name.chars().count() >= settings.min_name_length
        || settings.allowed_short_names.contains(name)
    {
        return None;
    }
    Some(Hit::text(
        binding.span.clone(),
        msg!(
            ctx.lang,
            "name-too-short.message",
            kind = kind_word(binding.kind, ctx.lang),
            name = binding.name.as_str()
        ),
        msg!(
            ctx.lang,
            "name-too-short.help",
            min = settings.min_name_length
        ),
    ))
}
