//! The lint stage: how a solution is written, not what it prints.
//!
//! Every Python and Rust source of a submission is decoded ([`source`]), parsed with tree-sitter
//! into an outline of its bindings, comments and functions ([`syntax`]), then checked against a
//! catalogue of rules ([`rules`]), each with a stable code, a category and a default severity.
//! Findings are data: the check fails when one of them has severity `error`.

pub mod cli;
pub mod config;
mod discover;
mod explain;
mod finding;
mod noqa;
mod render;
mod rules;
pub(crate) mod source;
pub(crate) mod syntax;

use std::path::{Path, PathBuf};

use crate::lang::Lang;

pub use config::{LintSettings, RawLint};
pub use explain::{explain, rule_table};
pub use finding::{Category, Finding, LintReport, Severity};
pub use render::render;
/// The catalogue entry of a rule, by code or name: what exporters describe rules with.
pub(crate) use rules::find as find_rule;

/// Lints every Python (.py) and Rust (.rs) source under `paths` (files or folders).
///
/// Folders are walked in name order, skipping `target/`, hidden folders, `__pycache__`, virtual
/// environments and symbolic links. File paths in findings are relative to `base` when under it.
/// A file that cannot be read or decoded is listed in `unreadable` and the others are linted.
pub fn lint_paths(
    paths: &[PathBuf],
    base: &Path,
    settings: &LintSettings,
    lang: Lang,
) -> LintReport {
    let mut report = LintReport::default();
    for entry in discover::sources(paths, lang) {
        match entry {
            discover::Entry::Source(path, language) => {
                let shown = relative_to(&path, base);
                match source::read(&path, language, lang) {
                    Ok(text) => {
                        report
                            .findings
                            .extend(lint_source(&text, language, &shown, settings, lang));
                    }
                    Err(why) => report.unreadable.push((shown, why)),
                }
            }
            discover::Entry::Skipped(path, why) => {
                report.unreadable.push((relative_to(&path, base), why));
            }
        }
    }
    report
}

/// Lints one decoded source text; `file` is only used to label the findings.
pub fn lint_source(
    text: &str,
    language: SourceLanguage,
    file: &Path,
    settings: &LintSettings,
    lang: Lang,
) -> Vec<Finding> {
    if !settings.enabled {
        return Vec::new();
    }
    let outline = syntax::outline(text, language);
    let diagnostics = rules::check(&outline, text, settings, lang);
    let suppressed = noqa::Suppressions::collect(&outline, text);
    let index = source::LineIndex::new(text);
    let mut findings: Vec<Finding> = diagnostics
        .into_iter()
        .filter(|diagnostic| !suppressed.hides(diagnostic, &index))
        .map(|diagnostic| diagnostic.into_finding(file, &index, text))
        .collect();
    findings.sort_by(|a, b| (a.line, a.column, a.rule).cmp(&(b.line, b.column, b.rule)));
    findings
}

/// The languages whose sources are linted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceLanguage {
    Python,
    Rust,
}

impl SourceLanguage {
    /// The language of a file, from its extension.
    pub fn of(path: &Path) -> Option<SourceLanguage> {
        match path.extension().and_then(|ext| ext.to_str()) {
            Some("py") | Some("pyw") => Some(SourceLanguage::Python),
            Some("rs") => Some(SourceLanguage::Rust),
            _ => None,
        }
    }

    /// The lowercase name the message files select on (`{ $language -> [python] ... }`).
    pub fn as_str(self) -> &'static str {
        match self {
            SourceLanguage::Python => "python",
            SourceLanguage::Rust => "rust",
        }
    }
}

fn relative_to(path: &Path, base: &Path) -> PathBuf {
    match path.strip_prefix(base) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative.to_path_buf(),
        _ => path.to_path_buf(),
    }
}
