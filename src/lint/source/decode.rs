//! Decoding source bytes: UTF-8 by default, or the encoding a Python coding declaration names.
//!
//! Older editors still write Latin-1 with `# -*- coding: latin-1 -*-` (PEP 263); Python runs such
//! a file, so the grader must read it too. Without a declaration the bytes must be UTF-8, as
//! Python 3 and rustc require: anything else is reported, never guessed.

use encoding_rs::{Encoding, UTF_8};

use crate::lang::Lang;
use crate::lint::SourceLanguage;
use crate::msg;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a source file's bytes; the error says why, in the reader's language.
pub(crate) fn decode(bytes: &[u8], language: SourceLanguage, lang: Lang) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(BOM) {
        return decode_with(rest, UTF_8, "utf-8", lang);
    }
    let declared = match language {
        SourceLanguage::Python => coding_declaration(bytes),
        SourceLanguage::Rust => None,
    };
    match declared {
        None => decode_with(bytes, UTF_8, "utf-8", lang),
        Some(label) => match encoding_for(&label) {
            Some(encoding) => decode_with(bytes, encoding, &label, lang),
            None => Err(msg!(lang, "lint-unknown-encoding", label = label)),
        },
    }
}

fn decode_with(
    bytes: &[u8],
    encoding: &'static Encoding,
    label: &str,
    lang: Lang,
) -> Result<String, String> {
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(text.into_owned()),
        None => Err(msg!(lang, "lint-invalid-encoding", label = label)),
    }
}

/// The encoding named on one of the first two lines, as PEP 263 reads it:
/// a comment matching `coding[:=]\s*([-\w.]+)`.
fn coding_declaration(bytes: &[u8]) -> Option<String> {
    bytes.split(|&byte| byte == b'\n').take(2).find_map(|line| {
        let line = std::str::from_utf8(line).ok().or_else(|| {
            // The declaration itself is ASCII: cut the line where non-ASCII bytes begin.
            let ascii_len = line.iter().take_while(|byte| byte.is_ascii()).count();
            std::str::from_utf8(&line[..ascii_len]).ok()
        })?;
        let comment = line
            .trim_start_matches([' ', '\t', '\x0c'])
            .strip_prefix('#')?;
        let at = comment.find("coding")?;
        let rest = comment[at + "coding".len()..].strip_prefix([':', '='])?;
        let label: String = rest
            .trim_start_matches([' ', '\t'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        (!label.is_empty()).then_some(label)
    })
}

/// Maps Python's codec names onto WHATWG labels, which `encoding_rs` knows.
fn encoding_for(label: &str) -> Option<&'static Encoding> {
    let mut name = label.to_ascii_lowercase().replace('_', "-");
    for suffix in ["-unix", "-dos", "-mac"] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            name = stripped.to_string();
        }
    }
    let whatwg = match name.as_str() {
        "latin-1" | "latin1" | "l1" | "iso-8859-1" | "iso8859-1" | "8859" | "cp819" => "iso-8859-1",
        "utf8" | "utf-8" => "utf-8",
        "latin-9" | "latin9" | "iso8859-15" => "iso-8859-15",
        other => other,
    };
    Encoding::for_label(whatwg.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_with_declaration_decodes() {
        let bytes = b"# -*- coding: latin-1 -*-\n# r\xE9sultat\n";
        let text = decode(bytes, SourceLanguage::Python, Lang::En);
        assert_eq!(
            text.as_deref(),
            Ok("# -*- coding: latin-1 -*-\n# r\u{e9}sultat\n")
        );
    }

    #[test]
    fn latin1_without_declaration_is_refused() {
        let text = decode(b"x = 1  # r\xE9sultat\n", SourceLanguage::Python, Lang::En);
        assert!(text.is_err());
    }

    #[test]
    fn declaration_on_second_line_after_shebang() {
        let bytes = b"#!/usr/bin/env python3\n# vim: set fileencoding=iso-8859-15 :\n";
        assert_eq!(coding_declaration(bytes).as_deref(), Some("iso-8859-15"));
    }

    #[test]
    fn unknown_encoding_is_reported() {
        let text = decode(b"# coding: klingon\n", SourceLanguage::Python, Lang::Fr);
        assert!(text.is_err_and(|why| why.contains("klingon")));
    }

    #[test]
    fn bom_is_dropped() {
        let text = decode(b"\xEF\xBB\xBFx = 1\n", SourceLanguage::Python, Lang::En);
        assert_eq!(text.as_deref(), Ok("x = 1\n"));
    }
}
