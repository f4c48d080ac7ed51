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
    /// One line: what the rule flags.
    pub summary: Text,
    /// Markdown sections "What it does", "Why is this bad", "Example" (and their French).
    pub explain: Text,
}
