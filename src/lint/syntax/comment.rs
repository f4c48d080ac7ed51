//! Kinds of comments, and the comments that are directives for tools rather than prose.

/// How a comment is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommentKind {
    /// `# ...` or `// ...`.
    Line,
    /// `/* ... */`.
    Block,
    /// `///`, `//!`, `/** */`, `/*! */`: Rust documentation.
    Doc,
    /// `//!` or `/*! */`: documentation of the enclosing module.
    InnerDoc,
    /// A Python docstring.
    Docstring,
}

/// Whether a comment's text (markers removed) is a directive for a tool, which explains nothing
/// to a reader: shebang, coding declaration, `noqa`, `type: ignore`, linters' and formatters'
/// switches, editor modelines.
pub(crate) fn is_pragma(body: &str, line: usize) -> bool {
    let text = body.trim();
    if line == 0 && text.starts_with('!') {
        return true;
    }
    if line < 2 && text.contains("coding") && (text.contains("coding:") || text.contains("coding="))
    {
        return true;
    }
    let lower = text.to_ascii_lowercase();
    const DIRECTIVES: &[&str] = &[
        "noqa",
        "type:",
        "pylint:",
        "pyright:",
        "mypy:",
        "fmt:",
        "isort:",
        "ruff:",
        "nosec",
        "pragma",
        "vim:",
        "-*-",
        "region",
        "endregion",
        "flake8:",
        "grade:",
        "rustfmt::",
        "clippy::",
    ];
    DIRECTIVES
        .iter()
        .any(|directive| lower.starts_with(directive))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_pragmas() {
        assert!(is_pragma("!/usr/bin/env python3", 0));
        assert!(is_pragma(" -*- coding: latin-1 -*-", 1));
        assert!(is_pragma(" noqa: N001", 7));
        assert!(is_pragma(" type: ignore", 7));
        assert!(!is_pragma(" Executed only on main process.", 7));
        assert!(!is_pragma("!important", 3));
    }
}
