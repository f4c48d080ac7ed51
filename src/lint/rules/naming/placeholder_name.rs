//! N006: placeholder names such as `foo`, `toto` or `tmp`.

use super::{bare, kind_word, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};
use crate::msg;

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
    Some(Hit::text(
        binding.span.clone(),
        msg!(
            ctx.lang,
            "placeholder-name.message",
            kind = kind_word(binding.kind, ctx.lang),
            name = binding.name.as_str()
        ),
        msg!(ctx.lang, "placeholder-name.help"),
    ))
}
