//! Messages people read, in their language, from Fluent files: `locales/en/*.ftl` and
//! `locales/fr/*.ftl`, compiled into the binary. A message is named by its id and filled with
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

/// The message files of one language: what the checks say (`checks.ftl`, `build.ftl` for the
/// build and the grader's own steps, `result.ftl` for the result check), the terminal report
/// (`report.ftl`), the command line and its errors (`cli.ftl`), the sandbox's protections and why
/// an isolation was refused (`sandbox.ftl`), each lint category's findings (`lint-*.ftl`; a
/// rule's id is its name, its findings' texts the id's attributes), the lint's other texts
/// (`lint.ftl`: its commands, category and severity words, unreadable files), and the HTML
/// report's own words (`html.ftl`: its headings, labels, legends and tooltips), `grade
/// similar` (`similar.ftl`), and the course bundle: `grade pack`, and reading a bundle
/// (`bundle.ftl`).
macro_rules! files {
    ($tag:literal) => {
        [
            (
                "checks.ftl",
                include_str!(concat!("../locales/", $tag, "/checks.ftl")),
            ),
            (
                "cli.ftl",
                include_str!(concat!("../locales/", $tag, "/cli.ftl")),
            ),
            (
                "sandbox.ftl",
                include_str!(concat!("../locales/", $tag, "/sandbox.ftl")),
            ),
            (
                "report.ftl",
                include_str!(concat!("../locales/", $tag, "/report.ftl")),
            ),
            (
                "build.ftl",
                include_str!(concat!("../locales/", $tag, "/build.ftl")),
            ),
            (
                "result.ftl",
                include_str!(concat!("../locales/", $tag, "/result.ftl")),
            ),
            (
                "lint-naming.ftl",
                include_str!(concat!("../locales/", $tag, "/lint-naming.ftl")),
            ),
            (
                "lint-comments.ftl",
                include_str!(concat!("../locales/", $tag, "/lint-comments.ftl")),
            ),
            (
                "lint-parallel.ftl",
                include_str!(concat!("../locales/", $tag, "/lint-parallel.ftl")),
            ),
            (
                "lint.ftl",
                include_str!(concat!("../locales/", $tag, "/lint.ftl")),
            ),
            (
                "similar.ftl",
                include_str!(concat!("../locales/", $tag, "/similar.ftl")),
            ),
            (
                "html.ftl",
                include_str!(concat!("../locales/", $tag, "/html.ftl")),
            ),
            (
                "bundle.ftl",
                include_str!(concat!("../locales/", $tag, "/bundle.ftl")),
            ),
        ]
    };
}

/// A language's message files, as [`files!`] lists them: (file name, text).
type Files = [(&'static str, &'static str); 13];

/// The languages, each with its tag and message files.
const LANGUAGES: [(Lang, &str, Files); 2] = [
    (Lang::En, "en", files!("en")),
    (Lang::Fr, "fr", files!("fr")),
];

type Bundle = FluentBundle<FluentResource>;

/// The bundle of `lang`, parsed once.
fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<Vec<(Lang, Bundle)>> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| {
        LANGUAGES
            .iter()
            .map(|(lang, tag, files)| {
                (
                    *lang,
                    parse(tag, files).unwrap_or_else(|err| panic!("{err}")),
                )
            })
            .collect()
    });
    bundles
        .iter()
        .find(|(of, _)| *of == lang)
        .map(|(_, bundle)| bundle)
        .expect("message files for every language")
}

/// The bundle of one language's message files; a syntax error, or an id given twice, is an
/// error that names the file (a test reads every file through this).
fn parse(tag: &str, files: &[(&str, &str)]) -> Result<Bundle, String> {
    let language: unic_langid::LanguageIdentifier =
        tag.parse().map_err(|err| format!("locales/{tag}: {err}"))?;
    let mut bundle = FluentBundle::new_concurrent(vec![language]);
    // Fluent wraps each argument in bidi isolation marks by default; a terminal shows them as
    // the escapes they are (see `text::printable`), and every argument here is plain text.
    bundle.set_use_isolating(false);
    for (name, text) in files {
        let resource = FluentResource::try_new(text.to_string())
            .map_err(|(_, errors)| format!("locales/{tag}/{name}: {errors:?}"))?;
        bundle
            .add_resource(resource)
            .map_err(|errors| format!("locales/{tag}/{name}: {errors:?}"))?;
    }
    Ok(bundle)
}

/// The message `id` in `lang`, its arguments filled; `id.attribute` names an attribute of a
/// message (`name-too-short.help`). An id missing from the files is a bug a test catches; it
/// reads as the id itself rather than losing the report.
pub fn message(lang: Lang, id: &str, args: &[(&str, Value)]) -> String {
    let bundle = bundle(lang);
    let (name, attribute) = match id.split_once('.') {
        Some((name, attribute)) => (name, Some(attribute)),
        None => (id, None),
    };
    let pattern = bundle
        .get_message(name)
        .and_then(|message| match attribute {
            Some(attribute) => message.get_attribute(attribute).map(|found| found.value()),
            None => message.value(),
        });
    let Some(pattern) = pattern else {
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
    ($lang:expr, $id:expr $(, $name:ident = $value:expr)* $(,)?) => {
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

    /// The ids of a language's messages, `id` and `id.attribute`.
    fn ids(files: &[(&str, &str)]) -> BTreeSet<String> {
        use fluent_syntax::ast::Entry;
        let mut ids = BTreeSet::new();
        for (_, text) in files {
            let resource = FluentResource::try_new(text.to_string()).expect("parses");
            for entry in resource.entries() {
                if let Entry::Message(message) = entry {
                    let id = message.id.name;
                    if message.value.is_some() {
                        ids.insert(id.to_string());
                    }
                    for attribute in &message.attributes {
                        ids.insert(format!("{id}.{}", attribute.id.name));
                    }
                }
            }
        }
        ids
    }

    #[test]
    fn every_file_parses_and_has_the_same_messages() {
        let mut all = Vec::new();
        for (_, tag, files) in &LANGUAGES {
            parse(tag, files).unwrap_or_else(|err| panic!("{err}"));
            all.push((tag, ids(files)));
        }
        let (first, ids_of_first) = &all[0];
        for (tag, ids) in &all[1..] {
            let missing: Vec<_> = ids_of_first.difference(ids).collect();
            let extra: Vec<_> = ids.difference(ids_of_first).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "locales/{tag} lacks {missing:?} of locales/{first}, and has {extra:?} it lacks"
            );
        }
    }

    /// Every Rust file under `src/`, with its text.
    fn sources() -> Vec<(std::path::PathBuf, String)> {
        let mut sources = Vec::new();
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
                    sources.push((path, text));
                }
            }
        }
        sources
    }

    /// Every `msg!(lang, "id", ...)` of the code names a message of the files; ids built at run
    /// time (a rule's name and an attribute) are checked by the lint's own tests.
    #[test]
    fn every_message_the_code_asks_for_exists() {
        let known = ids(&LANGUAGES[0].2);
        let asked = regex::Regex::new(r#"msg!\(\s*[^,]+,\s*"([a-z0-9.-]+)""#).expect("regex");
        let mut missing = Vec::new();
        for (path, text) in sources() {
            for found in asked.captures_iter(&text) {
                if !known.contains(&found[1]) && found[1] != *"id" {
                    missing.push(format!("{}: {}", path.display(), &found[1]));
                }
            }
        }
        assert!(missing.is_empty(), "no such message: {missing:#?}");
    }

    /// The variables each message uses (`id` and `id.attribute`), in either language.
    fn variables() -> std::collections::BTreeMap<String, BTreeSet<String>> {
        use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
        fn pattern(pattern: &Pattern<&str>, found: &mut BTreeSet<String>) {
            for element in &pattern.elements {
                if let PatternElement::Placeable { expression } = element {
                    expression_of(expression, found);
                }
            }
        }
        fn expression_of(expression: &Expression<&str>, found: &mut BTreeSet<String>) {
            match expression {
                Expression::Select { selector, variants } => {
                    inline(selector, found);
                    for variant in variants {
                        pattern(&variant.value, found);
                    }
                }
                Expression::Inline(expression) => inline(expression, found),
            }
        }
        fn inline(expression: &InlineExpression<&str>, found: &mut BTreeSet<String>) {
            match expression {
                InlineExpression::VariableReference { id } => {
                    found.insert(id.name.to_string());
                }
                InlineExpression::Placeable { expression } => expression_of(expression, found),
                InlineExpression::FunctionReference { arguments, .. } => {
                    for argument in &arguments.positional {
                        inline(argument, found);
                    }
                    for argument in &arguments.named {
                        inline(&argument.value, found);
                    }
                }
                _ => {}
            }
        }
        let mut variables = std::collections::BTreeMap::<String, BTreeSet<String>>::new();
        for (_, _, files) in &LANGUAGES {
            for (_, text) in files {
                let resource = fluent_syntax::parser::parse(*text).expect("parses");
                for entry in resource.body {
                    if let Entry::Message(message) = entry {
                        let id = message.id.name;
                        if let Some(value) = &message.value {
                            pattern(value, variables.entry(id.to_string()).or_default());
                        }
                        for attribute in &message.attributes {
                            let key = format!("{id}.{}", attribute.id.name);
                            pattern(&attribute.value, variables.entry(key).or_default());
                        }
                    }
                }
            }
        }
        variables
    }

    /// The arguments of each `msg!(lang, "id", name = value, ...)` in `text`: the id, and the
    /// names given. Read with brackets and strings balanced, so that values holding commas and
    /// calls (`format!("{a}, {b}")`) are one argument each.
    fn calls(text: &str) -> Vec<(String, BTreeSet<String>)> {
        let mut calls = Vec::new();
        for (start, _) in text.match_indices("msg!(") {
            let mut depth = 0usize;
            let mut arguments = vec![String::new()];
            let mut chars = text[start + "msg!(".len()..].chars();
            while let Some(c) = chars.next() {
                match c {
                    '"' => {
                        let last = arguments.last_mut().expect("an argument");
                        last.push(c);
                        while let Some(c) = chars.next() {
                            last.push(c);
                            match c {
                                '\\' => last.extend(chars.next()),
                                '"' => break,
                                _ => {}
                            }
                        }
                        continue;
                    }
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' if depth == 0 => break,
                    ')' | ']' | '}' => depth -= 1,
                    ',' if depth == 0 => {
                        arguments.push(String::new());
                        continue;
                    }
                    _ => {}
                }
                arguments.last_mut().expect("an argument").push(c);
            }
            let Some(id) = arguments
                .get(1)
                .and_then(|id| id.trim().strip_prefix('"')?.strip_suffix('"'))
            else {
                continue;
            };
            let names = arguments[2..]
                .iter()
                .filter_map(|argument| Some(argument.split_once('=')?.0.trim().to_string()))
                .filter(|name| !name.is_empty())
                .collect();
            calls.push((id.to_string(), names));
        }
        calls
    }

    /// Every `msg!` call with a literal id gives every variable its message uses, in both
    /// languages: a missing one prints `{$name}` to the user and no test would notice.
    #[test]
    fn every_message_gets_the_variables_it_uses() {
        let variables = variables();
        let mut missing = Vec::new();
        let mut checked = 0;
        for (path, text) in sources() {
            for (id, given) in calls(&text) {
                let Some(needed) = variables.get(&id) else {
                    continue;
                };
                checked += 1;
                let lacking: Vec<&String> = needed.difference(&given).collect();
                if !lacking.is_empty() {
                    missing.push(format!("{}: {id} lacks {lacking:?}", path.display()));
                }
            }
        }
        assert!(checked > 300, "only {checked} calls read");
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn the_call_reader_splits_arguments_at_top_level_commas_only() {
        let text = r#"let x = msg!(lang, "pack-busy", ratio = format!("{a}, {b}"), b = f(1, 2));"#;
        let calls = calls(text);
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].0, "pack-busy");
        let names: Vec<&String> = calls[0].1.iter().collect();
        assert_eq!(names, ["b", "ratio"]);
    }

    /// French counts 0 as singular: a plural's `[one]` variant must show the number, never a
    /// literal 1.
    #[test]
    fn zero_is_counted_as_zero() {
        let text = msg!(Lang::Fr, "lint-found", errors = 0, warnings = 2);
        assert!(text.starts_with("0 erreur, 2 avertissements"), "{text}");
        let text = msg!(Lang::Fr, "report-students", count = 0);
        assert_eq!(text, "0 étudiant");
        for (_, tag, files) in &LANGUAGES {
            for (name, text) in files.iter() {
                assert!(
                    !text.contains("[one] 1 "),
                    "locales/{tag}/{name}: a `[one]` variant says 1 where French also puts 0"
                );
            }
        }
    }

    #[test]
    fn arguments_are_filled_without_isolation_marks() {
        let text = msg!(Lang::Fr, "run-exit-code", code = 3);
        assert_eq!(text, "le programme a échoué avec le code de sortie 3");
        let text = msg!(Lang::En, "run-exit-code", code = 3);
        assert_eq!(text, "the program failed with exit code 3");
    }
}
