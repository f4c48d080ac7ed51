//! N012: names the course forbids.

use super::{kind_words, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};

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
    let [kind_en, kind_fr] = kind_words(binding.kind);
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("{kind_en} name `{name}` is forbidden in this exercise"),
            format!("le nom `{name}` ({kind_fr}) est interdit dans cet exercice"),
        ],
        [
            "choose a name that says what the value is".to_string(),
            "choisir un nom qui dit ce qu'est la valeur".to_string(),
        ],
    ))
}
