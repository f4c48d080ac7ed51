//! Reading a source file into text: bytes from disk, then decoded (see [`decode`]).

mod decode;
mod line_index;

use std::path::Path;

use crate::lang::Lang;
use crate::msg;

use super::SourceLanguage;

pub(crate) use decode::decode;
pub(crate) use line_index::LineIndex;

/// Reads and decodes one source file; the error says why, in the reader's language.
pub(crate) fn read(path: &Path, language: SourceLanguage, lang: Lang) -> Result<String, String> {
    let size = std::fs::metadata(path).map_or(0, |metadata| metadata.len());
    if size > crate::scratch::MAX_SOURCE_BYTES {
        let size = crate::units::format_size(size);
        return Err(msg!(lang, "lint-too-large", size = size));
    }
    match std::fs::read(path) {
        Ok(bytes) => decode(&bytes, language, lang),
        Err(error) => Err(msg!(lang, "lint-cannot-read", error = error.to_string())),
    }
}
