//! C006: too few comments for the size of the code.

use super::FileCtx;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "C006",
    name: "low-comment-density",
    category: Category::Comments,
    severity: Severity::Warning,
    summary: Text {
        en: "fewer comment lines than `min-comment-density` of the code lines",
        fr: "moins de lignes de commentaire que `min-comment-density` des lignes de code",
    },
    explain: Text {
        en: "## What it does
Counts the lines holding a comment or docstring and the lines holding code, in files of at least
`density-min-lines` lines of code (20 by default), and flags files where comment lines are fewer
than `min-comment-density` (0.05 by default: one comment line per 20 lines of code) of the code
lines. A file with no comment at all gets C001 instead.

## Why is this bad
A long file with a single comment explains its first step and leaves the reader alone for the
rest. The threshold is deliberately low: it catches code left uncommented, not code that is
clear by itself.

## Example
A 60-line script whose only comment is its module docstring.

Use instead: a docstring on each function, and a comment on each step whose reason is not
obvious (why this many processes, why `join` here, what the queue carries).",
        fr: "## Ce que fait la règle
Compte les lignes qui portent un commentaire ou une docstring et les lignes de code, dans les
fichiers d'au moins `density-min-lines` lignes de code (20 par défaut), et signale ceux où les
lignes de commentaire sont moins de `min-comment-density` (0,05 par défaut : une ligne de
commentaire pour 20 lignes de code) des lignes de code. Un fichier sans aucun commentaire reçoit
C001 à la place.

## Pourquoi est-ce un problème
Un long fichier avec un seul commentaire explique sa première étape et laisse le lecteur seul
pour le reste. Le seuil est volontairement bas : il repère le code laissé sans commentaire, pas
le code clair par lui-même.

## Exemple
Un script de 60 lignes dont le seul commentaire est la docstring du module.

À écrire plutôt : une docstring par fonction, et un commentaire sur chaque étape dont la raison
n'est pas évidente (pourquoi tant de processus, pourquoi `join` ici, ce que transporte la queue).",
    },
};

/// Fires once, on the first line of code, when the ratio is under the threshold.
pub(crate) fn check(ctx: &FileCtx) -> Vec<Hit> {
    let code = ctx.outline.code_lines;
    let comments = ctx.outline.comment_lines;
    let min = ctx.settings.min_comment_density;
    let expected = (min * code as f64).ceil() as usize;
    if code < ctx.settings.density_min_lines || comments >= expected || ctx.has_no_comment() {
        return Vec::new();
    }
    let percent = min * 100.0;
    vec![Hit::new(
        ctx.first_code_line(),
        ctx.lang,
        [
            format!("only {comments} comment lines for {code} lines of code (at least {expected} expected, {percent:.0}%)"),
            format!("seulement {comments} lignes de commentaire pour {code} lignes de code (au moins {expected} attendues, {percent:.0} %)"),
        ],
        [
            "comment the steps whose reason a reader cannot guess: why, not what".to_string(),
            "commenter les étapes dont le lecteur ne peut pas deviner la raison : pourquoi, pas quoi".to_string(),
        ],
    )]
}
