//! `grade explain CODE`: what a rule flags, why it matters and an example; and the rule table
//! that `grade explain list` prints.

use super::rules::{self, RuleMeta};
use crate::lang::Lang;
use crate::msg;

/// The documentation of the rule with this code or name (any case), in `lang`.
pub fn explain(code: &str, lang: Lang) -> Option<String> {
    let rule = rules::find(code.trim())?;
    let by_default = msg!(lang, "lint-by-default");
    Some(format!(
        "# {} ({})\n\n{}, {} {by_default} {}\n\n{}\n",
        rule.name,
        rule.code,
        rule.category.name(lang),
        rule.severity.name(lang),
        rule.summary(lang),
        rule.explain.get(lang)
    ))
}

/// Every rule, one per line: code, name, category, default severity, summary; in aligned
/// columns, the category and severity in `lang`.
pub fn rule_table(lang: Lang) -> String {
    let rules = rules::all();
    let width = |column: fn(&RuleMeta, Lang) -> String| {
        rules
            .iter()
            .map(|rule| column(rule, lang).chars().count())
            .max()
            .unwrap_or(0)
    };
    let name_width = width(|rule, _| rule.name.to_string());
    let category_width = width(|rule, lang| rule.category.name(lang));
    let severity_width = width(|rule, lang| rule.severity.name(lang));
    rules
        .iter()
        .map(|rule| {
            format!(
                "{}  {:<name_width$}  {:<category_width$}  {:<severity_width$}  {}\n",
                rule.code,
                rule.name,
                rule.category.name(lang),
                rule.severity.name(lang),
                rule.summary(lang)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_one_aligned_line_per_rule_in_each_language() {
        for lang in [Lang::En, Lang::Fr] {
            let table = rule_table(lang);
            let lines: Vec<&str> = table.lines().collect();
            assert_eq!(lines.len(), rules::all().len(), "{table}");
            // The summary starts at the same column on every line.
            let summary_at = |line: &str, rule: &RuleMeta| {
                line.find(rule.summary(lang).as_str())
                    .map(|at| line[..at].chars().count())
            };
            let columns: Vec<Option<usize>> = rules::all()
                .iter()
                .zip(&lines)
                .map(|(rule, line)| summary_at(line, rule))
                .collect();
            assert!(
                columns.iter().all(|at| at.is_some() && *at == columns[0]),
                "{table}"
            );
        }
        assert!(rule_table(Lang::Fr).contains("N005  name-too-short"));
        assert!(rule_table(Lang::Fr).contains("nommage"));
        assert!(rule_table(Lang::Fr).contains("avertissement"));
        assert!(!rule_table(Lang::Fr).contains(" warning "));
    }
}
