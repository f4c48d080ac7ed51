//! N001: variables, parameters, attributes and fields in snake_case.

use super::{bare, is_snake, is_upper, kind_word, to_snake, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N001",
    name: "variable-not-snake-case",
    category: Category::Naming,
    severity: Severity::Error,
    explain: explain!("N001"),
};

/// Fires on a value name with capitals, unless a pattern is configured for its kind.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let upper_allowed = match binding.kind {
        NameKind::ModuleVariable | NameKind::Attribute => true,
        NameKind::Variable | NameKind::Parameter | NameKind::LoopVariable | NameKind::Field => {
            false
        }
        NameKind::Function | NameKind::Type | NameKind::Constant => return None,
    };
    let name = binding.name.as_str();
    if ctx.settings.pattern(binding.kind).is_some()
        || is_snake(name)
        || (upper_allowed && is_upper(name))
        || bare(name).is_empty()
    {
        return None;
    }
    Some(Hit::text(
        binding.span.clone(),
        msg!(
            ctx.lang,
            "variable-not-snake-case.message",
            kind = kind_word(binding.kind, ctx.lang),
            name = name
        ),
        msg!(
            ctx.lang,
            "variable-not-snake-case.help",
            suggestion = to_snake(name)
        ),
    ))
}
