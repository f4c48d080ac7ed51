//! N005: names too short to say what they hold.

use super::{bare, kind_words, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};

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
    let [kind_en, kind_fr] = kind_words(binding.kind);
    let full = binding.name.as_str();
    let min = settings.min_name_length;
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("{kind_en} name `{full}` is too short to say what it is"),
            format!("le nom `{full}` ({kind_fr}) est trop court pour dire ce que c'est"),
        ],
        [
            format!("use a name of at least {min} characters that says what the value is"),
            format!("choisir un nom d'au moins {min} caractères qui dit ce qu'est la valeur"),
        ],
    ))
}
