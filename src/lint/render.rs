//! Terminal rendering of findings, the way rustc and ruff show them: `file:line:col`, code,
//! message, the source line with a marker under the name or comment, and the help line.

use std::collections::HashMap;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::source::{self, LineIndex};
use super::{Finding, LintReport, Severity, SourceLanguage};
use crate::lang::Lang;
use crate::msg;

/// Renders every finding, then every unreadable file; colour only when `color` is true, the
/// severities and the advice's label in `lang` (`erreur[S001]`, `aide:`). Sources are read again from `base` joined with each
/// finding's file, to show the lines.
pub fn render(report: &LintReport, base: &Path, color: bool, lang: Lang) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut sources: HashMap<&Path, Option<String>> = HashMap::new();
    let mut out = String::new();
    for finding in &report.findings {
        let text = sources
            .entry(finding.file.as_path())
            .or_insert_with(|| read(&base.join(&finding.file)));
        out.push_str(&render_finding(&renderer, finding, text.as_deref(), lang));
        out.push_str("\n\n");
    }
    for (file, why) in &report.unreadable {
        let title = format!("{}: {why}", file.display());
        let level = Level::ERROR.with_name(Some(Severity::Error.name(lang)));
        out.push_str(&renderer.render(&[Group::with_title(level.primary_title(title))]));
        out.push_str("\n\n");
    }
    out
}

fn read(path: &Path) -> Option<String> {
    let language = SourceLanguage::of(path)?;
    source::read(path, language, Lang::En).ok()
}

fn render_finding(
    renderer: &Renderer,
    finding: &Finding,
    text: Option<&str>,
    lang: Lang,
) -> String {
    let level = match finding.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
    .with_name(Some(finding.severity.name(lang)));
    let path = finding.file.to_string_lossy();
    let title = level
        .primary_title(finding.message.as_str())
        .id(finding.rule);
    let excerpt = text.and_then(|text| excerpt(text, finding));
    let group = match &excerpt {
        Some((lines, span)) => title.element(
            Snippet::source(lines.as_str())
                .line_start(finding.line)
                .path(path.as_ref())
                .annotation(AnnotationKind::Primary.span(span.clone())),
        ),
        None => title.element(
            Origin::path(path.as_ref())
                .line(finding.line)
                .char_column(finding.column),
        ),
    };
    let help = Level::HELP.with_name(Some(msg!(lang, "lint-help")));
    let group = group.element(help.message(finding.help.as_str()));
    renderer.render(&[group])
}

/// The finding's lines (at most five) and the byte span to mark in them.
fn excerpt(text: &str, finding: &Finding) -> Option<(String, std::ops::Range<usize>)> {
    let index = LineIndex::new(text);
    let first = finding.line.checked_sub(1)?;
    let last = finding.end_line.saturating_sub(1).clamp(first, first + 4);
    let start_of = |line: usize| index.line_range(text, line);
    let lines: Vec<&str> = (first..=last).map(|line| &text[start_of(line)]).collect();
    let joined = lines.join("\n");
    let start = byte_of_column(lines.first()?, finding.column);
    let end = if finding.end_line.saturating_sub(1) > last {
        joined.len()
    } else {
        let before: usize = lines[..lines.len() - 1]
            .iter()
            .map(|line| line.len() + 1)
            .sum();
        before + byte_of_column(lines.last()?, finding.end_column)
    };
    let end = if end <= start {
        // An empty span still deserves a visible marker: extend it to the next character.
        joined[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8())
    } else {
        end
    };
    Some((joined, start..end))
}

/// The byte offset of a 1-based character column in a line.
fn byte_of_column(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at)
}
