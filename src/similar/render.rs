//! The pairs for people (ranked, with the matching code side by side) and for machines (JSON).

use std::fmt::Write;

use serde::Serialize;

use super::{Fragment, Origin, Pair, Side, Span};
use crate::lang::Lang;
use crate::msg;
use crate::text::printable;

/// Pairs shown with their code side by side, the most similar first.
const SIDE_BY_SIDE: usize = 3;
/// Lines of a fragment shown side by side.
const SHOWN_LINES: usize = 12;
/// Columns of each side.
const COLUMN: usize = 52;

/// The JSON document of `grade similar --format json`.
#[derive(Serialize)]
struct Json<'a> {
    /// Pairs scoring at least this, 0 to 1.
    min_score: f64,
    solutions: usize,
    pairs: Vec<&'a Pair>,
    problems: &'a [String],
}

/// `pairs` scoring at least `min`, as JSON.
pub fn json(pairs: &[Pair], min: f64, solutions: usize, problems: &[String]) -> String {
    let document = Json {
        min_score: min,
        solutions,
        pairs: pairs.iter().filter(|pair| pair.score >= min).collect(),
        problems,
    };
    serde_json::to_string_pretty(&document).unwrap_or_else(|error| format!("\"{error}\""))
}

/// `pairs` scoring at least `min`, ranked, for people, among the class's `solutions`: one line
/// each, then the first [`SIDE_BY_SIDE`] with their longest matching fragment side by side.
pub fn human(pairs: &[Pair], min: f64, solutions: usize, lang: Lang) -> String {
    let shown: Vec<&Pair> = pairs.iter().filter(|pair| pair.score >= min).collect();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{}",
        msg!(
            lang,
            "similar-header",
            solutions = solutions,
            pairs = shown.len(),
            min = percent(min)
        )
    );
    let width = shown
        .iter()
        .map(|pair| name(&pair.a).chars().count())
        .max()
        .unwrap_or(0);
    for pair in &shown {
        let _ = writeln!(
            text,
            "{:>5}  {:<10} {:<width$} ↔ {}  {}",
            percent(pair.score),
            pair.exercise,
            name(&pair.a),
            name(&pair.b),
            msg!(
                lang,
                "similar-pair-figures",
                language = pair.language.name(),
                shared = pair.shared,
                a = percent(pair.a.coverage),
                b = percent(pair.b.coverage)
            ),
        );
        for fragment in &pair.fragments {
            let _ = writeln!(
                text,
                "         {}  ↔  {}",
                printable(&fragment.a.place()),
                printable(&fragment.b.place())
            );
        }
    }
    for pair in shown.iter().take(SIDE_BY_SIDE) {
        if let Some(fragment) = pair.fragments.first() {
            side_by_side(&mut text, pair, fragment);
        }
    }
    text
}

/// A student's name as shown, a past year's with where it comes from.
fn name(side: &Side) -> String {
    match &side.origin {
        Origin::Past(folder) => format!("{} ({folder})", printable(&side.student)),
        Origin::Class | Origin::Base => printable(&side.student),
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The fragment's lines, the first side on the left, the other on the right.
fn side_by_side(text: &mut String, pair: &Pair, fragment: &Fragment) {
    let lines = |span: &Span| -> Vec<String> {
        span.lines
            .iter()
            .map(|line| printable(&line.replace('\t', "    ")))
            .collect()
    };
    let left = lines(&fragment.a);
    let right = lines(&fragment.b);
    let _ = writeln!(
        text,
        "\n{} {}  ↔  {} {}",
        name(&pair.a),
        fragment.a.file,
        name(&pair.b),
        fragment.b.file
    );
    let rows = left.len().max(right.len()).min(SHOWN_LINES);
    for row in 0..rows {
        let cell = |lines: &[String], first: u32| -> String {
            match lines.get(row) {
                Some(line) => format!("{:>4} {}", first as usize + row, cut(line, COLUMN)),
                None => String::new(),
            }
        };
        let _ = writeln!(
            text,
            "  {:<width$} │ {}",
            cell(&left, fragment.a.first_line),
            cell(&right, fragment.b.first_line),
            width = COLUMN + 5
        );
    }
    if left.len().max(right.len()) > SHOWN_LINES {
        let _ = writeln!(text, "  …");
    }
}

/// `line` in at most `width` characters, an ellipsis at the end when cut.
fn cut(line: &str, width: usize) -> String {
    if line.chars().count() <= width {
        line.to_string()
    } else {
        let mut short: String = line.chars().take(width - 1).collect();
        short.push('…');
        short
    }
}
