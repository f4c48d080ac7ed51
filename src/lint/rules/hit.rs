//! What a rule returns when it fires: where, and the localised message and help.

use std::ops::Range;

use crate::lang::Lang;

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

    /// A hit whose texts are given in both languages; only `lang`'s is kept.
    pub fn new(span: Range<usize>, lang: Lang, message: [String; 2], help: [String; 2]) -> Hit {
        let [message_en, message_fr] = message;
        let [help_en, help_fr] = help;
        match lang {
            Lang::En => Hit {
                span,
                message: message_en,
                help: help_en,
            },
            Lang::Fr => Hit {
                span,
                message: message_fr,
                help: help_fr,
            },
        }
    }
}
