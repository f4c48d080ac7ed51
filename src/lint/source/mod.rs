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
    let size = std::fs::metadata(path).map_or(0, |metadata| metadata.len());
    if size > crate::scratch::MAX_SOURCE_BYTES {
        let size = crate::units::format_size(size);
        return Err(match lang {
            Lang::En => format!("the file is {size}, too large to be a source file"),
            Lang::Fr => format!("le fichier fait {size}, trop pour un fichier source"),
        });
    }
    match std::fs::read(path) {
        Ok(bytes) => decode(&bytes, language, lang),
        Err(error) => Err(match lang {
            Lang::En => format!("cannot read the file: {error}"),
            Lang::Fr => format!("lecture du fichier impossible : {error}"),
        }),
    }
}
