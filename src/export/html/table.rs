//! The class table: a row per student, a column per exercise and the total. Each cell carries
//! the value it sorts by (`data-value`) and each row the verdicts it is filtered by, so the
//! page's script reorders and hides rows without reading their text.

use std::fmt::Write;

use super::escape::inline;
use super::verdict_label;
use crate::export::points as score;
use crate::lang::Lang;
use crate::msg;
use crate::report::{ExerciseVerdict, Report, Submission};

/// The filters, in the order of their buttons: each with its words and its tooltip in `lang`.
fn filters(lang: Lang) -> [(&'static str, String, String); 5] {
    [
        (
            "all",
            msg!(lang, "html-filter-all"),
            msg!(lang, "html-filter-all.title"),
        ),
        (
            "pass",
            msg!(lang, "html-filter-pass"),
            msg!(lang, "html-filter-pass.title"),
        ),
        (
            "fail",
            msg!(lang, "html-filter-fail"),
            msg!(lang, "html-filter-fail.title"),
        ),
        (
            "missing",
            msg!(lang, "html-filter-missing"),
            msg!(lang, "html-filter-missing.title"),
        ),
        (
            "error",
            msg!(lang, "html-filter-error"),
            msg!(lang, "html-filter-error.title"),
        ),
    ]
}

/// The class table under its heading, with its filters' buttons; its words in `lang`.
pub(super) fn class_table(page: &mut String, report: &Report, lang: Lang) {
    let _ = writeln!(
        page,
        "<section id=\"class-section\">\n<h2>{}</h2>",
        inline(&msg!(lang, "html-class"))
    );
    // Shown by the script: without it the buttons would do nothing. The words it writes come
    // from here, `{shown}` left for it to fill.
    let _ = writeln!(
        page,
        "<nav class=\"filters\" hidden aria-label=\"{}\" data-shown-label=\"{}\">",
        inline(&msg!(lang, "html-filters")),
        inline(&msg!(
            lang,
            "html-shown",
            shown = "{shown}",
            total = report.submissions.len()
        )),
    );
    for (filter, words, title) in filters(lang) {
        let _ = writeln!(
            page,
            "<button type=\"button\" data-filter=\"{filter}\" title=\"{}\" \
             aria-pressed=\"false\">{}</button>",
            inline(&title),
            inline(&words)
        );
    }
    page.push_str("<span class=\"shown\" aria-live=\"polite\"></span>\n</nav>\n");
    page.push_str("<div class=\"scroll\">\n<table id=\"class\">\n<thead>\n<tr>");
    let _ = write!(
        page,
        "<th data-key=\"name\" data-type=\"text\" scope=\"col\">{}</th>",
        inline(&msg!(lang, "html-student"))
    );
    for exercise in exercises(report) {
        let _ = write!(
            page,
            "<th data-key=\"{key}\" data-type=\"number\" scope=\"col\" title=\"{title}\">{key}</th>",
            key = inline(&exercise.0),
            title = inline(exercise.1.unwrap_or_default()),
        );
    }
    let _ = writeln!(
        page,
        "<th data-key=\"score\" data-type=\"number\" scope=\"col\">{}</th></tr>",
        inline(&msg!(lang, "html-total"))
    );
    page.push_str("</thead>\n<tbody>\n");
    let columns = exercises(report);
    for (index, submission) in report.submissions.iter().enumerate() {
        row(page, index + 1, submission, &columns, lang);
    }
    page.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

/// The exercises' names and titles in the course's order, else as the students have them.
fn exercises(report: &Report) -> Vec<(String, Option<&str>)> {
    if !report.exercises.is_empty() {
        return report
            .exercises
            .iter()
            .map(|info| (info.name.clone(), info.title.as_deref()))
            .collect();
    }
    let mut seen: Vec<(String, Option<&str>)> = Vec::new();
    for exercise in report.submissions.iter().flat_map(|s| &s.exercises) {
        if !seen.iter().any(|(name, _)| *name == exercise.exercise) {
            seen.push((exercise.exercise.clone(), exercise.title.as_deref()));
        }
    }
    seen
}

/// A student's row: their name, a cell per exercise of `columns`, the total.
fn row(
    page: &mut String,
    number: usize,
    submission: &Submission,
    columns: &[(String, Option<&str>)],
    lang: Lang,
) {
    let mut verdicts: Vec<&str> = submission
        .exercises
        .iter()
        .map(|exercise| exercise.verdict.name())
        .collect();
    verdicts.sort_unstable();
    verdicts.dedup();
    let _ = write!(
        page,
        "<tr id=\"row-{number}\" data-verdicts=\"{}\">\
         <th scope=\"row\" data-value=\"{name}\"><a href=\"#student-{number}\">{name}</a>{kept}</th>",
        verdicts.join(" "),
        name = inline(&submission.student),
        kept = if submission.kept {
            format!(
                " <span class=\"tag\" title=\"{}\">{}</span>",
                inline(&msg!(lang, "html-kept.title")),
                inline(&msg!(lang, "html-kept"))
            )
        } else {
            String::new()
        },
    );
    for (name, _) in columns {
        let exercise = submission.exercises.iter().find(|e| e.exercise == *name);
        match exercise {
            Some(exercise) => {
                let verdict = exercise.verdict.name();
                let _ = write!(
                    page,
                    "<td data-verdict=\"{verdict}\" data-value=\"{value}\">\
                     <a href=\"#student-{number}-{anchor}\"><span class=\"badge {verdict}\">{label}</span> \
                     <span class=\"num\">{value}/{max}</span></a></td>",
                    label = inline(&verdict_label(exercise.verdict, lang)),
                    value = score(exercise.score),
                    max = score(exercise.max_score),
                    anchor = inline(name),
                );
            }
            None => page.push_str("<td data-value=\"-1\" class=\"dim\">–</td>"),
        }
    }
    let all_pass = submission
        .exercises
        .iter()
        .all(|exercise| exercise.verdict == ExerciseVerdict::Pass);
    let _ = writeln!(
        page,
        "<td data-value=\"{value}\" class=\"total{full}\"><span class=\"num\">{value}/{max}</span></td></tr>",
        value = score(submission.score),
        max = score(submission.max_score),
        full = if all_pass { " full" } else { "" },
    );
}
