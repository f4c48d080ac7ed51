//! Counting lines of code and lines of comments, for the density rule.

use super::Comment;

pub(crate) struct LineCounts {
    pub code: usize,
    pub comment: usize,
}

/// Lines with code (not blank, not only comment) and lines with a comment or docstring.
pub(crate) fn count(text: &str, comments: &[Comment]) -> LineCounts {
    let mut counts = LineCounts {
        code: 0,
        comment: 0,
    };
    let mut next = 0; // The first comment that may still touch the current line.
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let first = start + (line.len() - line.trim_start().len());
        let last = start + line.trim_end().len();
        while next < comments.len() && comments[next].span.end <= start {
            next += 1;
        }
        let touching = comments[next..]
            .iter()
            .take_while(|comment| comment.span.start < offset)
            .filter(|comment| comment.span.end > start);
        let mut has_comment = false;
        let mut only_comment = false;
        for comment in touching {
            has_comment = true;
            if comment.span.start <= first && comment.span.end >= last {
                only_comment = true;
            }
        }
        if has_comment {
            counts.comment += 1;
        }
        if !only_comment {
            counts.code += 1;
        }
    }
    counts
}
