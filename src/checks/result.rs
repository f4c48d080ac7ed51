//! The `result` check: the value the student printed equals the reference's, and was had by
//! doing the work: the same whatever the number of CPUs the program sees, not a constant of the
//! source, passed through what the exercise asks for, and (Python) added up from what the
//! workers sent the main process (see [`super::origin`]).

use regex::Regex;

use super::origin::{Channel, Number, Record};
use super::source::{
    build_time_work, compile_time_work, constant_in_source, constant_pieces, rust_channel,
};
use crate::config::{Exercise, Requirement, ResultFrom};
use crate::lang::Lang;
use crate::msg;
use crate::report::{Check, CheckKind, Details, Language, ResultDetails, Verdict, ViewDetails};

/// What the grader knows of how the program got its result.
pub struct Evidence<'a> {
    pub language: Language,
    /// Python: what crossed between the program's processes (`None`: not recorded).
    pub record: Option<&'a Record>,
    /// The solution's source files, relative path and text.
    pub sources: &'a [(String, String)],
    /// The CPU count of the graded run, and the runs with other CPU counts.
    pub cpus: u32,
    pub views: &'a [View],
}

/// A run of the program that saw another number of CPUs.
#[derive(Debug, Clone)]
pub struct View {
    pub cpus: u32,
    /// The value it printed (`None`: no line matched), or how the run failed.
    pub printed: Result<Option<String>, String>,
}

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

/// The hint the course attaches to `value`, a printed result, if any.
pub fn hint_for<'a>(exercise: &'a Exercise, value: &str) -> Option<&'a crate::config::Hint> {
    exercise
        .hints
        .iter()
        .find(|hint| same_value(&hint.result, value))
}

/// Whether two printed values are the same number (or the same text).
pub fn same_value(expected: &str, actual: &str) -> bool {
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

pub fn result_check(
    exercise: &Exercise,
    stdout: &str,
    expected: Option<&str>,
    evidence: &Evidence,
    lang: Lang,
) -> Check {
    let actual = read_result(&exercise.result, stdout);
    let views: Vec<ViewDetails> = evidence
        .views
        .iter()
        .map(|view| ViewDetails {
            cpus: view.cpus,
            actual: view.printed.clone().ok().flatten(),
            failure: view.printed.clone().err(),
        })
        .collect();
    let details = |hint: Option<String>, origin: Option<String>| {
        Details::Result(ResultDetails {
            expected: expected.map(str::to_string),
            actual: actual.clone(),
            hint,
            origin,
            views: views.clone(),
        })
    };
    let Some(expected) = expected else {
        return Check::new(
            CheckKind::Result,
            Verdict::Skipped,
            msg!(lang, "result-no-reference"),
            details(None, None),
        );
    };
    let Some(value) = &actual else {
        let first_line = stdout.lines().find(|line| !line.trim().is_empty());
        let message = match first_line {
            Some(line) => msg!(
                lang,
                "result-none-found",
                pattern = exercise.result.as_str(),
                expected = expected,
                start = shorten(line)
            ),
            None => msg!(
                lang,
                "result-none-printed",
                pattern = exercise.result.as_str(),
                expected = expected
            ),
        };
        return Check::new(
            CheckKind::Result,
            Verdict::Fail,
            message,
            details(None, None),
        );
    };
    if same_value(expected, value) {
        return match how_it_was_had(exercise, value, evidence) {
            Ok(origin) => {
                let message = match &origin {
                    Some(origin) => msg!(
                        lang,
                        "result-pass-origin",
                        value = value.as_str(),
                        origin = origin.as_str()
                    ),
                    None => msg!(lang, "result-pass", value = value.as_str()),
                };
                Check::new(
                    CheckKind::Result,
                    Verdict::Pass,
                    message,
                    details(None, origin),
                )
            }
            Err(why) => Check::new(CheckKind::Result, Verdict::Fail, why, details(None, None)),
        };
    }
    let hint = hint_for(exercise, value).map(|hint| hint.message.clone());
    let mut message = msg!(
        lang,
        "result-wrong",
        expected = expected,
        actual = value.as_str()
    );
    message.push('\n');
    message.push_str(&match &hint {
        Some(hint) => msg!(lang, "result-hint", hint = hint.as_str()),
        // No hint of the course's for this value: where a wrong sum usually comes from.
        None => msg!(lang, "result-try"),
    });
    Check::new(
        CheckKind::Result,
        Verdict::Fail,
        message,
        details(hint, None),
    )
}

/// How a right value was had: `Ok` with where it came from when the grader can tell, `Err`
/// when it was not had by the work the exercise asks for.
fn how_it_was_had(
    exercise: &Exercise,
    value: &str,
    evidence: &Evidence,
) -> Result<Option<String>, String> {
    let cpus = |count: u32| format!("{count} {}", if count == 1 { "CPU" } else { "CPUs" });
    for view in evidence.views {
        let seen = match &view.printed {
            Ok(Some(printed)) if same_value(value, printed) => continue,
            Ok(Some(printed)) => format!("printed {printed}"),
            Ok(None) => "printed no result".to_string(),
            Err(failure) => failure.clone(),
        };
        return Err(format!(
            "with {} shown, the program {seen}; with {} shown, {value}: the result must not \
             depend on how many CPUs the program sees (the machine that grades has a number of \
             its own)",
            cpus(view.cpus),
            cpus(evidence.cpus),
        ));
    }
    if let Some(place) = constant_in_source(evidence.sources, evidence.language, value) {
        return Err(format!(
            "{value} is written in the source ({}, line {}: `{}`): the program must compute \
             the result, not print it",
            place.file, place.line, place.text
        ));
    }
    if let Some(found) = constant_pieces(evidence.sources, evidence.language, value) {
        let mut lines: Vec<u32> = found.pieces.iter().map(|piece| piece.place.line).collect();
        lines.dedup();
        let lines: Vec<String> = lines.iter().map(u32::to_string).collect();
        return Err(format!(
            "{value} is written in the source in pieces ({}, {} {}: {}): the program must \
             compute the result, not add up numbers written in it",
            found.place.file,
            if lines.len() == 1 { "line" } else { "lines" },
            lines.join(", "),
            found.sum()
        ));
    }
    if evidence.language == Language::Rust {
        if let Some(place) = compile_time_work(evidence.sources) {
            return Err(format!(
                "the compiler computes the result ({}, line {}: `{}` calls a `const fn` of the \
                 crate): the work must happen when the program runs, in its threads",
                place.file, place.line, place.text
            ));
        }
        if let Some(place) = build_time_work(evidence.sources) {
            return Err(format!(
                "the build script computes the result ({}, line {}: `{}` includes what build.rs \
                 generated): the work must happen when the program runs, in its threads",
                place.file, place.line, place.text
            ));
        }
    }
    let mut channel = None;
    if exercise.requires == Some(Requirement::Queue) {
        match (evidence.language, evidence.record) {
            (Language::Python, Some(record)) => {
                record.used_queue().map_err(|seen| {
                    format!(
                        "the exercise asks for a multiprocessing queue: {seen}; the workers put \
                         their values on a multiprocessing Queue, the main process gets them \
                         from it"
                    )
                })?;
                channel = Some(Channel::Queue);
            }
            (Language::Python, None) => {}
            (Language::Rust, _) => {
                if rust_channel(evidence.sources).is_none() {
                    return Err("the exercise asks for a channel: the crate creates no \
                        std::sync::mpsc, crossbeam or flume channel that it sends on; the \
                        threads send their values on a channel, the main thread receives them"
                        .to_string());
                }
            }
        }
    }
    match (exercise.result_from, evidence.language, evidence.record) {
        // Where no worker is asked for, the course's `result-from` default cannot ask for
        // values from them.
        (ResultFrom::Workers, Language::Python, Some(record)) if exercise.workers.min > 0 => {
            let Some(number) = Number::parse(value) else {
                return Ok(None);
            };
            if record.incomplete {
                // Too many messages to note them all: no proof either way, and no accusation.
                return Ok(Some(
                    "not traced to the workers: the program exchanged more messages than the \
                     record keeps"
                        .to_string(),
                ));
            }
            record.origin(number, channel).map(Some)
        }
        _ => Ok(None),
    }
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

    fn plain() -> Evidence<'static> {
        Evidence {
            language: Language::Rust,
            record: None,
            sources: &[],
            cpus: 16,
            views: &[],
        }
    }

    fn result_check(exercise: &Exercise, stdout: &str, expected: Option<&str>) -> Check {
        super::result_check(exercise, stdout, expected, &plain(), Lang::En)
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
