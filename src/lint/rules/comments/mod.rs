//! Comment rules, and what they share: the file's outline, its text and which comments count.

pub(crate) mod commented_out_code;
pub(crate) mod empty_comment;
pub(crate) mod low_comment_density;
pub(crate) mod missing_function_doc;
pub(crate) mod missing_module_doc;
pub(crate) mod no_comments;
pub(crate) mod todo_comment;

use std::ops::Range;

use crate::lang::Lang;
use crate::lint::config::LintSettings;
use crate::lint::source::LineIndex;
use crate::lint::syntax::{is_pragma, Comment, CommentKind, Outline};

/// What a comment rule may read.
pub(crate) struct FileCtx<'a> {
    pub outline: &'a Outline,
    pub text: &'a str,
    pub settings: &'a LintSettings,
    pub lang: Lang,
    pub index: LineIndex,
    /// For each comment of the outline, whether it explains something (see [`FileCtx::prose`]).
    explains: Vec<bool>,
}

impl<'a> FileCtx<'a> {
    pub fn new(
        outline: &'a Outline,
        text: &'a str,
        settings: &'a LintSettings,
        lang: Lang,
    ) -> FileCtx<'a> {
        let explains = outline
            .comments
            .iter()
            .map(|comment| {
                let body = &text[comment.body.clone()];
                let plain = matches!(comment.kind, CommentKind::Line | CommentKind::Block);
                let empty = body.trim().is_empty();
                let code = plain && commented_out_code::detect::is_code(body, outline.language);
                !(empty || code || is_pragma(body, comment.line))
            })
            .collect();
        FileCtx {
            outline,
            text,
            settings,
            lang,
            index: LineIndex::new(text),
            explains,
        }
    }

    /// The text of a comment between its markers.
    pub fn body(&self, comment: &Comment) -> &'a str {
        &self.text[comment.body.clone()]
    }

    /// Comments and docstrings that explain something to a reader: not empty, not directives
    /// such as `noqa`, not commented-out code.
    pub fn prose(&self) -> impl Iterator<Item = &'a Comment> + '_ {
        let outline: &'a Outline = self.outline;
        outline
            .comments
            .iter()
            .zip(&self.explains)
            .filter(|(_, explains)| **explains)
            .map(|(comment, _)| comment)
    }

    /// Long enough for the file-level rules (C001, C002) to apply.
    pub fn big_enough(&self) -> bool {
        self.outline.code_lines >= self.settings.comments_min_lines
    }

    /// C001's condition, which the other file-level rules defer to.
    pub fn has_no_comment(&self) -> bool {
        self.big_enough() && self.prose().next().is_none()
    }

    /// The span of the first line of code, blanks excluded, where file-level findings point.
    pub fn first_code_line(&self) -> Range<usize> {
        let line = self
            .index
            .line_of(self.outline.first_code.min(self.text.len()));
        let range = self.index.line_range(self.text, line);
        let line_text = &self.text[range.clone()];
        let start = range.start + (line_text.len() - line_text.trim_start().len());
        start..range.end.max(start)
    }
}
