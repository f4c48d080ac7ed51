//! The rule catalogue: one rule per file, registered in one code table.
//!
//! Naming rules (`N…`) look at one binding at a time; a binding gets at most one naming finding,
//! the first rule in [`NAMING`] order that fires, so that `toto1` is reported as a placeholder
//! and not also as a numbered name. Comment rules (`C…`) look at a whole file. The syntax rule
//! (`S001`) reports where a file stops parsing; the others still see what parsed around it.
//! Parallel rules (`P…`) read the tree of a file: calls, loops, `with` and the `__main__` guard
//! in Python (P001-P007), thread spawns and their loops in Rust (P008, P009).

mod comments;
mod hit;
mod meta;
mod naming;
mod parallel;
mod syntax_error;

use crate::lang::Lang;

use super::config::LintSettings;
use super::finding::Diagnostic;
use super::syntax::Outline;

pub(crate) use hit::Hit;
pub(crate) use meta::{explain, RuleMeta, Text};

/// A naming rule: looks at one binding.
type NamingCheck = fn(&super::syntax::Binding, &naming::NameCtx) -> Option<Hit>;
/// A comment rule: looks at one file.
type FileCheck = fn(&comments::FileCtx) -> Vec<Hit>;

/// A parallel rule: looks at the tree of one Python file.
type TreeCheck = fn(&parallel::PyCtx) -> Vec<Hit>;

/// Parallel rules, in code order.
const PARALLEL: &[(&RuleMeta, TreeCheck)] = &[
    (
        &parallel::no_main_guard::RULE,
        parallel::no_main_guard::check,
    ),
    (
        &parallel::pool_without_size::RULE,
        parallel::pool_without_size::check,
    ),
    (
        &parallel::pool_not_closed::RULE,
        parallel::pool_not_closed::check,
    ),
    (
        &parallel::process_not_joined::RULE,
        parallel::process_not_joined::check,
    ),
    (
        &parallel::get_after_join::RULE,
        parallel::get_after_join::check,
    ),
    (
        &parallel::result_on_process::RULE,
        parallel::result_on_process::check,
    ),
    (
        &parallel::threads_not_processes::RULE,
        parallel::threads_not_processes::check,
    ),
];

/// A Rust parallel rule: looks at the tree of one Rust file.
type RustCheck = fn(&parallel::RsCtx) -> Vec<Hit>;

/// Rust parallel rules, in code order.
const RUST_PARALLEL: &[(&RuleMeta, RustCheck)] = &[
    (
        &parallel::thread_not_joined::RULE,
        parallel::thread_not_joined::check,
    ),
    (
        &parallel::thread_per_item::RULE,
        parallel::thread_per_item::check,
    ),
];

/// Naming rules, in the order they are tried on each binding.
const NAMING: &[(&RuleMeta, NamingCheck)] = &[
    (&naming::non_ascii_name::RULE, naming::non_ascii_name::check),
    (&naming::forbidden_name::RULE, naming::forbidden_name::check),
    (
        &naming::placeholder_name::RULE,
        naming::placeholder_name::check,
    ),
    (&naming::ambiguous_name::RULE, naming::ambiguous_name::check),
    (&naming::name_too_short::RULE, naming::name_too_short::check),
    (
        &naming::builtin_shadowed::RULE,
        naming::builtin_shadowed::check,
    ),
    (&naming::numbered_name::RULE, naming::numbered_name::check),
    (
        &naming::name_pattern_mismatch::RULE,
        naming::name_pattern_mismatch::check,
    ),
    (
        &naming::variable_not_snake_case::RULE,
        naming::variable_not_snake_case::check,
    ),
    (
        &naming::function_not_snake_case::RULE,
        naming::function_not_snake_case::check,
    ),
    (
        &naming::type_not_camel_case::RULE,
        naming::type_not_camel_case::check,
    ),
    (
        &naming::constant_not_upper_case::RULE,
        naming::constant_not_upper_case::check,
    ),
];

/// Comment rules, in the order their findings are listed.
const FILE: &[(&RuleMeta, FileCheck)] = &[
    (&comments::no_comments::RULE, comments::no_comments::check),
    (
        &comments::missing_module_doc::RULE,
        comments::missing_module_doc::check,
    ),
    (
        &comments::missing_function_doc::RULE,
        comments::missing_function_doc::check,
    ),
    (
        &comments::commented_out_code::RULE,
        comments::commented_out_code::check,
    ),
    (&comments::todo_comment::RULE, comments::todo_comment::check),
    (
        &comments::low_comment_density::RULE,
        comments::low_comment_density::check,
    ),
    (
        &comments::empty_comment::RULE,
        comments::empty_comment::check,
    ),
];

/// Every rule, in code order.
pub(crate) fn all() -> Vec<&'static RuleMeta> {
    let mut rules: Vec<&'static RuleMeta> = NAMING
        .iter()
        .map(|(rule, _)| *rule)
        .chain(FILE.iter().map(|(rule, _)| *rule))
        .chain(PARALLEL.iter().map(|(rule, _)| *rule))
        .chain(RUST_PARALLEL.iter().map(|(rule, _)| *rule))
        .chain([&syntax_error::RULE])
        .collect();
    rules.sort_by_key(|rule| rule.code);
    rules
}

/// The rule with this code or name, in any case.
pub(crate) fn find(code_or_name: &str) -> Option<&'static RuleMeta> {
    all().into_iter().find(|rule| {
        rule.code.eq_ignore_ascii_case(code_or_name) || rule.name.eq_ignore_ascii_case(code_or_name)
    })
}

/// Runs every enabled rule on one file.
pub(crate) fn check(
    outline: &Outline,
    text: &str,
    settings: &LintSettings,
    lang: Lang,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if let Some(severity) = settings.severity(&syntax_error::RULE) {
        if let Some(hit) = syntax_error::check(outline, lang) {
            found.push(diagnostic(&syntax_error::RULE, severity, hit));
        }
    }
    let name_ctx = naming::NameCtx {
        settings,
        lang,
        language: outline.language,
    };
    let naming: Vec<(&RuleMeta, NamingCheck, crate::lint::Severity)> = NAMING
        .iter()
        .filter_map(|(rule, check)| Some((*rule, *check, settings.severity(rule)?)))
        .collect();
    for binding in &outline.bindings {
        if naming::exempt(binding, settings) {
            continue;
        }
        let first = naming.iter().find_map(|(rule, check, severity)| {
            Some((*rule, *severity, check(binding, &name_ctx)?))
        });
        if let Some((rule, severity, hit)) = first {
            found.push(diagnostic(rule, severity, hit));
        }
    }
    let file_ctx = comments::FileCtx::new(outline, text, settings, lang);
    for (rule, check) in FILE {
        if let Some(severity) = settings.severity(rule) {
            found.extend(
                check(&file_ctx)
                    .into_iter()
                    .map(|hit| diagnostic(rule, severity, hit)),
            );
        }
    }
    if let Some(tree_ctx) = parallel::PyCtx::new(outline, text, lang) {
        for (rule, check) in PARALLEL {
            if let Some(severity) = settings.severity(rule) {
                found.extend(
                    check(&tree_ctx)
                        .into_iter()
                        .map(|hit| diagnostic(rule, severity, hit)),
                );
            }
        }
    }
    if let Some(tree_ctx) = parallel::RsCtx::new(outline, text, lang) {
        for (rule, check) in RUST_PARALLEL {
            if let Some(severity) = settings.severity(rule) {
                found.extend(
                    check(&tree_ctx)
                        .into_iter()
                        .map(|hit| diagnostic(rule, severity, hit)),
                );
            }
        }
    }
    found
}

fn diagnostic(rule: &'static RuleMeta, severity: crate::lint::Severity, hit: Hit) -> Diagnostic {
    Diagnostic {
        rule,
        severity,
        span: hit.span,
        message: hit.message,
        help: hit.help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let rules = all();
        for (index, rule) in rules.iter().enumerate() {
            for other in &rules[index + 1..] {
                assert_ne!(rule.code, other.code);
                assert_ne!(rule.name, other.name);
            }
            for text in [rule.explain.en, rule.explain.fr] {
                assert!(text.contains("## "), "{} lacks sections", rule.code);
            }
            assert!(rule.explain.en.contains("## What it does"), "{}", rule.code);
            assert!(
                rule.explain.en.contains("## Why is this bad"),
                "{}",
                rule.code
            );
            assert!(rule.explain.en.contains("## Example"), "{}", rule.code);
            assert!(
                rule.explain.fr.contains("## Ce que fait la règle"),
                "{}",
                rule.code
            );
            assert!(
                rule.explain.fr.contains("## Pourquoi est-ce un problème"),
                "{}",
                rule.code
            );
            assert!(rule.explain.fr.contains("## Exemple"), "{}", rule.code);
        }
    }
}
