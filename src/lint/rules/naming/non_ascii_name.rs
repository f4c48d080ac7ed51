//! N010: identifiers with characters outside ASCII (`résultat`, `nombre_éléments`).

use super::{kind_words, NameCtx};
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::syntax::Binding;
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "N010",
    name: "non-ascii-name",
    category: Category::Naming,
    severity: Severity::Warning,
    summary: Text {
        en: "identifier with non-ASCII characters",
        fr: "identifiant avec des caractères non ASCII",
    },
    explain: Text {
        en: "## What it does
Checks for identifiers containing characters outside ASCII, such as accented letters.

## Why is this bad
Python 3 and Rust accept them, but PEP 8 asks for ASCII identifiers: not every keyboard types
`é`, some look-alike letters from other alphabets are different characters (`а` Cyrillic is not
`a`), and tools and diffs do not always show them faithfully.

## Example
```python
résultat = sum(cubes)
```
Use instead:
```python
resultat = sum(cubes)  # or: result
```",
        fr: "## Ce que fait la règle
Signale les identifiants qui contiennent des caractères hors ASCII, comme les lettres accentuées.

## Pourquoi est-ce un problème
Python 3 et Rust les acceptent, mais la PEP 8 demande des identifiants ASCII : tous les claviers
ne tapent pas `é`, des lettres d'autres alphabets se ressemblent sans être identiques (le `а`
cyrillique n'est pas `a`), et les outils ne les affichent pas toujours fidèlement.

## Exemple
```python
résultat = sum(cubes)
```
À écrire plutôt :
```python
resultat = sum(cubes)  # ou : result
```",
    },
};

/// Fires on a name with a character outside ASCII.
pub(crate) fn check(binding: &Binding, ctx: &NameCtx) -> Option<Hit> {
    let name = binding.name.as_str();
    if name.is_ascii() {
        return None;
    }
    let [kind_en, kind_fr] = kind_words(binding.kind);
    let ascii = fold_to_ascii(name);
    Some(Hit::new(
        binding.span.clone(),
        ctx.lang,
        [
            format!("{kind_en} name `{name}` has non-ASCII characters"),
            format!("le nom `{name}` ({kind_fr}) contient des caractères non ASCII"),
        ],
        [
            format!("write it in ASCII, for example `{ascii}`"),
            format!("l'écrire en ASCII, par exemple `{ascii}`"),
        ],
    ))
}

/// Drops the accents of French letters; other characters become `_`.
fn fold_to_ascii(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ÿ' => 'y',
            'À' | 'Â' | 'Ä' => 'A',
            'Ç' => 'C',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'Î' | 'Ï' => 'I',
            'Ô' | 'Ö' => 'O',
            'Ù' | 'Û' | 'Ü' => 'U',
            c if c.is_ascii() => c,
            _ => '_',
        })
        .collect()
}
