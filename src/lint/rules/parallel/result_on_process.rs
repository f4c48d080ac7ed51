//! P006: a result stored on `self` in the `run()` of a `Process` subclass and read by the parent.

use std::collections::HashMap;

use tree_sitter::Node;

use super::python::{each, named_children, source, Maker};
use super::PyCtx;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P006",
    name: "result-on-process",
    category: Category::Parallel,
    severity: Severity::Error,
    summary: Text {
        en: "attribute set in `run()` of a `Process` subclass, read in the parent process",
        fr: "attribut affecté dans `run()` d'une sous-classe de `Process`, lu dans le processus parent",
    },
    explain: Text {
        en: "## What it does
Finds the attributes that the `run()` method of a class deriving from `Process` assigns
(`self.result = ...`), and fires where such an attribute is read on another object than
`self`, such as `worker.result` in the main process.

## Why is this bad
`run()` executes in the child process, on the child's copy of the object. What it stores on
`self` stays in the child and is lost when it ends: the parent's object still holds the value
set in `__init__`, and the program prints 0 or `None` instead of the result.

## Example
```python
class CubeProcess(Process):
    def run(self):
        self.total = sum(n**3 for n in self.numbers)

worker.join()
print(worker.total)
```
Use instead:
```python
class CubeProcess(Process):
    def run(self):
        self.results.put(sum(n**3 for n in self.numbers))

print(results.get())
worker.join()
```",
        fr: "## Ce que fait la règle
Repère les attributs que la méthode `run()` d'une classe dérivée de `Process` affecte
(`self.result = ...`), et se déclenche là où un tel attribut est lu sur un autre objet que
`self`, comme `worker.result` dans le processus principal.

## Pourquoi est-ce un problème
`run()` s'exécute dans le processus enfant, sur la copie de l'objet qu'a l'enfant. Ce qu'elle
range dans `self` reste dans l'enfant et se perd quand il se termine : l'objet du parent garde
la valeur donnée dans `__init__`, et le programme affiche 0 ou `None` au lieu du résultat.

## Exemple
```python
class CubeProcess(Process):
    def run(self):
        self.total = sum(n**3 for n in self.numbers)

worker.join()
print(worker.total)
```
À écrire plutôt :
```python
class CubeProcess(Process):
    def run(self):
        self.results.put(sum(n**3 for n in self.numbers))

print(results.get())
worker.join()
```",
    },
};

/// Fires at the first read of each attribute that a `run()` of a `Process` subclass sets.
pub(crate) fn check(ctx: &PyCtx) -> Vec<Hit> {
    let text = ctx.text;
    let set_in_run = attributes_set_in_run(ctx);
    let mut hits = Vec::new();
    let mut reported = std::collections::HashSet::new();
    each(ctx.root, &mut |node| {
        if node.kind() != "attribute" {
            return true;
        }
        let (Some(object), Some(attribute)) = (
            node.child_by_field_name("object"),
            node.child_by_field_name("attribute"),
        ) else {
            return true;
        };
        let name = source(attribute, text);
        let Some(assigned) = set_in_run.get(name) else {
            return true;
        };
        let on_self = object.kind() == "identifier" && source(object, text) == "self";
        if on_self || is_target(node) || !reported.insert(name) {
            return true;
        }
        let line = ctx.line(*assigned);
        let read = source(node, text);
        hits.push(Hit::new(
            node.byte_range(),
            ctx.lang,
            [
                format!("`{read}` is read in the parent, but `run()` sets `self.{name}` in the child process (line {line}): the parent never sees that value"),
                format!("`{read}` est lu dans le parent, mais `run()` affecte `self.{name}` dans le processus enfant (ligne {line}) : le parent ne voit jamais cette valeur"),
            ],
            [
                "send the result back through a `multiprocessing.Queue` or a `Pipe`, or use a `Pool` whose `map` returns the results".to_string(),
                "renvoyer le résultat par une `multiprocessing.Queue` ou un `Pipe`, ou utiliser un `Pool` dont `map` renvoie les résultats".to_string(),
            ],
        ));
        true
    });
    hits
}

/// Attribute name → its first `self.name = ...` in the `run()` of a `Process` subclass.
fn attributes_set_in_run<'t>(ctx: &PyCtx<'t>) -> HashMap<&'t str, Node<'t>> {
    let text = ctx.text;
    let mut found: HashMap<&str, Node> = HashMap::new();
    each(ctx.root, &mut |class| {
        if class.kind() != "class_definition" {
            return true;
        }
        let Some(name) = class.child_by_field_name("name") else {
            return true;
        };
        if ctx.names.class_maker(source(name, text)) != Some(Maker::Process) {
            return true;
        }
        let Some(body) = class.child_by_field_name("body") else {
            return true;
        };
        for member in named_children(body) {
            let function = match member.kind() {
                "decorated_definition" => member.child_by_field_name("definition"),
                _ => Some(member),
            };
            let Some(function) = function.filter(|node| node.kind() == "function_definition")
            else {
                continue;
            };
            if function
                .child_by_field_name("name")
                .is_none_or(|name| source(name, text) != "run")
            {
                continue;
            }
            each(function, &mut |node| {
                if node.kind() == "attribute" && is_target(node) {
                    if let (Some(object), Some(attribute)) = (
                        node.child_by_field_name("object"),
                        node.child_by_field_name("attribute"),
                    ) {
                        if object.kind() == "identifier" && source(object, text) == "self" {
                            found.entry(source(attribute, text)).or_insert(node);
                        }
                    }
                }
                true
            });
        }
        true
    });
    found
}

/// The left side of an assignment or augmented assignment.
fn is_target(node: Node) -> bool {
    node.parent().is_some_and(|parent| {
        matches!(parent.kind(), "assignment" | "augmented_assignment")
            && parent
                .child_by_field_name("left")
                .is_some_and(|left| left.id() == node.id())
    })
}
