//! Parallel rules (`P…`): processes, pools and queues used in a way that crashes, hangs, leaks
//! processes or takes the whole machine. They read the Python tree itself: calls, `with`
//! statements, loops and the `if __name__ == "__main__":` guard (see [`python`]); the Rust
//! ones read `thread::spawn` calls and the loops around them (see [`rust`]).

pub(crate) mod get_after_join;
pub(crate) mod no_main_guard;
pub(crate) mod pool_not_closed;
pub(crate) mod pool_without_size;
pub(crate) mod process_not_joined;
pub(crate) mod python;
pub(crate) mod result_on_process;
pub(crate) mod rust;
pub(crate) mod thread_not_joined;
pub(crate) mod thread_per_item;
pub(crate) mod threads_not_processes;

use tree_sitter::Node;

use crate::lang::Lang;
use crate::lint::syntax::Outline;
use crate::lint::SourceLanguage;

use python::Names;

/// What a parallel rule may read: the tree of a Python file and its resolved imports.
pub(crate) struct PyCtx<'a> {
    pub root: Node<'a>,
    pub text: &'a str,
    pub lang: Lang,
    pub names: Names,
}

impl<'a> PyCtx<'a> {
    /// `None` for Rust files, and for files that do not parse: where a block is cut by a
    /// syntax error, the recovered tree puts a function's body at module level, and these rules
    /// would report what the student did not write. S001 reports the error instead.
    pub fn new(outline: &'a Outline, text: &'a str, lang: Lang) -> Option<PyCtx<'a>> {
        if outline.language != SourceLanguage::Python || outline.syntax_error.is_some() {
            return None;
        }
        let root = outline.tree.as_ref()?.root_node();
        Some(PyCtx {
            root,
            text,
            lang,
            names: Names::collect(root, text),
        })
    }

    /// The 1-based line of a node, for messages that point elsewhere.
    pub fn line(&self, node: Node) -> usize {
        node.start_position().row + 1
    }
}

/// What a Rust parallel rule may read: the tree of a Rust file.
pub(crate) struct RsCtx<'a> {
    pub root: Node<'a>,
    pub text: &'a str,
    pub lang: Lang,
    /// `use std::thread::spawn`: a bare `spawn(...)` is a thread's.
    pub spawn_imported: bool,
}

impl<'a> RsCtx<'a> {
    /// `None` for Python files, and for files that do not parse (see [`PyCtx::new`]).
    pub fn new(outline: &'a Outline, text: &'a str, lang: Lang) -> Option<RsCtx<'a>> {
        if outline.language != SourceLanguage::Rust || outline.syntax_error.is_some() {
            return None;
        }
        let root = outline.tree.as_ref()?.root_node();
        Some(RsCtx {
            root,
            text,
            lang,
            spawn_imported: rust::imports_spawn(root, text),
        })
    }
}
