//! The whole grading on one time axis: a lane per thing running at once (about a CPU each),
//! a bar per build, timed run or views run of an entry or a reference, coloured by step.

use std::fmt::Write;

use super::chart::{nice_step, time_label};
use super::escape::{duration, inline};
use crate::report::{Report, Span, Step};

const WIDTH: f64 = 1000.0;
const LANE: f64 = 16.0;
const GAP: f64 = 4.0;
const AXIS: f64 = 22.0;

/// One bar: what it was, and when.
struct Bar {
    label: String,
    reference: bool,
    span: Span,
}

pub(super) fn grading_timeline(page: &mut String, report: &Report) {
    let mut bars: Vec<Bar> = Vec::new();
    for base in &report.references {
        bars.extend(base.timeline.iter().map(|span| Bar {
            label: format!(
                "reference · {} ({})",
                inline(&base.exercise),
                base.language.name()
            ),
            reference: true,
            span: *span,
        }));
    }
    for submission in &report.submissions {
        for exercise in &submission.exercises {
            bars.extend(exercise.timeline.iter().map(|span| Bar {
                label: format!(
                    "{} · {}",
                    inline(&submission.student),
                    inline(&exercise.exercise)
                ),
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
        "<section id=\"grading\">\n<h2>Grading timeline</h2>\n\
         <p class=\"legend\"><span class=\"key build\"></span>build <span class=\"key run\"></span>timed run \
         <span class=\"key views\"></span>runs shown other CPU counts \
         <span class=\"key reference\"></span>reference</p>\n\
         <svg id=\"gantt\" class=\"gantt\" viewBox=\"0 0 {WIDTH} {height}\" \
         role=\"img\" aria-label=\"{label}\">\n<title>{label}</title>",
        label = format!(
            "{} builds and runs over {} in {count} lanes",
            bars.len(),
            duration(end)
        ),
    );
    for lane in 0..count {
        let y = lane as f64 * (LANE + GAP);
        let _ = writeln!(
            page,
            "<rect class=\"lane\" x=\"0\" y=\"{y:.1}\" width=\"{WIDTH}\" height=\"{LANE}\"/>"
        );
    }
    for (bar, lane) in bars.iter().zip(&lanes) {
        let step = match bar.span.step {
            Step::Build => "build",
            Step::Run => "run",
            Step::Views => "views",
        };
        let start = x(bar.span.start_ms);
        let width = (x(bar.span.end_ms) - start).max(1.0);
        let _ = writeln!(
            page,
            "<rect class=\"bar {step}{reference}\" x=\"{start:.2}\" y=\"{y:.1}\" width=\"{width:.2}\" \
             height=\"{LANE}\"><title>{label} · {step}: {from} → {to} ({took})</title></rect>",
            reference = if bar.reference { " reference" } else { "" },
            y = *lane as f64 * (LANE + GAP),
            label = bar.label,
            from = duration(bar.span.start_ms),
            to = duration(bar.span.end_ms),
            took = duration(bar.span.end_ms.saturating_sub(bar.span.start_ms)),
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
