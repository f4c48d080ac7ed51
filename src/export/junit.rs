//! JUnit XML, the test report CI systems read (GitLab, Jenkins, GitHub actions): a suite per
//! student, a test case per exercise, a failure per exercise that does not pass.
//!
//! GitLab ignores `failure@message`, so the body repeats the whole message; Jenkins splits
//! `classname` at its last dot, so the only dot in it separates the course from the student.
//! quick-junit writes the XML and drops the characters XML cannot hold; student text goes
//! through [`printable`] first so that an escape shows as `\u{1b}` rather than vanishing.

use std::time::Duration;

use quick_junit::{NonSuccessKind, Property, TestCase, TestCaseStatus, TestSuite};

use crate::report::{Check, Details, ExerciseReport, ExerciseVerdict, Report, Submission, Verdict};
use crate::text::printable;

use super::points;

/// The suite that holds the grader's own problems, so that CI shows them.
const GRADER_SUITE: &str = "grade";

/// The report as JUnit XML.
pub fn render(report: &Report) -> Result<String, String> {
    let course = if report.course.is_empty() {
        GRADER_SUITE.to_string()
    } else {
        printable(&report.course)
    };
    let mut junit = quick_junit::Report::new(format!("grade: {course}"));
    junit.set_time(Duration::from_millis(report.summary.elapsed_ms));
    for submission in &report.submissions {
        junit.add_test_suite(suite(&course, submission));
    }
    if let Some(problems) = grader_suite(report) {
        junit.add_test_suite(problems);
    }
    junit
        .to_string()
        .map_err(|err| format!("writing the JUnit report: {err}"))
}

fn suite(course: &str, submission: &Submission) -> TestSuite {
    let student = printable(&submission.student);
    let classname = format!("{}.{}", undotted(course), undotted(&student));
    let mut suite = TestSuite::new(student);
    for exercise in &submission.exercises {
        suite.add_test_case(case(&classname, submission, exercise));
    }
    suite
}

/// Jenkins reads `package.Class` from the classname's last dot: none may come from the names.
fn undotted(name: &str) -> String {
    name.replace('.', "_")
}

fn case(classname: &str, submission: &Submission, exercise: &ExerciseReport) -> TestCase {
    let mut case = TestCase::new(printable(&exercise.exercise), status(exercise));
    case.set_classname(classname);
    if let Some(entry) = &exercise.entry {
        let file = submission.path.join(entry);
        case.extra.insert(
            "file".into(),
            printable(&file.to_string_lossy().replace('\\', "/")).into(),
        );
    }
    if let Some(elapsed_ms) = run_elapsed_ms(exercise) {
        case.set_time(Duration::from_millis(elapsed_ms));
    }
    case.add_properties([
        Property::new("score", points(exercise.score)),
        Property::new("max_score", points(exercise.max_score)),
    ]);
    case
}

/// How long the program ran, when it did.
fn run_elapsed_ms(exercise: &ExerciseReport) -> Option<u64> {
    exercise
        .checks
        .iter()
        .find_map(|check| match &check.details {
            Details::Run(run) => Some(run.elapsed_ms),
            Details::None
            | Details::Build(_)
            | Details::Result(_)
            | Details::Time(_)
            | Details::Workers(_)
            | Details::Lint(_) => None,
        })
}

fn status(exercise: &ExerciseReport) -> TestCaseStatus {
    match exercise.verdict {
        ExerciseVerdict::Pass => TestCaseStatus::success(),
        ExerciseVerdict::Fail => {
            let failing = exercise
                .checks
                .iter()
                .find(|check| check.verdict == Verdict::Fail);
            let (kind, message) = match failing {
                Some(check) => (check.check.name(), check.message.as_str()),
                None => ("fail", exercise.message.as_deref().unwrap_or("failed")),
            };
            let body = format!("{}\n{}", lines(message), verdicts(exercise));
            non_success(NonSuccessKind::Failure, kind, message, &body)
        }
        ExerciseVerdict::Missing => {
            let message = exercise.message.as_deref().unwrap_or("no entry found");
            non_success(NonSuccessKind::Failure, "missing", message, &lines(message))
        }
        ExerciseVerdict::Error => {
            let message = exercise
                .message
                .as_deref()
                .unwrap_or("the grader could not judge this exercise");
            let body = format!("{}\n{}", lines(message), verdicts(exercise));
            non_success(NonSuccessKind::Error, "grader", message, &body)
        }
    }
}

/// A failure or error: `message` is the first line of `message`, the body the whole.
fn non_success(kind: NonSuccessKind, ty: &str, message: &str, body: &str) -> TestCaseStatus {
    let mut status = TestCaseStatus::non_success(kind);
    status
        .set_type(ty)
        .set_message(printable(message.split('\n').next().unwrap_or("")))
        .set_description(body);
    status
}

/// `score 0/6; build pass; run fail; result skipped ...`
fn verdicts(exercise: &ExerciseReport) -> String {
    let mut line = format!(
        "score {}/{}",
        points(exercise.score),
        points(exercise.max_score)
    );
    for Check { check, verdict, .. } in &exercise.checks {
        line.push_str(&format!("; {} {}", check.name(), verdict.name()));
    }
    line
}

/// Multi-line text with each line made printable: the lines stay lines, nothing else acts.
fn lines(text: &str) -> String {
    text.split('\n')
        .map(printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The grader's problems and an interruption, as errors CI cannot miss.
fn grader_suite(report: &Report) -> Option<TestSuite> {
    let mut problems: Vec<(String, &str)> = report
        .errors
        .iter()
        .enumerate()
        .map(|(index, error)| (format!("grader error {}", index + 1), error.as_str()))
        .collect();
    if report.interrupted {
        problems.push((
            "interrupted".to_string(),
            "the grading was interrupted: the report holds what was graded so far",
        ));
    }
    if problems.is_empty() {
        return None;
    }
    let mut suite = TestSuite::new(GRADER_SUITE);
    for (name, message) in problems {
        let status = non_success(NonSuccessKind::Error, "grader", message, &lines(message));
        let mut case = TestCase::new(name, status);
        case.set_classname(GRADER_SUITE);
        suite.add_test_case(case);
    }
    Some(suite)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;

    fn parse(xml: &str) -> junit_parser::TestSuites {
        junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes())).expect("JUnit XML parses")
    }

    fn suite<'a>(suites: &'a junit_parser::TestSuites, name: &str) -> &'a junit_parser::TestSuite {
        suites
            .suites
            .iter()
            .find(|suite| suite.name == name)
            .unwrap_or_else(|| panic!("no suite {name:?}"))
    }

    fn case<'a>(suite: &'a junit_parser::TestSuite, name: &str) -> &'a junit_parser::TestCase {
        suite
            .cases
            .iter()
            .find(|case| case.original_name == name)
            .unwrap_or_else(|| panic!("no case {name:?} in {}", suite.name))
    }

    #[test]
    fn each_student_is_a_suite_with_the_counts_of_its_exercises() {
        let xml = render(&sample()).expect("renders");
        let parsed = parse(&xml);
        assert_eq!(parsed.name, "grade: Multiprocessing");
        assert_eq!(parsed.suites.len(), 5, "{xml}");
        // (student, tests, failures, errors): missing exercises are failures too.
        for (student, tests, failures, errors) in [
            ("antoine girard", 3, 0, 0),
            ("camille lefèvre", 3, 2, 0),
            ("hugo bernard", 3, 2, 0),
            ("julien mercier", 3, 2, 0),
            ("léa moreau", 3, 2, 0),
        ] {
            let suite = suite(&parsed, student);
            assert_eq!(suite.cases.len(), tests, "{student}");
            assert_eq!(suite.tests, tests as u64, "{student}");
            assert_eq!(suite.failures, failures, "{student}");
            assert_eq!(suite.errors, errors, "{student}");
        }
        assert_eq!(parsed.tests, 15);
        assert_eq!(parsed.failures, 8);
        assert_eq!(parsed.errors, 0);
        // The same report, the same bytes.
        assert_eq!(render(&sample()).expect("renders"), xml);
    }

    #[test]
    fn a_failure_names_its_first_failing_check_and_repeats_the_message_in_its_body() {
        let parsed = parse(&render(&sample()).expect("renders"));
        let camille = suite(&parsed, "camille lefèvre");
        let cube = case(camille, "cube");
        assert_eq!(
            cube.classname.as_deref(),
            Some("Multiprocessing.camille lefèvre")
        );
        assert_eq!(
            cube.file.as_deref(),
            Some("fixtures/submissions/camille lefèvre/cube.py")
        );
        let failure = cube.status.failure_as_ref();
        assert_eq!(failure.failure_type, "run");
        assert_eq!(failure.message, "the program failed with exit code 1");
        assert!(
            failure
                .text
                .starts_with("the program failed with exit code 1\nstandard error ends with:\n"),
            "{}",
            failure.text
        );
        assert!(failure.text.contains("File \"cube.py\", line 27"));
        assert!(
            failure.text.ends_with(
                "score 2.4/8; build pass; run fail; result skipped; time skipped; \
                 workers skipped; lint pass"
            ),
            "{}",
            failure.text
        );
        assert_eq!(cube.properties.hashmap["score"], "2.4");
        assert_eq!(cube.properties.hashmap["max_score"], "8");
        // The run's time, in seconds.
        let run_ms = sample().submissions[1].exercises[1]
            .checks
            .iter()
            .find_map(|check| match &check.details {
                Details::Run(run) => Some(run.elapsed_ms),
                _ => None,
            })
            .expect("a run");
        assert!(
            (cube.time - run_ms as f64 / 1000.0).abs() < 1e-9,
            "{}",
            cube.time
        );

        let pool = case(camille, "pool");
        let missing = pool.status.failure_as_ref();
        assert_eq!(missing.failure_type, "missing");
        assert_eq!(
            missing.message,
            "no `pool.py` or `pool/Cargo.toml` in the folder"
        );
        assert_eq!(pool.file, None);

        let lea = suite(&parsed, "léa moreau");
        let failure = case(lea, "cube_queue").status.failure_as_ref();
        assert_eq!(failure.failure_type, "build");
        assert_eq!(
            failure.message,
            "cube_queue.py:17:11: SyntaxError: expected ':'"
        );
        assert!(case(lea, "cube").status.is_success());
    }

    #[test]
    fn a_classname_has_one_dot_whatever_the_names() {
        let mut report = sample();
        report.course = "Prog. parallèle 2.0".to_string();
        report.submissions[0].student = "j.-p. dupont".to_string();
        let parsed = parse(&render(&report).expect("renders"));
        for suite in &parsed.suites {
            for case in &suite.cases {
                let classname = case.classname.as_deref().expect("a classname");
                assert_eq!(classname.matches('.').count(), 1, "{classname}");
            }
        }
        let case = case(suite(&parsed, "j.-p. dupont"), "cube");
        assert_eq!(
            case.classname.as_deref(),
            Some("Prog_ parallèle 2_0.j_-p_ dupont")
        );
    }

    #[test]
    fn grader_errors_and_judging_errors_are_errors_not_failures() {
        let mut report = sample();
        report.errors = vec!["the reference of `cube` fails:\nexit code 1".to_string()];
        let cube = &mut report.submissions[0].exercises[1];
        cube.verdict = ExerciseVerdict::Error;
        cube.score = 0.0;
        cube.message = Some("the reference of `cube` fails".to_string());
        let parsed = parse(&render(&report).expect("renders"));
        let grade = suite(&parsed, "grade");
        assert_eq!((grade.tests, grade.errors, grade.failures), (1, 1, 0));
        let error = grade.cases[0].status.error_as_ref();
        assert_eq!(error.message, "the reference of `cube` fails:");
        assert_eq!(error.text, "the reference of `cube` fails:\nexit code 1");
        let antoine = suite(&parsed, "antoine girard");
        assert_eq!((antoine.errors, antoine.failures), (1, 0));
        let error = case(antoine, "cube").status.error_as_ref();
        assert_eq!(error.error_type, "grader");
        assert_eq!(error.message, "the reference of `cube` fails");
    }

    #[test]
    fn a_hostile_name_and_message_stay_inert_text() {
        let hostile = "eve\n PASS honest 20.00/20\u{1b}[2J\u{202e}";
        let mut report = sample();
        let mut eve = report.submissions[1].clone();
        eve.student = hostile.to_string();
        eve.path = format!("subs/{hostile}").into();
        let run = &mut eve.exercises[1].checks[1];
        run.message = "boom\u{1b}[31m red\u{7}\r\nTraceback\u{0} <script>&amp;</failure>".into();
        report.submissions.push(eve);
        let xml = render(&report).expect("renders");
        assert!(
            !xml.chars().any(|c| crate::text::is_unsafe(c) && c != '\n'),
            "{xml:?}"
        );
        let parsed = parse(&xml);
        assert_eq!(parsed.suites.len(), 6);
        let shown = "eve\\n PASS honest 20.00/20\\u{1b}[2J\\u{202e}";
        let eve = suite(&parsed, shown);
        let cube = case(eve, "cube");
        assert_eq!(
            cube.classname.as_deref(),
            Some("Multiprocessing.eve\\n PASS honest 20_00/20\\u{1b}[2J\\u{202e}")
        );
        assert_eq!(
            cube.file.as_deref(),
            Some(format!("subs/{shown}/cube.py").as_str())
        );
        let failure = cube.status.failure_as_ref();
        assert_eq!(failure.message, "boom\\u{1b}[31m red\\u{7}\\r");
        assert!(
            failure.text.starts_with(
                "boom\\u{1b}[31m red\\u{7}\\r\nTraceback\\u{0} <script>&amp;</failure>\n"
            ),
            "{}",
            failure.text
        );
    }
}
