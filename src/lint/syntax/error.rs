//! Where a source stops parsing: tree-sitter's first ERROR or MISSING node.
//!
//! Tree-sitter recovers from errors, so a file that does not parse still gets an outline (what
//! parsed around the error); this records the first place it had to recover, for the
//! `syntax-error` rule.

use std::ops::Range;

use tree_sitter::Node;

/// The first syntax error of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// Where it is: the first line of the text that could not be parsed, or the empty span
    /// where a token was expected.
    pub span: Range<usize>,
    /// The token tree-sitter found missing, as the message shows it (`` `)` ``, `` `:` ``,
    /// `identifier`), or `None` for text it could not parse.
    pub missing: Option<String>,
}

/// The first ERROR or MISSING node under `root`, in source order; `None` when the tree is whole.
pub(crate) fn first_error(root: Node, text: &str) -> Option<SyntaxError> {
    if !root.has_error() {
        return None;
    }
    let mut node = root;
    let mut cursor = root.walk();
    // `has_error` holds for a node that is or contains an error: follow the first such child.
    while !(node.is_error() || node.is_missing()) {
        let child = node.children(&mut cursor).find(|child| child.has_error());
        match child {
            Some(child) => node = child,
            None => break,
        }
    }
    if node.is_missing() {
        // Tree-sitter puts a missing token before the next one, past any comment between them:
        // the mistake is right after the token before it, where a compiler points too.
        let at = previous_token_end(node)
            .unwrap_or(node.start_byte())
            .min(text.len());
        return Some(SyntaxError {
            span: at..at,
            missing: Some(if node.is_named() {
                node.kind().replace('_', " ")
            } else {
                format!("`{}`", node.kind())
            }),
        });
    }
    // An ERROR node may begin with statements that parsed on their own, before the tokens that
    // do not fit: the error is at the first of those.
    let mut cursor = node.walk();
    let start = node
        .children(&mut cursor)
        .find(|child| child.has_error() || (child.child_count() == 0 && !child.is_extra()))
        .map_or(node.start_byte(), |child| child.start_byte())
        .min(text.len());
    let line_end = text
        .get(start..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |at| start + at);
    Some(SyntaxError {
        span: start..node.end_byte().clamp(start, line_end),
        missing: None,
    })
}

/// Where the last token before `node` ends, comments aside.
fn previous_token_end(node: Node) -> Option<usize> {
    let mut current = node;
    loop {
        let mut sibling = current.prev_sibling();
        while let Some(before) = sibling {
            if !before.is_extra() && before.end_byte() > before.start_byte() {
                return Some(before.end_byte());
            }
            sibling = before.prev_sibling();
        }
        current = current.parent()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::syntax::parse;
    use crate::lint::SourceLanguage;

    /// The first error's 1-based line and column, and what was missing.
    fn error_in(text: &str, language: SourceLanguage) -> Option<(usize, usize, Option<String>)> {
        let tree = parse(text, language)?;
        let error = first_error(tree.root_node(), text)?;
        let before = &text[..error.span.start];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |at| at + 1) + 1;
        Some((line, column, error.missing))
    }

    #[test]
    fn a_whole_source_has_no_error() {
        let python = "def cube(number):\n    return number ** 3\n";
        assert_eq!(error_in(python, SourceLanguage::Python), None);
        let rust = "fn main() {\n    let total = 1;\n    println!(\"{total}\");\n}\n";
        assert_eq!(error_in(rust, SourceLanguage::Rust), None);
    }

    #[test]
    fn text_that_does_not_parse_is_found_at_its_start() {
        let python = "x = 1\ndef (:\n    pass\n";
        assert_eq!(error_in(python, SourceLanguage::Python), Some((2, 1, None)));
        let unclosed = "total = 0\nprint(sum(range(3))\n";
        assert!(matches!(
            error_in(unclosed, SourceLanguage::Python),
            Some((2, _, _))
        ));
    }

    #[test]
    fn a_missing_token_is_placed_after_the_token_before_it() {
        let rust = "fn main() {\n    let total = f(1\n    // a comment\n    ;\n}\n";
        assert_eq!(
            error_in(rust, SourceLanguage::Rust),
            Some((2, 20, Some("`)`".to_string())))
        );
    }
}
