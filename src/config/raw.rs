//! The raw serde mirror of `grader.toml`: exactly what the file says, nothing resolved.
//!
//! Unknown keys are rejected (`deny_unknown_fields`), keys are kebab-case, and values that need
//! checking after parsing (regexes, durations) keep their span so an error can name the line.
//!
//! The file is read section by section (`[course]`, `[defaults]`, each `[exercises.<name>]`,
//! `[lint]`, `[sandbox]`), so that a mistake in one section does not hide those in the others:
//! serde stops at the first problem of what it reads, and each section is read on its own.

use std::fmt;
use std::ops::Range;

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::de::{DeArray, DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use crate::lang::Lang;
use crate::lint::RawLint;
use crate::msg;
use crate::sandbox::RawSandbox;

/// The sections a course file may have, for the message about an unknown one.
const SECTIONS: [&str; 5] = ["course", "defaults", "exercises", "lint", "sandbox"];

/// The whole course file: what could be read of it.
///
/// Tables (`lint`, `sandbox`) are not `Spanned`: their errors come from their own validation,
/// as text, and are placed by the key's line in the table instead.
#[derive(Debug, Default)]
pub(crate) struct RawConfig {
    /// `None` when `[course]` is missing or could not be read (an error says why).
    pub course: Option<RawCourse>,
    pub defaults: RawExerciseSettings,
    /// The exercises that could be read, in the file's order, each with the span of its table.
    pub exercises: indexmap::IndexMap<String, Spanned<RawExercise>>,
    pub lint: Option<RawLint>,
    pub sandbox: Option<RawSandbox>,
    /// Whether every section was read: only then do checks across sections (the points adding
    /// up to `max-score`) mean anything.
    pub complete: bool,
}

/// `[course]`: what the course is and how a grading session runs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawCourse {
    pub name: String,
    pub max_score: Option<Spanned<f64>>,
    pub lang: Option<Lang>,
    pub reference: Option<String>,
    pub reference_runs: Option<Spanned<u32>>,
    pub python: Option<String>,
    pub cargo: Option<String>,
    pub build_timeout: Option<Spanned<String>>,
    pub output_limit: Option<Spanned<String>>,
}

/// One `[exercises.<name>]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawExercise {
    pub title: Option<Spanned<RawText>>,
    pub python: Option<String>,
    pub rust: Option<String>,
    pub result: Spanned<String>,
    pub points: Option<Spanned<f64>>,
    #[serde(default)]
    pub hints: Vec<RawHint>,
    pub timeout: Option<Spanned<String>>,
    pub time_factor: Option<Spanned<f64>>,
    pub time_slack: Option<Spanned<String>>,
    pub workers: Option<RawWorkers>,
    pub weights: Option<RawWeights>,
    pub lint: Option<RawLint>,
    pub result_from: Option<crate::config::ResultFrom>,
    pub requires: Option<crate::config::Requirement>,
}

/// Settings that `[defaults]` gives every exercise and an exercise may override, key by key.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawExerciseSettings {
    pub timeout: Option<Spanned<String>>,
    pub time_factor: Option<Spanned<f64>>,
    pub time_slack: Option<Spanned<String>>,
    pub workers: Option<RawWorkers>,
    pub weights: Option<RawWeights>,
    pub result_from: Option<crate::config::ResultFrom>,
}

/// `workers = { ... }`: the limits of the `workers` check.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawWorkers {
    pub min: Option<Spanned<u32>>,
    pub max: Option<Spanned<u32>>,
    pub cpus: Option<Spanned<u32>>,
    pub python: Option<crate::config::WorkerModelName>,
    pub rust: Option<crate::config::WorkerModelName>,
    pub interval: Option<Spanned<String>>,
    pub other_cpus: Option<Spanned<Vec<u32>>>,
}

/// `weights = { ... }`: how much each check counts in an exercise's score.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawWeights {
    pub build: Option<Spanned<f64>>,
    pub run: Option<Spanned<f64>>,
    pub result: Option<Spanned<f64>>,
    pub time: Option<Spanned<f64>>,
    pub workers: Option<Spanned<f64>>,
    pub lint: Option<Spanned<f64>>,
}

/// `[[exercises.<name>.hints]]`: advice attached to a known wrong answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawHint {
    pub result: String,
    pub message: Spanned<RawText>,
}

/// A text of the course that people read (an exercise's `title`, a hint's `message`): one
/// string, or a table of strings by language (`{ fr = "...", en = "..." }`), in the file's
/// order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawText {
    Plain(String),
    ByLang(Vec<(Lang, String)>),
}

impl RawText {
    /// The text in `lang`, else in `course` (the course's language), else the first given;
    /// `None` for an empty table.
    pub fn pick(&self, lang: Lang, course: Option<Lang>) -> Option<&str> {
        match self {
            RawText::Plain(text) => Some(text),
            RawText::ByLang(texts) => {
                let written = |wanted: Lang| {
                    texts
                        .iter()
                        .find(|(of, _)| *of == wanted)
                        .map(|(_, text)| text.as_str())
                };
                written(lang)
                    .or_else(|| course.and_then(written))
                    .or_else(|| texts.first().map(|(_, text)| text.as_str()))
            }
        }
    }
}

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawText, D::Error> {
        /// Reads a string, or a table of strings keyed by language.
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = RawText;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a string, or a table of strings by language: { fr = \"...\", en = \"...\" }",
                )
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<RawText, E> {
                Ok(RawText::Plain(text.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawText, A::Error> {
                let mut texts = Vec::new();
                while let Some(entry) = map.next_entry::<Lang, String>()? {
                    texts.push(entry);
                }
                Ok(RawText::ByLang(texts))
            }
        }

        deserializer.deserialize_any(TextVisitor)
    }
}

/// A problem found while reading the file: where (a byte offset), about which key, and what.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReadError {
    pub offset: Option<usize>,
    /// The dotted key (`exercises.cube.timout`); empty when the problem is the file's syntax.
    pub key: String,
    pub message: String,
}

/// Reads `text` section by section. Every problem is returned, in `lang`, with what could be
/// read: with a TOML syntax error nothing is (`None`), since what follows it cannot be trusted.
pub(crate) fn read(text: &str, lang: Lang) -> (Option<RawConfig>, Vec<ReadError>) {
    let (root, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        // The parser goes on after an error; what it then finds on the same line follows
        // from the first.
        let line = |offset: usize| {
            let before = &text.as_bytes()[..offset.min(text.len())];
            before.iter().filter(|&&byte| byte == b'\n').count()
        };
        let mut errors: Vec<ReadError> = Vec::new();
        for err in &syntax {
            let offset = err.span().map_or(0, |span| span.start);
            if errors
                .iter()
                .any(|seen| seen.offset.is_some_and(|seen| line(seen) == line(offset)))
            {
                continue;
            }
            errors.push(ReadError {
                offset: Some(offset),
                key: String::new(),
                message: msg!(lang, "config-not-toml", reason = err.message().trim()),
            });
        }
        return (None, errors);
    }
    let mut errors = Vec::new();
    let mut raw = RawConfig {
        complete: true,
        ..RawConfig::default()
    };
    let root = root.into_inner();
    for (key, value) in root.iter() {
        let name = key.get_ref().as_ref();
        match name {
            "course" => raw.course = section(name, value, lang, &mut errors),
            "defaults" => {
                raw.defaults = section(name, value, lang, &mut errors).unwrap_or_default();
            }
            "exercises" => read_exercises(value, &mut raw, lang, &mut errors),
            "lint" => raw.lint = section(name, value, lang, &mut errors),
            "sandbox" => raw.sandbox = section(name, value, lang, &mut errors),
            _ => errors.push(ReadError {
                offset: Some(key.span().start),
                key: name.to_string(),
                message: msg!(
                    lang,
                    "config-unknown-section",
                    name = name,
                    sections = SECTIONS.map(|section| format!("`{section}`")).join(", ")
                ),
            }),
        }
    }
    if !root.contains_key("course") {
        errors.push(ReadError {
            offset: None,
            key: "course".into(),
            message: msg!(lang, "config-no-course"),
        });
    }
    if !root.contains_key("exercises") {
        errors.push(no_exercise(None, lang));
    }
    raw.complete = errors.is_empty();
    (Some(raw), errors)
}

/// The error of a file without exercises, in `lang`.
fn no_exercise(offset: Option<usize>, lang: Lang) -> ReadError {
    ReadError {
        offset,
        key: "exercises".into(),
        message: msg!(lang, "config-no-exercise"),
    }
}

/// Each `[exercises.<name>]` on its own, so a mistake in one leaves the others read.
fn read_exercises(
    value: &Spanned<DeValue>,
    raw: &mut RawConfig,
    lang: Lang,
    errors: &mut Vec<ReadError>,
) {
    let Some(table) = value.get_ref().as_table() else {
        errors.push(ReadError {
            offset: Some(value.span().start),
            key: "exercises".into(),
            message: msg!(
                lang,
                "config-exercises-not-a-table",
                found = value.get_ref().type_str()
            ),
        });
        return;
    };
    if table.is_empty() {
        errors.push(no_exercise(Some(value.span().start), lang));
    }
    for (name, exercise) in table.iter() {
        let name = name.get_ref().as_ref();
        let path = format!("exercises.{name}");
        if let Some(read) = section::<RawExercise>(&path, exercise, lang, errors) {
            raw.exercises
                .insert(name.to_string(), Spanned::new(exercise.span(), read));
        }
    }
}

/// Deserializes one section, `path` being its dotted key. Each error, placed and named by the
/// key it is about, goes to `errors`; the key at fault is then left out and the section read
/// again, for the errors of its other keys. `None` when it cannot be read even so. The
/// messages are in `lang`, serde's own text quoted after a sentence of ours.
fn section<T: DeserializeOwned>(
    path: &str,
    value: &Spanned<DeValue>,
    lang: Lang,
    errors: &mut Vec<ReadError>,
) -> Option<T> {
    let mut value = value.clone();
    let mut left_out: Vec<String> = Vec::new();
    for _ in 0..MAX_ERRORS_PER_SECTION {
        let err = match T::deserialize(ValueDeserializer::from(value.clone())) {
            // With keys left out, what remains is still checked further (`complete` is false).
            Ok(read) => return Some(read),
            Err(err) => err,
        };
        let span = err.span();
        let steps = span
            .as_ref()
            .map(|span| steps_to(value.get_ref(), span))
            .unwrap_or_default();
        let key = dotted(path, &steps);
        let message = err.message().trim().to_string();
        // A key missing once a key of the same table was left out, that key or a misspelling
        // of it (`mesage`): said already.
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'));
        let consequence = missing.is_some_and(|field| {
            left_out.iter().any(|gone| {
                gone.rsplit_once('.')
                    .is_some_and(|(table, name)| table == key && near(name, field))
            })
        });
        if !consequence {
            errors.push(ReadError {
                offset: Some(span.as_ref().map_or(value.span().start, |span| span.start)),
                message: unquoted(&key, &message, lang)
                    .unwrap_or_else(|| msg!(lang, "config-refused", reason = message)),
                key: key.clone(),
            });
        }
        if steps.is_empty() || !leave_out(value.get_mut(), &steps) {
            return None;
        }
        left_out.push(key);
    }
    None
}

/// Keys whose value is a duration, and a size, written as a string with its unit.
const DURATION_KEYS: [&str; 5] = [
    "timeout",
    "time-slack",
    "build-timeout",
    "interval",
    "cpu-time",
];
const SIZE_KEYS: [&str; 4] = ["output-limit", "memory", "file-size", "disk"];

/// For a number written where a duration or a size goes (`timeout = 5`), what to write, in
/// `lang`.
fn unquoted(key: &str, message: &str, lang: Lang) -> Option<String> {
    let number: u64 = message
        .strip_prefix("invalid type: integer `")?
        .strip_suffix("`, expected a string")?
        .parse()
        .ok()?;
    let name = key.rsplit('.').next()?;
    let number_text = number.to_string();
    if DURATION_KEYS.contains(&name) {
        Some(msg!(
            lang,
            "config-number-for-duration",
            number = number_text
        ))
    } else if SIZE_KEYS.contains(&name) {
        Some(msg!(
            lang,
            "config-number-for-size",
            number = number_text,
            spelling = crate::units::size_setting(number)
        ))
    } else {
        None
    }
}

/// Whether `written` is `meant` or a slip of it: at most two letters added, dropped or changed.
fn near(written: &str, meant: &str) -> bool {
    let meant: Vec<char> = meant.chars().collect();
    let mut previous: Vec<usize> = (0..=meant.len()).collect();
    for (row, letter) in written.chars().enumerate() {
        let mut current = vec![row + 1];
        for (column, other) in meant.iter().enumerate() {
            let replace = previous[column] + usize::from(letter != *other);
            current.push(
                replace
                    .min(previous[column + 1] + 1)
                    .min(current[column] + 1),
            );
        }
        previous = current;
    }
    previous.last().is_some_and(|distance| *distance <= 2)
}

/// Enough for any section: each round leaves out one key of it.
const MAX_ERRORS_PER_SECTION: usize = 64;

/// One step down a TOML value: a key of a table, an item of an array (of tables).
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Item(usize),
}

/// The steps down `value` to the innermost entry whose key or value is written at `span`.
///
/// Searched through the whole tree: the span of a `[table]` or `[[array]]` is its header's
/// alone, not its keys', so an entry is not found by the spans of what holds it.
fn steps_to(value: &DeValue, span: &Range<usize>) -> Vec<Step> {
    let mut steps = Vec::new();
    find(value, span, &mut steps);
    steps
}

fn find(value: &DeValue, span: &Range<usize>, steps: &mut Vec<Step>) -> bool {
    let holds = |outer: Range<usize>| outer.start <= span.start && span.end <= outer.end;
    let mut down = |step: Step, inner: &Spanned<DeValue>, own: Option<Range<usize>>| {
        steps.push(step);
        if own.is_some_and(holds) || find(inner.get_ref(), span, steps) || holds(inner.span()) {
            return true;
        }
        steps.pop();
        false
    };
    match value {
        DeValue::Table(table) => table.iter().any(|(key, inner)| {
            down(
                Step::Key(key.get_ref().to_string()),
                inner,
                Some(key.span()),
            )
        }),
        DeValue::Array(items) => items
            .iter()
            .enumerate()
            .any(|(index, item)| down(Step::Item(index), item, None)),
        _ => false,
    }
}

/// `path` and the keys of `steps`: `exercises.a` + hints, 0, mesage: `exercises.a.hints.mesage`.
fn dotted(path: &str, steps: &[Step]) -> String {
    let mut key = path.to_string();
    for step in steps {
        if let Step::Key(name) = step {
            key.push('.');
            key.push_str(name);
        }
    }
    key
}

/// Removes what `steps` lead to from `value`; whether it was there.
fn leave_out(value: &mut DeValue, steps: &[Step]) -> bool {
    let Some((step, rest)) = steps.split_first() else {
        return false;
    };
    match (value, step) {
        (DeValue::Table(table), Step::Key(name)) if rest.is_empty() => {
            table.remove(name.as_str()).is_some()
        }
        (DeValue::Table(table), Step::Key(name)) => table
            .get_mut(name.as_str())
            .is_some_and(|inner| leave_out(inner.get_mut(), rest)),
        (DeValue::Array(items), Step::Item(index)) if rest.is_empty() => {
            let before = items.len();
            let kept: DeArray = items
                .iter()
                .enumerate()
                .filter(|(at, _)| at != index)
                .map(|(_, item)| item.clone())
                .collect();
            *items = kept;
            items.len() < before
        }
        (DeValue::Array(items), Step::Item(index)) => items
            .get_mut(*index)
            .is_some_and(|inner| leave_out(inner.get_mut(), rest)),
        _ => false,
    }
}

/// The byte offset of `key` (dotted: `sandbox.memory`, `exercises.cube.lint.rules.N999`) in the
/// file: where the key is written, or else where its nearest enclosing key is.
pub(crate) fn offset_of(text: &str, key: &str) -> Option<usize> {
    let (root, _) = DeTable::parse_recoverable(text);
    let mut table = root.get_ref();
    let mut found = None;
    for part in key.split('.') {
        let Some((name, value)) = table.get_key_value(part) else {
            break;
        };
        found = Some(name.span().start);
        match value.get_ref() {
            DeValue::Table(inner) => table = inner,
            _ => break,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(Option<usize>, String, String)> {
        read(text, Lang::En)
            .1
            .into_iter()
            .map(|err| {
                let line = err
                    .offset
                    .map(|offset| text[..offset].matches('\n').count() + 1);
                (line, err.key, err.message)
            })
            .collect()
    }

    #[test]
    fn a_mistake_per_section_is_a_mistake_each() {
        let found = errors(
            "[course]\nname = \"t\"\nnmae = \"u\"\n\n[defaults]\ntimeout = 5\n\n\
             [exercises.a]\npython = \"a.py\"\nresult = '(?P<value>.*)'\ntimout = \"1s\"\n\n\
             [exercises.b]\npython = \"b.py\"\nresult = '(?P<value>.*)'\nworkers = { mx = 4 }\n\n\
             [exercises.c]\npython = \"c.py\"\n",
        );
        let found: Vec<(Option<usize>, &str)> = found
            .iter()
            .map(|(line, key, _)| (*line, key.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (Some(3), "course.nmae"),
                (Some(6), "defaults.timeout"),
                (Some(11), "exercises.a.timout"),
                (Some(16), "exercises.b.workers.mx"),
                (Some(18), "exercises.c"),
            ]
        );
    }

    #[test]
    fn every_mistake_of_a_section_is_found() {
        let found = errors(
            "[course]\nname = \"t\"\n[exercises.a]\npython = 5\nresult = 7\ntimout = \"1s\"\n\
             workers = { mx = 4, min = \"2\" }\n[[exercises.a.hints]]\nresult = \"1\"\nmesage = \"m\"\n",
        );
        let keys: Vec<(Option<usize>, &str)> = found
            .iter()
            .map(|(line, key, _)| (*line, key.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                (Some(4), "exercises.a.python"),
                (Some(5), "exercises.a.result"),
                (Some(6), "exercises.a.timout"),
                (Some(7), "exercises.a.workers.mx"),
                (Some(7), "exercises.a.workers.min"),
                (Some(10), "exercises.a.hints.mesage"),
            ],
            "{found:?}"
        );
    }

    #[test]
    fn a_misspelt_key_is_not_also_missing() {
        let found = errors(
            "[course]\nname = \"t\"\n[exercises.a]\npython = \"a.py\"\nreslt = 'x'\n\
             [exercises.b]\npython = \"b.py\"\ntimout = \"1s\"\n",
        );
        let keys: Vec<&str> = found.iter().map(|(_, key, _)| key.as_str()).collect();
        assert_eq!(
            keys,
            ["exercises.a.reslt", "exercises.b.timout", "exercises.b"],
            "{found:?}"
        );
        assert!(found[2].2.contains("missing field `result`"), "{found:?}");
        assert!(near("mesage", "message") && near("reslt", "result") && !near("timout", "result"));
    }

    #[test]
    fn a_number_for_a_duration_or_a_size_says_what_to_write() {
        let found = errors(
            "[course]\nname = \"t\"\noutput-limit = 1048576\n[defaults]\ntimeout = 5\n\
             [exercises.a]\npython = \"a.py\"\nresult = 'x'\n",
        );
        let messages: Vec<&str> = found
            .iter()
            .map(|(_, _, message)| message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "`1048576` is a number, and a size is a string with its unit: write \"1MiB\"",
                "`5` is a number, and a duration is a string with its unit: write \"5s\" or \"5ms\"",
            ]
        );
    }

    #[test]
    fn the_sections_read_are_kept() {
        let (raw, found) = read(
            "[course]\nname = \"t\"\n[exercises.a]\npython = \"a.py\"\nresult = 'x'\n\
             [exercises.b]\nresult = 5\n",
            Lang::En,
        );
        let raw = raw.expect("valid TOML");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(!raw.complete);
        assert!(raw.course.is_some());
        assert_eq!(raw.exercises.keys().collect::<Vec<_>>(), ["a"]);
    }

    #[test]
    fn missing_and_unknown_sections_are_named() {
        let found = errors("[cours]\nname = \"t\"\n");
        let keys: Vec<&str> = found.iter().map(|(_, key, _)| key.as_str()).collect();
        assert_eq!(keys, ["cours", "course", "exercises"]);
    }

    #[test]
    fn keys_are_found_however_written() {
        let text = "[course]\nname = \"t\"\n\n[sandbox]\nmemory = \"1G\"\n\n[lint]\nrules = { N999 = \"off\" }\n";
        let line =
            |key: &str| offset_of(text, key).map(|offset| text[..offset].matches('\n').count() + 1);
        assert_eq!(line("sandbox.memory"), Some(5));
        assert_eq!(line("sandbox.disk"), Some(4));
        assert_eq!(line("lint.rules.N999"), Some(8));
        assert_eq!(line("nothing"), None);
    }

    #[test]
    fn a_syntax_error_stops_the_reading() {
        let (raw, found) = read("[course]\nname = \"unterminated\n", Lang::En);
        assert!(raw.is_none());
        assert_eq!(found.first().map(|err| err.key.as_str()), Some(""));
    }
}
