//! Parsing a source into an [`Outline`]: the names it binds, its comments and its functions,
//! and the tree itself for the rules that read code.
//!
//! Tree-sitter parses both languages; each language module walks its tree once and records only
//! what the rules read. Names are *bindings* (the place a name is defined), never its uses.

mod comment;
mod error;
mod lines;
mod parser;
mod python;
mod rust;

use std::ops::Range;

use tree_sitter::Tree;

use super::SourceLanguage;

pub(crate) use comment::{is_pragma, CommentKind};
pub(crate) use error::SyntaxError;
pub(crate) use parser::{parse, parse_snippet};

/// What a name is bound as: the rules and the configured patterns differ per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum NameKind {
    /// A local variable, or a name bound by `with`, `except`, `let`, a walrus, a match arm.
    Variable,
    /// A function, method, lambda or closure parameter.
    Parameter,
    /// A `for` target or a comprehension variable.
    LoopVariable,
    /// A function or method.
    Function,
    /// A class, struct, enum, enum variant, trait, union or type alias.
    Type,
    /// A Rust `const`/`static`, or a Python module constant (see `python::is_constant`).
    Constant,
    /// A Python name bound at module level that is not a constant.
    ModuleVariable,
    /// A Python class attribute or `self.name` attribute.
    Attribute,
    /// A Rust struct field.
    Field,
}

impl NameKind {
    pub const ALL: [NameKind; 9] = [
        NameKind::Variable,
        NameKind::Parameter,
        NameKind::LoopVariable,
        NameKind::Function,
        NameKind::Type,
        NameKind::Constant,
        NameKind::ModuleVariable,
        NameKind::Attribute,
        NameKind::Field,
    ];

    /// The key naming this kind in configuration (`[lint.patterns]`).
    pub fn key(self) -> &'static str {
        match self {
            NameKind::Variable => "variable",
            NameKind::Parameter => "parameter",
            NameKind::LoopVariable => "loop-variable",
            NameKind::Function => "function",
            NameKind::Type => "type",
            NameKind::Constant => "constant",
            NameKind::ModuleVariable => "module-variable",
            NameKind::Attribute => "attribute",
            NameKind::Field => "field",
        }
    }
}

/// One place where a name is defined.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub name: String,
    pub kind: NameKind,
    pub span: Range<usize>,
    /// A method (a function defined in a class, impl or trait).
    pub method: bool,
    /// Bound where a short name is the idiom: lambda and closure parameters, `except E as e`,
    /// `with open(p) as f`.
    pub idiom: bool,
}

/// One comment or docstring.
#[derive(Debug, Clone)]
pub(crate) struct Comment {
    /// The whole comment, markers included.
    pub span: Range<usize>,
    /// The text inside the markers (`#`, `//`, `///`, `/* */`, quotes).
    pub body: Range<usize>,
    pub kind: CommentKind,
    /// Nothing but blanks before it on its line.
    pub own_line: bool,
    /// 0-based first and last lines.
    pub line: usize,
    pub end_line: usize,
}

/// A function or method definition, for the documentation rules.
#[derive(Debug, Clone)]
pub(crate) struct Function {
    pub name_span: Range<usize>,
    pub name: String,
    /// 0-based line of the definition's first line, decorators and attributes included.
    pub head_line: usize,
    /// 0-based line of the `def`/`fn` keyword.
    pub def_line: usize,
    /// 0-based line of the first statement of the body (its last line if it has none).
    pub body_line: usize,
    /// Lines from the `def`/`fn` line to the end of the body.
    pub lines: usize,
    /// Has a docstring or a doc comment.
    pub has_doc: bool,
    /// Tests and special methods, which their name documents.
    pub exempt: bool,
}

/// What the rules read from one source file.
#[derive(Debug, Clone)]
pub(crate) struct Outline {
    pub language: SourceLanguage,
    pub bindings: Vec<Binding>,
    /// Comments and docstrings in source order.
    pub comments: Vec<Comment>,
    pub functions: Vec<Function>,
    /// A non-empty module docstring or `//!` doc.
    pub module_doc: bool,
    /// Byte offset of the first statement or item (the text's length if none).
    pub first_code: usize,
    /// Lines holding code, and lines holding comments or docstrings.
    pub code_lines: usize,
    pub comment_lines: usize,
    /// The first place the source does not parse; the rest of the outline is what tree-sitter
    /// recovered around it.
    pub syntax_error: Option<SyntaxError>,
    /// The parsed tree, for the rules that read statements and calls (`None` when the parser
    /// could not be built).
    pub tree: Option<Tree>,
}

/// Parses `text` and extracts its outline.
pub(crate) fn outline(text: &str, language: SourceLanguage) -> Outline {
    let mut outline = match language {
        SourceLanguage::Python => python::outline(text),
        SourceLanguage::Rust => rust::outline(text),
    };
    outline.comments.sort_by_key(|comment| comment.span.start);
    let counts = lines::count(text, &outline.comments);
    outline.code_lines = counts.code;
    outline.comment_lines = counts.comment;
    outline
}

impl Outline {
    pub(crate) fn empty(language: SourceLanguage, text: &str) -> Outline {
        Outline {
            language,
            bindings: Vec::new(),
            comments: Vec::new(),
            functions: Vec::new(),
            module_doc: false,
            first_code: text.len(),
            code_lines: 0,
            comment_lines: 0,
            syntax_error: None,
            tree: None,
        }
    }
}

/// The 0-based row of a tree-sitter point, and whether only blanks precede `offset` on its line.
pub(crate) fn starts_line(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    text[line_start..offset]
        .chars()
        .all(|c| c == ' ' || c == '\t' || c == '\x0c')
}
