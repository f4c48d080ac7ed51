//! GitHub Actions: annotations at the files and lines concerned (workflow commands on stdout),
//! and the Markdown summary of the job (`$GITHUB_STEP_SUMMARY`).
//!
//! GitHub keeps 10 error and 10 warning annotations per step and drops the rest silently: the
//! 9 most important of each are written, and a notice tells how many more the summary holds.
//! A summary past 1 MiB fails to upload: it is cut under that, with a line saying what was left
//! out. Nothing a student controls can start a workflow command of its own: text is escaped
//! as actions/toolkit's `command.ts` does, after [`printable`] for control characters.

use std::path::Path;

use crate::report::{
    Check, CheckKind, Details, ExerciseReport, ExerciseVerdict, Report, Submission, Verdict,
};
use crate::text::printable;

use super::html::escape::inline;
use super::{fenced, points};

/// Annotations of one level written before the rest are told of in a notice: GitHub keeps 10.
const KEPT: usize = 9;

/// Notices of missing exercises written: with the (up to three) notices telling how many of
/// each level were left out, they stay within GitHub's 10.
const NOTICES_KEPT: usize = 7;

/// The summary's size at most, under the 1 MiB GitHub uploads.
const SUMMARY_LIMIT: usize = 1_000_000;

/// The level of an annotation, and its workflow command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Error,
    Warning,
    Notice,
}

impl Level {
    fn command(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Notice => "notice",
        }
    }
}

/// What an annotation is about, the most important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// The grader's own problems, and exercises it could not judge: no result means anything
    /// until they are fixed.
    Grader,
    Build,
    Run,
    Result,
    Time,
    Workers,
    Lint,
    Missing,
}

/// One annotation, its text not yet escaped.
struct Annotation {
    level: Level,
    rank: Rank,
    file: Option<String>,
    /// Line, column, end line, end column; 1-based.
    place: [Option<usize>; 4],
    title: String,
    message: String,
}

impl Annotation {
    /// The workflow command: `::error file=…,line=…,title=…::message`.
    fn command(&self) -> String {
        let names = ["line", "col", "endLine", "endColumn"];
        let mut properties: Vec<String> = Vec::new();
        if let Some(file) = &self.file {
            properties.push(format!("file={}", property(file)));
        }
        for (name, value) in names.iter().zip(self.place) {
            if let Some(value) = value {
                properties.push(format!("{name}={value}"));
            }
        }
        properties.push(format!("title={}", property(&self.title)));
        format!(
            "::{} {}::{}\n",
            self.level.command(),
            properties.join(","),
            data(&self.message)
        )
    }
}

/// The annotations of `report`: the 9 most important errors and warnings (build errors, run
/// failures, wrong results, times, workers, lint errors; in the students' order within each),
/// notices of missing exercises, and a notice of how many more the job summary holds.
pub fn annotations(report: &Report) -> String {
    let mut all: Vec<Annotation> = report
        .errors
        .iter()
        .map(|error| Annotation {
            level: Level::Error,
            rank: Rank::Grader,
            file: None,
            place: [None; 4],
            title: "grade could not do its job".to_string(),
            message: error.clone(),
        })
        .collect();
    all.extend(report.submissions.iter().flat_map(|submission| {
        submission
            .exercises
            .iter()
            .flat_map(move |exercise| of_exercise(submission, exercise))
    }));
    all.sort_by_key(|annotation| annotation.rank);
    let mut text = String::new();
    let mut left_out = Vec::new();
    for (level, kept, one, many) in [
        (Level::Error, KEPT, "error", "errors"),
        (Level::Warning, KEPT, "warning", "warnings"),
        (
            Level::Notice,
            NOTICES_KEPT,
            "missing exercise",
            "missing exercises",
        ),
    ] {
        let of_level: Vec<&Annotation> = all.iter().filter(|a| a.level == level).collect();
        for annotation in of_level.iter().take(kept) {
            text.push_str(&annotation.command());
        }
        let more = of_level.len().saturating_sub(kept);
        if more > 0 {
            left_out.push(Annotation {
                level: Level::Notice,
                rank: Rank::Missing,
                file: None,
                place: [None; 4],
                title: format!(
                    "{more} more {}",
                    crate::text::plural(more as u64, one, many)
                ),
                message: format!(
                    "{more} more {} than GitHub shows are in the job summary",
                    crate::text::plural(more as u64, one, many)
                ),
            });
        }
    }
    for annotation in &left_out {
        text.push_str(&annotation.command());
    }
    text
}

/// The annotations of one exercise of one student.
fn of_exercise(submission: &Submission, exercise: &ExerciseReport) -> Vec<Annotation> {
    let title = |what: &str| format!("{} · {} · {what}", submission.student, exercise.exercise);
    let entry = exercise
        .entry
        .as_ref()
        .map(|entry| in_folder(&submission.path, &entry.to_string_lossy()));
    match exercise.verdict {
        ExerciseVerdict::Missing => {
            return vec![Annotation {
                level: Level::Notice,
                rank: Rank::Missing,
                file: None,
                place: [None; 4],
                title: title("missing"),
                message: exercise
                    .message
                    .clone()
                    .unwrap_or_else(|| "missing".to_string()),
            }]
        }
        ExerciseVerdict::Error => {
            return vec![Annotation {
                level: Level::Error,
                rank: Rank::Grader,
                file: None,
                place: [None; 4],
                title: title("not judged"),
                message: exercise.message.clone().unwrap_or_else(|| {
                    "the grader could not judge this exercise: no score".to_string()
                }),
            }]
        }
        ExerciseVerdict::Pass | ExerciseVerdict::Fail => {}
    }
    let mut annotations = Vec::new();
    for check in &exercise.checks {
        if let Details::Lint(lint) = &check.details {
            for finding in &lint.findings {
                annotations.push(Annotation {
                    level: match finding.severity {
                        crate::lint::Severity::Error => Level::Error,
                        crate::lint::Severity::Warning => Level::Warning,
                    },
                    rank: Rank::Lint,
                    file: Some(in_folder(&submission.path, &finding.file)),
                    place: [
                        Some(finding.line),
                        Some(finding.column),
                        Some(finding.end_line),
                        Some(finding.end_column),
                    ],
                    title: title(&format!("lint {}", finding.rule)),
                    message: finding.message.clone(),
                });
            }
            continue;
        }
        if check.verdict != Verdict::Fail {
            continue;
        }
        let (rank, file, place) = match (check.check, &check.details) {
            (CheckKind::Build, Details::Build(build)) if build.file.is_some() => (
                Rank::Build,
                build.file.as_ref().map(|f| in_folder(&submission.path, f)),
                [
                    build.line.map(|line| line as usize),
                    build.column.map(|column| column as usize),
                    None,
                    None,
                ],
            ),
            (CheckKind::Build, _) => (Rank::Build, entry.clone(), [None; 4]),
            (CheckKind::Run, _) => (Rank::Run, entry.clone(), [None; 4]),
            (CheckKind::Result, _) => (Rank::Result, entry.clone(), [None; 4]),
            (CheckKind::Time, _) => (Rank::Time, entry.clone(), [None; 4]),
            (CheckKind::Workers, _) => (Rank::Workers, entry.clone(), [None; 4]),
            // Its findings are annotated one by one above.
            (CheckKind::Lint, _) => continue,
        };
        annotations.push(Annotation {
            level: Level::Error,
            rank,
            file,
            place,
            title: title(check.check.name()),
            message: check.message.clone(),
        });
    }
    annotations
}

/// A file of a student's folder, as the repository names it: forward slashes.
fn in_folder(folder: &Path, file: &str) -> String {
    let folder = folder.to_string_lossy();
    let folder = folder.trim_end_matches('/');
    if folder.is_empty() || folder == "." {
        file.to_string()
    } else {
        format!("{folder}/{file}")
    }
}

/// A command's message: line breaks kept (escaped, GitHub shows them), any other control or
/// bidirectional character shown escaped; then `command.ts`'s `escapeData`.
fn data(text: &str) -> String {
    let shown: Vec<String> = text.split('\n').map(printable).collect();
    shown
        .join("\n")
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property (a file, a title): on one line; `command.ts`'s `escapeProperty`.
fn property(text: &str) -> String {
    data(&printable(text))
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// The job summary of `report` in GitHub Markdown: a table of every student's marks and
/// scores, then the failing checks of each failing exercise; cut under 1 MiB.
pub fn summary(report: &Report) -> String {
    summary_within(report, SUMMARY_LIMIT)
}

/// The summary in at most `limit` bytes.
fn summary_within(report: &Report, limit: usize) -> String {
    let exercises = exercise_names(report);
    let mut head = format!(
        "### {}\n\n| Student |",
        cell(&format!("grade: {}", report.course))
    );
    for name in &exercises {
        head.push_str(&format!(" {} |", cell(name)));
    }
    head.push_str(" Score |\n|---|");
    head.push_str(&"---|".repeat(exercises.len() + 1));
    head.push('\n');
    let rows: Vec<String> = report
        .submissions
        .iter()
        .map(|submission| row(submission, &exercises))
        .collect();
    let failures: Vec<String> = report
        .submissions
        .iter()
        .flat_map(|submission| {
            submission
                .exercises
                .iter()
                .filter(|exercise| exercise.verdict == ExerciseVerdict::Fail)
                .map(move |exercise| failure(submission, exercise))
        })
        .collect();

    // Room kept for the line that says what was cut.
    let limit = limit.saturating_sub(200);
    let mut text = head;
    let rows_kept = kept(&mut text, &rows, limit);
    if rows_kept == rows.len() && !failures.is_empty() {
        text.push('\n');
    }
    let failures_kept = if rows_kept == rows.len() {
        kept(&mut text, &failures, limit)
    } else {
        0
    };
    let (rows_out, failures_out) = (rows.len() - rows_kept, failures.len() - failures_kept);
    if rows_out + failures_out > 0 {
        text.push_str(&format!(
            "\n*Cut to stay under GitHub's 1 MiB summary: {rows_out} {} and {failures_out} \
             failing {} left out; the report file holds them all.*\n",
            crate::text::plural(rows_out as u64, "student's row", "students' rows"),
            crate::text::plural(failures_out as u64, "exercise", "exercises"),
        ));
    }
    text
}

/// Appends `pieces` to `text` while it stays within `limit` bytes; how many were.
fn kept(text: &mut String, pieces: &[String], limit: usize) -> usize {
    for (count, piece) in pieces.iter().enumerate() {
        if text.len() + piece.len() > limit {
            return count;
        }
        text.push_str(piece);
    }
    pieces.len()
}

/// The exercises in the course's order, then any other a submission holds.
fn exercise_names(report: &Report) -> Vec<String> {
    let mut names: Vec<String> = report.exercises.iter().map(|e| e.name.clone()).collect();
    for exercise in report.submissions.iter().flat_map(|s| &s.exercises) {
        if !names.contains(&exercise.exercise) {
            names.push(exercise.exercise.clone());
        }
    }
    names
}

/// `| léa moreau | ➖ 0/4 | ✅ 8/8 | ❌ 0/8 | 8/20 |`
fn row(submission: &Submission, exercises: &[String]) -> String {
    let mut row = format!("| {} |", cell(&submission.student));
    for name in exercises {
        let mark = match submission.exercises.iter().find(|e| &e.exercise == name) {
            Some(exercise) => {
                let score = format!("{}/{}", points(exercise.score), points(exercise.max_score));
                match exercise.verdict {
                    ExerciseVerdict::Pass => format!("✅ {score}"),
                    ExerciseVerdict::Fail => format!("❌ {score}"),
                    ExerciseVerdict::Missing => format!("➖ {score}"),
                    ExerciseVerdict::Error => "⚠️".to_string(),
                }
            }
            None => String::new(),
        };
        row.push_str(&format!(" {mark} |"));
    }
    row.push_str(&format!(
        " {}/{} |\n",
        points(submission.score),
        points(submission.max_score)
    ));
    row
}

/// A failing exercise, folded: each failing check's message in a code block.
fn failure(submission: &Submission, exercise: &ExerciseReport) -> String {
    let mut text = format!(
        "<details><summary>{} · {}: {}/{}</summary>\n\n",
        inline(&submission.student),
        inline(&exercise.exercise),
        points(exercise.score),
        points(exercise.max_score)
    );
    for check in exercise
        .checks
        .iter()
        .filter(|check| check.verdict == Verdict::Fail)
    {
        text.push_str(&failing_check(check));
    }
    text.push_str("</details>\n\n");
    text
}

/// `**run**` and the message, fenced.
fn failing_check(check: &Check) -> String {
    format!(
        "**{}**\n\n{}\n\n",
        check.check.name(),
        fenced(&check.message)
    )
}

/// Text a student controls in a table cell: shown as it is, never as markup.
fn cell(text: &str) -> String {
    let mut escaped = String::new();
    for c in printable(text).chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '!' | '~' | '|'
            | '$' => {
                escaped.push('\\');
                escaped.push(c);
            }
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;
    use crate::report::{LintDetails, LintFinding};
    use crate::text::is_unsafe;

    /// An annotation read back as GitHub reads it.
    #[derive(Debug, PartialEq)]
    struct Read {
        level: String,
        properties: Vec<(String, String)>,
        message: String,
    }

    impl Read {
        fn get(&self, name: &str) -> Option<&str> {
            self.properties
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        }
    }

    /// `command.ts`'s escapes undone, in one pass.
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find('%') {
            out.push_str(&rest[..at]);
            let code = rest.get(at + 1..at + 3).expect("two hex digits after %");
            out.push(match code {
                "25" => '%',
                "0D" => '\r',
                "0A" => '\n',
                "3A" => ':',
                "2C" => ',',
                _ => panic!("unknown escape %{code}"),
            });
            rest = &rest[at + 3..];
        }
        out.push_str(rest);
        out
    }

    /// Each line a workflow command: `::level k=v,k=v::message`.
    fn read_back(text: &str) -> Vec<Read> {
        text.lines()
            .map(|line| {
                let rest = line
                    .strip_prefix("::")
                    .unwrap_or_else(|| panic!("not a command: {line:?}"));
                let (head, message) = rest.split_once("::").expect("`::` before the message");
                let (level, properties) = head.split_once(' ').unwrap_or((head, ""));
                let properties = properties
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .map(|p| {
                        let (key, value) = p.split_once('=').expect("key=value");
                        (key.to_string(), unescape(value))
                    })
                    .collect();
                Read {
                    level: level.to_string(),
                    properties,
                    message: unescape(message),
                }
            })
            .collect()
    }

    fn message_of(report: &Report, student: &str, exercise: &str, check: CheckKind) -> String {
        report
            .submissions
            .iter()
            .find(|s| s.student == student)
            .and_then(|s| s.exercises.iter().find(|e| e.exercise == exercise))
            .and_then(|e| e.checks.iter().find(|c| c.check == check))
            .map(|c| c.message.clone())
            .expect("in the sample")
    }

    /// The sample with a hostile student: a name and messages that try to end the command,
    /// start another, move the cursor and reorder text.
    fn hostile() -> Report {
        let mut report = sample();
        let mut eve = report.submissions[4].clone();
        eve.student = "eve\n::error::PASS honest 20.00/20\u{1b}[2J\u{202e},x:y%0A".into();
        eve.path = Path::new("fixtures/submissions").join(&eve.student);
        eve.exercises[2].checks[0].message = "line\r\n::notice::forged 100%\u{1b}[2J".into();
        report.submissions.push(eve);
        report
    }

    #[test]
    fn the_annotations_read_back_give_the_sample_s_failures_at_their_places() {
        let report = sample();
        let read = read_back(&annotations(&report));
        let folder = "fixtures/submissions";
        let expected = [
            (
                "error",
                vec![
                    ("file", format!("{folder}/léa moreau/cube_queue.py")),
                    ("line", "17".into()),
                    ("col", "11".into()),
                    ("title", "léa moreau · cube_queue · build".into()),
                ],
                message_of(&report, "léa moreau", "cube_queue", CheckKind::Build),
            ),
            (
                "error",
                vec![
                    ("file", format!("{folder}/camille lefèvre/cube.py")),
                    ("title", "camille lefèvre · cube · run".into()),
                ],
                message_of(&report, "camille lefèvre", "cube", CheckKind::Run),
            ),
            (
                "error",
                vec![
                    ("file", format!("{folder}/hugo bernard/cube.py")),
                    ("title", "hugo bernard · cube · result".into()),
                ],
                message_of(&report, "hugo bernard", "cube", CheckKind::Result),
            ),
            (
                "error",
                vec![
                    ("file", format!("{folder}/julien mercier/pool.py")),
                    ("title", "julien mercier · pool · time".into()),
                ],
                message_of(&report, "julien mercier", "pool", CheckKind::Time),
            ),
            (
                "error",
                vec![
                    ("file", format!("{folder}/léa moreau/cube_queue.py")),
                    ("line", "17".into()),
                    ("col", "1".into()),
                    ("endLine", "17".into()),
                    ("endColumn", "11".into()),
                    ("title", "léa moreau · cube_queue · lint S001".into()),
                ],
                "impossible d'analyser ce fichier : erreur de syntaxe ici".to_string(),
            ),
        ];
        let missing = [
            ("camille lefèvre", "pool"),
            ("hugo bernard", "pool"),
            ("julien mercier", "cube_queue"),
            ("léa moreau", "pool"),
        ];
        assert_eq!(read.len(), expected.len() + missing.len(), "{read:#?}");
        for (got, (level, properties, message)) in read.iter().zip(&expected) {
            let want = Read {
                level: level.to_string(),
                properties: properties
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
                message: message.clone(),
            };
            assert_eq!(got, &want);
        }
        // Multi-line messages come back whole.
        assert!(read[0].message.contains("expected ':'\n    def main()"));
        for (got, (student, exercise)) in read[expected.len()..].iter().zip(missing) {
            assert_eq!(got.level, "notice");
            assert_eq!(
                got.get("title"),
                Some(format!("{student} · {exercise} · missing").as_str())
            );
            assert!(got.message.starts_with("no `"), "{}", got.message);
        }
    }

    #[test]
    fn a_hostile_student_adds_no_line_and_reads_back_inert() {
        let report = hostile();
        let text = annotations(&report);
        for line in text.lines() {
            assert!(line.starts_with("::"), "{line:?}");
            assert!(!line.chars().any(is_unsafe), "{line:?}");
        }
        let read = read_back(&text);
        // Eve's build error, lint error and missing pool, as léa's.
        assert_eq!(read.len(), 9 + 3);
        let build = read
            .iter()
            .find(|r| r.get("title").is_some_and(|t| t.starts_with("eve")))
            .expect("eve's build error");
        assert_eq!(
            build.get("title"),
            Some("eve\\n::error::PASS honest 20.00/20\\u{1b}[2J\\u{202e},x:y%0A · cube_queue · build")
        );
        assert_eq!(
            build
                .get("file")
                .map(|f| f.ends_with("x:y%0A/cube_queue.py")),
            Some(true)
        );
        assert_eq!(
            build.message, "line\\r\n::notice::forged 100%\\u{1b}[2J",
            "the line break kept, escaped; the CR and escape shown"
        );
    }

    #[test]
    fn the_grader_s_problems_and_what_it_could_not_judge_come_first() {
        let mut report = sample();
        report.errors = vec!["reference/cube.py: the reference failed: it exited with 1".into()];
        let julien = &mut report.submissions[3].exercises[1];
        julien.verdict = ExerciseVerdict::Error;
        julien.checks.clear();
        julien.message = Some("no reference for cube in python".into());
        let read = read_back(&annotations(&report));
        assert_eq!(read[0].level, "error");
        assert_eq!(read[0].get("title"), Some("grade could not do its job"));
        assert_eq!(
            read[0].message,
            "reference/cube.py: the reference failed: it exited with 1"
        );
        assert_eq!(read[1].level, "error");
        assert_eq!(
            read[1].get("title"),
            Some("julien mercier · cube · not judged")
        );
        assert_eq!(read[1].message, "no reference for cube in python");
        assert_eq!(read[1].get("file"), None);
    }

    fn lint_warning(rule: &str) -> LintFinding {
        LintFinding {
            rule: rule.into(),
            name: "function-name".into(),
            category: crate::lint::Category::Naming,
            severity: crate::lint::Severity::Warning,
            file: "cube.py".into(),
            line: 3,
            column: 5,
            end_line: 3,
            end_column: 9,
            message: "function name should be snake_case".into(),
            help: String::new(),
            source: String::new(),
        }
    }

    #[test]
    fn past_nine_of_a_level_the_most_important_are_kept_and_the_rest_told_of() {
        let mut report = sample();
        let camille = report.submissions[1].clone();
        let lea = report.submissions[4].clone();
        report.submissions.clear();
        for index in 0..30 {
            let mut student = camille.clone();
            student.student = format!("s{index:02}");
            if index < 12 {
                student.exercises[1].checks[5].details = Details::Lint(LintDetails {
                    warnings: 1,
                    findings: vec![lint_warning("N802")],
                    ..LintDetails::default()
                });
            }
            report.submissions.push(student);
        }
        // The last student's build error goes before every run failure.
        report.submissions.push(lea);
        let read = read_back(&annotations(&report));
        let titles = |level: &str| -> Vec<String> {
            read.iter()
                .filter(|r| r.level == level)
                .map(|r| r.get("title").unwrap_or_default().to_string())
                .collect()
        };
        let errors = titles("error");
        assert_eq!(errors.len(), 9);
        assert_eq!(errors[0], "léa moreau · cube_queue · build");
        let runs: Vec<String> = (0..8).map(|i| format!("s{i:02} · cube · run")).collect();
        assert_eq!(errors[1..], runs[..]);
        let warnings = titles("warning");
        assert_eq!(warnings.len(), 9);
        assert_eq!(warnings[8], "s08 · cube · lint N802");
        let notices: Vec<&Read> = read.iter().filter(|r| r.level == "notice").collect();
        assert_eq!(notices.len(), 10);
        assert_eq!(
            notices[7..]
                .iter()
                .map(|r| r.message.as_str())
                .collect::<Vec<_>>(),
            [
                // 30 run failures, léa's build and lint errors.
                "23 more errors than GitHub shows are in the job summary",
                "3 more warnings than GitHub shows are in the job summary",
                // 31 missing pools.
                "24 more missing exercises than GitHub shows are in the job summary",
            ]
        );
    }

    /// The cells of the summary's table rows, by unescaped `|`.
    fn table(summary: &str) -> Vec<Vec<String>> {
        summary
            .lines()
            .filter(|line| line.starts_with('|'))
            .map(|line| {
                let mut cells = Vec::new();
                let mut current = String::new();
                let mut chars = line.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => current.extend(chars.next()),
                        '|' => cells.push(std::mem::take(&mut current).trim().to_string()),
                        _ => current.push(c),
                    }
                }
                cells.remove(0);
                cells
            })
            .collect()
    }

    #[test]
    fn the_summary_has_a_row_per_student_with_marks_and_scores() {
        let report = sample();
        let text = summary(&report);
        let rows = table(&text);
        assert_eq!(
            rows,
            [
                vec!["Student", "pool", "cube", "cube_queue", "Score"],
                vec!["---", "---", "---", "---", "---"],
                vec!["antoine girard", "✅ 4/4", "✅ 8/8", "✅ 8/8", "20/20"],
                vec!["camille lefèvre", "➖ 0/4", "❌ 2.4/8", "✅ 8/8", "10.4/20"],
                vec!["hugo bernard", "➖ 0/4", "❌ 5.6/8", "✅ 8/8", "13.6/20"],
                vec!["julien mercier", "❌ 3.6/4", "✅ 8/8", "➖ 0/8", "11.6/20"],
                vec!["léa moreau", "➖ 0/4", "✅ 8/8", "❌ 0/8", "8/20"],
            ]
        );
        assert_eq!(text.matches("<details>").count(), 4);
        assert!(text.contains(
            "<summary>léa moreau · cube_queue: 0/8</summary>\n\n**build**\n\n```text\n\
             cube_queue.py:17:11: SyntaxError: expected ':'\n    def main()\n```\n\n**lint**"
        ));
    }

    #[test]
    fn a_hostile_student_keeps_the_table_whole_and_the_fences_closed() {
        let mut report = hostile();
        report.submissions[5].student = "<b>eve</b> | ✅ 4/4 | [x](http://e) \u{1b}[2J".into();
        report.submissions[5].exercises[2].checks[0].message = "````\n</details>\n```".into();
        report.submissions[5].score = 8.0;
        let text = summary(&report);
        for line in text.lines() {
            assert!(!line.chars().any(is_unsafe), "{line:?}");
        }
        assert!(!text.contains("<b>"));
        let rows = table(&text);
        assert_eq!(rows.len(), 2 + 6);
        assert_eq!(
            rows[7],
            [
                "&lt;b&gt;eve&lt;/b&gt; | ✅ 4/4 | [x](http://e) \\u{1b}[2J",
                "➖ 0/4",
                "✅ 8/8",
                "❌ 0/8",
                "8/20"
            ]
        );
        assert!(text.contains("\n`````text\n````\n</details>\n```\n`````\n"));
    }

    #[test]
    fn a_summary_past_its_limit_is_cut_with_a_line_saying_what_was_left_out() {
        let mut report = sample();
        let camille = report.submissions[1].clone();
        report.submissions = (0..2000)
            .map(|index| {
                let mut student = camille.clone();
                student.student = format!("student {index:04}");
                student
            })
            .collect();
        let whole = summary_within(&report, usize::MAX);
        assert!(!whole.contains("Cut to stay"));
        assert_eq!(whole.matches("<details>").count(), 2000);

        let text = summary_within(&report, 200_000);
        assert!(text.len() <= 200_000, "{}", text.len());
        assert_eq!(table(&text).len(), 2 + 2000, "the table whole");
        let shown = text.matches("<details>").count();
        assert!(shown > 100, "{shown}");
        assert!(
            text.ends_with(&format!(
                "\n*Cut to stay under GitHub's 1 MiB summary: 0 students' rows and {} failing \
                 exercises left out; the report file holds them all.*\n",
                2000 - shown
            )),
            "{}",
            &text[text.len() - 300..]
        );

        let text = summary_within(&report, 20_000);
        assert!(text.len() <= 20_000);
        let rows = table(&text).len() - 2;
        assert!(text.ends_with(&format!(
            "{} students' rows and 2000 failing exercises left out; the report file holds them \
             all.*\n",
            2000 - rows
        )));
    }
}
