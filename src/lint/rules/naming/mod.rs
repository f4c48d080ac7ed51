//! Naming rules, and what they share: case predicates, suggestions, the words for each kind.

pub(crate) mod ambiguous_name;
pub(crate) mod builtin_shadowed;
pub(crate) mod constant_not_upper_case;
pub(crate) mod forbidden_name;
pub(crate) mod function_not_snake_case;
pub(crate) mod name_pattern_mismatch;
pub(crate) mod name_too_short;
pub(crate) mod non_ascii_name;
pub(crate) mod numbered_name;
pub(crate) mod placeholder_name;
pub(crate) mod type_not_camel_case;
pub(crate) mod variable_not_snake_case;

use crate::lang::Lang;
use crate::lint::config::LintSettings;
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::SourceLanguage;
use crate::msg;

/// What a naming rule may read besides the binding.
pub(crate) struct NameCtx<'a> {
    pub settings: &'a LintSettings,
    pub lang: Lang,
    pub language: SourceLanguage,
}

/// Names no naming rule looks at: `_`, dunders such as `__init__` or `__all__` (their spelling
/// is imposed), and the names the configuration allows.
pub(crate) fn exempt(binding: &Binding, settings: &LintSettings) -> bool {
    let name = binding.name.as_str();
    bare(name).is_empty()
        || (name.len() > 4 && name.starts_with("__") && name.ends_with("__"))
        || settings.allowed_names.contains(name)
}

/// The name without leading and trailing underscores, which mark privacy or avoid keywords.
pub(crate) fn bare(name: &str) -> &str {
    name.trim_matches('_')
}

/// `snake_case`: no upper-case letter.
pub(crate) fn is_snake(name: &str) -> bool {
    !name.chars().any(char::is_uppercase)
}

/// `UPPER_CASE`: no lower-case letter.
pub(crate) fn is_upper(name: &str) -> bool {
    !name.chars().any(char::is_lowercase)
}

/// `CamelCase`: starts with a capital, no underscore inside.
pub(crate) fn is_camel(name: &str) -> bool {
    let inner = bare(name);
    inner.starts_with(|c: char| c.is_uppercase()) && !inner.contains('_')
}

/// The words of a name, split at underscores and case changes (`HTTPServer2x` → http, server2x).
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let chars: Vec<char> = name.chars().collect();
    let mut current = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if c == '_' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let previous = index.checked_sub(1).map(|at| chars[at]);
        let next = chars.get(index + 1).copied();
        let boundary = c.is_uppercase()
            && previous.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn affixes(name: &str) -> (&str, &str) {
    let lead = &name[..name.len() - name.trim_start_matches('_').len()];
    let trail = &name[name.trim_end_matches('_').len()..];
    if lead.len() == name.len() {
        (lead, "")
    } else {
        (lead, trail)
    }
}

/// `myValue` → `my_value`.
pub(crate) fn to_snake(name: &str) -> String {
    let (lead, trail) = affixes(name);
    format!("{lead}{}{trail}", words(name).join("_"))
}

/// `myValue` → `MY_VALUE`.
pub(crate) fn to_upper(name: &str) -> String {
    to_snake(name).to_uppercase()
}

/// `my_value` → `MyValue`.
pub(crate) fn to_camel(name: &str) -> String {
    let (lead, _) = affixes(name);
    let camel: String = words(name)
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect();
    format!("{lead}{camel}")
}

/// The word for a kind of name in `lang`: the `name-kind-*` messages of lint-naming.ftl.
pub(crate) fn kind_word(kind: NameKind, lang: Lang) -> String {
    match kind {
        NameKind::Variable => msg!(lang, "name-kind-variable"),
        NameKind::Parameter => msg!(lang, "name-kind-parameter"),
        NameKind::LoopVariable => msg!(lang, "name-kind-loop-variable"),
        NameKind::Function => msg!(lang, "name-kind-function"),
        NameKind::Type => msg!(lang, "name-kind-type"),
        NameKind::Constant => msg!(lang, "name-kind-constant"),
        NameKind::ModuleVariable => msg!(lang, "name-kind-module-variable"),
        NameKind::Attribute => msg!(lang, "name-kind-attribute"),
        NameKind::Field => msg!(lang, "name-kind-field"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(to_snake("myValue"), "my_value");
        assert_eq!(to_snake("HTTPServer"), "http_server");
        assert_eq!(to_snake("_privateName"), "_private_name");
        assert_eq!(to_upper("workerCount"), "WORKER_COUNT");
        assert_eq!(to_camel("my_class"), "MyClass");
        assert_eq!(to_camel("worker"), "Worker");
    }

    #[test]
    fn cases() {
        assert!(is_snake("delayed_square"));
        assert!(!is_snake("delayedSquare"));
        assert!(is_upper("WORKER_COUNT"));
        assert!(is_camel("DelayedSquareProcess"));
        assert!(!is_camel("delayed_square_process"));
        assert!(!is_camel("Delayed_Square"));
    }
}
