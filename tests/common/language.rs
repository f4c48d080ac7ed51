//! Whether a report speaks one language throughout: the lines of a French report that read as
//! English sentences, and the reverse. What a student's program or a compiler wrote is quoted
//! (in backticks, or on the indented lines under a check's message) and is not the grader's to
//! translate; everything else is.

use serde_json::Value;

/// Words that mark a sentence as English: frequent, and never French.
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "are",
    "was",
    "were",
    "not",
    "with",
    "and",
    "of",
    "to",
    "in",
    "at",
    "for",
    "from",
    "by",
    "it",
    "its",
    "this",
    "that",
    "be",
    "been",
    "has",
    "have",
    "had",
    "no",
    "which",
    "when",
    "what",
    "into",
    "than",
    "only",
    "must",
    "could",
    "did",
    "does",
    "too",
    "your",
    "you",
    "student",
    "students",
    "passed",
    "failed",
    "missing",
    "started",
    "once",
    "median",
    "result",
    "reference",
    "expected",
    "got",
    "hint",
    "error",
    "errors",
    "warning",
    "warnings",
    "workers",
    "folder",
    "found",
    "run",
    "build",
    "time",
    "limit",
    "while",
    "where",
];

/// Words that mark a sentence as French: frequent, and never English.
const FRENCH: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "du",
    "une",
    "est",
    "sont",
    "pas",
    "dans",
    "avec",
    "sur",
    "que",
    "qui",
    "aucun",
    "aucune",
    "été",
    "au",
    "aux",
    "ou",
    "et",
    "ne",
    "ce",
    "cette",
    "ses",
    "leur",
    "être",
    "résultat",
    "référence",
    "attendu",
    "obtenu",
    "étudiant",
    "étudiants",
    "réussi",
    "réussis",
    "absents",
    "échec",
    "dossier",
    "erreur",
    "lancés",
    "médiane",
    "indice",
];

/// The words of `line` the grader wrote: without backtick spans, paths, names with digits or
/// underscores.
fn words(line: &str) -> Vec<String> {
    let mut kept = String::new();
    let mut quoted = false;
    for character in line.chars() {
        if character == '`' {
            quoted = !quoted;
        } else if !quoted {
            kept.push(character);
        }
    }
    kept.split_whitespace()
        .filter(|token| {
            !token.contains(['/', '_', '.', '[', '=', '(']) || token.ends_with(['.', ',', ')'])
        })
        .flat_map(|token| {
            token
                .split(|c: char| !c.is_alphabetic())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// The lines of `text` in the other language than `lang` ("fr" or "en"): two or more of the
/// other language's marker words.
fn foreign(lines: impl Iterator<Item = String>, lang: &str) -> Vec<String> {
    let markers = if lang == "fr" { ENGLISH } else { FRENCH };
    lines
        .filter(|line| {
            words(line)
                .iter()
                .filter(|word| markers.contains(&word.as_str()))
                .count()
                >= 2
        })
        .collect()
}

/// The lines of a terminal report (`grade` without colours) that are not in `lang`. The lines
/// indented under a failing check's first line by more than its own text are quotes.
pub fn foreign_terminal_lines(stdout: &str, lang: &str) -> Vec<String> {
    let mut in_check = false;
    let ours = stdout.lines().filter_map(|line| {
        let indent = line.len() - line.trim_start().len();
        if line.trim_start().starts_with('✗') {
            in_check = true;
            return Some(line.to_string());
        }
        if indent < 8 {
            in_check = false;
        }
        // A check's own lines are indented by 10; its quotes by 14 or more.
        (!(in_check && indent >= 14)).then(|| line.to_string())
    });
    foreign(ours, lang)
}

/// The texts of a JSON report that are not in `lang`: every exercise's message, every check's
/// message (its lines indented by 4 or more are quotes), the report's errors.
pub fn foreign_report_lines(report: &Value, lang: &str) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    let strings = |value: &Value| value.as_str().map(str::to_string);
    texts.extend(
        report["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(strings),
    );
    for submission in report["submissions"].as_array().into_iter().flatten() {
        for exercise in submission["exercises"].as_array().into_iter().flatten() {
            texts.extend(strings(&exercise["message"]));
            texts.extend(strings(&exercise["title"]));
            for check in exercise["checks"].as_array().into_iter().flatten() {
                texts.extend(strings(&check["message"]));
            }
        }
    }
    let lines = texts.into_iter().flat_map(|text| {
        text.lines()
            .filter(|line| !line.starts_with("    "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    });
    foreign(lines, lang)
}
