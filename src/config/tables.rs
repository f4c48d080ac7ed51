//! The `[lint]` and `[sandbox]` tables of the course file: every error of each (their own
//! validation stops at the first, so a table is checked again without the key at fault), and
//! what the lint tables change from the built-in settings.

use std::collections::BTreeMap;

use super::resolve::Source;
use super::ConfigError;
use crate::lint::config::RuleLevel;
use crate::lint::{LintSettings, RawLint};
use crate::msg;
use crate::sandbox::{RawSandbox, SandboxSettings};

/// Checks the `[lint]` tables `layers` (course first), `table` being the last one's key
/// (`lint`, `exercises.cube.lint`). Every error of that table is reported, not only the first.
pub(super) fn resolve_lint(
    source: &Source,
    table: &str,
    layers: Vec<&RawLint>,
) -> Option<LintSettings> {
    let Some((last, under)) = layers.split_last() else {
        return Some(LintSettings::default());
    };
    let mut last = (*last).clone();
    let mut failed = false;
    // Each error names its key: without it, the table is checked again for the next one.
    for _ in 0..MAX_ERRORS_PER_TABLE {
        let layers: Vec<&RawLint> = under.iter().copied().chain([&last]).collect();
        match LintSettings::resolve(&layers) {
            Ok(settings) => return (!failed).then_some(settings),
            Err(message) => {
                failed = true;
                // The lint's own validation speaks English: quoted after a sentence of ours.
                let error = located(source, table, &message, |reason| {
                    msg!(source.lang, "config-lint-refused", reason = reason)
                });
                let removed = lint_without(&mut last, &error.key, table);
                source.report(error);
                if !removed {
                    return None;
                }
            }
        }
    }
    None
}

/// Enough for any table: each round removes one key of it.
const MAX_ERRORS_PER_TABLE: usize = 64;

/// Removes `key` (`exercises.cube.lint.rules.N999`) from the `[lint]` table `table` holds;
/// whether there was such a key.
fn lint_without(lint: &mut RawLint, key: &str, table: &str) -> bool {
    let Some(field) = key
        .strip_prefix(table)
        .and_then(|rest| rest.strip_prefix('.'))
    else {
        return false;
    };
    let (field, entry) = field.split_once('.').unwrap_or((field, ""));
    match field {
        "rules" => lint
            .rules
            .as_mut()
            .is_some_and(|rules| rules.remove(entry).is_some()),
        "patterns" => lint
            .patterns
            .as_mut()
            .is_some_and(|patterns| patterns.remove(entry).is_some()),
        "min-name-length" => lint.min_name_length.take().is_some(),
        "min-comment-density" => lint.min_comment_density.take().is_some(),
        "todo-tags" => lint.todo_tags.take().is_some(),
        _ => false,
    }
}

/// Checks `[sandbox]`, reporting every error of the table, not only the first.
pub(super) fn resolve_sandbox(
    source: &Source,
    table: Option<&RawSandbox>,
) -> Option<SandboxSettings> {
    let Some(table) = table else {
        return Some(SandboxSettings::default());
    };
    let mut table = table.clone();
    let mut failed = false;
    for _ in 0..MAX_ERRORS_PER_TABLE {
        match SandboxSettings::resolve(&table, source.lang) {
            Ok(settings) => return (!failed).then_some(settings),
            Err(message) => {
                failed = true;
                let error = located(source, "sandbox", &message, str::to_string);
                let removed = sandbox_without(&mut table, &error.key);
                source.report(error);
                if !removed {
                    return None;
                }
            }
        }
    }
    None
}

/// Removes `key` (`sandbox.memory`) from the table; whether it was there.
fn sandbox_without(sandbox: &mut RawSandbox, key: &str) -> bool {
    match key.strip_prefix("sandbox.").unwrap_or_default() {
        "memory" => sandbox.memory.take().is_some(),
        "tasks" => sandbox.tasks.take().is_some(),
        "cpu-time" => sandbox.cpu_time.take().is_some(),
        "file-size" => sandbox.file_size.take().is_some(),
        "open-files" => sandbox.open_files.take().is_some(),
        "uid" => sandbox.uid.take().is_some(),
        "disk" => sandbox.disk.take().is_some(),
        "files" => sandbox.files.take().is_some(),
        "isolation" => sandbox.isolation.take().is_some(),
        "required" => sandbox.required.take().is_some(),
        _ => false,
    }
}

/// An error from the validation of table `table` (`lint`, `exercises.cube.lint`, `sandbox`),
/// placed at the key it names, its text after the key put in words by `said`. The table's own
/// messages start with the key they are about.
fn located(
    source: &Source,
    table: &str,
    message: &str,
    said: impl Fn(&str) -> String,
) -> ConfigError {
    let (key, message) = match message.split_once(": ") {
        Some((named, rest)) if !named.contains(' ') => (named.to_string(), said(rest)),
        _ => (table.to_string(), said(message)),
    };
    let key = match table.rsplit_once('.') {
        // `exercises.cube.lint` + `lint.rules.x` -> `exercises.cube.lint.rules.x`
        Some((parent, _)) => format!("{parent}.{key}"),
        None => key,
    };
    source.about(&key, message)
}

/// The lint keys `layers` set (course first, a later layer winning key by key), as
/// `(key, value)` in key order: what an exercise's lint settings change from the built-in ones.
pub(super) fn lint_changes(layers: &[&RawLint]) -> Vec<(String, String)> {
    let mut changes: BTreeMap<String, String> = BTreeMap::new();
    let list = |names: &Vec<String>| names.join(", ");
    for layer in layers {
        let mut set = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                changes.insert(key.to_string(), value);
            }
        };
        set("enabled", layer.enabled.map(|on| on.to_string()));
        set(
            "min-name-length",
            layer.min_name_length.map(|n| n.to_string()),
        );
        set(
            "allowed-short-names",
            layer.allowed_short_names.as_ref().map(list),
        );
        set("allowed-names", layer.allowed_names.as_ref().map(list));
        set(
            "placeholder-names",
            layer.placeholder_names.as_ref().map(list),
        );
        set("forbidden-names", layer.forbidden_names.as_ref().map(list));
        set(
            "min-comment-density",
            layer.min_comment_density.map(|d| d.to_string()),
        );
        set(
            "density-min-lines",
            layer.density_min_lines.map(|n| n.to_string()),
        );
        set(
            "comments-min-lines",
            layer.comments_min_lines.map(|n| n.to_string()),
        );
        set(
            "function-doc-min-lines",
            layer.function_doc_min_lines.map(|n| n.to_string()),
        );
        set("todo-tags", layer.todo_tags.as_ref().map(list));
        for (rule, level) in layer.rules.iter().flatten() {
            let level = match level {
                RuleLevel::Off => "off",
                RuleLevel::Warning => "warning",
                RuleLevel::Error => "error",
            };
            set(&format!("rules.{rule}"), Some(level.to_string()));
        }
        for (kind, pattern) in layer.patterns.iter().flatten() {
            set(&format!("patterns.{kind}"), Some(pattern.clone()));
        }
    }
    changes.into_iter().collect()
}
