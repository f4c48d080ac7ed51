//! The gradebook: a row per student, a column per exercise, as a spreadsheet or a course
//! platform imports it (RFC 4180, UTF-8).
//!
//! Without a roster, a plain table keyed by folder. With one, the layout its columns call for:
//! Canvas's gradebook import (student columns, `Section` last, a `Points Possible` row) or
//! Moodle's grade import (the roster's columns, then the grades, the total and a feedback).
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula: every cell a
//! student controls (a folder name, feedback quoting what a program printed) starts with `'`
//! when it would (OWASP's "CSV injection"), and holds no control or bidirectional character.

use crate::report::{ExerciseReport, ExerciseVerdict, Report, Submission, Verdict};
use crate::text::printable;

use super::points;
use super::roster::{Entry, Layout, Roster};

/// Characters of a check's message kept in the feedback of an exercise.
const FEEDBACK_MESSAGE: usize = 120;

/// The first cell of the row of each exercise's points in Canvas's layout.
const POINTS_POSSIBLE: &str = "Points Possible";

/// The gradebook of `report`, in the layout `roster` calls for (a plain one without).
pub fn render(report: &Report, roster: Option<&Roster>) -> Result<String, String> {
    let exercises = exercises(report);
    let table = match roster {
        None => plain(report, &exercises),
        Some(roster) => match roster.layout() {
            Layout::Canvas => canvas(report, &exercises, roster),
            Layout::Moodle => moodle(report, &exercises, roster),
        },
    };
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in &table {
        writer
            .write_record(row)
            .map_err(|err| format!("the gradebook: {err}"))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|err| format!("the gradebook: {err}"))?;
    String::from_utf8(bytes).map_err(|err| format!("the gradebook: {err}"))
}

/// An exercise's column: its name and its points.
struct Column {
    name: String,
    points: f64,
}

/// The exercises in the course's order, then any other a submission holds, in the order met
/// (a report merged from older runs may hold one the course no longer lists).
fn exercises(report: &Report) -> Vec<Column> {
    let mut columns: Vec<Column> = report
        .exercises
        .iter()
        .map(|info| Column {
            name: info.name.clone(),
            points: info.points,
        })
        .collect();
    for exercise in report.submissions.iter().flat_map(|s| &s.exercises) {
        if !columns
            .iter()
            .any(|column| column.name == exercise.exercise)
        {
            columns.push(Column {
                name: exercise.exercise.clone(),
                points: exercise.max_score,
            });
        }
    }
    columns
}

/// `student, <exercise>..., total, max_score, feedback`.
fn plain(report: &Report, exercises: &[Column]) -> Vec<Vec<String>> {
    let mut header = vec!["student".to_string()];
    header.extend(exercises.iter().map(|column| column.name.clone()));
    header.extend(["total", "max_score", "feedback"].map(String::from));
    let mut table = vec![header];
    for submission in &report.submissions {
        let mut row = vec![neutralised(&submission.student)];
        row.extend(scores(Some(submission), exercises));
        row.push(points(submission.score));
        row.push(points(submission.max_score));
        row.push(feedback(submission));
        table.push(row);
    }
    table
}

/// The roster's columns (`folder` included, in its place), then a column per exercise,
/// `total` and `feedback`: Moodle maps an identifier column and each other column by hand.
fn moodle(report: &Report, exercises: &[Column], roster: &Roster) -> Vec<Vec<String>> {
    let mut header = roster.columns().to_vec();
    header.extend(exercises.iter().map(|column| column.name.clone()));
    header.extend(["total", "feedback"].map(String::from));
    let mut table = vec![header];
    for (cells, submission) in rows(report, roster) {
        let mut row: Vec<String> = match cells {
            Some(entry) => entry.cells.clone(),
            None => vec![String::new(); roster.columns().len()],
        };
        if let Some(submission) = submission {
            row[roster.folder_column()] = neutralised(&submission.student);
        } else {
            row[roster.folder_column()] = neutralised(&row[roster.folder_column()]);
        }
        row.extend(scores(submission, exercises));
        row.push(submission.map_or_else(String::new, |s| points(s.score)));
        row.push(submission.map_or_else(String::new, feedback));
        table.push(row);
    }
    table
}

/// Canvas's student columns (`Section` moved last, as its importer requires; `folder` left
/// out, or Canvas would take it for an assignment), a column per exercise, and a row of the
/// points possible. Canvas adds up the total itself.
fn canvas(report: &Report, exercises: &[Column], roster: &Roster) -> Vec<Vec<String>> {
    let mut identity: Vec<usize> = roster.identity_columns().collect();
    if let Some(section) = identity
        .iter()
        .position(|&index| roster.columns()[index] == "Section")
    {
        let section = identity.remove(section);
        identity.push(section);
    }
    let mut header: Vec<String> = identity
        .iter()
        .map(|&index| roster.columns()[index].clone())
        .collect();
    header.extend(exercises.iter().map(|column| column.name.clone()));
    let mut possible = vec![POINTS_POSSIBLE.to_string()];
    possible.resize(identity.len(), String::new());
    possible.extend(exercises.iter().map(|column| points(column.points)));
    let mut table = vec![header, possible];
    for (entry, submission) in rows(report, roster) {
        let mut row: Vec<String> = match entry {
            Some(entry) => identity
                .iter()
                .map(|&index| entry.cells[index].clone())
                .collect(),
            // Canvas lists the rows it cannot match by name: this one names the folder in words
            // no real student's name holds, so that it matches nobody by itself.
            None => {
                let mut cells = vec![String::new(); identity.len()];
                if let Some(submission) = submission {
                    cells[0] =
                        neutralised(&format!("folder not in the roster: {}", submission.student));
                }
                cells
            }
        };
        row.extend(scores(submission, exercises));
        table.push(row);
    }
    table
}

/// The roster's students in its order, each with their submission if it was graded, then the
/// submissions the roster lacks, in the report's order.
fn rows<'a>(
    report: &'a Report,
    roster: &'a Roster,
) -> Vec<(Option<&'a Entry>, Option<&'a Submission>)> {
    let mut rows: Vec<(Option<&Entry>, Option<&Submission>)> = roster
        .students()
        .iter()
        .map(|entry| {
            let submission = report
                .submissions
                .iter()
                .find(|submission| submission.student == entry.folder);
            (Some(entry), submission)
        })
        .collect();
    rows.extend(
        report
            .submissions
            .iter()
            .filter(|submission| roster.find(&submission.student).is_none())
            .map(|submission| (None, Some(submission))),
    );
    rows
}

/// A cell per exercise: its score (0 when missing), empty where there is none to give (not
/// graded, or the grader could not judge it).
fn scores(submission: Option<&Submission>, exercises: &[Column]) -> Vec<String> {
    exercises
        .iter()
        .map(|column| {
            let exercise =
                submission.and_then(|s| s.exercises.iter().find(|e| e.exercise == column.name));
            match exercise.map(|exercise| (exercise.verdict, exercise.score)) {
                Some((
                    ExerciseVerdict::Pass | ExerciseVerdict::Fail | ExerciseVerdict::Missing,
                    score,
                )) => points(score),
                Some((ExerciseVerdict::Error, _)) | None => String::new(),
            }
        })
        .collect()
}

/// One line a student reads in the platform: `cube 8/8; primes 0/6 (time: too slow: …)`.
fn feedback(submission: &Submission) -> String {
    let parts: Vec<String> = submission.exercises.iter().map(exercise_feedback).collect();
    neutralised(&parts.join("; "))
}

fn exercise_feedback(exercise: &ExerciseReport) -> String {
    let name = &exercise.exercise;
    let score = format!(
        "{name} {}/{}",
        points(exercise.score),
        points(exercise.max_score)
    );
    match exercise.verdict {
        ExerciseVerdict::Pass => score,
        ExerciseVerdict::Fail => match exercise
            .checks
            .iter()
            .find(|check| check.verdict == Verdict::Fail)
        {
            Some(check) => format!(
                "{score} ({}: {})",
                check.check.name(),
                first_line(&check.message)
            ),
            None => score,
        },
        ExerciseVerdict::Missing => format!("{score} (missing)"),
        ExerciseVerdict::Error => format!("{name} not graded (the grader could not judge it)"),
    }
}

/// The first line of `text`, cut to [`FEEDBACK_MESSAGE`] characters.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(FEEDBACK_MESSAGE) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

/// A cell a student controls, made inert: control and bidirectional characters escaped, and a
/// `'` before a start a spreadsheet would take for a formula.
fn neutralised(text: &str) -> String {
    let shown = printable(text);
    if shown.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{shown}")
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::export::tests::sample;
    use crate::text::is_unsafe;

    /// The rows of a gradebook as the csv crate reads them back, header first.
    fn read_back(text: &str) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|record| {
                record
                    .expect("a well-formed CSV record")
                    .iter()
                    .map(String::from)
                    .collect()
            })
            .collect()
    }

    fn roster(name: &str) -> Roster {
        Roster::read(&Path::new("tests/data").join(name), crate::lang::Lang::En)
            .expect("a test roster")
    }

    /// The score a cell shows, as a number.
    fn score(cell: &str) -> f64 {
        cell.parse()
            .unwrap_or_else(|_| panic!("`{cell}` is not a number"))
    }

    fn assert_scores(row: &[String], first: usize, submission: &Submission, report: &Report) {
        for (offset, info) in report.exercises.iter().enumerate() {
            let exercise = submission
                .exercises
                .iter()
                .find(|e| e.exercise == info.name)
                .expect("every exercise reported");
            let cell = &row[first + offset];
            assert!(
                (score(cell) - exercise.score).abs() < 0.005,
                "{} {}: {cell}, the report says {}",
                submission.student,
                info.name,
                exercise.score
            );
        }
    }

    /// The sample with a hostile student: a folder name that would run as a formula, forge a
    /// line and reorder text, and a message with escapes and a line break.
    fn hostile() -> Report {
        let mut report = sample();
        let mut eve = report.submissions[1].clone();
        eve.student = "=HYPERLINK(\"http://x\")\n PASS honest 20.00/20\u{1b}[2J\u{202e}".into();
        eve.exercises[1].checks[1].message =
            "\u{1b}[31mexit 0\u{202e}\r, as expected\nsecond line".into();
        report.submissions.push(eve);
        report
    }

    #[test]
    fn the_plain_gradebook_reads_back_with_every_score_and_total_of_the_report() {
        let report = sample();
        let rows = read_back(&render(&report, None).expect("a gradebook"));
        assert_eq!(
            rows[0],
            [
                "student",
                "pool",
                "cube",
                "cube_queue",
                "total",
                "max_score",
                "feedback"
            ]
        );
        assert_eq!(rows.len(), 1 + report.submissions.len());
        for (row, submission) in rows[1..].iter().zip(&report.submissions) {
            assert_eq!(row[0], submission.student);
            assert_scores(row, 1, submission, &report);
            assert!((score(&row[4]) - submission.score).abs() < 0.005, "{row:?}");
            assert_eq!(score(&row[5]), submission.max_score);
        }
        // camille lefèvre: pool missing, cube's run failed, cube_queue passed.
        assert_eq!(rows[2][1..6], ["0", "2.4", "8", "10.4", "20"]);
        assert_eq!(
            rows[2][6],
            "pool 0/4 (missing); cube 2.4/8 (run: the program failed with exit code 1); \
             cube_queue 8/8"
        );
    }

    #[test]
    fn an_exercise_the_grader_could_not_judge_has_no_score() {
        let mut report = sample();
        report.submissions[0].exercises[1].verdict = ExerciseVerdict::Error;
        let rows = read_back(&render(&report, None).expect("a gradebook"));
        assert_eq!(rows[1][1..4], ["4", "", "8"]);
        assert!(rows[1][6].contains("cube not graded"), "{}", rows[1][6]);
    }

    #[test]
    fn an_exercise_met_only_in_submissions_gets_a_column_after_the_course_s() {
        let mut report = sample();
        report.exercises.remove(0);
        let rows = read_back(&render(&report, None).expect("a gradebook"));
        assert_eq!(rows[0][1..4], ["cube", "cube_queue", "pool"]);
        assert_eq!(rows[4][1..4], ["8", "0", "3.6"]);
    }

    #[test]
    fn the_moodle_layout_keeps_the_roster_s_columns_and_order_and_lists_everyone() {
        let report = sample();
        let rows = read_back(&render(&report, Some(&roster("roster-moodle.csv"))).expect("csv"));
        assert_eq!(
            rows[0],
            [
                "Email address",
                "ID number",
                "folder",
                "pool",
                "cube",
                "cube_queue",
                "total",
                "feedback"
            ]
        );
        let folders: Vec<&str> = rows[1..].iter().map(|row| row[2].as_str()).collect();
        assert_eq!(
            folders,
            [
                "hugo bernard",
                "antoine girard",
                "camille lefèvre",
                "julien mercier",
                "zoé petit",
                "léa moreau"
            ]
        );
        for row in &rows[1..] {
            let Some(submission) = report.submissions.iter().find(|s| s.student == row[2]) else {
                continue;
            };
            assert_scores(row, 3, submission, &report);
            assert!((score(&row[6]) - submission.score).abs() < 0.005, "{row:?}");
        }
        assert_eq!(rows[1][..2], ["hugo.bernard@uni.example", "20231233"]);
        assert_eq!(rows[1][3..7], ["0", "5.6", "8", "13.6"]);
        // Listed but not graded: a row with no score, so that the instructor sees it.
        assert_eq!(
            rows[5],
            [
                "zoe.petit@uni.example",
                "20231237",
                "zoé petit",
                "",
                "",
                "",
                "",
                ""
            ]
        );
        // Graded but not listed: no identity to import it under.
        assert_eq!(rows[6][..3], ["", "", "léa moreau"]);
        assert_eq!(rows[6][3..7], ["0", "8", "0", "8"]);
    }

    #[test]
    fn the_canvas_layout_has_its_student_columns_section_last_and_a_points_row() {
        let report = sample();
        let rows = read_back(&render(&report, Some(&roster("roster-canvas.csv"))).expect("csv"));
        assert_eq!(
            rows[0],
            [
                "Student",
                "ID",
                "SIS User ID",
                "SIS Login ID",
                "Section",
                "pool",
                "cube",
                "cube_queue"
            ]
        );
        assert_eq!(rows[1], ["Points Possible", "", "", "", "", "4", "8", "8"]);
        assert_eq!(rows.len(), 2 + 5);
        for row in &rows[2..] {
            let entry = roster("roster-canvas.csv")
                .students()
                .iter()
                .find(|entry| entry.cells[0] == row[0])
                .expect("a student of the roster")
                .clone();
            let submission = report
                .submissions
                .iter()
                .find(|s| s.student == entry.folder)
                .expect("graded");
            assert_scores(row, 5, submission, &report);
        }
        assert_eq!(
            rows[6],
            [
                "Moreau, Léa",
                "4105",
                "20231238",
                "lmoreau",
                "Group A",
                "0",
                "8",
                "0"
            ]
        );
        // The folder column is no assignment of Canvas's.
        assert!(rows.iter().flatten().all(|cell| cell != "antoine girard"));
    }

    #[test]
    fn a_hostile_student_s_cells_start_with_a_quote_and_hold_no_control_character() {
        let report = hostile();
        let text = render(&report, None).expect("a gradebook");
        let rows = read_back(&text);
        assert_eq!(rows.len(), 1 + report.submissions.len());
        let eve = rows.last().expect("eve's row");
        assert!(eve[0].starts_with("'=HYPERLINK"), "{}", eve[0]);
        assert!(eve[0].contains("\\n PASS"), "{}", eve[0]);
        assert!(
            eve[6].contains("(run: \\u{1b}[31mexit 0\\u{202e}\\r, as expected)"),
            "{}",
            eve[6]
        );
        for cell in rows.iter().flatten() {
            assert!(!cell.chars().any(is_unsafe), "{cell:?}");
        }
        // Not in the roster: the row of its folder is as inert.
        for name in ["roster-moodle.csv", "roster-canvas.csv"] {
            let rows = read_back(&render(&report, Some(&roster(name))).expect("csv"));
            let last = rows.last().expect("eve's row");
            assert!(
                last.iter()
                    .any(|cell| cell.starts_with("'=HYPERLINK") || cell.contains("roster: =")),
                "{last:?}"
            );
            for cell in rows.iter().flatten() {
                assert!(!cell.chars().any(is_unsafe), "{cell:?}");
                assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?}");
            }
        }
    }

    #[test]
    fn every_formula_start_is_quoted() {
        for start in ["=", "+", "-", "@"] {
            assert_eq!(neutralised(&format!("{start}1+1")), format!("'{start}1+1"));
        }
        assert_eq!(neutralised("\t=1"), "\\t=1");
        assert_eq!(neutralised("léa moreau"), "léa moreau");
    }
}
