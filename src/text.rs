//! Text for people and reports: the end of what programs print, short lines, indented; paths
//! whatever bytes their names hold.

/// Characters kept of each quoted line: a program may print a megabyte without a newline.
const QUOTED_LINE: usize = 200;

/// The last `count` non-empty lines of `text`, each made [`printable`] then cut to a readable
/// length: a cut never leaves half an escape sequence to swallow the next line.
pub fn tail(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    lines[lines.len().saturating_sub(count)..]
        .iter()
        .map(|line| {
            let line = printable(line);
            match line.char_indices().nth(QUOTED_LINE) {
                Some((cut, _)) => format!("{}…", &line[..cut]),
                None => line,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `one` for a count of 1, else `many`: "1 worker", "4 workers".
pub fn plural<'a>(count: impl Into<u64>, one: &'a str, many: &'a str) -> &'a str {
    if count.into() == 1 {
        one
    } else {
        many
    }
}

/// `text` with `prefix` before each line.
pub fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|line| format!("{prefix}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Serialises a path as text even when its name is not UTF-8 (invalid bytes replaced), where
/// serde would fail and lose the whole report.
pub fn lossy_path<S: serde::Serializer>(
    path: &std::path::Path,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

/// [`lossy_path`] for an optional path.
pub fn lossy_optional_path<S: serde::Serializer>(
    path: &Option<std::path::PathBuf>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match path {
        Some(path) => lossy_path(path, serializer),
        None => serializer.serialize_none(),
    }
}

/// `text` with its control and bidirectional-formatting characters escaped (`\n`, `\u{1b}`,
/// `\u{202e}`): a name or an output a student chose cannot move the cursor, retitle the
/// window, start a new line of a log or reorder what a reader sees.
pub fn printable(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    shown
}

/// Characters a terminal, a log or a page acts on rather than shows: controls (C0, DEL, C1),
/// the line and paragraph separators, and the bidirectional marks, embeddings, overrides and
/// isolates (the "Trojan Source" characters, CVE-2021-42574).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2028}' | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}
