//! N010: identifiers with characters outside ASCII (`résultat`, `nombre_éléments`).

use super::{kind_word, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N010",
    name: "non-ascii-name",
    category: Category::Naming,
    severity: Severity::Warning,
    explain: explain!("N010"),
};

/// Fires on a name with a character outside ASCII.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    if name.is_ascii() {
        return None;
    }
    Some(Hit::text(
        binding.span.clone(),
        msg!(
            ctx.lang,
            "non-ascii-name.message",
            kind = kind_word(binding.kind, ctx.lang),
            name = name
        ),
        msg!(ctx.lang, "non-ascii-name.help", ascii = fold_to_ascii(name)),
    ))
}

/// Drops the accents of French letters; other characters become `_`.
fn fold_to_ascii(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ÿ' => 'y',
            'À' | 'Â' | 'Ä' => 'A',
            'Ç' => 'C',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'Î' | 'Ï' => 'I',
            'Ô' | 'Ö' => 'O',
            'Ù' | 'Û' | 'Ü' => 'U',
            c if c.is_ascii() => c,
            _ => '_',
        })
        .collect()
}
