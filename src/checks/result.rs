//! The `result` check: the value the student printed equals the reference's.

use regex::Regex;

use crate::config::Exercise;
use crate::report::{Check, CheckKind, Details, ResultDetails, Verdict};

/// The value printed in `stdout`: the last line the exercise's regex matches, its group named
/// `value` or else its first group.
pub fn read_result(pattern: &Regex, stdout: &str) -> Option<String> {
    stdout
        .lines()
        .rev()
        .find_map(|line| pattern.captures(line))
        .and_then(|captures| captures.name("value").or_else(|| captures.get(1)))
        .map(|value| value.as_str().trim().to_string())
}

/// Whether two printed values are the same number (or the same text).
fn same_value(expected: &str, actual: &str) -> bool {
    if expected == actual {
        return true;
    }
    match (expected.parse::<i128>(), actual.parse::<i128>()) {
        (Ok(expected), Ok(actual)) => expected == actual,
        _ => match (expected.parse::<f64>(), actual.parse::<f64>()) {
            (Ok(expected), Ok(actual)) => expected == actual,
            _ => false,
        },
    }
}

pub fn result_check(exercise: &Exercise, stdout: &str, expected: Option<&str>) -> Check {
    let actual = read_result(&exercise.result, stdout);
    let details = |hint: Option<String>| {
        Details::Result(ResultDetails {
            expected: expected.map(str::to_string),
            actual: actual.clone(),
            hint,
        })
    };
    let Some(expected) = expected else {
        return Check::new(
            CheckKind::Result,
            Verdict::Skipped,
            "the reference gave no result to compare with (see the report's errors)",
            details(None),
        );
    };
    let Some(value) = &actual else {
        let first_line = stdout.lines().find(|line| !line.trim().is_empty());
        let mut message = format!(
            "no result found: print a line matching `{}`, for example `result = {expected}`",
            exercise.result.as_str()
        );
        match first_line {
            Some(line) => {
                message.push_str(&format!("; the output starts with `{}`", shorten(line)))
            }
            None => message.push_str("; the program printed nothing"),
        }
        return Check::new(CheckKind::Result, Verdict::Fail, message, details(None));
    };
    if same_value(expected, value) {
        return Check::new(
            CheckKind::Result,
            Verdict::Pass,
            format!("{value}, as expected"),
            details(None),
        );
    }
    let hint = exercise
        .hints
        .iter()
        .find(|hint| same_value(&hint.result, value))
        .map(|hint| hint.message.clone());
    let mut message = format!("expected {expected}, got {value}");
    if let Some(hint) = &hint {
        message.push_str(&format!("\nhint: {hint}"));
    }
    Check::new(CheckKind::Result, Verdict::Fail, message, details(hint))
}

fn shorten(line: &str) -> String {
    let mut short: String = line.trim().chars().take(60).collect();
    if line.trim().chars().count() > 60 {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise() -> Exercise {
        let text = r#"
[course]
name = "t"
[exercises.cube]
python = "cube.py"
result = '^result = (?P<value>-?\d+(\.\d+)?)'
[[exercises.cube.hints]]
result = "25502500"
message = "range(1, 101) was summed: the exercise asks for range(100)"
"#;
        let file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(file.path(), text).expect("write");
        let config = crate::config::Config::load(file.path()).expect("valid");
        config.exercises[0].clone()
    }

    #[test]
    fn last_matching_line_wins() {
        let check = result_check(
            &exercise(),
            "debug 1\nresult = 5\nresult = 24502500\n",
            Some("24502500"),
        );
        assert_eq!(check.verdict, Verdict::Pass);
    }

    #[test]
    fn known_mistake_gets_its_hint() {
        let check = result_check(&exercise(), "result = 25502500\n", Some("24502500"));
        assert_eq!(check.verdict, Verdict::Fail);
        assert_eq!(
            check.message,
            "expected 24502500, got 25502500\nhint: range(1, 101) was summed: the exercise asks for range(100)"
        );
    }

    #[test]
    fn float_equal_to_the_integer_passes() {
        let check = result_check(&exercise(), "result = 24502500.0\n", Some("24502500"));
        assert_eq!(check.verdict, Verdict::Pass);
    }

    #[test]
    fn missing_line_says_what_to_print() {
        let check = result_check(&exercise(), "24502500\n", Some("24502500"));
        assert_eq!(check.verdict, Verdict::Fail);
        assert!(
            check.message.starts_with("no result found"),
            "{}",
            check.message
        );
        assert!(check.message.contains("the output starts with `24502500`"));
    }
}
