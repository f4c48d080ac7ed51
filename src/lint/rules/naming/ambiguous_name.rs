//! N008: `l`, `O` and `I`, which many fonts draw like `1` and `0`.

use super::{kind_words, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N008",
    name: "ambiguous-name",
    category: Category::Naming,
    severity: Severity::Error,
    explain: explain!("N008"),
};

/// Fires on `l`, `O` and `I`.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    if !matches!(name, "l" | "O" | "I") {
        return None;
    }
    let [kind_en, kind_fr] = kind_words(binding.kind);
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("{kind_en} name `{name}` is easily mistaken for `1` or `0`"),
            format!("le nom `{name}` ({kind_fr}) se confond facilement avec `1` ou `0`"),
        ],
        [
            "use a name that says what the value is".to_string(),
            "choisir un nom qui dit ce qu'est la valeur".to_string(),
        ],
    ))
}
