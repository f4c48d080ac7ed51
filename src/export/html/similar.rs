//! The pairs of solutions that share much of their code: score, exercise, both students, and
//! where the matching lines are on each side.

use std::fmt::Write;

use super::escape::{block, inline};
use crate::lang::Lang;
use crate::msg;
use crate::report::Report;

/// The section, when the report holds pairs.
pub(super) fn similar_section(page: &mut String, report: &Report, lang: Lang) {
    if report.similar.is_empty() {
        return;
    }
    let _ = writeln!(
        page,
        "<section class=\"similar\">\n<h2>{}</h2>\n<p class=\"sub\">{}</p>\n<table>\n\
         <thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        inline(&msg!(lang, "html-similar-heading")),
        inline(&msg!(
            lang,
            "html-similar-intro",
            min = format!("{:.0}%", crate::similar::REPORT_MIN * 100.0)
        )),
        inline(&msg!(lang, "html-similar-score")),
        inline(&msg!(lang, "html-similar-exercise")),
        inline(&msg!(lang, "html-similar-students")),
        inline(&msg!(lang, "html-similar-lines")),
    );
    for pair in &report.similar {
        let lines: Vec<String> = pair
            .fragments
            .iter()
            .map(|fragment| {
                format!(
                    "<li><code>{}</code> ↔ <code>{}</code></li>",
                    inline(&fragment.a.place()),
                    inline(&fragment.b.place())
                )
            })
            .collect();
        let _ = writeln!(
            page,
            "<tr><td class=\"num\">{:.0}%</td><td>{}</td><td>{} ↔ {}</td><td><ul>{}</ul></td></tr>",
            pair.score * 100.0,
            inline(&pair.exercise),
            inline(&pair.a.student),
            inline(&pair.b.student),
            lines.join("")
        );
        // The longest fragment, both sides' lines next to each other.
        if let Some(fragment) = pair.fragments.first() {
            let side = |student: &str, span: &crate::similar::Span| -> String {
                let numbered: Vec<String> = span
                    .lines
                    .iter()
                    .enumerate()
                    .map(|(row, line)| format!("{:>4} {line}", span.first_line as usize + row))
                    .collect();
                format!(
                    "<div><b>{}</b> <code>{}</code><pre>{}</pre></div>",
                    inline(student),
                    inline(&span.file),
                    block(&numbered.join("\n"))
                )
            };
            let _ = writeln!(
                page,
                "<tr class=\"sides\"><td colspan=\"4\"><details><summary>{}</summary>\
                 <div class=\"pair\">{}{}</div></details></td></tr>",
                inline(&msg!(lang, "html-similar-side-by-side")),
                side(&pair.a.student, &fragment.a),
                side(&pair.b.student, &fragment.b),
            );
        }
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}
