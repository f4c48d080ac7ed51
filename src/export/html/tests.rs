//! The page read back: its table, its charts against the sample's figures, its escaping.

use regex::Regex;

use super::chart::{Scales, BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH};
use super::*;
use crate::export::tests::sample;
use crate::report::{Details, LintFinding, WorkersDetails};

/// The first capture of `pattern` in `text`, everywhere it matches.
fn captures(text: &str, pattern: &str) -> Vec<String> {
    Regex::new(pattern)
        .expect("a pattern")
        .captures_iter(text)
        .map(|found| found[1].to_string())
        .collect()
}

/// The element with this id, up to its closing tag.
fn element<'a>(page: &'a str, tag: &str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<{tag} id=\"{id}\""))
        .unwrap_or_else(|| panic!("no <{tag} id=\"{id}\"> in the page"));
    let end = page[start..]
        .find(&format!("</{tag}>"))
        .expect("a closing tag");
    &page[start..start + end]
}

#[test]
fn the_table_has_a_row_per_student_with_each_verdict_and_score() {
    let report = sample();
    let page = render(&report, Lang::En);
    let table = element(&page, "table", "class");
    let rows: Vec<&str> = table.split("<tr id=\"row-").skip(1).collect();
    assert_eq!(rows.len(), report.submissions.len());
    for (row, submission) in rows.iter().zip(&report.submissions) {
        let name = captures(row, r##"<a href="#student-\d+">([^<]*)</a>"##);
        assert_eq!(name, [inline(&submission.student)]);
        let cells = captures(row, r#"<td data-verdict="(\w+)""#);
        let verdicts: Vec<&str> = submission
            .exercises
            .iter()
            .map(|e| e.verdict.name())
            .collect();
        assert_eq!(cells, verdicts, "{}", submission.student);
        let total = captures(
            row,
            r#"class="total[^"]*"><span class="num">([^<]*)</span>"#,
        );
        assert_eq!(
            total,
            [format!(
                "{}/{}",
                crate::export::points(submission.score),
                crate::export::points(submission.max_score)
            )]
        );
    }
    // Every row's panel exists.
    for number in 1..=report.submissions.len() {
        assert!(page.contains(&format!(
            "<section class=\"student\" id=\"student-{number}\">"
        )));
    }
}

/// The chart's scales, and the points of its polyline of `class`, back in ms and counts.
fn read_back(svg: &str, class: &str) -> (Scales, Vec<(f64, f64)>) {
    let ms: u64 = captures(svg, r#"data-ms="(\d+)""#)[0].parse().expect("ms");
    let count: u32 = captures(svg, r#"data-count="(\d+)""#)[0]
        .parse()
        .expect("count");
    let points = &captures(
        svg,
        &format!(r#"<polyline class="{class}" points="([^"]*)""#),
    )[0];
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let values = points
        .split(' ')
        .map(|point| {
            let (x, y) = point.split_once(',').expect("x,y");
            let (x, y): (f64, f64) = (x.parse().expect("x"), y.parse().expect("y"));
            (
                (x - LEFT) / plot_width * ms as f64,
                (TOP + plot_height - y) / plot_height * f64::from(count),
            )
        })
        .collect();
    (Scales { ms, count }, values)
}

/// The samples a step line was drawn through: its first point, then every second one (the
/// others are the corners), the last point being the end of the run.
fn assert_steps_match(svg: &str, class: &str, expected: &[(u64, u32)], what: &str) {
    let (scales, points) = read_back(svg, class);
    assert_eq!(
        points.len(),
        2 * expected.len(),
        "{what}: points of {class}"
    );
    // Half a hundredth of an SVG unit, in ms and in counts: the points are written to 2 decimals.
    let ms_tolerance = scales.ms as f64 / (WIDTH - LEFT - RIGHT) * 0.006;
    for (index, (at_ms, value)) in expected.iter().enumerate() {
        let (x, y) = points[if index == 0 { 0 } else { 2 * index }];
        assert!(
            (x - *at_ms as f64).abs() <= ms_tolerance,
            "{what}: {x} ms for {at_ms}"
        );
        assert!(
            (y - f64::from(*value)).abs() < 0.01,
            "{what}: {y} for {value}"
        );
    }
}

fn assert_chart_matches(svg: &str, figures: &crate::monitor::WorkerFigures, what: &str) {
    let live: Vec<(u64, u32)> = figures.timeline.iter().map(|s| (s.at_ms, s.live)).collect();
    let running: Vec<(u64, u32)> = figures
        .timeline
        .iter()
        .map(|s| (s.at_ms, s.running))
        .collect();
    assert_steps_match(svg, "live", &live, what);
    assert_steps_match(svg, "running", &running, what);
}

#[test]
fn each_chart_draws_its_timeline_and_the_limit() {
    let report = sample();
    let page = render(&report, Lang::En);
    let mut charts = 0;
    for (index, submission) in report.submissions.iter().enumerate() {
        for exercise in &submission.exercises {
            let Some(details) = exercise
                .checks
                .iter()
                .find_map(|check| match &check.details {
                    Details::Workers(details) => Some(details.as_ref()),
                    _ => None,
                })
            else {
                continue;
            };
            let id = format!("workers-{}-{}", index + 1, exercise.exercise);
            let what = format!("{} {}", submission.student, exercise.exercise);
            let svg = element(&page, "svg", &format!("{id}-run"));
            assert_chart_matches(svg, &details.figures, &what);
            let reference = report
                .references
                .iter()
                .find(|base| {
                    base.exercise == exercise.exercise && Some(base.language) == exercise.language
                })
                .and_then(|base| base.workers.as_ref())
                .expect("the sample has every reference's workers");
            let theirs = element(&page, "svg", &format!("{id}-reference"));
            assert_chart_matches(theirs, reference, &format!("{what} reference"));
            // Both on the same scales.
            assert_eq!(read_back(svg, "live").0.ms, read_back(theirs, "live").0.ms);
            assert_cap_at(svg, details, &what);
            assert_cap_at(theirs, details, &what);
            assert!(svg.contains("<title>Workers of "), "{what}: no title");
            charts += 1;
        }
    }
    assert_eq!(charts, 9, "the sample has 9 runs watched");
}

fn assert_cap_at(svg: &str, details: &WorkersDetails, what: &str) {
    let (scales, _) = read_back(svg, "live");
    let ys = captures(svg, r#"<line class="cap" x1="[^"]*" y1="([^"]*)""#);
    let y: f64 = ys[0].parse().expect("y");
    let plot = HEIGHT - TOP - BOTTOM;
    let at = (TOP + plot - y) / plot * f64::from(scales.count);
    let max = details.max.expect("the sample's exercises have a limit");
    assert!(
        (at - f64::from(max)).abs() < 0.01,
        "{what}: the cap at {at}, not {max}"
    );
    assert!(
        svg.contains("stroke-dasharray")
            || STYLE.contains(".workers .cap { stroke: var(--cap); stroke-dasharray")
    );
}

#[test]
fn the_grading_timeline_has_a_bar_per_span() {
    let report = sample();
    let page = render(&report, Lang::En);
    let gantt = element(&page, "svg", "gantt");
    let spans = report
        .references
        .iter()
        .map(|base| base.timeline.len())
        .sum::<usize>()
        + report
            .submissions
            .iter()
            .flat_map(|s| &s.exercises)
            .map(|e| e.timeline.len())
            .sum::<usize>();
    assert_eq!(gantt.matches("<rect class=\"bar ").count(), spans);
    let julien = report
        .submissions
        .iter()
        .find(|s| s.student == "julien mercier")
        .expect("julien in the sample");
    let run = julien.exercises[0]
        .timeline
        .iter()
        .find(|span| span.step == crate::report::Step::Run)
        .expect("julien's pool was run");
    let seconds = super::escape::duration;
    let title = format!(
        "<title>julien mercier · pool · run: {} → {} ({})</title>",
        seconds(run.start_ms),
        seconds(run.end_ms),
        seconds(run.end_ms - run.start_ms)
    );
    assert!(gantt.contains(&title), "{title}\n{gantt}");
    // No two bars of a lane overlap: a lane is one thing running at a time.
    let bars = captures(gantt, r#"(<rect class="bar [^>]*>)"#);
    let mut lanes: std::collections::BTreeMap<String, Vec<(f64, f64)>> = Default::default();
    for bar in &bars {
        let x: f64 = captures(bar, r#" x="([^"]*)""#)[0].parse().unwrap();
        let width: f64 = captures(bar, r#" width="([^"]*)""#)[0].parse().unwrap();
        lanes
            .entry(captures(bar, r#" y="([^"]*)""#)[0].clone())
            .or_default()
            .push((x, x + width));
    }
    for bars in lanes.values_mut() {
        bars.sort_by(|a, b| a.0.total_cmp(&b.0));
        for pair in bars.windows(2) {
            assert!(pair[0].1 <= pair[1].0 + 1.0, "overlap in a lane: {pair:?}");
        }
    }
}

/// The sample's first lint finding.
fn first_finding(report: &mut Report) -> &mut LintFinding {
    report
        .submissions
        .iter_mut()
        .flat_map(|s| &mut s.exercises)
        .flat_map(|e| &mut e.checks)
        .find_map(|check| match &mut check.details {
            Details::Lint(details) if !details.findings.is_empty() => details.findings.first_mut(),
            _ => None,
        })
        .expect("the sample has a lint finding")
}

#[test]
fn a_lint_finding_shows_its_source_with_the_span_underlined() {
    let mut report = sample();
    let finding = first_finding(&mut report);
    // Written by a grader that did not record source lines: no snippet, the place still shown.
    assert_eq!(finding.source, "def main()");
    finding.source.clear();
    let without = render(&report, Lang::En);
    assert!(
        without.contains("--&gt;</span> cube_queue.py:17:1"),
        "{without}"
    );
    let finding = first_finding(&mut report);
    finding.source = "def main()".to_string();
    let page = render(&report, Lang::En);
    assert!(
        page.contains(
            "<span class=\"gutter\">17 |</span> <span class=\"span\">def main()</span>\n\
             <span class=\"gutter\">   |</span> <span class=\"marks\">^^^^^^^^^^</span>"
        ),
        "{page}"
    );
}

#[test]
fn a_hostile_student_is_shown_escaped_and_nothing_else() {
    let mut report = sample();
    let mut eve = report.submissions[1].clone();
    eve.student = "<script>alert(1)</script>\u{202e}eve\n PASS 20/20\u{1b}[2J".to_string();
    eve.path = "subs/<img src=x onerror=alert(2)>".into();
    let hostile = "</pre><img src=x onerror=alert(1)>\u{202e}\u{2066}<!-- ";
    for exercise in &mut eve.exercises {
        exercise.message = Some(hostile.to_string());
        for check in &mut exercise.checks {
            check.message = format!("{hostile}\n{}", check.message);
            if let Details::Lint(details) = &mut check.details {
                for finding in &mut details.findings {
                    finding.source = hostile.to_string();
                    finding.file = hostile.to_string();
                    finding.help = hostile.to_string();
                }
            }
            if let Details::Build(details) = &mut check.details {
                details.file = Some(hostile.to_string());
            }
        }
    }
    report.submissions.push(eve);
    let page = render(&report, Lang::En);
    // The page's own markup holds no such thing: only the student could have put it there.
    for raw in [
        "<script>alert",
        "<img",
        "onerror=alert(1)>",
        "\u{202e}",
        "\u{2066}",
        "\u{1b}",
        "<!-- ",
        "</pre><img",
    ] {
        assert!(!page.contains(raw), "{raw:?} appears unescaped");
    }
    assert_eq!(
        page.matches("<script>").count(),
        1,
        "only the page's own script"
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;\\u{202e}eve\\n PASS 20/20\\u{1b}[2J")
    );
    assert!(
        page.contains("&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;\\u{202e}\\u{2066}&lt;!-- ")
    );
    // The student's row is one row, and the page ends as it should.
    let table = element(&page, "table", "class");
    assert_eq!(
        table.matches("<tr id=\"row-").count(),
        report.submissions.len()
    );
    assert!(page.ends_with("</script>\n</body>\n</html>\n"));
}

#[test]
fn the_page_is_a_pure_function_of_the_report_and_fetches_nothing() {
    let report = sample();
    let page = render(&report, Lang::En);
    assert_eq!(page, render(&report, Lang::En));
    for remote in ["http://", "https://", "src=", "@import", "url("] {
        assert!(!page.contains(remote), "{remote} in the page");
    }
    assert!(page.contains("<h1>Multiprocessing</h1>"));
    assert!(page.contains("Exercise 1: sum of the cubes of range(100)"));
    assert!(page.contains("<b>5</b> students"));
    assert!(page.contains("Protections: "));
}

#[test]
fn grader_errors_and_warnings_are_shown() {
    let mut report = sample();
    report
        .errors
        .push("the reference of `cube` fails <here>".into());
    report
        .warnings
        .push("a folder name that is not UTF-8".into());
    let page = render(&report, Lang::En);
    assert!(page.contains("<h2>Grader errors</h2>"));
    assert!(page.contains("the reference of `cube` fails &lt;here&gt;"));
    assert!(page.contains("<h2>Grader warnings</h2>"));
}

#[test]
fn the_french_page_speaks_french_and_no_english() {
    let mut report = sample();
    report.errors.push("la référence de `cube` échoue".into());
    let page = render(&report, Lang::Fr);
    assert!(page.contains("<html lang=\"fr\">"));
    assert!(page.contains("<title>Multiprocessing · rapport de grade</title>"));
    for heading in [
        "<h2>Classe</h2>",
        "<h2>Étudiants</h2>",
        "<h2>Frise de la correction</h2>",
        "<h2>Erreurs du correcteur</h2>",
    ] {
        assert!(page.contains(heading), "no {heading}");
    }
    for english in [
        "lang=\"en\"",
        "<h2>Class</h2>",
        "<h2>Students</h2>",
        "<h2>Grading timeline</h2>",
        "<h2>Grader errors</h2>",
        "grade report",
        "graded by",
        ">Student</th>",
        "<title>Workers of ",
        "of 5 students",
    ] {
        assert!(!page.contains(english), "{english:?} in the French page");
    }
    assert!(page.contains("<b>5</b> étudiants"));
    assert!(page.contains(">Étudiant</th>"));
    assert!(page.contains("<title>Processus pour "));
    // The script's words come from the page.
    assert!(page.contains("data-shown-label=\"{shown} sur 5 étudiants\""));
    assert!(!SCRIPT.contains(" students"));
}

#[test]
fn the_english_page_gives_the_script_its_words() {
    let page = render(&sample(), Lang::En);
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("data-shown-label=\"{shown} of 5 students\""));
    assert!(page.contains("<h2>Class</h2>") && page.contains("<h2>Grading timeline</h2>"));
}

/// The pairs that share code have a section of their own, in the report's language, each
/// with its score, students and the lines on each side; a student's name is escaped.
#[test]
fn shared_code_is_listed_with_its_lines() {
    use crate::similar::{Fragment, Origin, Pair, Side, Span};
    let mut report = crate::export::tests::sample();
    let side = |student: &str| Side {
        student: student.to_string(),
        origin: Origin::Class,
        coverage: 0.9,
    };
    let span = |first| Span {
        file: "cube.py".into(),
        first_line: first,
        last_line: first + 12,
        lines: vec![
            "for n in range(100):".into(),
            "    total += n ** 3 < 1".into(),
        ],
    };
    report.similar = vec![Pair {
        exercise: "cube".into(),
        language: crate::report::Language::Python,
        a: side("antoine girard"),
        b: side("<b>léa</b>"),
        score: 0.87,
        shared: 30,
        fragments: vec![Fragment {
            a: span(3),
            b: span(5),
            fingerprints: 12,
        }],
    }];
    let page = render(&report, Lang::Fr);
    assert!(page.contains("<h2>Code partagé</h2>"), "{page}");
    assert!(page.contains("<td class=\"num\">87%</td>"));
    assert!(page.contains("antoine girard ↔ &lt;b&gt;léa&lt;/b&gt;"));
    assert!(page.contains("<code>cube.py:3-15</code> ↔ <code>cube.py:5-17</code>"));
    // Both sides' lines, numbered, escaped.
    assert!(page.contains("   4     total += n ** 3 &lt; 1"), "{page}");
    assert!(page.contains("   6     total += n ** 3 &lt; 1"));
    let page = render(&crate::export::tests::sample(), Lang::Fr);
    assert!(!page.contains("Code partagé"));
}
