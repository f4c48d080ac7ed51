//! One self-contained page for people: the class table (sortable, filterable, also from the
//! link: `#filter=fail&sort=score-desc`), a panel per student with every check, the workers
//! over time beside the reference's, and a timeline of the whole grading. Nothing is fetched:
//! the style, the script and the charts are inline, and the essentials read without script.

mod chart;
pub(crate) mod escape;
mod gantt;
mod panel;
mod table;

use std::fmt::Write;

use crate::report::Report;
use escape::{duration, inline};

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

/// The report as one HTML page: a pure function of the report (same report, same bytes).
pub fn render(report: &Report) -> String {
    let mut page = String::with_capacity(64 * 1024);
    let title = if report.course.is_empty() {
        "grade report".to_string()
    } else {
        format!("{} · grade report", inline(&report.course))
    };
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may be fetched, whatever a string of the report holds.
    page.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
    );
    let _ = writeln!(page, "<title>{title}</title>");
    let _ = writeln!(page, "<style>\n{STYLE}</style>\n</head>\n<body>");
    header(&mut page, report);
    page.push_str("<main>\n");
    table::class_table(&mut page, report);
    gantt::grading_timeline(&mut page, report);
    panel::student_panels(&mut page, report);
    page.push_str("</main>\n");
    let _ = writeln!(page, "<script>\n{SCRIPT}</script>\n</body>\n</html>");
    page
}

/// The course, the grader, the counts, the protections, and what went wrong for the grader.
fn header(page: &mut String, report: &Report) {
    let summary = &report.summary;
    let _ = writeln!(
        page,
        "<header>\n<h1>{}</h1>\n<p class=\"sub\">graded by {} {}{}{}</p>",
        if report.course.is_empty() {
            "grade report".to_string()
        } else {
            inline(&report.course)
        },
        inline(&report.grader.name),
        inline(&report.grader.version),
        match report.partition {
            Some(part) => format!(" · share {} of {} of the class", part.index, part.count),
            None => String::new(),
        },
        if report.interrupted {
            " · <strong class=\"warn\">interrupted: the report holds what was graded so far</strong>"
        } else {
            ""
        },
    );
    page.push_str("<ul class=\"counts\">\n");
    let counts = [
        ("students", summary.students.to_string(), ""),
        ("exercises graded", summary.exercises.to_string(), ""),
        ("passed", summary.passed.to_string(), "pass"),
        ("failed", summary.failed.to_string(), "fail"),
        ("missing", summary.missing.to_string(), "missing"),
        ("grader errors", summary.errors.to_string(), "error"),
        ("wall time", duration(summary.elapsed_ms), ""),
    ];
    for (label, value, class) in counts {
        let _ = writeln!(page, "<li class=\"{class}\"><b>{value}</b> {label}</li>");
    }
    if let Some(schedule) = &summary.schedule {
        let _ = writeln!(
            page,
            "<li><b>{}</b> jobs on {} cores</li>",
            schedule.jobs, schedule.cores
        );
    }
    page.push_str("</ul>\n");
    if !report.protections.is_empty() {
        page.push_str("<details class=\"protections\"><summary>Protections: ");
        let active = report.protections.iter().filter(|p| p.active).count();
        let _ = write!(
            page,
            "{active} of {} in force</summary>\n<ul>\n",
            report.protections.len()
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
                inline(&protection.name),
                inline(&protection.detail)
            );
        }
        page.push_str("</ul>\n</details>\n");
    }
    notes(page, "errors", "Grader errors", &report.errors);
    notes(page, "warnings", "Grader warnings", &report.warnings);
    page.push_str("</header>\n");
}

fn notes(page: &mut String, class: &str, title: &str, notes: &[String]) {
    if notes.is_empty() {
        return;
    }
    let _ = writeln!(
        page,
        "<section class=\"notes {class}\">\n<h2>{title}</h2>\n<ul>"
    );
    for note in notes {
        let _ = writeln!(page, "<li><pre>{}</pre></li>", escape::block(note));
    }
    page.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests;
