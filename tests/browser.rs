//! The HTML report in a real browser: headless Chromium loads the sample's page with a filter
//! in its link, runs its script, and the DOM it dumps and the screenshot it takes are checked.
//! `.ci/run` installs Chromium and runs it; without Chromium it fails, it does not skip.

use std::path::{Path, PathBuf};
use std::process::Command;

use grade::report::Report;

fn sample_page(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string("tests/data/report.json").expect("the sample report");
    let report: Report = serde_json::from_str(&text).expect("tests/data/report.json is a report");
    let page = dir.join("report.html");
    std::fs::write(
        &page,
        grade::export::html::render(&report, grade::lang::Lang::En),
    )
    .expect("write the page");
    page
}

/// Chromium: `$CHROMIUM`, else the first of its usual names on the PATH.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "no Chromium found (chromium, chromium-browser, google-chrome on the PATH, or $CHROMIUM): \
         install it (`apt-get install -y chromium`) to run this test"
    );
}

/// Runs headless Chromium on `url` with `args`, in a profile of its own; its stdout.
fn headless(url: &str, args: &[&str]) -> String {
    let profile = tempfile::tempdir().expect("a profile folder");
    let mut command = Command::new(chromium());
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url);
    let output = command.output().expect("Chromium starts");
    assert!(
        output.status.success(),
        "Chromium failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the DOM is UTF-8")
}

fn dom(page: &Path, fragment: &str) -> String {
    headless(
        &format!("file://{}#{fragment}", page.display()),
        &["--dump-dom", "--virtual-time-budget=5000"],
    )
}

/// The ids of the table's rows the script left visible, in their order.
fn shown_rows(dom: &str) -> Vec<String> {
    dom.split("<tr id=\"row-")
        .skip(1)
        .filter(|row| {
            let tag = &row[..row.find('>').expect("a tag")];
            !tag.contains(" hidden")
        })
        .map(|row| row[..row.find('"').expect("an id")].to_string())
        .collect()
}

#[test]
#[ignore = "needs Chromium: .ci/run runs it"]
fn the_page_filters_and_sorts_from_its_link_in_a_browser() {
    let dir = tempfile::tempdir().expect("a folder");
    let page = sample_page(dir.path());
    let text = std::fs::read_to_string("tests/data/report.json").expect("the sample report");
    let report: Report = serde_json::from_str(&text).expect("a report");

    // The students with a failed exercise, in the report's order.
    let failing: Vec<String> = report
        .submissions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.exercises.iter().any(|e| e.verdict.name() == "fail"))
        .map(|(index, _)| (index + 1).to_string())
        .collect();
    assert!(!failing.is_empty() && failing.len() < report.submissions.len());
    let filtered = dom(&page, "filter=fail");
    assert!(
        filtered.contains("data-script=\"ready\""),
        "the script did not run: {filtered}"
    );
    assert!(filtered.contains("data-filter=\"fail\""));
    assert_eq!(shown_rows(&filtered), failing);
    assert!(filtered.contains(&format!(
        "{} of {} students",
        failing.len(),
        report.submissions.len()
    )));
    for number in 1..=report.submissions.len() {
        assert!(
            filtered.contains(&format!("id=\"student-{number}\"")),
            "panel {number}"
        );
    }
    assert!(filtered.contains("<svg id=\"gantt\""));
    assert_eq!(
        filtered.matches("class=\"workers\"").count(),
        18,
        "9 runs and their references"
    );

    // Passing students only, best total first: the filter and the sort together.
    let sorted = dom(&page, "filter=all&sort=score-desc");
    let mut by_score: Vec<(usize, f64)> = report
        .submissions
        .iter()
        .enumerate()
        .map(|(index, s)| (index + 1, s.score))
        .collect();
    by_score.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let expected: Vec<String> = by_score.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(shown_rows(&sorted), expected);
    assert!(sorted.contains("aria-sort=\"descending\""));

    let passing = dom(&page, "filter=pass");
    assert_eq!(
        shown_rows(&passing),
        ["1"],
        "only antoine girard passed everything"
    );
}

#[test]
#[ignore = "needs Chromium: .ci/run runs it"]
fn the_page_is_drawn_in_a_browser() {
    let dir = tempfile::tempdir().expect("a folder");
    let page = sample_page(dir.path());
    let shot = dir.path().join("report.png");
    headless(
        &format!("file://{}", page.display()),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,900",
            "--virtual-time-budget=5000",
        ],
    );
    // The README's picture: `GRADE_SCREENSHOT=docs/report.png cargo test --test browser --
    // --ignored the_page_is_drawn` draws it again.
    if let Some(keep) = std::env::var_os("GRADE_SCREENSHOT") {
        std::fs::copy(&shot, keep).expect("copy the screenshot");
    }
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&shot).expect("Chromium wrote the screenshot"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let frame = reader.next_frame(&mut pixels).expect("a frame");
    assert_eq!((frame.width, frame.height), (1200, 900));
    let channels = frame.color_type.samples();
    let mut colours = std::collections::HashSet::new();
    let mut inked = 0;
    for pixel in pixels[..frame.buffer_size()].chunks(channels) {
        colours.insert(pixel[..3].to_vec());
        if pixel[..3].iter().any(|&value| value < 200) {
            inked += 1;
        }
    }
    let total = (frame.width * frame.height) as usize;
    assert!(
        colours.len() > 50,
        "{} colours: a blank page?",
        colours.len()
    );
    // Text, badges and bars, but not a page drawn all dark.
    assert!(
        inked > total / 100 && inked < total / 2,
        "{inked} of {total} pixels inked"
    );
}
