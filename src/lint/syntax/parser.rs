//! One tree-sitter parser per language and thread, reused for every file and comment.

use std::cell::RefCell;

use tree_sitter::{Language, Parser, Tree};

use crate::lint::SourceLanguage;

thread_local! {
    static PYTHON: RefCell<Option<Parser>> = RefCell::new(new_parser(tree_sitter_python::LANGUAGE.into()));
    static RUST: RefCell<Option<Parser>> = RefCell::new(new_parser(tree_sitter_rust::LANGUAGE.into()));
}

fn new_parser(language: Language) -> Option<Parser> {
    let mut parser = Parser::new();
    // Fails only when the grammar was generated for another tree-sitter ABI: a build problem,
    // which then shows as files with no outline rather than a crash.
    parser.set_language(&language).ok()?;
    Some(parser)
}

/// Parses a whole source file.
pub(crate) fn parse(text: &str, language: SourceLanguage) -> Option<Tree> {
    let cell = match language {
        SourceLanguage::Python => &PYTHON,
        SourceLanguage::Rust => &RUST,
    };
    cell.with(|parser| parser.borrow_mut().as_mut()?.parse(text, None))
}

/// Parses a fragment, such as the text of a comment; same as [`parse`], named for the intent.
pub(crate) fn parse_snippet(text: &str, language: SourceLanguage) -> Option<Tree> {
    parse(text, language)
}
