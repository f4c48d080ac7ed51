//! The `lint` check: the names and comments of the entry's sources (see [`crate::lint`]).

use std::collections::HashMap;
use std::path::Path;

use crate::discover::Entry;
use crate::lang::Lang;
use crate::lint::{self, LintSettings, Severity, SourceLanguage};
use crate::report::{Check, CheckKind, Details, LintDetails, LintFinding, Unreadable, Verdict};

/// Findings listed in the check's message; the JSON carries them all.
const SHOWN: usize = 8;

/// The lint rule of files its parser cannot read.
const SYNTAX_ERROR: &str = "S001";

/// Lints the entry: the script, or every source of the crate. Paths are relative to `folder`.
/// `compiled`: the interpreter or compiler accepted the entry; a file the lint's parser cannot
/// read is then the parser's shortcoming (a syntax newer than its grammar), not the student's.
pub fn lint_check(
    entry: &Entry,
    folder: &Path,
    settings: &LintSettings,
    lang: Lang,
    compiled: bool,
) -> Check {
    if !settings.enabled {
        return Check::skipped(CheckKind::Lint, "lint is turned off for this exercise");
    }
    // A script is linted alone; a crate with all its sources (target/ is skipped).
    let mut report = lint::lint_paths(std::slice::from_ref(&entry.path), folder, settings, lang);
    if compiled {
        report
            .findings
            .retain(|finding| finding.rule != SYNTAX_ERROR);
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let mut lines: Vec<String> = report
        .unreadable
        .iter()
        .map(|(file, why)| format!("{}: cannot be read: {why}", file.display()))
        .collect();
    let mut findings: Vec<&lint::Finding> = report.findings.iter().collect();
    // Errors first: they decide the verdict.
    findings.sort_by_key(|finding| {
        (
            finding.severity != Severity::Error,
            finding.file.clone(),
            finding.line,
        )
    });
    lines.extend(findings.iter().take(SHOWN).map(|finding| {
        format!(
            "{}:{}:{}: {}[{}] {}",
            finding.file.display(),
            finding.line,
            finding.column,
            finding.severity.as_str(),
            finding.rule,
            finding.message
        )
    }));
    if findings.len() > SHOWN {
        lines.push(format!(
            "… and {} more (grade lint shows them all)",
            findings.len() - SHOWN
        ));
    }
    let verdict = if report.fails() {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
    let summary = match (errors, warnings, report.unreadable.len()) {
        (0, 0, 0) => "names and comments are clean".to_string(),
        (_, _, 0) => format!("{errors} error(s), {warnings} warning(s) on names and comments"),
        (_, _, unreadable) => format!(
            "{unreadable} source file(s) could not be read; {errors} error(s), {warnings} \
             warning(s) on names and comments"
        ),
    };
    let message = if lines.is_empty() {
        summary
    } else {
        format!("{summary}\n{}", lines.join("\n"))
    };
    let details = LintDetails {
        errors,
        warnings,
        findings: with_sources(&report.findings, folder, lang),
        unreadable: report
            .unreadable
            .iter()
            .map(|(file, why)| Unreadable {
                file: file.to_string_lossy().into_owned(),
                reason: why.clone(),
            })
            .collect(),
    };
    Check::new(CheckKind::Lint, verdict, message, Details::Lint(details))
}

/// The findings for the report, each with the source lines it points at, read and decoded as
/// the lint read them (each file once). A file gone since keeps its findings without lines.
fn with_sources(findings: &[lint::Finding], folder: &Path, lang: Lang) -> Vec<LintFinding> {
    let mut texts: HashMap<&Path, Option<String>> = HashMap::new();
    findings
        .iter()
        .map(|finding| {
            let mut shown = LintFinding::from(finding);
            let text = texts.entry(finding.file.as_path()).or_insert_with(|| {
                let language = SourceLanguage::of(&finding.file)?;
                lint::source::read(&folder.join(&finding.file), language, lang).ok()
            });
            if let Some(text) = text {
                shown.source = shown.lines_of(text);
            }
            shown
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Language;

    #[test]
    fn each_finding_carries_the_source_lines_it_points_at() {
        let folder = tempfile::tempdir().expect("a folder");
        let script = folder.path().join("cube.py");
        std::fs::write(&script, "import os\r\n\r\ndef main()\r\n    return 1\r\n").expect("write");
        let entry = Entry {
            language: Language::Python,
            path: script,
            relative: "cube.py".into(),
        };
        let check = lint_check(
            &entry,
            folder.path(),
            &LintSettings::default(),
            Lang::En,
            false,
        );
        let Details::Lint(details) = check.details else {
            panic!("lint figures: {check:?}");
        };
        let finding = details
            .findings
            .iter()
            .find(|finding| finding.rule == SYNTAX_ERROR)
            .expect("a syntax error");
        let first = finding.line;
        let lines: Vec<&str> = ["import os", "", "def main()", "    return 1"][first - 1..]
            .iter()
            .take(finding.end_line + 1 - first)
            .copied()
            .collect();
        assert_eq!(finding.source, lines.join("\n"), "{finding:?}");
        assert!(!finding.source.contains('\r'));
    }

    #[test]
    fn a_finding_keeps_at_most_three_lines_each_cut_short() {
        let text = format!("a\nb\nc\nd\n{}\n", "x".repeat(600));
        let mut finding = LintFinding {
            rule: "N802".into(),
            name: "n".into(),
            category: lint::Category::Syntax,
            severity: Severity::Error,
            file: "cube.py".into(),
            line: 2,
            column: 1,
            end_line: 5,
            end_column: 1,
            message: String::new(),
            help: String::new(),
            source: String::new(),
        };
        assert_eq!(finding.lines_of(&text), "b\nc\nd");
        finding.line = 5;
        assert_eq!(
            finding.lines_of(&text).chars().count(),
            LintFinding::SOURCE_LINE_CHARS
        );
        finding.line = 9;
        assert_eq!(finding.lines_of(&text), "");
    }
}
