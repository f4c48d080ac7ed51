//! Gradescope's `results.json`: the score of the one submission Gradescope hands the autograder,
//! a test per exercise with its points and what failed, in Markdown.
//!
//! Student text (program output, compiler messages, file names) goes in fenced code blocks
//! whose fence is longer than any run of backticks inside, so that it cannot close them and be
//! read as Markdown or HTML. An exercise the grader could not judge is failed without points,
//! saying so: a 0 would read as the student's.

use serde::Serialize;

use super::{fenced, points};
use crate::report::{
    CheckKind, Details, ExerciseReport, ExerciseVerdict, LintDetails, Report, Submission, Verdict,
};

/// The report of one submission as Gradescope's `results.json`.
pub fn render(report: &Report) -> Result<String, String> {
    let [submission] = report.submissions.as_slice() else {
        return Err(format!(
            "Gradescope takes the results of one submission, and this report has {}: grade one \
             folder, `grade /autograder/submission -o gradescope:/autograder/results/results.json`",
            report.submissions.len()
        ));
    };
    let mut tests = Vec::new();
    for exercise in &submission.exercises {
        tests.push(test(exercise));
        if let Some(lint) = lint_test(exercise) {
            tests.push(lint);
        }
    }
    let results = Results {
        score: submission.score,
        execution_time: report.summary.elapsed_ms.saturating_add(500) / 1000,
        output: summary(report, submission),
        output_format: "md",
        stdout_visibility: "hidden",
        tests,
    };
    serde_json::to_string_pretty(&results)
        .map_err(|err| format!("writing Gradescope's results: {err}"))
}

/// One line: how many exercises pass, the score, what kept the grader from judging.
fn summary(report: &Report, submission: &Submission) -> String {
    let count = |verdict| {
        submission
            .exercises
            .iter()
            .filter(|exercise| exercise.verdict == verdict)
            .count()
    };
    let mut line = format!(
        "**{} of {} exercises pass**, score {}/{}",
        count(ExerciseVerdict::Pass),
        submission.exercises.len(),
        points(submission.score),
        points(submission.max_score)
    );
    let missing = count(ExerciseVerdict::Missing);
    if missing > 0 {
        line.push_str(&format!("; {missing} missing"));
    }
    let errors = count(ExerciseVerdict::Error);
    if errors > 0 || !report.errors.is_empty() || report.interrupted {
        line.push_str(&format!(
            "; the grader could not judge everything ({errors} exercise(s) without a score): \
             your instructor has been told"
        ));
    }
    line
}

fn test(exercise: &ExerciseReport) -> Test {
    let name = exercise
        .title
        .clone()
        .unwrap_or_else(|| exercise.exercise.clone());
    let (score, max_score, status, output) = match exercise.verdict {
        ExerciseVerdict::Pass => (
            Some(exercise.score),
            Some(exercise.max_score),
            "passed",
            checks(exercise),
        ),
        ExerciseVerdict::Fail => (
            Some(exercise.score),
            Some(exercise.max_score),
            "failed",
            checks(exercise),
        ),
        ExerciseVerdict::Missing => (
            Some(exercise.score),
            Some(exercise.max_score),
            "failed",
            format!(
                "Not found:\n\n{}",
                fenced(exercise.message.as_deref().unwrap_or("no entry found"))
            ),
        ),
        // No points either way: the exercise is out of the score, not worth 0.
        ExerciseVerdict::Error => (
            None,
            None,
            "failed",
            format!(
                "**The grader could not judge this exercise**: this is not your score, your \
                 instructor has been told.\n\n{}",
                fenced(exercise.message.as_deref().unwrap_or("no reason given"))
            ),
        ),
    };
    Test {
        name,
        score,
        max_score,
        status,
        output,
        output_format: "md",
    }
}

/// Every check's verdict, and the message of each that failed.
fn checks(exercise: &ExerciseReport) -> String {
    let mut output = String::new();
    for check in &exercise.checks {
        let verdict = match check.verdict {
            Verdict::Pass => "pass",
            Verdict::Fail => "**fail**",
            Verdict::Skipped => "skipped",
            Verdict::Inconclusive => "inconclusive",
        };
        output.push_str(&format!("- {}: {verdict}\n", check.check.name()));
        if check.verdict == Verdict::Fail {
            output.push('\n');
            output.push_str(&indent(&fenced(&check.message)));
            output.push_str("\n\n");
        }
    }
    output
}

/// An informational test with the lint's findings, when it found something.
fn lint_test(exercise: &ExerciseReport) -> Option<Test> {
    let (verdict, lint) =
        exercise
            .checks
            .iter()
            .find_map(|check| match (check.check, &check.details) {
                (CheckKind::Lint, Details::Lint(lint)) => Some((check.verdict, lint)),
                _ => None,
            })?;
    if lint.findings.is_empty() && lint.unreadable.is_empty() {
        return None;
    }
    Some(Test {
        name: format!("{}: lint", exercise.exercise),
        score: None,
        max_score: None,
        status: if verdict == Verdict::Fail {
            "failed"
        } else {
            "passed"
        },
        output: fenced(&findings(lint)),
        output_format: "md",
    })
}

/// `cube.py:3:5: error[N802] message` and a help line, as `grade lint` lists them.
fn findings(lint: &LintDetails) -> String {
    let mut text = String::new();
    for finding in &lint.findings {
        text.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n  help: {}\n",
            finding.file,
            finding.line,
            finding.column,
            finding.severity.as_str(),
            finding.rule,
            finding.message,
            finding.help
        ));
    }
    for file in &lint.unreadable {
        text.push_str(&format!("{}: not linted: {}\n", file.file, file.reason));
    }
    text
}

/// A block indented to sit inside a list item.
fn indent(block: &str) -> String {
    block
        .lines()
        .map(|line| format!("  {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Serialize)]
struct Results {
    score: f64,
    execution_time: u64,
    output: String,
    output_format: &'static str,
    stdout_visibility: &'static str,
    tests: Vec<Test>,
}

#[derive(Serialize)]
struct Test {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_score: Option<f64>,
    status: &'static str,
    output: String,
    output_format: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;
    use serde_json::Value;

    fn valid(results: &str) -> Value {
        let text = include_str!("../../tests/data/gradescope-results.schema.json");
        let schema: Value = serde_json::from_str(text).expect("the schema is JSON");
        let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
        let value: Value = serde_json::from_str(results).expect("results.json is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|err| format!("{} at {}", err, err.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}\n{results}");
        value
    }

    /// The sample with only one student's folder: what Gradescope grades.
    fn one(index: usize) -> Report {
        let mut report = sample();
        let submission = report.submissions.swap_remove(index);
        report.submissions = vec![submission];
        report
    }

    fn statuses(results: &Value) -> Vec<(&str, &str)> {
        results["tests"]
            .as_array()
            .expect("tests")
            .iter()
            .map(|t| {
                (
                    t["name"].as_str().expect("name"),
                    t["status"].as_str().expect("status"),
                )
            })
            .collect()
    }

    #[test]
    fn one_student_s_results_follow_the_spec_with_a_test_per_exercise() {
        let report = one(1);
        let camille = &report.submissions[0];
        let results = valid(&render(&report).expect("one submission"));
        assert_eq!(results["score"].as_f64(), Some(camille.score));
        assert_eq!(results["score"].as_f64(), Some(10.4));
        assert_eq!(
            results["execution_time"].as_u64(),
            Some((report.summary.elapsed_ms + 500) / 1000)
        );
        assert_eq!(
            results["output"],
            "**1 of 3 exercises pass**, score 10.4/20; 1 missing"
        );
        assert_eq!(results["stdout_visibility"], "hidden");
        let titles: Vec<&str> = report
            .exercises
            .iter()
            .map(|e| e.title.as_deref().expect("a title"))
            .collect();
        assert_eq!(
            statuses(&results),
            [
                (titles[0], "failed"),
                (titles[1], "failed"),
                (titles[2], "passed")
            ]
        );
        let cube = &results["tests"][1];
        assert_eq!(cube["score"].as_f64(), Some(2.4));
        assert_eq!(cube["max_score"].as_f64(), Some(8.0));
        let output = cube["output"].as_str().expect("output");
        assert!(output.starts_with("- build: pass\n- run: **fail**\n\n  ```text\n  the program failed with exit code 1\n"), "{output}");
        assert!(output.contains("- result: skipped\n"), "{output}");
        // The schema does refuse what Gradescope does not read.
        let schema: Value = serde_json::from_str(include_str!(
            "../../tests/data/gradescope-results.schema.json"
        ))
        .expect("JSON");
        let validator = jsonschema::validator_for(&schema).expect("compiles");
        let mut wrong = results.clone();
        wrong["tests"][0]["status"] = "ok".into();
        assert!(!validator.is_valid(&wrong));
        assert!(!validator.is_valid(&serde_json::json!({"output": "no score, no tests"})));
        let pool = results["tests"][0]["output"].as_str().expect("output");
        assert!(
            pool.contains("no `pool.py` or `pool/Cargo.toml` in the folder"),
            "{pool}"
        );
    }

    #[test]
    fn a_lint_that_found_something_is_an_informational_test() {
        let results = valid(&render(&one(4)).expect("one submission"));
        let tests = results["tests"].as_array().expect("tests");
        assert_eq!(tests.len(), 4);
        let lint = &tests[3];
        assert_eq!(lint["name"], "cube_queue: lint");
        assert_eq!(lint["status"], "failed");
        assert_eq!(lint.get("score"), None);
        let output = lint["output"].as_str().expect("output");
        assert!(
            output.starts_with("```text\ncube_queue.py:17:1: error[S001] impossible"),
            "{output}"
        );
        assert_eq!(results["score"].as_f64(), Some(8.0));
    }

    #[test]
    fn other_than_one_submission_is_refused_with_the_command_to_run() {
        let err = render(&sample()).expect_err("five students");
        assert!(err.contains("has 5"), "{err}");
        assert!(
            err.contains("grade /autograder/submission -o gradescope:"),
            "{err}"
        );
        let mut empty = sample();
        empty.submissions.clear();
        assert!(render(&empty).expect_err("none").contains("has 0"));
    }

    #[test]
    fn an_exercise_the_grader_could_not_judge_is_not_a_zero() {
        let mut report = one(0);
        let cube = &mut report.submissions[0].exercises[1];
        cube.verdict = ExerciseVerdict::Error;
        cube.message = Some("the reference of `cube` fails".to_string());
        report.submissions[0].score = 12.0;
        let results = valid(&render(&report).expect("one submission"));
        let cube = &results["tests"][1];
        assert_eq!(cube["status"], "failed");
        assert_eq!(cube.get("score"), None);
        assert_eq!(cube.get("max_score"), None);
        let output = cube["output"].as_str().expect("output");
        assert!(output.contains("could not judge"), "{output}");
        assert!(results["output"]
            .as_str()
            .expect("output")
            .contains("1 exercise(s) without a score"));
    }

    #[test]
    fn hostile_text_stays_in_its_code_block() {
        let hostile = "eve\n PASS honest 20.00/20\u{1b}[2J\u{202e}";
        let mut report = one(1);
        report.submissions[0].student = hostile.to_string();
        let run = &mut report.submissions[0].exercises[1].checks[1];
        run.message =
            "````\n# Score 20/20\u{1b}[2J\u{202e}\n<img src=x onerror=alert(1)>\n`````".into();
        let results = valid(&render(&report).expect("one submission"));
        let output = results["tests"][1]["output"].as_str().expect("output");
        assert!(
            !output
                .chars()
                .any(|c| crate::text::is_unsafe(c) && c != '\n'),
            "{output:?}"
        );
        // The longest backtick run inside is 5: the fence is 6, and nothing closes it early.
        let block = "  ``````text\n  ````\n  # Score 20/20\\u{1b}[2J\\u{202e}\n  \
                     <img src=x onerror=alert(1)>\n  `````\n  ``````";
        assert!(output.contains(block), "{output}");
        assert_eq!(fenced("a ``` b"), "````text\na ``` b\n````");
        assert_eq!(fenced("plain"), "```text\nplain\n```");
    }
}
