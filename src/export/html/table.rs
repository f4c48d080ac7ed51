//! The class table: a row per student, a column per exercise and the total. Each cell carries
//! the value it sorts by (`data-value`) and each row the verdicts it is filtered by, so the
//! page's script reorders and hides rows without reading their text.

use std::fmt::Write;

use super::escape::inline;
use crate::export::points as score;
use crate::report::{ExerciseVerdict, Report, Submission};

/// The filters, in the order of their buttons.
const FILTERS: [(&str, &str); 5] = [
    ("all", "every student"),
    ("pass", "students who passed every exercise"),
    ("fail", "students with a failed exercise"),
    ("missing", "students with a missing exercise"),
    (
        "error",
        "students with an exercise the grader could not judge",
    ),
];

pub(super) fn class_table(page: &mut String, report: &Report) {
    page.push_str("<section id=\"class-section\">\n<h2>Class</h2>\n");
    // Shown by the script: without it the buttons would do nothing.
    page.push_str("<nav class=\"filters\" hidden aria-label=\"Filter by verdict\">\n");
    for (filter, title) in FILTERS {
        let _ = writeln!(
            page,
            "<button type=\"button\" data-filter=\"{filter}\" title=\"{title}\" \
             aria-pressed=\"false\">{filter}</button>"
        );
    }
    page.push_str("<span class=\"shown\" aria-live=\"polite\"></span>\n</nav>\n");
    page.push_str("<div class=\"scroll\">\n<table id=\"class\">\n<thead>\n<tr>");
    page.push_str("<th data-key=\"name\" data-type=\"text\" scope=\"col\">Student</th>");
    for exercise in exercises(report) {
        let _ = write!(
            page,
            "<th data-key=\"{key}\" data-type=\"number\" scope=\"col\" title=\"{title}\">{key}</th>",
            key = inline(&exercise.0),
            title = inline(exercise.1.unwrap_or_default()),
        );
    }
    page.push_str("<th data-key=\"score\" data-type=\"number\" scope=\"col\">Total</th></tr>\n");
    page.push_str("</thead>\n<tbody>\n");
    let columns = exercises(report);
    for (index, submission) in report.submissions.iter().enumerate() {
        row(page, index + 1, submission, &columns);
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

fn row(
    page: &mut String,
    number: usize,
    submission: &Submission,
    columns: &[(String, Option<&str>)],
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
            " <span class=\"tag\" title=\"carried over from the earlier report\">kept</span>"
        } else {
            ""
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
                     <a href=\"#student-{number}-{anchor}\"><span class=\"badge {verdict}\">{verdict}</span> \
                     <span class=\"num\">{value}/{max}</span></a></td>",
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
