//! The `[lint]` table of grader.toml: the raw serde mirror, then resolved, validated settings.
//!
//! The same table appears at course level (`[lint]`) and per exercise (`[exercises.<name>.lint]`).
//! Every key is optional: [`LintSettings::resolve`] layers the tables field by field over the
//! built-in defaults, later layers winning; the `rules` and `patterns` maps merge key by key.
//!
//! ```toml
//! [lint]
//! min-name-length = 3
//! allowed-short-names = ["i", "j", "n", "x"]
//! min-comment-density = 0.1
//!
//! [lint.rules]            # by code or name: "off", "warning" or "error"
//! N005 = "error"
//! todo-comment = "off"
//!
//! [lint.patterns]         # whole-name regexes per kind; replace the case rules for that kind
//! function = "[a-z][a-z0-9_]{2,}"
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};

use regex::Regex;
use serde::Deserialize;

use super::rules::{self, RuleMeta};
use super::syntax::NameKind;
use super::Severity;

/// The raw `[lint]` table, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawLint {
    /// Run the lint check at all (default true).
    pub enabled: Option<bool>,
    /// Rule code or name → level; merged key by key across layers.
    pub rules: Option<BTreeMap<String, RuleLevel>>,
    /// Names shorter than this (leading and trailing `_` aside) are too short (default 2).
    pub min_name_length: Option<usize>,
    /// Short names accepted anyway (default i, j, k, n, x, y, z).
    pub allowed_short_names: Option<Vec<String>>,
    /// Names no naming rule flags (default none).
    pub allowed_names: Option<Vec<String>>,
    /// Placeholder names, compared ignoring case (default foo, bar, toto, tmp, ...).
    pub placeholder_names: Option<Vec<String>>,
    /// Names this course or exercise forbids, compared exactly (default none).
    pub forbidden_names: Option<Vec<String>>,
    /// Kind → regex the whole name must match; merged key by key across layers.
    pub patterns: Option<BTreeMap<String, String>>,
    /// Minimum ratio of comment lines to code lines (default 0.05).
    pub min_comment_density: Option<f64>,
    /// Files with fewer lines of code are not checked for density (default 20).
    pub density_min_lines: Option<usize>,
    /// Files with fewer lines of code need no comment and no module doc (default 5).
    pub comments_min_lines: Option<usize>,
    /// Functions of fewer lines need no docstring (default 5).
    pub function_doc_min_lines: Option<usize>,
    /// Tags flagged in comments (default TODO, FIXME, XXX, HACK, A FAIRE, À FAIRE).
    pub todo_tags: Option<Vec<String>>,
}

/// What a rule does when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Warning,
    Error,
}

/// A configured name pattern, with its source for messages.
#[derive(Debug, Clone)]
pub(crate) struct NamePattern {
    pub regex: Regex,
    pub source: String,
}

/// The resolved settings every lint run reads.
#[derive(Debug, Clone)]
pub struct LintSettings {
    pub enabled: bool,
    /// Severity of each rule by code; `None` when the rule is off.
    severities: HashMap<&'static str, Option<Severity>>,
    pub(crate) min_name_length: usize,
    pub(crate) allowed_short_names: HashSet<String>,
    pub(crate) allowed_names: HashSet<String>,
    pub(crate) placeholder_names: HashSet<String>,
    pub(crate) forbidden_names: HashSet<String>,
    patterns: HashMap<NameKind, NamePattern>,
    pub(crate) min_comment_density: f64,
    pub(crate) density_min_lines: usize,
    pub(crate) comments_min_lines: usize,
    pub(crate) function_doc_min_lines: usize,
    /// `None` when no tag is configured.
    pub(crate) todo_tags: Option<Regex>,
}

const ALLOWED_SHORT_NAMES: &[&str] = &["i", "j", "k", "n", "x", "y", "z"];
const PLACEHOLDER_NAMES: &[&str] = &[
    "foo", "bar", "baz", "qux", "quux", "foobar", "spam", "eggs", "ham", "toto", "tata", "titi",
    "tutu", "tintin", "truc", "machin", "bidule", "chose", "test", "tmp", "temp", "var", "dummy",
    "stuff", "thing", "blabla", "blah", "aaa", "xxx",
];
const TODO_TAGS: &[&str] = &["TODO", "FIXME", "XXX", "HACK", "A FAIRE", "À FAIRE"];

impl Default for LintSettings {
    fn default() -> LintSettings {
        match LintSettings::resolve(&[]) {
            Ok(settings) => settings,
            // The defaults are constants; resolving them is covered by a unit test.
            Err(message) => unreachable!("built-in lint defaults are invalid: {message}"),
        }
    }
}

impl LintSettings {
    /// Layers the tables over the built-in defaults: `layers[0]` is the course's `[lint]`,
    /// later layers (an exercise's `[exercises.<name>.lint]`) override it field by field.
    /// The error names the offending key, such as `lint.rules.N999`.
    pub fn resolve(layers: &[&RawLint]) -> Result<LintSettings, String> {
        let raw = merge(layers);
        let mut severities: HashMap<&'static str, Option<Severity>> = rules::all()
            .into_iter()
            .map(|rule| (rule.code, Some(rule.severity)))
            .collect();
        for (key, level) in raw.rules.iter().flatten() {
            let rule = rules::find(key).ok_or_else(|| {
                format!("lint.rules.{key}: unknown rule (expected a code such as N001 or a name such as name-too-short; `grade explain` lists them)")
            })?;
            let severity = match level {
                RuleLevel::Off => None,
                RuleLevel::Warning => Some(Severity::Warning),
                RuleLevel::Error => Some(Severity::Error),
            };
            severities.insert(rule.code, severity);
        }
        let mut patterns = HashMap::new();
        for (key, source) in raw.patterns.iter().flatten() {
            let kind = NameKind::ALL
                .into_iter()
                .find(|kind| kind.key() == key)
                .ok_or_else(|| {
                    let kinds: Vec<&str> = NameKind::ALL.iter().map(|kind| kind.key()).collect();
                    format!(
                        "lint.patterns.{key}: unknown kind of name (expected one of {})",
                        kinds.join(", ")
                    )
                })?;
            let regex = Regex::new(&format!("^(?:{source})$")).map_err(|error| {
                format!("lint.patterns.{key}: invalid regular expression: {error}")
            })?;
            patterns.insert(
                kind,
                NamePattern {
                    regex,
                    source: source.clone(),
                },
            );
        }
        let min_name_length = raw.min_name_length.unwrap_or(2);
        if min_name_length == 0 {
            return Err("lint.min-name-length: must be at least 1".to_string());
        }
        let min_comment_density = raw.min_comment_density.unwrap_or(0.05);
        if !(0.0..=1.0).contains(&min_comment_density) {
            return Err(format!(
                "lint.min-comment-density: must be between 0 and 1 (a ratio of comment lines to code lines), got {min_comment_density}"
            ));
        }
        let tags = raw
            .todo_tags
            .unwrap_or_else(|| TODO_TAGS.iter().map(|tag| tag.to_string()).collect());
        if tags.iter().any(|tag| tag.trim().is_empty()) {
            return Err("lint.todo-tags: tags must not be empty".to_string());
        }
        let todo_tags = if tags.is_empty() {
            None
        } else {
            let alternatives: Vec<String> = tags.iter().map(|tag| regex::escape(tag)).collect();
            let regex = Regex::new(&format!(r"(?:^|\W)({})(?:\W|$)", alternatives.join("|")))
                .map_err(|error| format!("lint.todo-tags: {error}"))?;
            Some(regex)
        };
        Ok(LintSettings {
            enabled: raw.enabled.unwrap_or(true),
            severities,
            min_name_length,
            allowed_short_names: set(raw.allowed_short_names, ALLOWED_SHORT_NAMES),
            allowed_names: set(raw.allowed_names, &[]),
            placeholder_names: set(raw.placeholder_names, PLACEHOLDER_NAMES)
                .into_iter()
                .map(|name| name.to_lowercase())
                .collect(),
            forbidden_names: set(raw.forbidden_names, &[]),
            patterns,
            min_comment_density,
            density_min_lines: raw.density_min_lines.unwrap_or(20),
            comments_min_lines: raw.comments_min_lines.unwrap_or(5),
            function_doc_min_lines: raw.function_doc_min_lines.unwrap_or(5),
            todo_tags,
        })
    }

    /// The severity a rule has here, `None` when it is off.
    pub(crate) fn severity(&self, rule: &RuleMeta) -> Option<Severity> {
        self.severities
            .get(rule.code)
            .copied()
            .unwrap_or(Some(rule.severity))
    }

    /// The pattern configured for a kind of name.
    pub(crate) fn pattern(&self, kind: NameKind) -> Option<&NamePattern> {
        self.patterns.get(&kind)
    }
}

fn set(configured: Option<Vec<String>>, default: &[&str]) -> HashSet<String> {
    match configured {
        Some(names) => names.into_iter().collect(),
        None => default.iter().map(|name| name.to_string()).collect(),
    }
}

/// Later layers win field by field; the maps merge key by key.
fn merge(layers: &[&RawLint]) -> RawLint {
    let mut merged = RawLint::default();
    for layer in layers {
        let layer = (*layer).clone();
        merged.enabled = layer.enabled.or(merged.enabled);
        merged.rules = merge_map(merged.rules, layer.rules);
        merged.min_name_length = layer.min_name_length.or(merged.min_name_length);
        merged.allowed_short_names = layer.allowed_short_names.or(merged.allowed_short_names);
        merged.allowed_names = layer.allowed_names.or(merged.allowed_names);
        merged.placeholder_names = layer.placeholder_names.or(merged.placeholder_names);
        merged.forbidden_names = layer.forbidden_names.or(merged.forbidden_names);
        merged.patterns = merge_map(merged.patterns, layer.patterns);
        merged.min_comment_density = layer.min_comment_density.or(merged.min_comment_density);
        merged.density_min_lines = layer.density_min_lines.or(merged.density_min_lines);
        merged.comments_min_lines = layer.comments_min_lines.or(merged.comments_min_lines);
        merged.function_doc_min_lines = layer
            .function_doc_min_lines
            .or(merged.function_doc_min_lines);
        merged.todo_tags = layer.todo_tags.or(merged.todo_tags);
    }
    merged
}

fn merge_map<V>(
    base: Option<BTreeMap<String, V>>,
    over: Option<BTreeMap<String, V>>,
) -> Option<BTreeMap<String, V>> {
    match (base, over) {
        (Some(mut base), Some(over)) => {
            base.extend(over);
            Some(base)
        }
        (base, over) => over.or(base),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(toml_text: &str) -> RawLint {
        match toml::from_str(toml_text) {
            Ok(raw) => raw,
            Err(error) => panic!("bad test table: {error}"),
        }
    }

    #[test]
    fn defaults_resolve() {
        let settings = LintSettings::default();
        assert!(settings.enabled);
        assert_eq!(settings.min_name_length, 2);
        assert!(settings.placeholder_names.contains("toto"));
    }

    #[test]
    fn exercise_overrides_course_field_by_field() {
        let course = raw("min-name-length = 3\n[rules]\nN005 = \"error\"\nC005 = \"off\"\n");
        let exercise = raw("[rules]\nname-too-short = \"off\"\n");
        let settings =
            LintSettings::resolve(&[&course, &exercise]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(settings.min_name_length, 3);
        let too_short = rules::find("N005").unwrap_or_else(|| panic!("N005"));
        let todo = rules::find("C005").unwrap_or_else(|| panic!("C005"));
        assert_eq!(settings.severity(too_short), None);
        assert_eq!(settings.severity(todo), None);
    }

    #[test]
    fn errors_name_the_key() {
        let unknown = raw("[rules]\nN999 = \"off\"\n");
        let error = LintSettings::resolve(&[&unknown]).err().unwrap_or_default();
        assert!(error.starts_with("lint.rules.N999"), "{error}");
        let bad_regex = raw("[patterns]\nvariable = \"(\"\n");
        let error = LintSettings::resolve(&[&bad_regex])
            .err()
            .unwrap_or_default();
        assert!(error.starts_with("lint.patterns.variable"), "{error}");
        let bad_kind = raw("[patterns]\nvariables = \"x\"\n");
        let error = LintSettings::resolve(&[&bad_kind])
            .err()
            .unwrap_or_default();
        assert!(error.starts_with("lint.patterns.variables"), "{error}");
        let density = raw("min-comment-density = 5.0\n");
        let error = LintSettings::resolve(&[&density]).err().unwrap_or_default();
        assert!(error.starts_with("lint.min-comment-density"), "{error}");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(toml::from_str::<RawLint>("min-name-lenght = 3\n").is_err());
    }
}
