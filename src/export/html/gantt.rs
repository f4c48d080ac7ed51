//! The whole grading on one time axis: a lane per thing running at once (about a CPU each),
//! a bar per build, timed run or views run of an entry or a reference, coloured by step.

use std::fmt::Write;

use super::chart::{nice_step, time_label};
use super::escape::{duration, inline};
use crate::lang::Lang;
use crate::msg;
use crate::report::{Report, Span, Step};

const WIDTH: f64 = 1000.0;
const LANE: f64 = 16.0;
const GAP: f64 = 4.0;
const AXIS: f64 = 22.0;

/// One bar: what it was (plain text), and when.
struct Bar {
    label: String,
    reference: bool,
    span: Span,
}

/// The timeline under its heading and legend, its words in `lang`; none if nothing was timed.
pub(super) fn grading_timeline(page: &mut String, report: &Report, lang: Lang) {
    let mut bars: Vec<Bar> = Vec::new();
    for base in &report.references {
        bars.extend(base.timeline.iter().map(|span| Bar {
            label: msg!(
                lang,
                "html-reference-bar",
                exercise = base.exercise.as_str(),
                language = base.language.name()
            ),
            reference: true,
            span: *span,
        }));
    }
    for submission in &report.submissions {
        for exercise in &submission.exercises {
            bars.extend(exercise.timeline.iter().map(|span| Bar {
                label: format!("{} · {}", submission.student, exercise.exercise),
                reference: false,
                span: *span,
            }));
        }
    }
    if bars.is_empty() {
        return;
    }
    bars.sort_by_key(|bar| (bar.span.start_ms, bar.span.end_ms));
    let lanes = lanes(&bars);
    let count = lanes.iter().copied().max().map_or(1, |lane| lane + 1);
    let end = bars
        .iter()
        .map(|bar| bar.span.end_ms)
        .chain(std::iter::once(report.summary.elapsed_ms))
        .max()
        .unwrap_or(1)
        .max(1);
    let x = |ms: u64| ms as f64 / end as f64 * WIDTH;
    let height = count as f64 * (LANE + GAP) + AXIS;
    let _ = writeln!(
        page,
        "<section id=\"grading\">\n<h2>{heading}</h2>\n\
         <p class=\"legend\"><span class=\"key build\"></span>{build} <span class=\"key run\"></span>{run} \
         <span class=\"key views\"></span>{views} \
         <span class=\"key reference\"></span>{reference}</p>\n\
         <svg id=\"gantt\" class=\"gantt\" viewBox=\"0 0 {WIDTH} {height}\" \
         role=\"img\" aria-label=\"{label}\">\n<title>{label}</title>",
        heading = inline(&msg!(lang, "html-grading-timeline")),
        build = inline(&msg!(lang, "html-legend-build")),
        run = inline(&msg!(lang, "html-legend-run")),
        views = inline(&msg!(lang, "html-legend-views")),
        reference = inline(&msg!(lang, "html-legend-reference")),
        label = inline(&msg!(
            lang,
            "html-timeline-label",
            bars = bars.len(),
            duration = duration(end),
            lanes = count
        )),
    );
    for lane in 0..count {
        let y = lane as f64 * (LANE + GAP);
        let _ = writeln!(
            page,
            "<rect class=\"lane\" x=\"0\" y=\"{y:.1}\" width=\"{WIDTH}\" height=\"{LANE}\"/>"
        );
    }
    for (bar, lane) in bars.iter().zip(&lanes) {
        let (step, word) = match bar.span.step {
            Step::Build => ("build", msg!(lang, "html-step-build")),
            Step::Run => ("run", msg!(lang, "html-step-run")),
            Step::Views => ("views", msg!(lang, "html-step-views")),
        };
        let start = x(bar.span.start_ms);
        let width = (x(bar.span.end_ms) - start).max(1.0);
        let _ = writeln!(
            page,
            "<rect class=\"bar {step}{reference}\" x=\"{start:.2}\" y=\"{y:.1}\" width=\"{width:.2}\" \
             height=\"{LANE}\"><title>{title}</title></rect>",
            reference = if bar.reference { " reference" } else { "" },
            y = *lane as f64 * (LANE + GAP),
            title = inline(&msg!(
                lang,
                "html-bar",
                label = bar.label.as_str(),
                step = word,
                from = duration(bar.span.start_ms),
                to = duration(bar.span.end_ms),
                took = duration(bar.span.end_ms.saturating_sub(bar.span.start_ms)),
            )),
        );
    }
    let axis = count as f64 * (LANE + GAP);
    let step = nice_step(end, 10).max(1);
    let mut ms = 0;
    while ms <= end {
        let _ = writeln!(
            page,
            "<text class=\"tick\" x=\"{:.2}\" y=\"{:.1}\" text-anchor=\"{}\">{}</text>",
            x(ms),
            axis + 14.0,
            if ms == 0 { "start" } else { "middle" },
            time_label(ms, end),
        );
        ms += step;
    }
    page.push_str("</svg>\n</section>\n");
}

/// The lane of each bar (sorted by start): the first lane free by its start, else a new one.
fn lanes(bars: &[Bar]) -> Vec<usize> {
    let mut free_at: Vec<u64> = Vec::new();
    bars.iter()
        .map(
            |bar| match free_at.iter().position(|&end| end <= bar.span.start_ms) {
                Some(lane) => {
                    free_at[lane] = bar.span.end_ms;
                    lane
                }
                None => {
                    free_at.push(bar.span.end_ms);
                    free_at.len() - 1
                }
            },
        )
        .collect()
}
