//! The `lint` check: the names and comments of the entry's sources (see [`crate::lint`]).

use std::path::Path;

use crate::discover::Entry;
use crate::lang::Lang;
use crate::lint::{self, LintSettings, Severity};
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
        findings: report.findings.iter().map(LintFinding::from).collect(),
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
