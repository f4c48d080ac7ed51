//! N007: names told apart by a number (`x1`, `data2`, `process_1`).

use super::{bare, kind_word, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N007",
    name: "numbered-name",
    category: Category::Naming,
    severity: Severity::Warning,
    explain: explain!("N007"),
};

/// Words that end with a number of their own.
const NUMBERED_WORDS: &[&str] = &[
    "md4",
    "md5",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha512",
    "sha3",
    "blake2",
    "blake3",
    "crc32",
    "crc64",
    "utf8",
    "utf16",
    "utf32",
    "ucs2",
    "ucs4",
    "latin1",
    "base16",
    "base32",
    "base58",
    "base64",
    "base85",
    "int8",
    "int16",
    "int32",
    "int64",
    "int128",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float16",
    "float32",
    "float64",
    "complex64",
    "complex128",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "f32",
    "f64",
    "log2",
    "log10",
    "log1p",
    "exp2",
    "expm1",
    "atan2",
    "ipv4",
    "ipv6",
    "x86",
    "x64",
    "amd64",
    "arm64",
    "aarch64",
    "http2",
    "http3",
    "py2",
    "py3",
    "oauth2",
    "s3",
    "ec2",
    "k8s",
    "mp3",
    "mp4",
    "h264",
    "vec2",
    "vec3",
    "vec4",
    "mat2",
    "mat3",
    "mat4",
    "p2p",
    "b2b",
    "e2e",
    "l10n",
    "i18n",
    "1d",
    "2d",
    "3d",
];

/// Fires on a value name that ends with digits, unless the digits belong to a known word.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    if binding.kind == NameKind::Type {
        return None;
    }
    let name = bare(&binding.name);
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if stem.len() == name.len() || stem.trim_end_matches('_').is_empty() {
        return None;
    }
    let last_word = name.rsplit('_').next().unwrap_or(name).to_lowercase();
    if NUMBERED_WORDS.contains(&last_word.as_str()) {
        return None;
    }
    Some(Hit::text(
        binding.span.clone(),
        msg!(
            ctx.lang,
            "numbered-name.message",
            kind = kind_word(binding.kind, ctx.lang),
            name = binding.name.as_str()
        ),
        msg!(ctx.lang, "numbered-name.help"),
    ))
}
