//! `noqa` comments: `# noqa` silences every rule on its line, `# noqa: N005, C004` only those.
//!
//! The same spelling as ruff and flake8, so that students already know it; `// noqa` in Rust.

use std::collections::HashMap;

use super::finding::{Category, Diagnostic};
use super::source::LineIndex;
use super::syntax::Outline;

/// Lines whose findings are silenced, with the codes silenced (`None`: all of them).
pub(crate) struct Suppressions {
    lines: HashMap<usize, Option<Vec<String>>>,
}

impl Suppressions {
    pub fn collect(outline: &Outline, text: &str) -> Suppressions {
        let mut lines = HashMap::new();
        for comment in &outline.comments {
            let body = &text[comment.body.clone()];
            let Some(at) = body.to_ascii_lowercase().find("noqa") else {
                continue;
            };
            let rest = &body[at + "noqa".len()..];
            let codes = rest.trim_start().strip_prefix(':').map(|list| {
                list.split([',', ' '])
                    .map(str::trim)
                    .filter(|code| !code.is_empty())
                    .map(str::to_ascii_uppercase)
                    .collect::<Vec<_>>()
            });
            lines.insert(comment.line, codes);
        }
        Suppressions { lines }
    }

    /// Whether a `noqa` on the diagnostic's first line silences it. A syntax error is never
    /// silenced: the comment that would silence it may be what the parser misread.
    pub fn hides(&self, diagnostic: &Diagnostic, index: &LineIndex) -> bool {
        if self.lines.is_empty() || diagnostic.rule.category == Category::Syntax {
            return false;
        }
        match self.lines.get(&index.line_of(diagnostic.span.start)) {
            None => false,
            Some(None) => true,
            Some(Some(codes)) => codes.iter().any(|code| {
                code == diagnostic.rule.code || code.eq_ignore_ascii_case(diagnostic.rule.name)
            }),
        }
    }
}
