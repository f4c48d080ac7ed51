//! The `grade lint` and `grade explain` commands: run the stage, print, map to an exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{explain, lint_paths, render, rule_table, Finding, LintReport, LintSettings, Severity};
use crate::lang::Lang;
use crate::msg;

/// Lints `paths` and prints the findings to stdout, as text (coloured on a terminal) or JSON.
/// Returns 0 when no finding is an error, 1 when one is or a file could not be read, 2 when a
/// path does not exist (nothing is linted then).
pub fn lint_command(paths: &[PathBuf], settings: &LintSettings, lang: Lang, json: bool) -> i32 {
    let missing: Vec<&PathBuf> = paths.iter().filter(|path| !path.exists()).collect();
    if !missing.is_empty() {
        for path in missing {
            eprintln!(
                "{}",
                msg!(lang, "lint-no-such-path", path = path.display().to_string())
            );
        }
        return 2;
    }
    let base = Path::new("");
    let report = lint_paths(paths, base, settings, lang);
    if json {
        match serde_json::to_string_pretty(&JsonReport::of(&report)) {
            Ok(text) => out(&format!("{text}\n")),
            Err(error) => {
                eprintln!(
                    "{} {}",
                    msg!(lang, "cli-error"),
                    msg!(lang, "lint-unserialisable", reason = error.to_string())
                );
                return 2;
            }
        }
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        out(&render(&report, base, color, lang));
        out(&format!("{}\n", summary(&report, lang)));
    }
    i32::from(report.fails())
}

/// Prints the documentation of one rule, or with `list` the table of every rule; with an
/// unknown code, the table on stderr and 2.
pub fn explain_command(code: &str, lang: Lang) -> i32 {
    if code.trim().eq_ignore_ascii_case("list") {
        out(&rule_table(lang));
        return 0;
    }
    match explain(code, lang) {
        Some(text) => {
            out(&text);
            0
        }
        None => {
            eprintln!("{}", msg!(lang, "lint-no-such-rule", code = code));
            eprint!("{}", rule_table(lang));
            2
        }
    }
}

/// Writes `text` to stdout. A reader that closed early (`grade lint . | head`) has what it wanted:
/// the write error is not the user's problem, and must not panic as `print!` would.
fn out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn summary(report: &LintReport, lang: Lang) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let unreadable = report.unreadable.len();
    if errors + warnings + unreadable == 0 {
        msg!(lang, "lint-summary-clean")
    } else {
        msg!(
            lang,
            "lint-summary",
            errors = errors,
            warnings = warnings,
            unreadable = unreadable
        )
    }
}

/// The JSON shape of `grade lint --format json`.
#[derive(Serialize)]
struct JsonReport<'a> {
    findings: &'a [Finding],
    unreadable: Vec<Unreadable<'a>>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Unreadable<'a> {
    file: String,
    reason: &'a str,
}

impl<'a> JsonReport<'a> {
    fn of(report: &'a LintReport) -> JsonReport<'a> {
        JsonReport {
            findings: &report.findings,
            unreadable: report
                .unreadable
                .iter()
                .map(|(file, reason)| Unreadable {
                    file: file.to_string_lossy().into_owned(),
                    reason,
                })
                .collect(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
        }
    }
}
