//! What every rule declares about itself: code, name, category, default severity, documentation.

use crate::lang::Lang;
use crate::lint::{Category, Severity};

/// A text in each language messages are written in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text {
    pub en: &'static str,
    pub fr: &'static str,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Fr => self.fr,
        }
    }
}

/// The entry of one rule in the code table.
#[derive(Debug)]
pub(crate) struct RuleMeta {
    /// Stable code, such as `N001`: configuration and `noqa` comments name rules by it.
    pub code: &'static str,
    /// kebab-case name, accepted wherever the code is.
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// Markdown sections "What it does", "Why is this bad", "Example" (and their French), from
    /// `locales/<lang>/rules/<code>.md`.
    pub explain: Text,
}

impl RuleMeta {
    /// One line: what the rule flags; the message of the rule's name in `locales/<lang>/lint-*.ftl`.
    pub fn summary(&self, lang: Lang) -> String {
        crate::messages::message(lang, self.name, &[])
    }
}

/// A rule's documentation in each language, from `locales/en/rules/<code>.md` and
/// `locales/fr/rules/<code>.md`.
macro_rules! explain {
    ($code:literal) => {
        $crate::lint::rules::Text {
            en: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/en/rules/",
                $code,
                ".md"
            )),
            fr: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/fr/rules/",
                $code,
                ".md"
            )),
        }
    };
}
pub(crate) use explain;
