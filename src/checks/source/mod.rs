//! Reading a solution's source for what its output alone cannot tell: whether the printed result
//! is written in the code, as one constant or in pieces that add up to it; whether a Rust
//! solution has the compiler or its build script compute it; and whether a Rust solution passes its results through
//! a channel.
//!
//! Every question is answered on tree-sitter trees (the lint's parsers), never on raw text, so
//! that comments, docstrings, comparisons and assertions are told apart from code that prints.
//! A student who checks their answer against the expected value must not be accused of copying
//! it: a literal counts only where it could reach the output.

mod build_time;
mod channel;
mod compile_time;
mod constant;
mod files;
mod imports;
mod pieces;
mod scan;
mod uses;

use tree_sitter::Node;

pub use build_time::build_time_work;
pub use channel::rust_channel;
pub use compile_time::compile_time_work;
pub use constant::constant_in_source;
pub use files::solution_sources;
pub use imports::{python_files, ScriptFiles, MAX_FILES};
pub use pieces::{constant_pieces, Piece, Pieces};

/// Characters of a line quoted in a [`Place`].
const MAX_QUOTE_CHARS: usize = 120;

/// A place in the student's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Relative to the student's folder, '/'-separated.
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// That line, trimmed, at most 120 characters.
    pub text: String,
}

/// The place of byte `offset` of `text`.
fn place(file: &str, text: &str, offset: usize) -> Place {
    let start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let end = text[offset..]
        .find('\n')
        .map_or(text.len(), |at| offset + at);
    let line = text[..offset].matches('\n').count() + 1;
    Place {
        file: file.to_string(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        text: text[start..end]
            .trim()
            .chars()
            .take(MAX_QUOTE_CHARS)
            .collect(),
    }
}

/// Pushes the children of `node` so that they pop in source order.
fn push_children<'t>(stack: &mut Vec<Node<'t>>, node: Node<'t>) {
    let mut cursor = node.walk();
    let children: Vec<Node<'t>> = node.children(&mut cursor).collect();
    stack.extend(children.into_iter().rev());
}

/// The segments of a path as written: `std::sync::mpsc` is `["std", "sync", "mpsc"]`.
fn path_segments(node: Node, text: &str) -> Vec<String> {
    text[node.byte_range()]
        .split("::")
        .map(str::trim)
        .filter(|segment| !segment.is_empty())
        .map(str::to_string)
        .collect()
}
