//! One self-contained page for people: the class table (sortable, filterable, also from the
//! link: `#filter=fail&sort=score-desc`), a panel per student with every check, the workers
//! over time beside the reference's, and a timeline of the whole grading. Nothing is fetched:
//! the style, the script and the charts are inline, and the essentials read without script.

mod chart;
pub(crate) mod escape;
mod gantt;
mod panel;
mod similar;
mod table;

use std::fmt::Write;

use crate::lang::Lang;
use crate::msg;
use crate::report::{ExerciseVerdict, Report};
use escape::{duration, inline};

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

/// The report as one HTML page whose own words are in `lang`: a pure function of the report
/// and the language (same report, same bytes).
pub fn render(report: &Report, lang: Lang) -> String {
    let mut page = String::with_capacity(64 * 1024);
    let title = if report.course.is_empty() {
        inline(&msg!(lang, "html-title"))
    } else {
        inline(&msg!(
            lang,
            "html-title-course",
            course = report.course.as_str()
        ))
    };
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
        tag(lang)
    );
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may be fetched, whatever a string of the report holds.
    page.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
    );
    let _ = writeln!(page, "<title>{title}</title>");
    let _ = writeln!(page, "<style>\n{STYLE}</style>\n</head>\n<body>");
    header(&mut page, report, lang);
    page.push_str("<main>\n");
    table::class_table(&mut page, report, lang);
    similar::similar_section(&mut page, report, lang);
    gantt::grading_timeline(&mut page, report, lang);
    panel::student_panels(&mut page, report, lang);
    page.push_str("</main>\n");
    let _ = writeln!(page, "<script>\n{SCRIPT}</script>\n</body>\n</html>");
    page
}

/// The page's `lang` attribute.
fn tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Fr => "fr",
    }
}

/// An exercise's verdict on its badge, in `lang`.
fn verdict_label(verdict: ExerciseVerdict, lang: Lang) -> String {
    match verdict {
        ExerciseVerdict::Pass => msg!(lang, "html-verdict-pass"),
        ExerciseVerdict::Fail => msg!(lang, "html-verdict-fail"),
        ExerciseVerdict::Missing => msg!(lang, "html-verdict-missing"),
        ExerciseVerdict::Error => msg!(lang, "html-verdict-error"),
    }
}

/// The course, the grader, the counts, the protections, and what went wrong for the grader.
fn header(page: &mut String, report: &Report, lang: Lang) {
    let summary = &report.summary;
    let _ = writeln!(
        page,
        "<header>\n<h1>{}</h1>\n<p class=\"sub\">{}{}{}</p>",
        if report.course.is_empty() {
            inline(&msg!(lang, "html-title"))
        } else {
            inline(&report.course)
        },
        inline(&msg!(
            lang,
            "html-graded-by",
            grader = report.grader.name.as_str(),
            version = report.grader.version.as_str()
        )),
        match report.partition {
            Some(part) => format!(
                " · {}",
                inline(&msg!(
                    lang,
                    "html-share",
                    index = part.index,
                    count = part.count
                ))
            ),
            None => String::new(),
        },
        if report.interrupted {
            format!(
                " · <strong class=\"warn\">{}</strong>",
                inline(&msg!(lang, "html-interrupted"))
            )
        } else {
            String::new()
        },
    );
    page.push_str("<ul class=\"counts\">\n");
    let counts = [
        (
            msg!(lang, "html-count-students", count = summary.students),
            summary.students.to_string(),
            "",
        ),
        (
            msg!(lang, "html-count-exercises", count = summary.exercises),
            summary.exercises.to_string(),
            "",
        ),
        (
            msg!(lang, "html-count-passed", count = summary.passed),
            summary.passed.to_string(),
            "pass",
        ),
        (
            msg!(lang, "html-count-failed", count = summary.failed),
            summary.failed.to_string(),
            "fail",
        ),
        (
            msg!(lang, "html-count-missing", count = summary.missing),
            summary.missing.to_string(),
            "missing",
        ),
        (
            msg!(lang, "html-count-errors", count = summary.errors),
            summary.errors.to_string(),
            "error",
        ),
        (
            msg!(lang, "html-count-wall-time"),
            duration(summary.elapsed_ms),
            "",
        ),
    ];
    for (label, value, class) in counts {
        let _ = writeln!(
            page,
            "<li class=\"{class}\"><b>{value}</b> {}</li>",
            inline(&label)
        );
    }
    if let Some(schedule) = &summary.schedule {
        let _ = writeln!(
            page,
            "<li><b>{}</b> {}</li>",
            schedule.jobs,
            inline(&msg!(
                lang,
                "html-count-jobs",
                count = schedule.jobs,
                cores = schedule.cores
            ))
        );
    }
    page.push_str("</ul>\n");
    if !report.protections.is_empty() {
        let active = report.protections.iter().filter(|p| p.active).count();
        let _ = write!(
            page,
            "<details class=\"protections\"><summary>{}</summary>\n<ul>\n",
            inline(&msg!(
                lang,
                "html-protections",
                active = active,
                total = report.protections.len()
            ))
        );
        for protection in &report.protections {
            let (class, mark) = if protection.active {
                ("on", "✓")
            } else {
                ("off", "✗")
            };
            let _ = writeln!(
                page,
                "<li class=\"{class}\"><span aria-hidden=\"true\">{mark}</span> <b>{}</b> \
                 <span class=\"dim\">{}</span></li>",
                // A report written before protections were named by language has no label.
                inline(if protection.label.is_empty() {
                    &protection.name
                } else {
                    &protection.label
                }),
                inline(&protection.detail)
            );
        }
        page.push_str("</ul>\n</details>\n");
    }
    notes(
        page,
        "errors",
        &msg!(lang, "html-grader-errors"),
        &report.errors,
    );
    notes(
        page,
        "warnings",
        &msg!(lang, "html-grader-warnings"),
        &report.warnings,
    );
    page.push_str("</header>\n");
}

/// A section of the grader's own errors or warnings under `title`, none if there are none.
fn notes(page: &mut String, class: &str, title: &str, notes: &[String]) {
    if notes.is_empty() {
        return;
    }
    let _ = writeln!(
        page,
        "<section class=\"notes {class}\">\n<h2>{}</h2>\n<ul>",
        inline(title)
    );
    for note in notes {
        let _ = writeln!(page, "<li><pre>{}</pre></li>", escape::block(note));
    }
    page.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests;
