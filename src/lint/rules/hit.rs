//! What a rule returns when it fires: where, and the localised message and help.

use std::ops::Range;

/// A rule firing, before the driver attaches the rule and its configured severity.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

impl Hit {
    /// A hit whose texts are already in the report's language: attributes of the rule's
    /// message in `locales/<lang>/lint-*.ftl`, such as `name-too-short.message` and `.help`.
    pub fn text(span: Range<usize>, message: String, help: String) -> Hit {
        Hit {
            span,
            message,
            help,
        }
    }
}
