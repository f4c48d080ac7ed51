//! What a student controls (folder names, output, compiler messages) reaches every output of
//! `grade` inert: no escape sequence acts on a terminal, no name or line adds a line of its own,
//! no cell runs as a formula, no tag runs in a page, no line becomes a workflow command.

mod common;

use std::fs;
use std::path::Path;

use common::{cube_course, grade_in, report, write};

/// A folder name that, printed raw, ends its line and adds a verdict of its own (a folder name
/// holds no `/`: U+2215 looks the same).
const FORGED_LINE: &str = "eve\n PASS honest_student cube   python  8.00\u{2215}8";
/// A folder name a spreadsheet would run.
const FORMULA: &str = "=HYPERLINK(\"evil.example\",\"8\")";
/// A folder name a browser would run.
const TAG: &str = "<img src=x onerror=alert(1)>";

/// What a program writes to standard error to redraw the terminal: a window title, a cleared
/// screen, the cursor moved up over its FAIL line, a PASS line in its place, a line reversed by
/// a bidi override, an escape left open for the shortener to cut, and workflow commands.
const REDRAW: &str = r#"import sys
sys.stderr.write("\x1b]0;all tests passed\x07\x1b[2J\x1b[1A\r PASS honest_student cube 8.00/8\n")
sys.stderr.write("\u202e8/8 SSAP\u202c\n")
sys.stderr.write("::error file=grader.toml::forged\n::add-mask::secret\n")
sys.stderr.write("x" * 195 + "\x1b[31;1;4;5;7m" + "\n")
sys.exit(3)
"#;

/// A crate whose build fails with a message that redraws the terminal.
const COMPILE_ERROR: &str = r#"compile_error!("\x1b[2J\x1b[H PASS honest_student cube rust 8.00/8\n::error::forged \u{202e}");
fn main() {}
"#;

fn hostile_class(dir: &Path) -> std::path::PathBuf {
    let class = dir.join("class");
    write(&class.join(FORGED_LINE).join("cube.py"), REDRAW);
    write(&class.join(FORMULA).join("cube.py"), REDRAW);
    write(
        &class.join(TAG).join("cube/Cargo.toml"),
        "[package]\nname = \"cube\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write(&class.join(TAG).join("cube/src/main.rs"), COMPILE_ERROR);
    class
}

/// Characters that act rather than show: controls other than the line and tab, and the bidi
/// overrides.
fn acting(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c)
        })
        .collect()
}

#[test]
fn nothing_a_student_writes_acts_in_any_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let class = hostile_class(dir.path());
    let course = cube_course(dir.path(), "", "");
    let out = dir.path().join("out");
    let graded = grade_in(dir.path())
        .arg(&class)
        .arg("--config")
        .arg(&course)
        .args(["--color", "always", "--format", "github"])
        .args([
            "-o",
            "out/report.json",
            "-o",
            "out/report.xml",
            "-o",
            "out/report.csv",
        ])
        .args([
            "-o",
            "out/report.sarif",
            "-o",
            "out/report.html",
            "-o",
            "out/summary.md",
        ])
        .env_remove("NO_COLOR")
        .env("GITHUB_STEP_SUMMARY", dir.path().join("step-summary.md"))
        .output()
        .expect("grade runs");
    let stdout = String::from_utf8(graded.stdout).expect("UTF-8");
    let stderr = String::from_utf8_lossy(&graded.stderr);
    assert_eq!(graded.status.code(), Some(1), "{stdout}\n{stderr}");

    // The JSON report keeps the names as they are: it is data, and the key of --resume.
    let json = report(&out.join("report.json"));
    let students: Vec<&str> = json["submissions"]
        .as_array()
        .expect("submissions")
        .iter()
        .map(|submission| submission["student"].as_str().expect("student"))
        .collect();
    assert_eq!(students.len(), 3, "{students:?}");
    assert!(students.contains(&FORGED_LINE), "{students:?}");
    let verdicts: Vec<&str> = json["submissions"]
        .as_array()
        .expect("submissions")
        .iter()
        .map(|submission| {
            submission["exercises"][0]["verdict"]
                .as_str()
                .expect("verdict")
        })
        .collect();
    assert_eq!(verdicts, ["fail", "fail", "fail"], "{json}");

    // The terminal, as on a TTY: colours are the only escapes, and the only PASS lines are
    // none (nobody passed).
    for (at, _) in stdout.match_indices('\x1b') {
        let sequence = &stdout[at..];
        let end = sequence.find('m').expect("an SGR sequence ends with m");
        assert!(
            sequence[1..end].starts_with('[')
                && sequence[2..end]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ';'),
            "an escape that is not a colour: {:?}",
            &sequence[..end.min(20) + 1]
        );
    }
    let plain = strip_colours(&stdout);
    assert_eq!(acting(&plain), Vec::<char>::new(), "{plain}");
    let forged: Vec<&str> = plain
        .lines()
        .filter(|line| line.trim_start().starts_with("PASS"))
        .collect();
    assert!(forged.is_empty(), "lines that read as a pass: {forged:#?}");
    assert!(
        plain.contains(r"eve\n PASS honest_student"),
        "the name shown escaped:\n{plain}"
    );
    assert!(
        plain.contains(r"\u{1b}[2J"),
        "the output shown escaped:\n{plain}"
    );

    // Workflow commands: only the grader's own lines start with `::` (the runner reads a
    // command only at the start of a line).
    for line in plain.lines().filter(|line| line.starts_with("::")) {
        assert!(
            ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|command| line.starts_with(command)),
            "a workflow command the grader did not write: {line}"
        );
    }
    assert!(
        !plain
            .lines()
            .any(|line| line.starts_with("::error file=grader.toml")),
        "{plain}"
    );

    // Every file format: nothing acting, whatever the format escapes.
    for file in [
        "report.xml",
        "report.csv",
        "report.sarif",
        "report.html",
        "summary.md",
    ] {
        // CSV ends its records with CRLF, as RFC 4180 has it.
        let text = fs::read_to_string(out.join(file))
            .expect(file)
            .replace("\r\n", "\n");
        assert_eq!(acting(&text), Vec::<char>::new(), "{file}:\n{text}");
    }
    let summary = fs::read_to_string(dir.path().join("step-summary.md")).expect("job summary");
    assert_eq!(
        summary,
        fs::read_to_string(out.join("summary.md")).expect("summary.md")
    );

    // The page: no tag of a student's.
    let html = fs::read_to_string(out.join("report.html")).expect("html");
    assert!(!html.contains(TAG), "a student's tag in the page");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "the name shown escaped"
    );

    // The gradebook: the formula is text.
    let mut gradebook = csv::Reader::from_path(out.join("report.csv")).expect("csv");
    let cells: Vec<String> = gradebook
        .records()
        .flat_map(|record| {
            record
                .expect("a row")
                .iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        cells
            .iter()
            .all(|cell| !cell.starts_with(['=', '+', '-', '@'])),
        "{cells:#?}"
    );
    assert!(
        cells.iter().any(|cell| cell == &format!("'{FORMULA}")),
        "{cells:#?}"
    );
}

#[test]
fn a_student_graded_alone_for_gradescope_forges_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let class = hostile_class(dir.path());
    let course = cube_course(dir.path(), "", "");
    grade_in(dir.path())
        .arg(class.join(FORGED_LINE))
        .arg("--config")
        .arg(&course)
        .args(["-o", "gradescope:results/results.json", "--format", "junit"])
        .assert()
        .code(1);
    let results = report(&dir.path().join("results/results.json"));
    // Every string Gradescope shows, decoded: nothing acting in any.
    fn strings(value: &serde_json::Value, into: &mut Vec<String>) {
        match value {
            serde_json::Value::String(text) => into.push(text.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|item| strings(item, into)),
            serde_json::Value::Object(fields) => {
                fields.values().for_each(|item| strings(item, into))
            }
            _ => {}
        }
    }
    let mut shown = Vec::new();
    strings(&results, &mut shown);
    for text in &shown {
        assert_eq!(acting(text), Vec::<char>::new(), "{text}");
    }
    assert_eq!(results["score"], 0.8, "{results}");
    let output = results["tests"][0]["output"].as_str().expect("output");
    assert!(output.contains(r"\u{1b}]0;all tests passed"), "{output}");
}

/// `text` without its colour sequences.
fn strip_colours(text: &str) -> String {
    let colour = regex::Regex::new("\x1b\\[[0-9;]*m").expect("regex");
    colour.replace_all(text, "").into_owned()
}
