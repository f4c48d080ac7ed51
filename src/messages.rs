//! Messages people read, in their language, from Fluent files: `locales/en.ftl` and
//! `locales/fr.ftl`, compiled into the binary. A message is named by its id and filled with
//! named arguments; a translator changes a file, never the code.
//!
//! ```text
//! run-exit-code = the program failed with exit code { $code }
//! ```
//! is `message(lang, "run-exit-code", &[("code", 1.into())])`, or `msg!(lang, "run-exit-code", code = 1)`.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

pub use fluent_bundle::FluentValue as Value;

use crate::lang::Lang;

/// The message files, by language.
const FILES: [(Lang, &str, &str); 2] = [
    (Lang::En, "en", include_str!("../locales/en.ftl")),
    (Lang::Fr, "fr", include_str!("../locales/fr.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

/// The bundle of `lang`, parsed once.
fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<Vec<(Lang, Bundle)>> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| {
        FILES
            .iter()
            .map(|&(lang, tag, text)| {
                (lang, parse(tag, text).unwrap_or_else(|err| panic!("{err}")))
            })
            .collect()
    });
    bundles
        .iter()
        .find(|(of, _)| *of == lang)
        .map(|(_, bundle)| bundle)
        .expect("a message file for every language")
}

/// The bundle of one message file; every syntax error of the file, or a duplicated id, is an
/// error that names the file (a test reads both files through this).
fn parse(tag: &str, text: &str) -> Result<Bundle, String> {
    let resource = FluentResource::try_new(text.to_string())
        .map_err(|(_, errors)| format!("locales/{tag}.ftl: {errors:?}"))?;
    let language: unic_langid::LanguageIdentifier = tag
        .parse()
        .map_err(|err| format!("locales/{tag}.ftl: {err}"))?;
    let mut bundle = FluentBundle::new_concurrent(vec![language]);
    // Fluent wraps each argument in bidi isolation marks by default; a terminal shows them as
    // the escapes they are (see `text::printable`), and every argument here is plain text.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .map_err(|errors| format!("locales/{tag}.ftl: {errors:?}"))?;
    Ok(bundle)
}

/// The message `id` in `lang`, its arguments filled. An id missing from the files is a bug a
/// test catches; it reads as the id itself rather than losing the report.
pub fn message(lang: Lang, id: &str, args: &[(&str, Value)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// `msg!(lang, "id", name = value, ...)`: [`message`] with named arguments.
#[macro_export]
macro_rules! msg {
    ($lang:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::message(
            $lang,
            $id,
            &[$((stringify!($name), $crate::messages::Value::from($value))),*],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The ids of a message file.
    fn ids(text: &str) -> BTreeSet<String> {
        text.lines()
            .filter_map(|line| line.split_once(" ="))
            .map(|(id, _)| id.trim().to_string())
            .filter(|id| !id.is_empty() && !id.starts_with('#') && !id.starts_with(' '))
            .collect()
    }

    #[test]
    fn every_file_parses_and_has_the_same_messages() {
        let mut all = Vec::new();
        for (_, tag, text) in FILES {
            parse(tag, text).unwrap_or_else(|err| panic!("{err}"));
            all.push((tag, ids(text)));
        }
        let (first, ids_of_first) = &all[0];
        for (tag, ids) in &all[1..] {
            let missing: Vec<_> = ids_of_first.difference(ids).collect();
            let extra: Vec<_> = ids.difference(ids_of_first).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "locales/{tag}.ftl lacks {missing:?} of locales/{first}.ftl, and has {extra:?} it lacks"
            );
        }
    }

    #[test]
    fn every_message_the_code_asks_for_exists() {
        let known = ids(FILES[0].2);
        let asked = regex::Regex::new(r#"msg!\(\s*[^,]+,\s*"([a-z0-9-]+)""#).expect("regex");
        let mut missing = Vec::new();
        let mut pending = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = pending.pop() {
            for item in std::fs::read_dir(&dir).expect("src") {
                let path = item.expect("entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("source");
                    for found in asked.captures_iter(&text) {
                        if !known.contains(&found[1]) && found[1] != *"id" {
                            missing.push(format!("{}: {}", path.display(), &found[1]));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "no such message: {missing:#?}");
    }

    #[test]
    fn arguments_are_filled_without_isolation_marks() {
        let text = msg!(Lang::Fr, "run-exit-code", code = 3);
        assert_eq!(text, "le programme a échoué avec le code de sortie 3");
        let text = msg!(Lang::En, "run-exit-code", code = 3);
        assert_eq!(text, "the program failed with exit code 3");
    }
}
