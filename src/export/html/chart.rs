//! The workers of a run over time, as an inline SVG: live and running workers as two step
//! lines, the exercise's limit as a dashed line, and the reference's run beside it on the same
//! scales, so that a reader compares shapes, not axes.

use std::fmt::Write;

use super::escape::{duration, inline};
use crate::lang::Lang;
use crate::monitor::{Sample, WorkerFigures};
use crate::msg;
use crate::report::{Baseline, WorkersDetails};

/// The chart's box, in SVG units.
pub(super) const WIDTH: f64 = 340.0;
pub(super) const HEIGHT: f64 = 150.0;
/// The plot inside it: room on the left for counts, below for times.
pub(super) const LEFT: f64 = 30.0;
pub(super) const RIGHT: f64 = 12.0;
pub(super) const TOP: f64 = 10.0;
pub(super) const BOTTOM: f64 = 24.0;

/// The scales both charts of a pair share.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scales {
    /// The time at the right edge, in ms.
    pub(super) ms: u64,
    /// The count at the top.
    pub(super) count: u32,
}

impl Scales {
    pub(super) fn x(&self, ms: u64) -> f64 {
        LEFT + ms as f64 / self.ms as f64 * (WIDTH - LEFT - RIGHT)
    }

    pub(super) fn y(&self, count: u32) -> f64 {
        let plot = HEIGHT - TOP - BOTTOM;
        TOP + plot - f64::from(count) / f64::from(self.count) * plot
    }
}

/// A run's chart and its reference's, side by side, their words in `lang`.
pub(super) fn workers_pair(
    page: &mut String,
    id: &str,
    student: &str,
    exercise: &str,
    details: &WorkersDetails,
    reference: Option<&Baseline>,
    lang: Lang,
) {
    let theirs = reference.and_then(|base| base.workers.as_ref());
    let runs: Vec<&WorkerFigures> = std::iter::once(&details.figures).chain(theirs).collect();
    let scales = Scales {
        ms: runs.iter().map(|run| end_ms(run)).max().unwrap_or(1).max(1),
        count: runs
            .iter()
            .flat_map(|run| &run.timeline)
            .map(|sample| sample.live.max(sample.running))
            .chain(details.max)
            .max()
            .unwrap_or(0)
            + 1,
    };
    page.push_str("<div class=\"charts\">\n");
    chart(
        page,
        &format!("{id}-run"),
        &msg!(
            lang,
            "html-workers-of",
            student = student,
            exercise = exercise
        ),
        &details.figures,
        details.max,
        scales,
        lang,
    );
    match (reference, theirs) {
        (Some(base), Some(figures)) => chart(
            page,
            &format!("{id}-reference"),
            &msg!(
                lang,
                "html-workers-of-reference",
                exercise = exercise,
                language = base.language.name()
            ),
            figures,
            details.max,
            scales,
            lang,
        ),
        _ => {
            let _ = writeln!(
                page,
                "<p class=\"dim\">{}</p>",
                inline(&msg!(lang, "html-no-reference"))
            );
        }
    }
    let _ = writeln!(
        page,
        "<p class=\"legend\"><span class=\"key live\"></span>{} \
         <span class=\"key running\"></span>{} \
         <span class=\"key cap\"></span>{}</p>\n</div>",
        inline(&msg!(lang, "html-legend-live")),
        inline(&msg!(lang, "html-legend-running")),
        inline(&msg!(lang, "html-legend-limit")),
    );
}

/// When a run's timeline ends: its last sample, or the end of the run if later.
fn end_ms(figures: &WorkerFigures) -> u64 {
    let last = figures.timeline.last().map_or(0, |sample| sample.at_ms);
    let wall = u64::try_from(figures.wall.as_millis()).unwrap_or(u64::MAX);
    last.max(wall)
}

/// One run's chart under `heading` (plain text), on `scales`, its words in `lang`.
fn chart(
    page: &mut String,
    id: &str,
    heading: &str,
    figures: &WorkerFigures,
    max: Option<u32>,
    scales: Scales,
    lang: Lang,
) {
    let peak_live = figures.timeline.iter().map(|s| s.live).max().unwrap_or(0);
    let peak_running = figures
        .timeline
        .iter()
        .map(|s| s.running)
        .max()
        .unwrap_or(0);
    let label = inline(&msg!(
        lang,
        "html-chart-label",
        heading = heading,
        live = peak_live,
        running = peak_running,
        started = figures.distinct,
        limit = match max {
            Some(max) => msg!(lang, "html-limit", max = max),
            None => msg!(lang, "html-no-limit"),
        },
        duration = duration(end_ms(figures)),
        samples = figures.timeline.len(),
    ));
    let _ = writeln!(
        page,
        "<figure class=\"chart\">\n<figcaption>{heading}</figcaption>\n\
         <svg id=\"{id}\" class=\"workers\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" \
         aria-label=\"{label}\" data-ms=\"{ms}\" data-count=\"{count}\">\n<title>{label}</title>",
        heading = inline(heading),
        id = inline(id),
        ms = scales.ms,
        count = scales.count,
    );
    axes(page, scales);
    if let Some(max) = max {
        let y = scales.y(max);
        let _ = writeln!(
            page,
            "<line class=\"cap\" x1=\"{:.2}\" y1=\"{y:.2}\" x2=\"{:.2}\" y2=\"{y:.2}\"><title>{}</title></line>",
            LEFT,
            WIDTH - RIGHT,
            inline(&msg!(lang, "html-limit-title", max = max))
        );
    }
    let end = end_ms(figures);
    for (class, count) in [
        ("live", (|s: &Sample| s.live) as fn(&Sample) -> u32),
        ("running", |s: &Sample| s.running),
    ] {
        let _ = writeln!(
            page,
            "<polyline class=\"{class}\" points=\"{}\"/>",
            steps(&figures.timeline, count, end, scales)
        );
    }
    if figures.timeline.is_empty() {
        let _ = writeln!(
            page,
            "<text x=\"{:.0}\" y=\"{:.0}\" class=\"empty\">{}</text>",
            WIDTH / 2.0,
            HEIGHT / 2.0,
            inline(&msg!(lang, "html-no-samples"))
        );
    }
    page.push_str("</svg>\n</figure>\n");
}

/// A step line through the samples: each value holds until the next sample, the last until
/// `end`. Its points: the first sample, then for each next sample the corner at the old value
/// and the point at the new one, then the end.
pub(super) fn steps(
    timeline: &[Sample],
    count: fn(&Sample) -> u32,
    end: u64,
    scales: Scales,
) -> String {
    let mut points = String::new();
    let mut previous: Option<u32> = None;
    for sample in timeline {
        let x = scales.x(sample.at_ms);
        if let Some(previous) = previous {
            let _ = write!(points, "{x:.2},{:.2} ", scales.y(previous));
        }
        let _ = write!(points, "{x:.2},{:.2} ", scales.y(count(sample)));
        previous = Some(count(sample));
    }
    if let Some(last) = previous {
        let _ = write!(points, "{:.2},{:.2}", scales.x(end), scales.y(last));
    }
    points.trim_end().to_string()
}

/// The grid, the ticks and their labels: counts on the left, times below in ms or s.
fn axes(page: &mut String, scales: Scales) {
    page.push_str("<g class=\"axes\">\n");
    let count_step = nice_step(u64::from(scales.count), 4).max(1);
    let mut count = 0;
    while count <= u64::from(scales.count) {
        let y = scales.y(u32::try_from(count).unwrap_or(u32::MAX));
        let _ = writeln!(
            page,
            "<line class=\"grid\" x1=\"{LEFT}\" y1=\"{y:.2}\" x2=\"{:.2}\" y2=\"{y:.2}\"/>\
             <text class=\"tick\" x=\"{:.2}\" y=\"{:.2}\" text-anchor=\"end\">{count}</text>",
            WIDTH - RIGHT,
            LEFT - 4.0,
            y + 3.5,
        );
        count += count_step;
    }
    let ms_step = nice_step(scales.ms, 5).max(1);
    let mut ms = 0;
    while ms <= scales.ms {
        let x = scales.x(ms);
        let _ = writeln!(
            page,
            "<line class=\"tickmark\" x1=\"{x:.2}\" y1=\"{:.2}\" x2=\"{x:.2}\" y2=\"{:.2}\"/>\
             <text class=\"tick\" x=\"{x:.2}\" y=\"{:.2}\" text-anchor=\"middle\">{}</text>",
            HEIGHT - BOTTOM,
            HEIGHT - BOTTOM + 4.0,
            HEIGHT - BOTTOM + 15.0,
            time_label(ms, scales.ms),
        );
        ms += ms_step;
    }
    page.push_str("</g>\n");
}

/// A step of 1, 2 or 5 times a power of ten that cuts `span` into about `parts`.
pub(super) fn nice_step(span: u64, parts: u64) -> u64 {
    let raw = span.div_ceil(parts.max(1)).max(1);
    let mut power = 1;
    loop {
        for factor in [1, 2, 5] {
            if factor * power >= raw {
                return factor * power;
            }
        }
        power *= 10;
    }
}

/// A tick's time: in ms on short axes, in s (as many decimals as needed) on long ones.
pub(super) fn time_label(ms: u64, span: u64) -> String {
    if span < 2_000 {
        format!("{ms} ms")
    } else {
        let seconds = format!("{:.3}", ms as f64 / 1000.0);
        format!("{} s", seconds.trim_end_matches('0').trim_end_matches('.'))
    }
}
