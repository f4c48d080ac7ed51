//! The walk of a solution's files for what could reach its output: integer literals, the text
//! of strings, and the uses of names, each marked when it sits in a comparison, an assertion or
//! a pattern. Comments, docstrings, attributes and imports are never walked.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::lint::syntax::parse;
use crate::lint::SourceLanguage;
use crate::report::Language;

/// One file, walked.
pub(super) struct Scanned<'s> {
    pub(super) file: &'s str,
    pub(super) text: &'s str,
    pub(super) items: Vec<Item<'s>>,
}

/// Every file of `sources` that parses, walked.
pub(super) fn scan(sources: &[(String, String)], language: SourceLanguage) -> Vec<Scanned<'_>> {
    sources
        .iter()
        .filter_map(|(file, text)| {
            let tree = parse(text, language)?;
            let items = match language {
                SourceLanguage::Python => python_items(tree.root_node(), text),
                SourceLanguage::Rust => rust_items(tree.root_node(), text),
            };
            Some(Scanned { file, text, items })
        })
        .collect()
}

pub(super) fn source_language(language: Language) -> SourceLanguage {
    match language {
        Language::Python => SourceLanguage::Python,
        Language::Rust => SourceLanguage::Rust,
    }
}

/// The decimal digits of an integer literal (no sign, no leading zeros), or None when it is not
/// a plain integer (a Python imaginary `5j`, a hexadecimal number beyond `u128`).
pub(super) fn integer_digits(literal: &str, language: SourceLanguage) -> Option<String> {
    let clean = literal.replace('_', "").to_ascii_lowercase();
    let (radix, body) = match clean.get(..2) {
        Some("0x") => (16, &clean[2..]),
        Some("0o") => (8, &clean[2..]),
        Some("0b") => (2, &clean[2..]),
        _ => (10, clean.as_str()),
    };
    let body = match language {
        // No hexadecimal digit is an `i` or a `u`: a type suffix starts at the first of them.
        SourceLanguage::Rust => body.split(['i', 'u']).next().unwrap_or(body),
        SourceLanguage::Python => body.strip_suffix('l').unwrap_or(body),
    };
    if radix == 10 {
        if body.is_empty() || !body.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let digits = body.trim_start_matches('0');
        return Some(if digits.is_empty() { "0" } else { digits }.to_string());
    }
    u128::from_str_radix(body, radix)
        .ok()
        .map(|number| number.to_string())
}

/// What the walk of one file records, in source order.
#[derive(Debug, Clone, Copy)]
pub(super) struct Item<'t> {
    pub(super) kind: ItemKind<'t>,
    pub(super) offset: usize,
    /// In a comparison, an assertion or a pattern: it cannot reach the output.
    pub(super) excluded: bool,
    /// The literal is the whole value bound to this name (`EXPECTED = 24502500`).
    pub(super) bound_to: Option<&'t str>,
    /// An integer literal is part of the value bound to this name (`EXPECTED = 12_000_000 +
    /// 12_502_500`, `PARTS = [...]`): the nearest binding around it in the same statement.
    pub(super) part_of: Option<&'t str>,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum ItemKind<'t> {
    /// An integer literal's text; whether a unary minus applies to it; whether it is subtracted
    /// (the right operand of a binary `-` or of `-=`).
    Integer {
        literal: &'t str,
        negative: bool,
        subtracted: bool,
    },
    /// The text of a string, between interpolations and escapes.
    Text(&'t str),
    /// A use of a name (never the place that binds it).
    Name(&'t str),
}

/// The names the files use, each with whether some use of it could reach the output.
pub(super) struct NameUses<'s>(HashMap<&'s str, bool>);

impl<'s> NameUses<'s> {
    pub(super) fn of(files: &[Scanned<'s>]) -> NameUses<'s> {
        let mut uses = HashMap::new();
        for item in files.iter().flat_map(|scanned| &scanned.items) {
            if let ItemKind::Name(name) = item.kind {
                *uses.entry(name).or_insert(false) |= !item.excluded;
            }
        }
        NameUses(uses)
    }

    /// Whether the value bound to `name` can reach the output: some use of the name is neither
    /// compared nor asserted. A name never used counts as reaching it.
    pub(super) fn reach_output(&self, name: &str) -> bool {
        self.0.get(name).copied().unwrap_or(true)
    }
}

fn push_flagged<'t>(stack: &mut Vec<(Node<'t>, bool)>, node: Node<'t>, excluded: bool) {
    let mut cursor = node.walk();
    let children: Vec<Node<'t>> = node.children(&mut cursor).collect();
    stack.extend(children.into_iter().rev().map(|child| (child, excluded)));
}

/// Whether `node` is the field `field` of its parent, and that parent is of kind `parent_kind`.
fn is_field_of(node: Node, parent_kind: &str, field: &str) -> bool {
    node.parent().is_some_and(|parent| {
        parent.kind() == parent_kind
            && parent
                .child_by_field_name(field)
                .is_some_and(|child| child.id() == node.id())
    })
}

/// Python: literals, string texts and names. Skipped: comments, imports, statements that are a
/// lone literal (docstrings, strings used as comments); excluded: comparisons, `assert`,
/// `self.assertEqual(...)`-like calls, `case` patterns.
fn python_items<'s>(root: Node, text: &'s str) -> Vec<Item<'s>> {
    let mut items = Vec::new();
    let mut stack = vec![(root, false)];
    while let Some((node, excluded)) = stack.pop() {
        let item = |kind, bound_to| Item {
            kind,
            offset: node.start_byte(),
            excluded,
            bound_to,
            part_of: None,
        };
        match node.kind() {
            "comment"
            | "import_statement"
            | "import_from_statement"
            | "future_import_statement"
            | "global_statement"
            | "nonlocal_statement" => {}
            "expression_statement" if is_lone_literal(node) => {}
            "comparison_operator" | "assert_statement" | "case_pattern" => {
                push_flagged(&mut stack, node, true);
            }
            "call" if is_python_assert_call(node, text) => push_flagged(&mut stack, node, true),
            "integer" => {
                let negative = is_negated(node, "unary_operator");
                let whole = if negative { node.parent() } else { Some(node) };
                items.push(Item {
                    part_of: python_part_of(node, text),
                    ..item(
                        ItemKind::Integer {
                            literal: &text[node.byte_range()],
                            negative,
                            subtracted: whole.is_some_and(is_subtracted),
                        },
                        whole.and_then(|whole| python_bound_name(whole, text)),
                    )
                });
            }
            "string_content" => {
                let string = node.parent().filter(|parent| parent.kind() == "string");
                items.push(item(
                    ItemKind::Text(&text[node.byte_range()]),
                    string.and_then(|string| python_bound_name(string, text)),
                ));
            }
            "identifier" if !is_python_binding(node) => {
                items.push(item(ItemKind::Name(&text[node.byte_range()]), None));
            }
            _ => push_flagged(&mut stack, node, excluded),
        }
    }
    items
}

/// A statement that is only a literal does nothing: a docstring, a string used as a comment.
fn is_lone_literal(statement: Node) -> bool {
    let mut cursor = statement.walk();
    let children: Vec<Node> = statement.named_children(&mut cursor).collect();
    matches!(
        children.as_slice(),
        [only] if matches!(only.kind(), "string" | "concatenated_string" | "integer" | "float")
    )
}

/// `assertEqual(...)`, `self.assertEqual(...)`, `np.testing.assert_equal(...)`.
fn is_python_assert_call(call: Node, text: &str) -> bool {
    let name = call
        .child_by_field_name("function")
        .and_then(|function| match function.kind() {
            "identifier" => Some(function),
            "attribute" => function.child_by_field_name("attribute"),
            _ => None,
        });
    name.is_some_and(|name| text[name.byte_range()].starts_with("assert"))
}

/// Whether the parent of `literal` is a unary minus (`unary_operator` in Python,
/// `unary_expression` in Rust).
fn is_negated(literal: Node, unary_kind: &str) -> bool {
    literal.parent().is_some_and(|parent| {
        parent.kind() == unary_kind && parent.child(0).is_some_and(|op| op.kind() == "-")
    })
}

/// Whether `operand` is subtracted: the right side of a binary `-` or of `-=` (the fields are
/// named alike in both grammars).
fn is_subtracted(operand: Node) -> bool {
    operand.parent().is_some_and(|parent| {
        parent
            .child_by_field_name("right")
            .is_some_and(|right| right.id() == operand.id())
            && parent
                .child_by_field_name("operator")
                .is_some_and(|op| matches!(op.kind(), "-" | "-="))
    })
}

/// The name whose value `literal` is part of: the target of the nearest assignment whose right
/// side holds it, in the same statement and the same function.
fn python_part_of<'s>(literal: Node, text: &'s str) -> Option<&'s str> {
    let mut inner = literal;
    while let Some(outer) = inner.parent() {
        match outer.kind() {
            "assignment" => return python_bound_name(inner, text),
            "lambda" | "function_definition" | "class_definition" | "block" | "module" => {
                return None;
            }
            kind if kind.ends_with("_statement") => return None,
            _ => inner = outer,
        }
    }
    None
}

/// The name whose value `literal` is part of: the nearest `const`, `static` or `let` whose value
/// holds it, in the same block.
fn rust_part_of<'s>(literal: Node, text: &'s str) -> Option<&'s str> {
    let mut inner = literal;
    while let Some(outer) = inner.parent() {
        match outer.kind() {
            "const_item" | "static_item" | "let_declaration" => {
                return rust_bound_name(inner, text);
            }
            "block" | "closure_expression" | "function_item" | "source_file" => return None,
            _ => inner = outer,
        }
    }
    None
}

/// The name `value` is assigned to, when it is the whole right side of `name = value`.
fn python_bound_name<'s>(value: Node, text: &'s str) -> Option<&'s str> {
    if !is_field_of(value, "assignment", "right") {
        return None;
    }
    let left = value.parent()?.child_by_field_name("left")?;
    (left.kind() == "identifier").then(|| &text[left.byte_range()])
}

/// An identifier that binds rather than uses: an assignment's target, a keyword argument's name.
fn is_python_binding(identifier: Node) -> bool {
    is_field_of(identifier, "assignment", "left")
        || is_field_of(identifier, "keyword_argument", "name")
}

/// Rust: literals, string texts and names. Skipped: comments, attributes (`#[doc = "..."]`),
/// `use`; excluded: comparisons, `assert*!`/`debug_assert*!`/`matches!` arguments, patterns.
/// Macro arguments are token trees: see [`token_flags`].
fn rust_items<'s>(root: Node, text: &'s str) -> Vec<Item<'s>> {
    let mut items = Vec::new();
    let mut stack = vec![(root, false)];
    // How the integer tokens of token trees are read.
    let mut integer_tokens = HashMap::new();
    while let Some((node, excluded)) = stack.pop() {
        let item = |kind, bound_to| Item {
            kind,
            offset: node.start_byte(),
            excluded,
            bound_to,
            part_of: None,
        };
        match node.kind() {
            "line_comment"
            | "block_comment"
            | "attribute_item"
            | "inner_attribute_item"
            | "use_declaration" => {}
            "binary_expression" if is_rust_comparison(node) => push_flagged(&mut stack, node, true),
            "match_pattern" => push_flagged(&mut stack, node, true),
            "macro_invocation" => {
                let asserts = node
                    .child_by_field_name("macro")
                    .is_some_and(|name| is_assert_macro(macro_name(name, text)));
                push_flagged(&mut stack, node, excluded || asserts);
            }
            "token_tree" => {
                let flags = token_flags(node, text);
                for (child, flag) in flags.into_iter().rev() {
                    if child.kind() == "integer_literal" {
                        integer_tokens.insert(child.id(), flag);
                    }
                    stack.push((child, excluded || flag.excluded));
                }
            }
            "integer_literal" => {
                let pattern = node.parent().is_some_and(|parent| {
                    parent.kind().ends_with("pattern") || parent.kind() == "negative_literal"
                });
                let unary = is_negated(node, "unary_expression");
                let whole = if unary { node.parent() } else { Some(node) };
                let token = integer_tokens.get(&node.id()).copied().unwrap_or_default();
                items.push(Item {
                    excluded: excluded || pattern,
                    part_of: rust_part_of(node, text),
                    ..item(
                        ItemKind::Integer {
                            literal: &text[node.byte_range()],
                            negative: unary || token.negated,
                            subtracted: token.subtracted || whole.is_some_and(is_subtracted),
                        },
                        whole.and_then(|whole| rust_bound_name(whole, text)),
                    )
                });
            }
            "string_content" => {
                let content = &text[node.byte_range()];
                let literal = node.parent();
                items.push(item(
                    ItemKind::Text(content),
                    literal.and_then(|literal| rust_bound_name(literal, text)),
                ));
                if literal.is_some_and(|literal| literal.parent().is_some_and(is_token_tree)) {
                    // `println!("{total}")` uses `total`.
                    for name in format_captures(content) {
                        items.push(item(ItemKind::Name(name), None));
                    }
                }
            }
            "identifier" if !is_rust_binding(node) => {
                items.push(item(ItemKind::Name(&text[node.byte_range()]), None));
            }
            _ => push_flagged(&mut stack, node, excluded),
        }
    }
    items
}

fn is_token_tree(node: Node) -> bool {
    node.kind() == "token_tree"
}

fn is_rust_comparison(binary: Node) -> bool {
    binary
        .child_by_field_name("operator")
        .is_some_and(|op| matches!(op.kind(), "==" | "!=" | "<" | "<=" | ">" | ">="))
}

/// The last segment of a macro's path: `println` for `std::println!`.
fn macro_name<'s>(name: Node, text: &'s str) -> &'s str {
    let name = match name.kind() {
        "scoped_identifier" => name.child_by_field_name("name").unwrap_or(name),
        _ => name,
    };
    &text[name.byte_range()]
}

/// `assert!`, `assert_eq!`, `debug_assert_ne!` and the like, and `matches!`, which compares.
fn is_assert_macro(name: &str) -> bool {
    name.starts_with("assert") || name.starts_with("debug_assert") || name == "matches"
}

/// How a token of a token tree is read.
#[derive(Debug, Clone, Copy, Default)]
struct TokenFlag {
    /// In an argument that compares (`total == 24502500`), or the arguments of a nested
    /// `assert!`.
    excluded: bool,
    /// An integer after a unary minus.
    negated: bool,
    /// An integer after a binary minus: `x - 1000`.
    subtracted: bool,
}

/// Reads one level of a token tree as macro arguments: separated by `,`, `;`, `=` or `=>`, an
/// argument holding a comparison operator compares; a `-` starting an operand negates, one after
/// an operand subtracts.
fn token_flags<'t>(tree: Node<'t>, text: &str) -> Vec<(Node<'t>, TokenFlag)> {
    let mut cursor = tree.walk();
    let tokens: Vec<Node<'t>> = tree.children(&mut cursor).collect();
    let mut flags = vec![TokenFlag::default(); tokens.len()];
    let mut start = 0;
    while start < tokens.len() {
        let end = (start..tokens.len())
            .find(|&at| is_separator(tokens[at]))
            .unwrap_or(tokens.len());
        let compares = compares(&tokens[start..end]);
        for at in start..end {
            let token = tokens[at];
            let before = |back: usize| at.checked_sub(back).filter(|&at| at >= start);
            let after_minus = token.kind() == "integer_literal"
                && before(1).is_some_and(|minus| tokens[minus].kind() == "-");
            let after_operand = before(2).is_some_and(|prior| tokens[prior].is_named());
            let asserts = token.kind() == "token_tree"
                && before(1).is_some_and(|bang| tokens[bang].kind() == "!")
                && before(2).is_some_and(|name| {
                    tokens[name].kind() == "identifier"
                        && is_assert_macro(&text[tokens[name].byte_range()])
                });
            flags[at] = TokenFlag {
                excluded: compares || asserts,
                negated: after_minus && !after_operand,
                subtracted: after_minus && after_operand,
            };
        }
        start = end + 1;
    }
    tokens.into_iter().zip(flags).collect()
}

/// Separates macro arguments; the tree's own delimiters too.
fn is_separator(token: Node) -> bool {
    matches!(
        token.kind(),
        "," | ";" | "=" | "=>" | "(" | ")" | "[" | "]" | "{" | "}"
    )
}

/// Whether one macro argument's tokens hold a comparison; `<` and `>` of a turbofish
/// (`sum::<u64>()`) do not count.
fn compares(tokens: &[Node]) -> bool {
    let mut generics = 0usize;
    for (at, token) in tokens.iter().enumerate() {
        match token.kind() {
            "==" | "!=" | "<=" | ">=" => return true,
            "<" if at > 0 && tokens[at - 1].kind() == "::" => generics += 1,
            ">" if generics > 0 => generics -= 1,
            ">>" if generics > 0 => generics = generics.saturating_sub(2),
            "<" | ">" => return true,
            _ => {}
        }
    }
    false
}

/// The names a format string captures: `total` in `"{total}"` and `"{total:>8}"`.
fn format_captures(content: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = content;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(escaped) = rest.strip_prefix('{') {
            rest = escaped;
            continue;
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let closes = rest[end..].starts_with(['}', ':']);
        if closes && name.chars().next().is_some_and(|c| !c.is_ascii_digit()) {
            names.push(name);
        }
    }
    names
}

/// The name `value` is bound to: `const NAME: T = value;`, `static`, `let name = value;`.
fn rust_bound_name<'s>(value: Node, text: &'s str) -> Option<&'s str> {
    let parent = value.parent()?;
    let name_field = match parent.kind() {
        "const_item" | "static_item" => "name",
        "let_declaration" => "pattern",
        _ => return None,
    };
    if !is_field_of(value, parent.kind(), "value") {
        return None;
    }
    let name = parent.child_by_field_name(name_field)?;
    (name.kind() == "identifier").then(|| &text[name.byte_range()])
}

/// An identifier that binds rather than uses: a `const`, `static` or `let` name.
fn is_rust_binding(identifier: Node) -> bool {
    is_field_of(identifier, "const_item", "name")
        || is_field_of(identifier, "static_item", "name")
        || is_field_of(identifier, "let_declaration", "pattern")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_captures_are_read() {
        assert_eq!(
            format_captures("{total} {{x}} {y:>8} {} {0} {z:?}"),
            vec!["total", "y", "z"]
        );
    }
}
