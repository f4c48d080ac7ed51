//! P009: one Rust thread per number, spawned in a loop over the data itself.

use tree_sitter::Node;

use super::python::source;
use super::rust::{integer_constants, is_any_spawn, range_len};
use super::RsCtx;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::{Category, Severity};

/// More threads than this in one loop is a thread per item, not one per worker.
const MAX_THREADS: i128 = 16;

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P009",
    name: "thread-per-item",
    category: Category::Parallel,
    severity: Severity::Warning,
    summary: Text {
        en: "one thread spawned per item, in a loop over a range of more than 16 numbers",
        fr: "un thread lancé par élément, dans une boucle sur un intervalle de plus de 16 nombres",
    },
    explain: Text {
        en: "## What it does
Fires at a `thread::spawn` (or a scoped `scope.spawn`) inside a `for` loop over a range, or in
the closure of `.map` or `.for_each` over a range, when the range has more than 16 items and
its bounds are literals or constants of the file, such as `for number in 0..100` or
`(1..=LIMIT).map(|number| thread::spawn(...))`. Loops over chunks, over a number of workers,
or over data whose size cannot be read are left alone.

## Why is this bad
Starting a thread costs far more than cubing a number: a hundred threads for a hundred numbers
spend their time being created and scheduled on at most 4 CPUs, and the program is slower than
a plain loop. Cut the data into as many parts as workers, and give each thread a part.

## Example
```rust
let handles: Vec<_> = (0..100u64)
    .map(|number| thread::spawn(move || number.pow(3)))
    .collect();
```
Use instead:
```rust
let numbers: Vec<u64> = (0..100).collect();
thread::scope(|scope| {
    let handles: Vec<_> = numbers
        .chunks(numbers.len().div_ceil(WORKER_COUNT))
        .map(|chunk| scope.spawn(move || chunk.iter().map(|n| n.pow(3)).sum::<u64>()))
        .collect();
    // join the handles and add the partial sums
});
```",
        fr: "## Ce que fait la règle
Se déclenche sur un `thread::spawn` (ou un `scope.spawn`) placé dans une boucle `for` sur un
intervalle, ou dans la fermeture d'un `.map` ou d'un `.for_each` sur un intervalle, quand
l'intervalle a plus de 16 éléments et que ses bornes sont des littéraux ou des constantes du
fichier, comme `for number in 0..100` ou `(1..=LIMIT).map(|number| thread::spawn(...))`. Les
boucles sur des morceaux, sur un nombre de travailleurs, ou sur des données dont la taille ne
se lit pas sont laissées de côté.

## Pourquoi est-ce un problème
Lancer un thread coûte bien plus que calculer un cube : cent threads pour cent nombres passent
leur temps à être créés et ordonnancés sur au plus 4 CPU, et le programme est plus lent qu'une
simple boucle. Découper les données en autant de parts que de travailleurs, et donner une part
à chaque thread.

## Exemple
```rust
let handles: Vec<_> = (0..100u64)
    .map(|number| thread::spawn(move || number.pow(3)))
    .collect();
```
À écrire plutôt :
```rust
let numbers: Vec<u64> = (0..100).collect();
thread::scope(|scope| {
    let handles: Vec<_> = numbers
        .chunks(numbers.len().div_ceil(WORKER_COUNT))
        .map(|chunk| scope.spawn(move || chunk.iter().map(|n| n.pow(3)).sum::<u64>()))
        .collect();
    // attendre les handles et additionner les sommes partielles
});
```",
    },
};

/// Fires at each spawn in a loop over more than [`MAX_THREADS`] numbers.
pub(crate) fn check(ctx: &RsCtx) -> Vec<Hit> {
    let text = ctx.text;
    let constants = integer_constants(ctx.root, text);
    let mut hits = Vec::new();
    super::python::each(ctx.root, &mut |call| {
        if !is_any_spawn(call, text, ctx.spawn_imported) {
            return true;
        }
        let Some(count) = iterated(call, text).and_then(|range| range_len(range, text, &constants))
        else {
            return true;
        };
        if count > MAX_THREADS {
            hits.push(Hit::new(
                call.child_by_field_name("function")
                    .unwrap_or(call)
                    .byte_range(),
                ctx.lang,
                [
                    format!("one thread per item: this spawn runs once for each of {count} numbers, for at most 4 CPUs"),
                    format!("un thread par élément : ce lancement s'exécute une fois pour chacun des {count} nombres, pour au plus 4 CPU"),
                ],
                [
                    "cut the numbers into as many chunks as workers (`chunks`, `step_by`) and spawn one thread per chunk".to_string(),
                    "découper les nombres en autant de morceaux que de travailleurs (`chunks`, `step_by`) et lancer un thread par morceau".to_string(),
                ],
            ));
        }
        true
    });
    hits
}

/// What the nearest loop around `call` iterates: a `for` loop's value, or the receiver of the
/// `.map` or `.for_each` whose closure holds it; within the same function.
fn iterated<'t>(call: Node<'t>, text: &str) -> Option<Node<'t>> {
    let mut current = call;
    while let Some(parent) = current.parent() {
        match parent.kind() {
            "function_item" => return None,
            "for_expression"
                if parent
                    .child_by_field_name("body")
                    .is_some_and(|body| body.id() == current.id()) =>
            {
                return parent.child_by_field_name("value");
            }
            "closure_expression" => {
                let method = parent.parent()?.parent()?.child_by_field_name("function")?;
                let field = method.child_by_field_name("field")?;
                let iterates = method.kind() == "field_expression"
                    && matches!(source(field, text), "map" | "for_each" | "flat_map");
                return iterates
                    .then(|| method.child_by_field_name("value"))
                    .flatten();
            }
            _ => {}
        }
        current = parent;
    }
    None
}
