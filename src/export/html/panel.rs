//! A panel per student (`#student-N`): each exercise with its verdict, each check with its
//! verdict and message, the build error's place, the lint findings under their source lines as
//! a compiler shows them, and the workers over time beside the reference's.

use std::fmt::Write;

use super::chart;
use super::escape::{block, inline};
use super::verdict_label;
use crate::export::points as score;
use crate::lang::Lang;
use crate::msg;
use crate::report::terminal::check_label;
use crate::report::{
    BuildDetails, Check, Details, ExerciseReport, ExerciseVerdict, LintDetails, LintFinding,
    Report, Submission, Verdict,
};

/// Every student's panel under their heading, the page's words in `lang`.
pub(super) fn student_panels(page: &mut String, report: &Report, lang: Lang) {
    let _ = writeln!(
        page,
        "<section id=\"students\">\n<h2>{}</h2>",
        inline(&msg!(lang, "html-students"))
    );
    for (index, submission) in report.submissions.iter().enumerate() {
        student(page, report, index + 1, submission, lang);
    }
    page.push_str("</section>\n");
}

/// A student's panel: their name and score, each exercise, a link back to the table.
fn student(page: &mut String, report: &Report, number: usize, submission: &Submission, lang: Lang) {
    let _ = writeln!(
        page,
        "<section class=\"student\" id=\"student-{number}\">\n\
         <h3><a class=\"self\" href=\"#student-{number}\">{name}</a> \
         <span class=\"num\">{value}/{max}</span></h3>\n<p class=\"dim path\">{path}</p>",
        name = inline(&submission.student),
        value = score(submission.score),
        max = score(submission.max_score),
        path = inline(&submission.path.to_string_lossy()),
    );
    for exercise in &submission.exercises {
        exercise_panel(page, report, number, submission, exercise, lang);
    }
    let _ = writeln!(
        page,
        "<p class=\"back\"><a href=\"#class-section\">{}</a></p>\n</section>",
        inline(&msg!(lang, "html-back"))
    );
}

/// An exercise's verdict, score and message, then its checks; open unless it passed.
fn exercise_panel(
    page: &mut String,
    report: &Report,
    number: usize,
    submission: &Submission,
    exercise: &ExerciseReport,
    lang: Lang,
) {
    let verdict = exercise.verdict.name();
    // What needs reading is open; a pass is one click away.
    let open = match exercise.verdict {
        ExerciseVerdict::Pass => "",
        ExerciseVerdict::Fail | ExerciseVerdict::Missing | ExerciseVerdict::Error => " open",
    };
    let _ = writeln!(
        page,
        "<details class=\"exercise\" id=\"student-{number}-{anchor}\"{open}>\n\
         <summary><span class=\"badge {verdict}\">{label}</span> <b>{name}</b> \
         <span class=\"title\">{title}</span> <span class=\"num\">{value}/{max}</span>{how}</summary>",
        label = inline(&verdict_label(exercise.verdict, lang)),
        anchor = inline(&exercise.exercise),
        name = inline(&exercise.exercise),
        title = inline(exercise.title.as_deref().unwrap_or_default()),
        value = score(exercise.score),
        max = score(exercise.max_score),
        how = match (exercise.language, &exercise.entry) {
            (Some(language), Some(entry)) => format!(
                " <span class=\"dim\">{} · {}</span>",
                language.name(),
                inline(&entry.to_string_lossy())
            ),
            _ => String::new(),
        },
    );
    let mut tags = Vec::new();
    if exercise.reused {
        tags.push(msg!(lang, "html-reused"));
    }
    if exercise.kept {
        tags.push(msg!(lang, "html-kept.title"));
    }
    for tag in tags {
        let _ = writeln!(page, "<p class=\"dim\">{}</p>", inline(&tag));
    }
    if let Some(message) = &exercise.message {
        let _ = writeln!(page, "<pre class=\"message\">{}</pre>", block(message));
    }
    if !exercise.checks.is_empty() {
        page.push_str("<ol class=\"checks\">\n");
        for check in &exercise.checks {
            check_item(page, report, number, submission, exercise, check, lang);
        }
        page.push_str("</ol>\n");
    }
    page.push_str("</details>\n");
}

/// A check: its verdict, its name and message in `lang`, and what its details show.
fn check_item(
    page: &mut String,
    report: &Report,
    number: usize,
    submission: &Submission,
    exercise: &ExerciseReport,
    check: &Check,
    lang: Lang,
) {
    let verdict = check.verdict.name();
    let _ = writeln!(
        page,
        "<li class=\"check\" data-check=\"{kind}\"><div class=\"head\"><span class=\"badge {verdict}\">{label}</span> \
         <b>{name}</b></div>\n<pre class=\"message\">{message}</pre>",
        kind = check.check.name(),
        label = inline(&check_verdict_label(check.verdict, lang)),
        name = inline(&check_label(check.check, lang)),
        message = block(&check.message),
    );
    match &check.details {
        Details::Build(details) => build_place(page, details, lang),
        Details::Lint(details) => lint_findings(page, details, lang),
        Details::Workers(details) => {
            let reference = exercise.language.and_then(|language| {
                report
                    .references
                    .iter()
                    .find(|base| base.exercise == exercise.exercise && base.language == language)
            });
            let id = format!("workers-{number}-{}", exercise.exercise);
            chart::workers_pair(
                page,
                &id,
                &submission.student,
                &exercise.exercise,
                details,
                reference,
                lang,
            );
        }
        Details::None | Details::Run(_) | Details::Result(_) | Details::Time(_) => {}
    }
    page.push_str("</li>\n");
}

/// A check's verdict on its badge, in `lang`.
fn check_verdict_label(verdict: Verdict, lang: Lang) -> String {
    match verdict {
        Verdict::Pass => msg!(lang, "html-check-pass"),
        Verdict::Fail => msg!(lang, "html-check-fail"),
        Verdict::Skipped => msg!(lang, "html-check-skipped"),
        Verdict::Inconclusive => msg!(lang, "html-check-inconclusive"),
    }
}

/// Where the build's first error is, if the compiler said.
fn build_place(page: &mut String, details: &BuildDetails, lang: Lang) {
    if let Some(file) = &details.file {
        let mut place = inline(file);
        if let Some(line) = details.line {
            let _ = write!(place, ":{line}");
            if let Some(column) = details.column {
                let _ = write!(place, ":{column}");
            }
        }
        let _ = writeln!(
            page,
            "<p class=\"place\">{} <code>{place}</code></p>",
            inline(&msg!(lang, "html-first-error"))
        );
    }
}

/// The files the lint could not read, then each finding.
fn lint_findings(page: &mut String, details: &LintDetails, lang: Lang) {
    for unreadable in &details.unreadable {
        let _ = writeln!(
            page,
            "<p class=\"place\"><code>{}</code> {}</p>",
            inline(&unreadable.file),
            inline(&msg!(
                lang,
                "html-unreadable",
                reason = unreadable.reason.as_str()
            ))
        );
    }
    for finding in &details.findings {
        snippet(page, finding, lang);
    }
}

/// A finding as a compiler shows it: the rule and message, the place, the source lines with
/// their numbers in a gutter and the span underlined, then the help.
fn snippet(page: &mut String, finding: &LintFinding, lang: Lang) {
    let _ = writeln!(
        page,
        "<div class=\"finding\"><pre class=\"snippet\"><span class=\"sev {severity}\">{word}[{rule}]</span>: {message}\n\
         <span class=\"gutter\">{pad}--&gt;</span> {file}:{line}:{column}",
        severity = finding.severity.as_str(),
        word = inline(&finding.severity.name(lang)),
        rule = inline(&finding.rule),
        message = inline(&finding.message),
        pad = " ".repeat(gutter_width(finding).saturating_sub(1)),
        file = inline(&finding.file),
        line = finding.line,
        column = finding.column,
    );
    let width = gutter_width(finding);
    if !finding.source.is_empty() {
        let _ = writeln!(page, "<span class=\"gutter\">{:width$} |</span>", "");
        for (offset, text) in finding.source.split('\n').enumerate() {
            let number = finding.line + offset;
            let (from, to) = underlined(finding, number, text);
            let (shown, marks) = underline(text, from, to);
            let _ = writeln!(
                page,
                "<span class=\"gutter\">{number:>width$} |</span> {shown}"
            );
            if !marks.is_empty() {
                let _ = writeln!(
                    page,
                    "<span class=\"gutter\">{:width$} |</span> <span class=\"marks\">{marks}</span>",
                    ""
                );
            }
        }
    }
    if !finding.help.is_empty() {
        let _ = writeln!(
            page,
            "<span class=\"gutter\">{:width$} =</span> {}",
            "",
            inline(&msg!(lang, "html-help", help = finding.help.as_str()))
        );
    }
    page.push_str("</pre></div>\n");
}

fn gutter_width(finding: &LintFinding) -> usize {
    let last = finding.line + finding.source.matches('\n').count();
    last.to_string().len()
}

/// The characters of line `number` the finding covers, 0-based, end exclusive.
fn underlined(finding: &LintFinding, number: usize, text: &str) -> (usize, usize) {
    let length = text.chars().count();
    let from = if number == finding.line {
        finding.column.saturating_sub(1)
    } else {
        text.chars().take_while(|c| c.is_whitespace()).count()
    };
    let to = if number == finding.end_line {
        finding.end_column.saturating_sub(1)
    } else {
        length
    };
    let from = from.min(length);
    // At least one caret, past the end of the line if the span is empty there.
    let to = to.clamp(from, length).max(from + 1);
    (from, to)
}

/// The line escaped with its span wrapped, and the carets under it (aligned on what is shown:
/// an escaped control character is wider than one column).
fn underline(text: &str, from: usize, to: usize) -> (String, String) {
    let (mut shown, mut marks) = (String::new(), String::new());
    let mut open = false;
    let length = text.chars().count();
    for (index, c) in text.chars().chain(std::iter::once(' ')).enumerate() {
        let is_end = index == length;
        if index == from && !open && from < to {
            shown.push_str("<span class=\"span\">");
            open = true;
        }
        if open && index == to {
            shown.push_str("</span>");
            open = false;
        }
        if is_end {
            if index < to && from < to {
                // A span past the end of the line: mark where the line ends.
                marks.push('^');
            }
            break;
        }
        let piece = inline(&c.to_string());
        let columns = crate::text::printable(&c.to_string()).chars().count();
        let mark = if index >= from && index < to {
            '^'
        } else {
            ' '
        };
        marks.extend(std::iter::repeat_n(mark, columns));
        shown.push_str(&piece);
    }
    if open {
        shown.push_str("</span>");
    }
    (shown, marks.trim_end().to_string())
}
