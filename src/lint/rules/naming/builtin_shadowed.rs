//! N009: Python names that hide a builtin (`sum`, `list`, `max`, `input`, ...).

use super::{kind_word, NameCtx};
use crate::lint::rules::{explain, Hit, RuleMeta};
use crate::lint::syntax::{Binding, NameKind};
use crate::lint::{Category, Severity, SourceLanguage};
use crate::msg;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N009",
    name: "builtin-shadowed",
    category: Category::Naming,
    severity: Severity::Error,
    explain: explain!("N009"),
};

/// Python's builtin functions and types (site's `copyright`, `credits` and `license` left out).
const BUILTINS: &[&str] = &[
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
];

/// Fires on a Python binding in a scope (not an attribute or method) named like a builtin.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let in_scope = match binding.kind {
        NameKind::Attribute | NameKind::Field => false,
        NameKind::Function => !binding.method,
        NameKind::Variable
        | NameKind::Parameter
        | NameKind::LoopVariable
        | NameKind::Type
        | NameKind::Constant
        | NameKind::ModuleVariable => true,
    };
    let name = binding.name.as_str();
    if ctx.language != SourceLanguage::Python || !in_scope || !BUILTINS.contains(&name) {
        return None;
    }
    Some(Hit::text(
        binding.span.clone(),
        msg!(
            ctx.lang,
            "builtin-shadowed.message",
            kind = kind_word(binding.kind, ctx.lang),
            name = name
        ),
        msg!(ctx.lang, "builtin-shadowed.help", name = name),
    ))
}
