//! P001: processes started at module level, outside `if __name__ == "__main__":`.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::python::{callee, callee_span, calls, each, is_main_guard, scope_of, source};
use super::PyCtx;
use crate::lint::rules::{Hit, RuleMeta, Text};
use crate::lint::{Category, Severity};

pub(crate) static RULE: RuleMeta = RuleMeta {
    code: "P001",
    name: "no-main-guard",
    category: Category::Parallel,
    severity: Severity::Error,
    summary: Text {
        en: "processes created at module level, outside `if __name__ == \"__main__\":`",
        fr: "processus créés au niveau du module, hors de `if __name__ == \"__main__\":`",
    },
    explain: Text {
        en: "## What it does
Finds the code that runs when the file is imported (statements at module level, outside
`if __name__ == \"__main__\":`) and that creates a `Pool`, a `Process`, a `ProcessPoolExecutor`
or a `Manager`, directly or by calling a function of the file that does (such as `main()`).

## Why is this bad
Under the *spawn* and *forkserver* start methods (the default on Windows and macOS, and on
Linux from Python 3.14), every new process starts a fresh interpreter that imports the main
file. If creating the processes is not protected by the guard, each child tries to create its
own: Python stops with a `RuntimeError` about the bootstrapping phase, or the program starts
processes without end. It may work on your Linux machine and crash on the grader's.

## Example
```python
with Pool(4) as pool:
    print(sum(pool.map(cube, range(100))))
```
Use instead:
```python
if __name__ == \"__main__\":
    with Pool(4) as pool:
        print(sum(pool.map(cube, range(100))))
```",
        fr: "## Ce que fait la règle
Repère le code qui s'exécute quand le fichier est importé (les instructions au niveau du module,
hors de `if __name__ == \"__main__\":`) et qui crée un `Pool`, un `Process`, un
`ProcessPoolExecutor` ou un `Manager`, directement ou en appelant une fonction du fichier qui le
fait (comme `main()`).

## Pourquoi est-ce un problème
Avec les méthodes de démarrage *spawn* et *forkserver* (par défaut sous Windows et macOS, et
sous Linux à partir de Python 3.14), chaque nouveau processus lance un interpréteur neuf qui
importe le fichier principal. Si la création des processus n'est pas protégée par la garde,
chaque enfant essaie de créer les siens : Python s'arrête sur une `RuntimeError` qui parle de
la phase d'amorçage, ou le programme lance des processus sans fin. Cela peut marcher sur votre
Linux et planter chez le correcteur.

## Exemple
```python
with Pool(4) as pool:
    print(sum(pool.map(cube, range(100))))
```
À écrire plutôt :
```python
if __name__ == \"__main__\":
    with Pool(4) as pool:
        print(sum(pool.map(cube, range(100))))
```",
    },
};

/// Fires at each module-level call that creates processes, or that calls a function of the file
/// that does.
pub(crate) fn check(ctx: &PyCtx) -> Vec<Hit> {
    let spawning = spawning_functions(ctx);
    let mut hits = Vec::new();
    for call in module_level_calls(ctx.root, ctx.text) {
        let name = callee(call, ctx.text);
        if ctx
            .names
            .maker(call, ctx.text)
            .is_some_and(|maker| maker.spawns())
        {
            hits.push(Hit::new(
                callee_span(call),
                ctx.lang,
                [
                    format!("`{name}(...)` creates processes at module level, outside `if __name__ == \"__main__\":`"),
                    format!("`{name}(...)` crée des processus au niveau du module, hors de `if __name__ == \"__main__\":`"),
                ],
                help(),
            ));
        } else if let Some(creation) = spawning.get(name) {
            let line = ctx.line(*creation);
            let made = callee(*creation, ctx.text);
            hits.push(Hit::new(
                callee_span(call),
                ctx.lang,
                [
                    format!("`{name}()` is called at module level, outside `if __name__ == \"__main__\":`, and it creates processes (`{made}` line {line})"),
                    format!("`{name}()` est appelée au niveau du module, hors de `if __name__ == \"__main__\":`, et elle crée des processus (`{made}` ligne {line})"),
                ],
                help(),
            ));
        }
    }
    hits
}

fn help() -> [String; 2] {
    [
        "put it under `if __name__ == \"__main__\":`: with the spawn start method (Windows, macOS, Linux from Python 3.14) every worker imports this file and would run it again".to_string(),
        "la placer sous `if __name__ == \"__main__\":` : avec la méthode spawn (Windows, macOS, Linux à partir de Python 3.14) chaque processus importe ce fichier et l'exécuterait à nouveau".to_string(),
    ]
}

/// Calls run when the module is imported: outside functions, lambdas and the guard's body.
fn module_level_calls<'t>(node: Node<'t>, text: &'t str) -> Vec<Node<'t>> {
    let mut found = Vec::new();
    each(node, &mut |child| match child.kind() {
        "function_definition" | "lambda" => false,
        "if_statement" if is_main_guard(child, text) => {
            // Only the `elif` and `else` branches run on import.
            let mut cursor = child.walk();
            for branch in child.children_by_field_name("alternative", &mut cursor) {
                found.extend(module_level_calls(branch, text));
            }
            false
        }
        "call" => {
            found.push(child);
            true
        }
        _ => true,
    });
    found
}

/// Module-level functions that create processes, directly or through another such function,
/// each with the creating call.
fn spawning_functions<'t>(ctx: &PyCtx<'t>) -> HashMap<&'t str, Node<'t>> {
    let text = ctx.text;
    let mut functions: Vec<(&str, Node)> = Vec::new();
    each(ctx.root, &mut |node| {
        if node.kind() == "function_definition" {
            let module_level = node
                .parent()
                .is_some_and(|parent| scope_of(parent).kind() == "module" && !inside_class(parent));
            if let (true, Some(name)) = (module_level, node.child_by_field_name("name")) {
                functions.push((source(name, text), node));
            }
        }
        true
    });
    let mut spawning: HashMap<&str, Node> = HashMap::new();
    let mut done: HashSet<usize> = HashSet::new();
    loop {
        let before = spawning.len();
        for (name, function) in &functions {
            if done.contains(&function.id()) {
                continue;
            }
            let creation = calls(*function).into_iter().find_map(|call| {
                if ctx
                    .names
                    .maker(call, text)
                    .is_some_and(|maker| maker.spawns())
                {
                    return Some(call);
                }
                spawning.get(callee(call, text)).copied()
            });
            if let Some(creation) = creation {
                spawning.insert(name, creation);
                done.insert(function.id());
            }
        }
        if spawning.len() == before {
            break;
        }
    }
    spawning
}

fn inside_class(node: Node) -> bool {
    let mut current = Some(node);
    while let Some(node) = current {
        if node.kind() == "class_definition" {
            return true;
        }
        current = node.parent();
    }
    false
}
