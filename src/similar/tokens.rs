//! A source file as the token stream copies share: tree-sitter's leaves, with every identifier
//! one token and every literal another, and without what a copier changes for free (comments,
//! docstrings, imports, layout).

use std::hash::{Hash, Hasher};

use tree_sitter::Node;

use crate::lint::syntax;
use crate::lint::SourceLanguage;

/// One token: what it is once normalised, as a hash, and the line it starts on (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: u64,
    pub line: u32,
}

/// The normalised tokens of `text`; none when it does not parse at all.
pub(crate) fn tokens(text: &str, language: SourceLanguage) -> Vec<Token> {
    let Some(tree) = syntax::parse(text, language) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(tree.root_node(), language, &mut found);
    found
}

/// The leaves under `node`, in order, each normalised; whole subtrees left out or folded into
/// one token where [`Shape::of`] says so.
fn walk(node: Node, language: SourceLanguage, found: &mut Vec<Token>) {
    // Iterative, with an explicit stack: a deeply nested file must not overflow the stack.
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match Shape::of(node, language) {
            Shape::Skipped => {}
            Shape::Token(text) => found.push(Token {
                kind: stable_hash(text),
                line: node.start_position().row as u32 + 1,
            }),
            Shape::Children => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.children(&mut cursor).collect();
                stack.extend(children.into_iter().rev());
            }
        }
    }
}

/// What a node contributes to the stream.
enum Shape<'a> {
    /// Nothing: a comment, a docstring, an import.
    Skipped,
    /// One token of this text.
    Token(&'a str),
    /// Its children's tokens.
    Children,
}

impl<'a> Shape<'a> {
    fn of(node: Node<'a>, language: SourceLanguage) -> Shape<'a> {
        let kind = node.kind();
        if node.is_extra() && kind.contains("comment") {
            return Shape::Skipped;
        }
        match language {
            SourceLanguage::Python => python(node, kind),
            SourceLanguage::Rust => rust(node, kind),
        }
    }
}

fn python<'a>(node: Node<'a>, kind: &'a str) -> Shape<'a> {
    match kind {
        "comment" => Shape::Skipped,
        "import_statement" | "import_from_statement" | "future_import_statement" => Shape::Skipped,
        "expression_statement" if is_docstring(node) => Shape::Skipped,
        "identifier" => Shape::Token("ID"),
        "string" | "concatenated_string" | "integer" | "float" => Shape::Token("LIT"),
        _ => leaf_or_children(node, kind),
    }
}

fn rust<'a>(node: Node<'a>, kind: &'a str) -> Shape<'a> {
    match kind {
        "line_comment" | "block_comment" => Shape::Skipped,
        "use_declaration" | "extern_crate_declaration" => Shape::Skipped,
        // Attributes (`#[derive(...)]`) and doc comments say nothing of the code's shape.
        "attribute_item" | "inner_attribute_item" => Shape::Skipped,
        "identifier"
        | "type_identifier"
        | "field_identifier"
        | "shorthand_field_identifier"
        | "primitive_type" => Shape::Token("ID"),
        "string_literal" | "raw_string_literal" | "char_literal" | "integer_literal"
        | "float_literal" => Shape::Token("LIT"),
        _ => leaf_or_children(node, kind),
    }
}

/// A leaf is its own kind (a keyword, an operator, a bracket); anything else, its children.
fn leaf_or_children<'a>(node: Node<'a>, kind: &'a str) -> Shape<'a> {
    if node.child_count() == 0 {
        Shape::Token(kind)
    } else {
        Shape::Children
    }
}

/// A string alone as the first statement of a module, class or function body.
fn is_docstring(node: Node) -> bool {
    let only_a_string = node.named_child_count() == 1
        && node
            .named_child(0)
            .is_some_and(|child| matches!(child.kind(), "string" | "concatenated_string"));
    let first = node
        .parent()
        .and_then(|parent| parent.named_child(0))
        .is_some_and(|first| first.id() == node.id());
    only_a_string && first
}

/// A hash that is the same in every run and on every machine (not `RandomState`): FNV-1a.
pub(crate) fn stable_hash(text: &str) -> u64 {
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    text.hash(&mut hasher);
    hasher.finish()
}

/// FNV-1a, 64 bits.
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, language: SourceLanguage) -> Vec<u64> {
        tokens(text, language)
            .iter()
            .map(|token| token.kind)
            .collect()
    }

    #[test]
    fn names_comments_docstrings_imports_and_layout_do_not_matter() {
        let original = "import os\nfrom multiprocessing import Pool\n\n\
                        def cube(n):\n    \"\"\"The cube.\"\"\"\n    return n ** 3  # cube\n";
        let disguised = "from multiprocessing import Pool\nimport os\n\
                         def puissance(x):\n    return   x**3\n";
        assert_eq!(
            kinds(original, SourceLanguage::Python),
            kinds(disguised, SourceLanguage::Python)
        );
        let other = "def cube(n):\n    return n * n * n\n";
        assert_ne!(
            kinds(original, SourceLanguage::Python),
            kinds(other, SourceLanguage::Python)
        );
    }

    #[test]
    fn literals_are_one_token_and_lines_are_kept() {
        let found = tokens("x = 'a'\ny = 42\n", SourceLanguage::Python);
        assert_eq!(found.len(), 6);
        assert_eq!(found[2].kind, found[5].kind);
        assert_eq!(found[3].line, 2);
    }

    #[test]
    fn rust_comments_attributes_and_uses_do_not_matter() {
        let original = "use std::thread;\n/// Doc.\n#[inline]\nfn cube(n: u64) -> u64 {\n    n.pow(3) // c\n}\n";
        let disguised = "fn puissance(x: u64) -> u64 { x.pow(3) }\n";
        assert_eq!(
            kinds(original, SourceLanguage::Rust),
            kinds(disguised, SourceLanguage::Rust)
        );
    }
}
