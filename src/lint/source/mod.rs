//! Reading a source file into text: bytes from disk, then decoded (see [`decode`]).

mod decode;
mod line_index;

use std::path::Path;

use crate::lang::Lang;

use super::SourceLanguage;

pub(crate) use decode::decode;
pub(crate) use line_index::LineIndex;

/// Reads and decodes one source file; the error says why, in the reader's language.
pub(crate) fn read(path: &Path, language: SourceLanguage, lang: Lang) -> Result<String, String> {
    match std::fs::read(path) {
        Ok(bytes) => decode(&bytes, language, lang),
        Err(error) => Err(match lang {
            Lang::En => format!("cannot read the file: {error}"),
            Lang::Fr => format!("lecture du fichier impossible : {error}"),
        }),
    }
}
