//! Quoting what programs print in messages people read: the end of it, short lines, indented.

/// Characters kept of each quoted line: a program may print a megabyte without a newline.
const QUOTED_LINE: usize = 200;

/// The last `count` non-empty lines of `text`, each cut to a readable length.
pub fn tail(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    lines[lines.len().saturating_sub(count)..]
        .iter()
        .map(|line| match line.char_indices().nth(QUOTED_LINE) {
            Some((cut, _)) => format!("{}…", &line[..cut]),
            None => (*line).to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with `prefix` before each line.
pub fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|line| format!("{prefix}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
