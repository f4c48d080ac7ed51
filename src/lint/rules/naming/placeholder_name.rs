//! N006: placeholder names such as `foo`, `toto` or `tmp`.

use super::{bare, kind_words, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N006",
    name: "placeholder-name",
    category: Category::Naming,
    severity: Severity::Error,
    explain: explain!("N006"),
};

/// Fires on a name that is a placeholder, ignoring case, underscores and a trailing number.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let stem = bare(binding.name.trim_end_matches(|c: char| c.is_ascii_digit())).to_lowercase();
    if !ctx.settings.placeholder_names.contains(&stem) {
        return None;
    }
    let [kind_en, kind_fr] = kind_words(binding.kind);
    let name = binding.name.as_str();
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("{kind_en} `{name}` has a placeholder name"),
            format!("`{name}` ({kind_fr}) est un nom bouche-trou"),
        ],
        [
            "name it after what it holds or does".to_string(),
            "le nommer d'après ce qu'il contient ou ce qu'il fait".to_string(),
        ],
    ))
}
