//! Deciding whether a comment's text is code: prose filters first, then the language's parser.

use tree_sitter::Node;

use crate::lint::syntax::parse_snippet;
use crate::lint::SourceLanguage;

/// Starts of comments that are prose or directives, however they parse.
const PROSE_PREFIXES: &[&str] = &[
    "todo",
    "fixme",
    "xxx",
    "hack",
    "note",
    "nb",
    "n.b.",
    "see",
    "voir",
    "cf.",
    "e.g.",
    "i.e.",
    "ex:",
    "example",
    "exemple",
    "warning",
    "attention",
    "safety:",
    "noqa",
    "type:",
    "pylint:",
    "fmt:",
    "isort:",
    "pragma",
    "http://",
    "https://",
];

/// Words that start a statement of code even with no punctuation after them.
const STATEMENT_KEYWORDS: &[&str] = &[
    "import", "from", "return", "raise", "del", "assert", "global", "nonlocal", "yield", "await",
    "print", "use", "let", "fn", "pub", "mod", "impl", "struct", "enum", "match", "loop", "while",
    "for", "if", "else", "elif", "except", "finally", "try", "with", "def", "class", "break",
    "continue",
];

/// Whether `text` (comment markers removed) is code of `language`.
pub(crate) fn is_code(text: &str, language: SourceLanguage) -> bool {
    let trimmed = text.trim();
    if trimmed.is_empty() || prose_start(trimmed) || !maybe_code(trimmed) {
        return false;
    }
    match language {
        SourceLanguage::Python => python(text),
        SourceLanguage::Rust => rust(trimmed),
    }
}

fn prose_start(text: &str) -> bool {
    let lower = text.to_lowercase();
    PROSE_PREFIXES
        .iter()
        .any(|prefix| lower.starts_with(prefix))
}

/// A cheap filter before parsing: code has punctuation or starts with a keyword.
fn maybe_code(text: &str) -> bool {
    let first_word = text
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    text.contains(['=', '(', '[', '{', ';', ':', '}', '.'])
        || STATEMENT_KEYWORDS.contains(&first_word)
}

fn python(text: &str) -> bool {
    let trimmed = text.trim();
    if matches!(trimmed, "else:" | "try:" | "finally:")
        || ((trimmed.starts_with("elif ") || trimmed.starts_with("except"))
            && trimmed.ends_with(':'))
    {
        return true;
    }
    // A block header whose body was not commented out with it: give it one.
    let completed;
    let source = if trimmed.ends_with(':') && !text.contains('\n') {
        completed = format!("{trimmed} pass");
        completed.as_str()
    } else {
        text
    };
    let Some(tree) = parse_snippet(source, SourceLanguage::Python) else {
        return false;
    };
    let root = tree.root_node();
    if root.has_error() {
        return false;
    }
    let mut cursor = root.walk();
    let found = root
        .named_children(&mut cursor)
        .any(|statement| python_statement(statement, source));
    found
}

fn python_statement(statement: Node, source: &str) -> bool {
    match statement.kind() {
        "import_statement"
        | "import_from_statement"
        | "future_import_statement"
        | "raise_statement"
        | "delete_statement"
        | "assert_statement"
        | "global_statement"
        | "nonlocal_statement"
        | "if_statement"
        | "for_statement"
        | "while_statement"
        | "with_statement"
        | "try_statement"
        | "function_definition"
        | "class_definition"
        | "decorated_definition"
        | "print_statement" => true,
        "return_statement" => statement.named_child_count() > 0,
        "expression_statement" => {
            statement
                .named_child(0)
                .is_some_and(|expression| match expression.kind() {
                    "assignment" => expression.child_by_field_name("right").is_some(),
                    "augmented_assignment" | "await" | "yield" => true,
                    "call" => tight_call(expression, source),
                    _ => false,
                })
        }
        _ => false,
    }
}

/// `f(x)`, not `word (aside)`: prose puts a space before a parenthesis, code does not.
fn tight_call(call: Node, source: &str) -> bool {
    let function = call.child_by_field_name("function");
    let arguments = call.child_by_field_name("arguments");
    match (function, arguments) {
        (Some(function), Some(arguments)) => {
            function.end_byte() == arguments.start_byte()
                && !source[function.byte_range()].contains(' ')
        }
        _ => false,
    }
}

fn rust(text: &str) -> bool {
    if text == "}" || text == "{" {
        return false;
    }
    if let Some(tree) = parse_snippet(text, SourceLanguage::Rust) {
        let root = tree.root_node();
        let mut cursor = root.walk();
        let item = !root.has_error()
            && root.named_children(&mut cursor).any(|item| {
                matches!(
                    item.kind(),
                    "use_declaration"
                        | "function_item"
                        | "struct_item"
                        | "enum_item"
                        | "impl_item"
                        | "mod_item"
                        | "const_item"
                        | "static_item"
                        | "trait_item"
                )
            });
        if item {
            return true;
        }
    }
    let body = if text.ends_with('{') {
        format!("{text}}}")
    } else if text.ends_with(';') || text.ends_with('}') {
        text.to_string()
    } else {
        format!("{text};")
    };
    let wrapped = format!("fn wrapper() {{\n{body}\n}}");
    let Some(tree) = parse_snippet(&wrapped, SourceLanguage::Rust) else {
        return false;
    };
    let root = tree.root_node();
    if root.has_error() {
        return false;
    }
    let Some(block) = root
        .named_child(0)
        .and_then(|function| function.child_by_field_name("body"))
    else {
        return false;
    };
    let mut cursor = block.walk();
    let found = block
        .named_children(&mut cursor)
        .any(|statement| rust_statement(statement, &wrapped));
    found
}

fn rust_statement(statement: Node, source: &str) -> bool {
    let expression = if statement.kind() == "expression_statement" {
        match statement.named_child(0) {
            Some(inner) => inner,
            None => return false,
        }
    } else {
        statement
    };
    match expression.kind() {
        "let_declaration"
        | "assignment_expression"
        | "compound_assignment_expr"
        | "macro_invocation"
        | "for_expression"
        | "while_expression"
        | "loop_expression"
        | "if_expression"
        | "match_expression"
        | "use_declaration"
        | "function_item" => true,
        "return_expression" => expression.named_child_count() > 0,
        "call_expression" => {
            let function = expression.child_by_field_name("function");
            let arguments = expression.child_by_field_name("arguments");
            match (function, arguments) {
                (Some(function), Some(arguments)) => {
                    function.end_byte() == arguments.start_byte()
                        && !source[function.byte_range()].contains(' ')
                }
                _ => false,
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn py(text: &str) -> bool {
        is_code(text, SourceLanguage::Python)
    }

    fn rs(text: &str) -> bool {
        is_code(text, SourceLanguage::Rust)
    }

    #[test]
    fn python_code_is_code() {
        assert!(py(" result = sum(process_pool.map(delayed_square, data))"));
        assert!(py(" print(queue.get())"));
        assert!(py(" import os"));
        assert!(py(" for process in processes:"));
        assert!(py("for x in y:\n    print(x)"));
        assert!(py(" return total"));
    }

    #[test]
    fn python_prose_is_not_code() {
        assert!(!py(" Executed only on main process."));
        assert!(!py(" Pas de return, le résultat dans la queue"));
        assert!(!py(" Join after both starts !!!!!"));
        assert!(!py(" Note: see below"));
        assert!(!py(" Résultat: 42"));
        assert!(!py(" Appel (bloquant)"));
        assert!(!py(" ------------------"));
        assert!(!py(" TODO: result = 3"));
        assert!(!py(" return"));
        assert!(!py(" (x, y)"));
    }

    #[test]
    fn rust_code_is_code() {
        assert!(rs(" println!(\"{}\", total);"));
        assert!(rs(" let total = cubes.iter().sum::<u64>();"));
        assert!(rs(" use std::thread;"));
        assert!(rs(" handle.join().unwrap();"));
        assert!(rs(" for worker in workers {"));
    }

    #[test]
    fn rust_prose_is_not_code() {
        assert!(!rs(" Compute the sum of cubes"));
        assert!(!rs(" Attention! ne pas oublier"));
        assert!(!rs(" SAFETY: the pointer is valid"));
        assert!(!rs(" x + 1"));
        assert!(!rs(" }"));
    }
}
