//! N002: functions and methods in snake_case.

use super::{is_snake, to_snake, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::{Category, Severity};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N002",
    name: "function-not-snake-case",
    category: Category::Naming,
    severity: Severity::Error,
    explain: explain!("N002"),
};

/// Names that unittest and http.server impose.
const IMPOSED: &[&str] = &[
    "setUp",
    "tearDown",
    "setUpClass",
    "tearDownClass",
    "setUpModule",
    "tearDownModule",
    "asyncSetUp",
    "asyncTearDown",
];

/// Fires on a function name with capitals, unless a pattern is configured for functions.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    let imposed = IMPOSED.contains(&name)
        || name
            .strip_prefix("do_")
            .is_some_and(|verb| verb.chars().all(|c| c.is_ascii_uppercase()));
    if binding.kind != NameKind::Function
        || ctx.settings.pattern(NameKind::Function).is_some()
        || is_snake(name)
        || imposed
    {
        return None;
    }
    Some(Hit::text(
        binding.span.clone(),
        msg!(ctx.lang, "function-not-snake-case.message", name = name),
        msg!(
            ctx.lang,
            "function-not-snake-case.help",
            suggestion = to_snake(name)
        ),
    ))
}
