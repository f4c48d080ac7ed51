//! What the parallel rules read in a Python tree: which calls create processes, pools, queues
//! or threads (whatever the import spelling), scopes, the `__main__` guard, and how a name is used.
//!
//! Names are resolved from the file's own imports only: `import multiprocessing as mp`,
//! `from multiprocessing import Pool as P`, `from concurrent.futures import *`, a context from
//! `get_context()`, and classes of the file deriving from `Process` or `Thread`. A callee that
//! cannot be resolved is not a creation: the rules stay silent rather than guess.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

/// What a call creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Maker {
    /// `multiprocessing.Pool` (`executor` false) or `ProcessPoolExecutor` (true).
    ProcessPool { executor: bool },
    /// `multiprocessing.Process`, or a class deriving from it.
    Process,
    /// `multiprocessing.Manager`, which starts a server process.
    Manager,
    /// A `multiprocessing` queue: `Queue`, `SimpleQueue`, `JoinableQueue`.
    Queue,
    /// A pool of threads: `ThreadPool`, `multiprocessing.dummy.Pool`, `ThreadPoolExecutor`.
    ThreadPool,
    /// A thread: `threading.Thread`, `multiprocessing.dummy.Process`, or a class deriving from
    /// them.
    Thread,
}

impl Maker {
    /// Starts processes: what must stay under the `__main__` guard.
    pub fn spawns(self) -> bool {
        match self {
            Maker::ProcessPool { .. } | Maker::Process | Maker::Manager => true,
            Maker::Queue | Maker::ThreadPool | Maker::Thread => false,
        }
    }
}

/// Qualified names of the standard library's makers.
const MAKERS: &[(&str, Maker)] = &[
    (
        "multiprocessing.Pool",
        Maker::ProcessPool { executor: false },
    ),
    (
        "multiprocessing.pool.Pool",
        Maker::ProcessPool { executor: false },
    ),
    (
        "concurrent.futures.ProcessPoolExecutor",
        Maker::ProcessPool { executor: true },
    ),
    (
        "concurrent.futures.process.ProcessPoolExecutor",
        Maker::ProcessPool { executor: true },
    ),
    ("multiprocessing.Process", Maker::Process),
    ("multiprocessing.context.Process", Maker::Process),
    ("multiprocessing.Manager", Maker::Manager),
    ("multiprocessing.Queue", Maker::Queue),
    ("multiprocessing.SimpleQueue", Maker::Queue),
    ("multiprocessing.JoinableQueue", Maker::Queue),
    ("multiprocessing.dummy.Pool", Maker::ThreadPool),
    ("multiprocessing.pool.ThreadPool", Maker::ThreadPool),
    ("concurrent.futures.ThreadPoolExecutor", Maker::ThreadPool),
    (
        "concurrent.futures.thread.ThreadPoolExecutor",
        Maker::ThreadPool,
    ),
    ("multiprocessing.dummy.Process", Maker::Thread),
    ("threading.Thread", Maker::Thread),
];

/// Names a module exports that `from module import *` brings in, for the modules above.
const STAR_MODULES: &[&str] = &[
    "multiprocessing",
    "multiprocessing.pool",
    "multiprocessing.dummy",
    "concurrent.futures",
    "threading",
];

/// The file's imports and process or thread classes.
pub(crate) struct Names {
    /// Local name → qualified name (`mp` → `multiprocessing`, `P` → `multiprocessing.Pool`).
    aliases: HashMap<String, String>,
    /// Modules imported with `*`.
    star: Vec<&'static str>,
    /// Classes of the file deriving from a process or thread class, by name.
    classes: HashMap<String, Maker>,
}

impl Names {
    pub fn collect(root: Node, text: &str) -> Names {
        let mut names = Names {
            aliases: HashMap::new(),
            star: Vec::new(),
            classes: HashMap::new(),
        };
        let mut classes = Vec::new();
        let mut contexts = Vec::new();
        each(root, &mut |node| {
            match node.kind() {
                "import_statement" => names.import(node, text),
                "import_from_statement" => names.import_from(node, text),
                "class_definition" => classes.push(node),
                "assignment" => contexts.push(node),
                _ => {}
            }
            true
        });
        // `ctx = mp.get_context("spawn")`: `ctx.Pool` is `multiprocessing.Pool`.
        for assignment in contexts {
            let (Some(left), Some(right)) = (
                assignment.child_by_field_name("left"),
                assignment.child_by_field_name("right"),
            ) else {
                continue;
            };
            if left.kind() == "identifier"
                && right.kind() == "call"
                && names.is_get_context(right, text)
            {
                names
                    .aliases
                    .insert(source(left, text).to_string(), "multiprocessing".into());
            }
        }
        // Subclasses of subclasses: repeat until no class is added.
        loop {
            let before = names.classes.len();
            for class in &classes {
                let Some(name) = class.child_by_field_name("name") else {
                    continue;
                };
                let name = source(name, text);
                if names.classes.contains_key(name) {
                    continue;
                }
                let Some(bases) = class.child_by_field_name("superclasses") else {
                    continue;
                };
                let found = named_children(bases).into_iter().find_map(|base| {
                    match names.maker_of(base, text)? {
                        maker @ (Maker::Process | Maker::Thread) => Some(maker),
                        _ => None,
                    }
                });
                if let Some(maker) = found {
                    names.classes.insert(name.to_string(), maker);
                }
            }
            if names.classes.len() == before {
                break;
            }
        }
        names
    }

    fn import(&mut self, node: Node, text: &str) {
        for child in named_children(node) {
            match child.kind() {
                // `import concurrent.futures` binds `concurrent`.
                "dotted_name" => {
                    let full = source(child, text);
                    let first = full.split('.').next().unwrap_or(full);
                    self.aliases.insert(first.to_string(), first.to_string());
                }
                "aliased_import" => {
                    let (Some(name), Some(alias)) = (
                        child.child_by_field_name("name"),
                        child.child_by_field_name("alias"),
                    ) else {
                        continue;
                    };
                    self.aliases
                        .insert(source(alias, text).into(), dotted(name, text));
                }
                _ => {}
            }
        }
    }

    fn import_from(&mut self, node: Node, text: &str) {
        let Some(module) = node.child_by_field_name("module_name") else {
            return;
        };
        let module = dotted(module, text);
        let mut cursor = node.walk();
        if node
            .children(&mut cursor)
            .any(|child| child.kind() == "wildcard_import")
        {
            if let Some(known) = STAR_MODULES.iter().find(|known| **known == module) {
                self.star.push(known);
            }
        }
        let mut cursor = node.walk();
        for name in node.children_by_field_name("name", &mut cursor) {
            let (local, imported) = match name.kind() {
                "aliased_import" => {
                    let (Some(imported), Some(alias)) = (
                        name.child_by_field_name("name"),
                        name.child_by_field_name("alias"),
                    ) else {
                        continue;
                    };
                    (source(alias, text).to_string(), dotted(imported, text))
                }
                _ => (dotted(name, text), dotted(name, text)),
            };
            self.aliases.insert(local, format!("{module}.{imported}"));
        }
    }

    /// `multiprocessing.get_context(...)`, however `multiprocessing` is spelled.
    fn is_get_context(&self, call: Node, text: &str) -> bool {
        call.child_by_field_name("function")
            .and_then(|function| self.qualified(function, text))
            .is_some_and(|name| name == "multiprocessing.get_context")
    }

    /// The qualified name an expression stands for, from the file's imports.
    pub fn qualified(&self, node: Node, text: &str) -> Option<String> {
        match node.kind() {
            "identifier" => {
                let name = source(node, text);
                if let Some(full) = self.aliases.get(name) {
                    return Some(full.clone());
                }
                self.star.iter().find_map(|module| {
                    let full = format!("{module}.{name}");
                    MAKERS
                        .iter()
                        .any(|(known, _)| *known == full)
                        .then_some(full)
                })
            }
            "attribute" => {
                let object = node.child_by_field_name("object")?;
                let attribute = node.child_by_field_name("attribute")?;
                Some(format!(
                    "{}.{}",
                    self.qualified(object, text)?,
                    source(attribute, text)
                ))
            }
            // `mp.get_context("spawn").Pool(4)`
            "call" if self.is_get_context(node, text) => Some("multiprocessing".into()),
            _ => None,
        }
    }

    /// What the callee expression `function` creates when called, if anything known.
    pub fn maker_of(&self, function: Node, text: &str) -> Option<Maker> {
        if function.kind() == "identifier" {
            if let Some(maker) = self.classes.get(source(function, text)) {
                return Some(*maker);
            }
        }
        let name = self.qualified(function, text)?;
        MAKERS
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, maker)| *maker)
    }

    /// What a `call` node creates, if anything known.
    pub fn maker(&self, call: Node, text: &str) -> Option<Maker> {
        if call.kind() != "call" {
            return None;
        }
        self.maker_of(call.child_by_field_name("function")?, text)
    }

    /// What objects of a class of the file are, when it derives from a process or thread class.
    pub fn class_maker(&self, class: &str) -> Option<Maker> {
        self.classes.get(class).copied()
    }

    /// Whether the names of the file resolve `node` to a `cpu_count` function.
    pub fn is_cpu_count(&self, function: Node, text: &str) -> bool {
        let name = self
            .qualified(function, text)
            .unwrap_or_else(|| source(function, text).to_string());
        name == "cpu_count" || name.ends_with(".cpu_count")
    }
}

/// The text of a node.
pub(crate) fn source<'t>(node: Node, text: &'t str) -> &'t str {
    &text[node.byte_range()]
}

/// A dotted name without the blanks a source may put around its dots.
fn dotted(node: Node, text: &str) -> String {
    source(node, text).split_whitespace().collect()
}

pub(crate) fn named_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// Visits `node` and its descendants in source order; `visit` returns whether to go inside.
pub(crate) fn each<'t>(node: Node<'t>, visit: &mut impl FnMut(Node<'t>) -> bool) {
    if visit(node) {
        for child in named_children(node) {
            each(child, visit);
        }
    }
}

/// Every `call` under `node`, in source order.
pub(crate) fn calls(node: Node) -> Vec<Node> {
    let mut found = Vec::new();
    each(node, &mut |child| {
        if child.kind() == "call" {
            found.push(child);
        }
        true
    });
    found
}

/// The function whose body holds `node`, or the module.
pub(crate) fn scope_of(node: Node) -> Node {
    let mut current = node;
    while let Some(parent) = current.parent() {
        if parent.kind() == "function_definition" {
            return parent;
        }
        current = parent;
    }
    current
}

/// `object.method(...)`: the object and the method's name.
pub(crate) fn method_call<'t>(call: Node<'t>, text: &'t str) -> Option<(Node<'t>, &'t str)> {
    let function = call.child_by_field_name("function")?;
    if function.kind() != "attribute" {
        return None;
    }
    Some((
        function.child_by_field_name("object")?,
        source(function.child_by_field_name("attribute")?, text),
    ))
}

/// The callee of a call, for messages: `mp.Pool`.
pub(crate) fn callee<'t>(call: Node, text: &'t str) -> &'t str {
    call.child_by_field_name("function")
        .map_or("", |function| source(function, text))
}

/// The span findings on a call point at: its callee.
pub(crate) fn callee_span(call: Node) -> std::ops::Range<usize> {
    call.child_by_field_name("function")
        .unwrap_or(call)
        .byte_range()
}

/// `if __name__ == "__main__":`, either way round.
pub(crate) fn is_main_guard(statement: Node, text: &str) -> bool {
    if statement.kind() != "if_statement" {
        return false;
    }
    let Some(condition) = statement.child_by_field_name("condition") else {
        return false;
    };
    if condition.kind() != "comparison_operator" {
        return false;
    }
    let mut cursor = condition.walk();
    let operators: Vec<&str> = condition
        .children(&mut cursor)
        .filter(|child| !child.is_named())
        .map(|child| child.kind())
        .collect();
    let operands: Vec<&str> = named_children(condition)
        .into_iter()
        .map(|operand| match operand.kind() {
            "string" => source(operand, text).trim_matches(|c| c == '"' || c == '\''),
            _ => source(operand, text),
        })
        .collect();
    operators == ["=="]
        && (operands == ["__name__", "__main__"] || operands == ["__main__", "__name__"])
}

/// How one occurrence of a variable is used.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Use<'t> {
    /// Bound: an assignment or `for` target, a parameter.
    Bind,
    /// `name.method(...)`, with the call.
    Method(&'t str, Node<'t>),
    /// Used in a way that does not matter to the rules: `name.attribute` without a call,
    /// `len(name)`, or another variable's attribute of the same name.
    Harmless,
    /// Iterated by a `for` statement or comprehension clause, with that node.
    Iterated(Node<'t>),
    /// `with name:`.
    With,
    /// Passed to `other.append(...)`: the call.
    Appended(Node<'t>),
    /// Anything else: passed to a function, returned, stored; the rules stop following it.
    Escapes,
}

/// The uses of variable `name` under `scope`, in source order.
pub(crate) fn uses<'t>(scope: Node<'t>, name: &str, text: &'t str) -> Vec<Use<'t>> {
    let mut found = Vec::new();
    each(scope, &mut |node| {
        if node.kind() == "identifier" && source(node, text) == name {
            found.push(use_of(node, text));
        }
        true
    });
    found
}

fn use_of<'t>(node: Node<'t>, text: &'t str) -> Use<'t> {
    let Some(parent) = node.parent() else {
        return Use::Escapes;
    };
    let is_field = |field: &str| {
        parent
            .child_by_field_name(field)
            .is_some_and(|child| child.id() == node.id())
    };
    match parent.kind() {
        "attribute" if is_field("attribute") => Use::Harmless,
        "attribute" => match parent.parent() {
            Some(call) if call.kind() == "call" => {
                let method = parent
                    .child_by_field_name("attribute")
                    .map_or("", |attribute| source(attribute, text));
                Use::Method(method, call)
            }
            _ => Use::Harmless,
        },
        "keyword_argument" if is_field("name") => Use::Harmless,
        "assignment" | "augmented_assignment" if is_field("left") => Use::Bind,
        "for_statement" | "for_in_clause" if is_field("left") => Use::Bind,
        "for_statement" | "for_in_clause" if is_field("right") => Use::Iterated(parent),
        "parameters" | "default_parameter" | "typed_parameter" => Use::Bind,
        "pattern_list" | "tuple_pattern" | "as_pattern_target" => Use::Bind,
        "with_item" => Use::With,
        "argument_list" => match parent.parent() {
            Some(call) if matches!(method_call(call, text), Some((_, "append"))) => {
                Use::Appended(call)
            }
            Some(call) if callee(call, text) == "len" => Use::Harmless,
            _ => Use::Escapes,
        },
        _ => Use::Escapes,
    }
}

/// The loop variable of a `for` statement or comprehension clause, when it is one name.
pub(crate) fn loop_variable<'t>(node: Node<'t>, text: &'t str) -> Option<&'t str> {
    let left = node.child_by_field_name("left")?;
    (left.kind() == "identifier").then(|| source(left, text))
}

/// What runs for each item of a `for` statement or comprehension clause: the statement's body,
/// or the whole comprehension.
pub(crate) fn loop_body(node: Node) -> Option<Node> {
    match node.kind() {
        "for_statement" => node.child_by_field_name("body"),
        _ => node.parent(),
    }
}

/// The methods called on `variable` under `body`, with their calls.
pub(crate) fn methods_on<'t>(
    body: Node<'t>,
    variable: &str,
    text: &'t str,
) -> Vec<(&'t str, Node<'t>)> {
    calls(body)
        .into_iter()
        .filter_map(|call| {
            let (object, method) = method_call(call, text)?;
            (object.kind() == "identifier" && source(object, text) == variable)
                .then_some((method, call))
        })
        .collect()
}

/// Names bound under `root` to the result of a call that `maker` accepts.
pub(crate) fn bound_to(
    root: Node,
    text: &str,
    names: &Names,
    accept: impl Fn(Maker) -> bool,
) -> HashSet<String> {
    let mut found = HashSet::new();
    each(root, &mut |node| {
        if node.kind() == "assignment" {
            if let (Some(left), Some(right)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) {
                if left.kind() == "identifier" && names.maker(right, text).is_some_and(&accept) {
                    found.insert(source(left, text).to_string());
                }
            }
        }
        true
    });
    found
}

/// Where the process a creation call makes is kept.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Holder<'t> {
    /// `name = Process(...)`.
    Named(&'t str),
    /// `name = [Process(...) for ...]`, `name = [Process(...), ...]`, `name.append(Process(...))`.
    Listed(&'t str),
    /// `Process(...).start()`: nothing is left to join.
    StartedUnnamed,
    /// Anything else.
    Unknown,
}

/// Where the result of `call` is kept.
pub(crate) fn holder<'t>(call: Node<'t>, text: &'t str) -> Holder<'t> {
    let Some(parent) = call.parent() else {
        return Holder::Unknown;
    };
    let assigned_name = |node: Node<'t>| -> Option<&'t str> {
        let assignment = node.parent()?;
        let left = assignment.child_by_field_name("left")?;
        let right = assignment.child_by_field_name("right")?;
        (assignment.kind() == "assignment"
            && right.id() == node.id()
            && left.kind() == "identifier")
            .then(|| source(left, text))
    };
    match parent.kind() {
        "assignment" => assigned_name(call).map_or(Holder::Unknown, Holder::Named),
        "list_comprehension" | "list" => {
            assigned_name(parent).map_or(Holder::Unknown, Holder::Listed)
        }
        "argument_list" => match parent.parent().and_then(|outer| method_call(outer, text)) {
            Some((object, "append")) if object.kind() == "identifier" => {
                Holder::Listed(source(object, text))
            }
            _ => Holder::Unknown,
        },
        "attribute" => match parent.parent().and_then(|outer| method_call(outer, text)) {
            Some((object, "start")) if object.id() == call.id() => Holder::StartedUnnamed,
            _ => Holder::Unknown,
        },
        _ => Holder::Unknown,
    }
}

/// What happens to a process in its scope, when it can be followed to the end.
#[derive(Debug, Default)]
pub(crate) struct Fate<'t> {
    pub started: bool,
    /// The `join()` calls that wait for it.
    pub joins: Vec<Node<'t>>,
    /// The loops that join it, by iterating a list that holds it, each with its `join()`.
    pub join_loops: Vec<(Node<'t>, Node<'t>)>,
}

/// Follows the process that `call` creates through its scope; `None` when it escapes (passed
/// to a function, returned, stored elsewhere) and the rules cannot tell what becomes of it.
pub(crate) fn fate<'t>(call: Node<'t>, text: &'t str) -> Option<Fate<'t>> {
    let scope = scope_of(call);
    let mut fate = Fate::default();
    let mut lists = Vec::new();
    match holder(call, text) {
        Holder::Named(name) => {
            for found in uses(scope, name, text) {
                match found {
                    Use::Method("start", _) => fate.started = true,
                    Use::Method("join", join) => fate.joins.push(join),
                    Use::Appended(append) => {
                        let (list, _) = method_call(append, text)?;
                        (list.kind() == "identifier").then_some(())?;
                        lists.push(source(list, text));
                    }
                    Use::Bind | Use::Method(..) | Use::Harmless => {}
                    Use::Iterated(_) | Use::With | Use::Escapes => return None,
                }
            }
        }
        Holder::Listed(list) => lists.push(list),
        Holder::StartedUnnamed => fate.started = true,
        Holder::Unknown => return None,
    }
    for list in lists {
        for found in uses(scope, list, text) {
            match found {
                Use::Iterated(each_loop) => {
                    let variable = loop_variable(each_loop, text)?;
                    let body = loop_body(each_loop)?;
                    for (method, method_call) in methods_on(body, variable, text) {
                        match method {
                            "start" => fate.started = true,
                            "join" => {
                                fate.joins.push(method_call);
                                fate.join_loops.push((each_loop, method_call));
                            }
                            _ => {}
                        }
                    }
                }
                Use::Bind | Use::Method(..) | Use::Harmless => {}
                Use::Appended(_) | Use::With | Use::Escapes => return None,
            }
        }
    }
    Some(fate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::syntax::parse;
    use crate::lint::SourceLanguage;

    /// What each call of `text` makes, by callee.
    fn makers(text: &str) -> Vec<(String, Option<Maker>)> {
        let tree = parse(text, SourceLanguage::Python).unwrap_or_else(|| panic!("no parser"));
        let names = Names::collect(tree.root_node(), text);
        calls(tree.root_node())
            .into_iter()
            .map(|call| (callee(call, text).to_string(), names.maker(call, text)))
            .collect()
    }

    #[test]
    fn imports_are_resolved_whatever_their_spelling() {
        let text = "import multiprocessing as mp\nfrom multiprocessing import Pool as P\n\
                    from concurrent.futures import *\nimport concurrent.futures\n\
                    import threading\nctx = mp.get_context('spawn')\n\
                    class Worker(mp.Process): pass\nclass Helper(threading.Thread): pass\n\
                    mp.Pool(4); P(4); ProcessPoolExecutor(); ctx.Pool(2); Worker(); Helper()\n\
                    concurrent.futures.ThreadPoolExecutor(); mp.Queue(); Pool(); print(1)\n";
        let pool = Some(Maker::ProcessPool { executor: false });
        let executor = Some(Maker::ProcessPool { executor: true });
        let got = makers(text);
        let of = |name: &str| {
            got.iter()
                .find(|(callee, _)| callee == name)
                .map(|(_, maker)| *maker)
        };
        assert_eq!(of("mp.Pool"), Some(pool));
        assert_eq!(of("P"), Some(pool));
        assert_eq!(of("ProcessPoolExecutor"), Some(executor));
        assert_eq!(of("ctx.Pool"), Some(pool));
        assert_eq!(of("Worker"), Some(Some(Maker::Process)));
        assert_eq!(of("Helper"), Some(Some(Maker::Thread)));
        assert_eq!(
            of("concurrent.futures.ThreadPoolExecutor"),
            Some(Some(Maker::ThreadPool))
        );
        assert_eq!(of("mp.Queue"), Some(Some(Maker::Queue)));
        // `Pool` was never imported by that name: not a creation.
        assert_eq!(of("Pool"), Some(None));
        assert_eq!(of("print"), Some(None));
    }

    #[test]
    fn the_main_guard_is_recognised_either_way_round_and_only_with_equality() {
        for (text, guard) in [
            ("if __name__ == \"__main__\":\n    pass\n", true),
            ("if '__main__' == __name__:\n    pass\n", true),
            ("if __name__ != \"__main__\":\n    pass\n", false),
            ("if name == \"__main__\":\n    pass\n", false),
        ] {
            let tree = parse(text, SourceLanguage::Python).unwrap_or_else(|| panic!("no parser"));
            let statement = tree
                .root_node()
                .named_child(0)
                .unwrap_or_else(|| panic!("{text}"));
            assert_eq!(is_main_guard(statement, text), guard, "{text}");
        }
    }
}
