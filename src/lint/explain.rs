//! `grade explain CODE`: what a rule flags, why it matters and an example; and the rule table.

use super::rules;
use crate::lang::Lang;

/// The documentation of the rule with this code or name (any case), in `lang`.
pub fn explain(code: &str, lang: Lang) -> Option<String> {
    let rule = rules::find(code.trim())?;
    let (category, severity, by_default) = match lang {
        Lang::En => (
            rule.category.as_str(),
            rule.severity.as_str(),
            "by default:",
        ),
        Lang::Fr => (
            match rule.category {
                super::Category::Naming => "nommage",
                super::Category::Comments => "commentaires",
            },
            match rule.severity {
                super::Severity::Error => "erreur",
                super::Severity::Warning => "avertissement",
            },
            "par défaut :",
        ),
    };
    Some(format!(
        "# {} ({})\n\n{category}, {severity} {by_default} {}\n\n{}\n",
        rule.name,
        rule.code,
        rule.summary.get(lang),
        rule.explain.get(lang)
    ))
}

/// Every rule, one per line: code, name, category, default severity, summary.
pub fn rule_table(lang: Lang) -> String {
    rules::all()
        .into_iter()
        .map(|rule| {
            format!(
                "{}  {:<26} {:<9} {:<8} {}\n",
                rule.code,
                rule.name,
                rule.category.as_str(),
                rule.severity.as_str(),
                rule.summary.get(lang)
            )
        })
        .collect()
}
