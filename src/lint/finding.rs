//! Findings: what a rule reports about one place of one file, as data for reporters.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::source::LineIndex;
use crate::lang::Lang;
use crate::msg;

/// The family a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Naming,
    Comments,
    /// A source that does not parse.
    Syntax,
    /// Processes, pools and queues used in a way that crashes, hangs or wastes the machine.
    Parallel,
}

/// How much a finding weighs: any `error` fails the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Category {
    /// The lowercase name used in JSON and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Naming => "naming",
            Category::Comments => "comments",
            Category::Syntax => "syntax",
            Category::Parallel => "parallel",
        }
    }

    /// The word people read, in `lang` (`lint-category-*` in lint.ftl).
    pub fn name(self, lang: Lang) -> String {
        match self {
            Category::Naming => msg!(lang, "lint-category-naming"),
            Category::Comments => msg!(lang, "lint-category-comments"),
            Category::Syntax => msg!(lang, "lint-category-syntax"),
            Category::Parallel => msg!(lang, "lint-category-parallel"),
        }
    }
}

impl Severity {
    /// The lowercase name used in JSON and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The word people read, in `lang` (`lint-severity-*` in lint.ftl): `erreur[S001]` in a
    /// French terminal, where JSON and SARIF keep [`Severity::as_str`].
    pub fn name(self, lang: Lang) -> String {
        match self {
            Severity::Warning => msg!(lang, "lint-severity-warning"),
            Severity::Error => msg!(lang, "lint-severity-error"),
        }
    }
}

/// One finding of one rule at one place; lines and columns are 1-based, columns in characters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    #[serde(serialize_with = "crate::text::lossy_path")]
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    pub help: String,
}

/// Everything the lint stage found in a set of paths.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LintReport {
    pub findings: Vec<Finding>,
    /// Files that could not be read or decoded, with why.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl LintReport {
    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    }

    /// Whether the check fails: an error-severity finding, or a file that could not be read.
    pub fn fails(&self) -> bool {
        self.count(Severity::Error) > 0 || !self.unreadable.is_empty()
    }
}

/// A finding before it is placed: the rule that fired, a byte span and the localised texts.
#[derive(Debug, Clone)]
pub(crate) struct Diagnostic {
    pub rule: &'static super::rules::RuleMeta,
    pub severity: Severity,
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

impl Diagnostic {
    /// Places the diagnostic in `file`: lines and character columns from the byte span.
    pub fn into_finding(self, file: &Path, index: &LineIndex, text: &str) -> Finding {
        let (line, column) = index.position(text, self.span.start);
        let (end_line, end_column) = index.position(text, self.span.end);
        Finding {
            rule: self.rule.code,
            name: self.rule.name,
            category: self.rule.category,
            severity: self.severity,
            file: file.to_path_buf(),
            line,
            column,
            end_line,
            end_column,
            message: self.message,
            help: self.help,
        }
    }
}
