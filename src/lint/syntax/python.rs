//! Python: bindings, comments, docstrings and functions from a tree-sitter-python tree.
//!
//! A module-level name is a *constant* (and so must be UPPER_CASE) only when nothing suggests it
//! varies: it is bound once in the whole module, by a plain assignment that is a top-level
//! statement (not inside `if __name__ == "__main__":` or any other block), to a literal or an
//! expression of literals and other constants, and no function declares it `global`; or it is
//! annotated `Final`. Other module-level names are variables, which may be snake_case or
//! UPPER_CASE.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::{
    error, parser, starts_line, Binding, Comment, CommentKind, Function, NameKind, Outline,
};
use crate::lint::SourceLanguage;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Module,
    Function,
    Class,
}

#[derive(Debug, Clone, Copy)]
struct Ctx {
    scope: Scope,
    scope_id: usize,
    /// The class whose `self.name` assignments bind attributes, inside its methods.
    class_id: Option<usize>,
    /// A statement directly in the module body.
    top: bool,
}

/// Node kinds whose arm in [`Walker::walk`] does not push every child.
const SPECIAL: &[&str] = &[
    "function_definition",
    "class_definition",
    "lambda",
    "assignment",
    "for_statement",
    "for_in_clause",
    "named_expression",
    "global_statement",
    "nonlocal_statement",
    "import_statement",
    "import_from_statement",
    "future_import_statement",
];

struct Raw {
    binding: Binding,
    scope_id: usize,
    /// A module-level constant if bound only once.
    constant: bool,
}

struct Walker<'t> {
    text: &'t str,
    outline: Outline,
    raw: Vec<Raw>,
    globals: HashSet<&'t str>,
    docstrings: HashSet<usize>,
}

/// The outline of a Python source.
pub(crate) fn outline(text: &str) -> Outline {
    let mut walker = Walker {
        text,
        outline: Outline::empty(SourceLanguage::Python, text),
        raw: Vec::new(),
        globals: HashSet::new(),
        docstrings: HashSet::new(),
    };
    let Some(tree) = parser::parse(text, SourceLanguage::Python) else {
        return walker.outline;
    };
    let root = tree.root_node();
    walker.outline.syntax_error = error::first_error(root, text);
    walker.module(root);
    walker.walk(root);
    let mut outline = walker.finish(root.id());
    outline.tree = Some(tree);
    outline
}

impl<'t> Walker<'t> {
    fn source(&self, node: Node) -> &'t str {
        &self.text[node.byte_range()]
    }

    fn module(&mut self, root: Node) {
        let mut cursor = root.walk();
        let mut statements = root
            .named_children(&mut cursor)
            .filter(|child| child.kind() != "comment");
        let Some(first) = statements.next() else {
            return;
        };
        match self.docstring_of(first) {
            Some(doc) => {
                self.outline.module_doc = !self.text[doc].trim().is_empty();
                if let Some(next) = statements.next() {
                    self.outline.first_code = next.start_byte();
                }
            }
            None => self.outline.first_code = first.start_byte(),
        }
    }

    /// Records `statement` as a docstring if it is a lone string; returns its text's range.
    fn docstring_of(&mut self, statement: Node) -> Option<std::ops::Range<usize>> {
        if statement.kind() != "expression_statement" || statement.named_child_count() != 1 {
            return None;
        }
        let string = statement.named_child(0)?;
        let body = match string.kind() {
            "string" => string_body(string)?,
            "concatenated_string" => {
                let first = string_body(string.named_child(0)?)?;
                let last = string_body(
                    string.named_child(string.named_child_count().checked_sub(1)? as u32)?,
                )?;
                first.start..last.end
            }
            _ => return None,
        };
        self.docstrings.insert(statement.id());
        self.outline.comments.push(Comment {
            span: string.byte_range(),
            body: body.clone(),
            kind: CommentKind::Docstring,
            own_line: true,
            line: string.start_position().row,
            end_line: string.end_position().row,
        });
        Some(body)
    }

    fn walk(&mut self, root: Node<'t>) {
        let start = Ctx {
            scope: Scope::Module,
            scope_id: root.id(),
            class_id: None,
            top: true,
        };
        let mut stack = vec![(root, start)];
        while let Some((node, ctx)) = stack.pop() {
            if SPECIAL.contains(&node.kind()) {
                // These arms push only some children: record the comments among the others.
                let mut cursor = node.walk();
                let comments: Vec<Node> = node
                    .named_children(&mut cursor)
                    .filter(|child| child.kind() == "comment")
                    .collect();
                for comment in comments {
                    self.comment(comment);
                }
            }
            match node.kind() {
                "comment" => self.comment(node),
                "function_definition" => self.function(node, ctx, &mut stack),
                "class_definition" => self.class(node, ctx, &mut stack),
                "lambda" => {
                    let lambda_ctx = Ctx {
                        scope: Scope::Function,
                        scope_id: node.id(),
                        class_id: None,
                        top: false,
                    };
                    if let Some(params) = node.child_by_field_name("parameters") {
                        self.parameters(params, lambda_ctx, true);
                    }
                    push_field(&mut stack, node, "body", lambda_ctx);
                }
                "assignment" => self.assignment(node, ctx, &mut stack),
                "for_statement" | "for_in_clause" => {
                    if let Some(left) = node.child_by_field_name("left") {
                        self.targets(left, NameKind::LoopVariable, ctx, false);
                    }
                    let ctx = Ctx { top: false, ..ctx };
                    for field in ["right", "body", "alternative"] {
                        push_field(&mut stack, node, field, ctx);
                    }
                }
                "named_expression" => {
                    if let Some(name) = node.child_by_field_name("name") {
                        self.bind(name, variable_kind(ctx), ctx.scope_id, false, false);
                    }
                    push_field(&mut stack, node, "value", ctx);
                }
                "as_pattern" => {
                    if let Some(alias) = node.child_by_field_name("alias") {
                        self.alias(alias, ctx);
                    }
                    push_children(&mut stack, node, Ctx { top: false, ..ctx }, None);
                }
                "except_clause" => {
                    if let Some(alias) = node.child_by_field_name("alias") {
                        self.alias(alias, ctx);
                    }
                    let alias_id = node.child_by_field_name("alias").map(|alias| alias.id());
                    push_children(&mut stack, node, Ctx { top: false, ..ctx }, alias_id);
                }
                "global_statement" | "nonlocal_statement" => {
                    let mut cursor = node.walk();
                    for name in node.named_children(&mut cursor) {
                        self.globals.insert(self.source(name));
                    }
                }
                "import_statement" | "import_from_statement" | "future_import_statement" => {}
                "module" | "expression_statement" => push_children(&mut stack, node, ctx, None),
                _ => push_children(&mut stack, node, Ctx { top: false, ..ctx }, None),
            }
        }
    }

    fn comment(&mut self, node: Node) {
        let span = node.byte_range();
        self.outline.comments.push(Comment {
            body: (span.start + 1).min(span.end)..span.end,
            own_line: starts_line(self.text, span.start),
            span,
            kind: CommentKind::Line,
            line: node.start_position().row,
            end_line: node.end_position().row,
        });
    }

    fn function(&mut self, node: Node<'t>, ctx: Ctx, stack: &mut Vec<(Node<'t>, Ctx)>) {
        let method = ctx.scope == Scope::Class;
        let body = node.child_by_field_name("body");
        let inner_ctx = Ctx {
            scope: Scope::Function,
            scope_id: node.id(),
            class_id: if method { ctx.class_id } else { None },
            top: false,
        };
        if let Some(params) = node.child_by_field_name("parameters") {
            self.parameters(params, inner_ctx, false);
        }
        let Some(name) = node.child_by_field_name("name") else {
            return;
        };
        self.bind(name, NameKind::Function, ctx.scope_id, method, false);
        let name_text = self.source(name);
        let head = match node.parent() {
            Some(parent) if parent.kind() == "decorated_definition" => parent,
            _ => node,
        };
        let mut has_doc = false;
        let mut body_line = node.end_position().row;
        if let Some(body) = body {
            let mut cursor = body.walk();
            let first = body
                .named_children(&mut cursor)
                .find(|child| child.kind() != "comment");
            if let Some(first) = first {
                body_line = first.start_position().row;
                if let Some(doc) = self.docstring_of(first) {
                    has_doc = !self.text[doc].trim().is_empty();
                }
            }
            stack.push((body, inner_ctx));
        }
        let dunder = name_text.starts_with("__") && name_text.ends_with("__");
        self.outline.functions.push(Function {
            name_span: name.byte_range(),
            name: name_text.to_string(),
            head_line: head.start_position().row,
            def_line: node.start_position().row,
            body_line,
            lines: node.end_position().row - node.start_position().row + 1,
            has_doc,
            exempt: dunder || name_text.starts_with("test"),
        });
    }

    fn class(&mut self, node: Node<'t>, ctx: Ctx, stack: &mut Vec<(Node<'t>, Ctx)>) {
        if let Some(name) = node.child_by_field_name("name") {
            self.bind(name, NameKind::Type, ctx.scope_id, false, false);
        }
        push_field(stack, node, "superclasses", Ctx { top: false, ..ctx });
        if let Some(body) = node.child_by_field_name("body") {
            let mut cursor = body.walk();
            let first = body
                .named_children(&mut cursor)
                .find(|child| child.kind() != "comment");
            if let Some(first) = first {
                self.docstring_of(first);
            }
            let class_ctx = Ctx {
                scope: Scope::Class,
                scope_id: node.id(),
                class_id: Some(node.id()),
                top: false,
            };
            stack.push((body, class_ctx));
        }
    }

    fn assignment(&mut self, node: Node<'t>, ctx: Ctx, stack: &mut Vec<(Node<'t>, Ctx)>) {
        let right = node.child_by_field_name("right");
        if let Some(left) = node.child_by_field_name("left") {
            let kind = match ctx.scope {
                Scope::Module => NameKind::ModuleVariable,
                Scope::Function => NameKind::Variable,
                Scope::Class => NameKind::Attribute,
            };
            let final_annotation = node
                .child_by_field_name("type")
                .is_some_and(|annotation| self.source(annotation).contains("Final"));
            let constant = ctx.top
                && ctx.scope == Scope::Module
                && left.kind() == "identifier"
                && (final_annotation || right.is_some_and(|value| self.is_literal(value)));
            self.targets(left, kind, ctx, constant);
        }
        if let Some(right) = right {
            stack.push((right, Ctx { top: false, ..ctx }));
        }
    }

    /// Binds every name in an assignment or loop target.
    fn targets(&mut self, node: Node, kind: NameKind, ctx: Ctx, constant: bool) {
        match node.kind() {
            "identifier" => {
                let kind = if kind == NameKind::LoopVariable || ctx.scope != Scope::Module {
                    kind
                } else {
                    variable_kind(ctx)
                };
                self.raw.push(Raw {
                    binding: self.binding(node, kind, false, false),
                    scope_id: ctx.scope_id,
                    constant,
                });
            }
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "list_splat_pattern"
            | "parenthesized_expression"
            | "tuple"
            | "list" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.targets(child, kind, ctx, false);
                }
            }
            "attribute" => {
                let object = node.child_by_field_name("object");
                let attribute = node.child_by_field_name("attribute");
                if let (Some(object), Some(attribute), Some(class_id)) =
                    (object, attribute, ctx.class_id)
                {
                    if self.source(object) == "self" {
                        self.bind(attribute, NameKind::Attribute, class_id, false, false);
                    }
                }
            }
            _ => {}
        }
    }

    /// Binds the names after `as` in `with` and `except`, where short names are the idiom.
    fn alias(&mut self, alias: Node, ctx: Ctx) {
        let mut stack = vec![alias];
        while let Some(node) = stack.pop() {
            if node.kind() == "identifier" {
                self.bind(node, variable_kind(ctx), ctx.scope_id, false, true);
            } else {
                let mut cursor = node.walk();
                stack.extend(node.named_children(&mut cursor));
            }
        }
    }

    fn parameters(&mut self, params: Node, ctx: Ctx, idiom: bool) {
        let mut cursor = params.walk();
        for param in params.named_children(&mut cursor) {
            let name = match param.kind() {
                "identifier" => Some(param),
                "default_parameter" | "typed_default_parameter" => {
                    param.child_by_field_name("name")
                }
                "typed_parameter" => param.named_child(0),
                "list_splat_pattern" | "dictionary_splat_pattern" => Some(param),
                _ => None,
            };
            let name = match name {
                Some(node) if node.kind().ends_with("splat_pattern") => node.named_child(0),
                other => other,
            };
            if let Some(name) = name.filter(|name| name.kind() == "identifier") {
                if !matches!(self.source(name), "self" | "cls") {
                    self.bind(name, NameKind::Parameter, ctx.scope_id, false, idiom);
                }
            }
        }
    }

    fn binding(&self, name: Node, kind: NameKind, method: bool, idiom: bool) -> Binding {
        Binding {
            name: self.source(name).to_string(),
            kind,
            span: name.byte_range(),
            method,
            idiom,
        }
    }

    fn bind(&mut self, name: Node, kind: NameKind, scope_id: usize, method: bool, idiom: bool) {
        let binding = self.binding(name, kind, method, idiom);
        self.raw.push(Raw {
            binding,
            scope_id,
            constant: false,
        });
    }

    /// A literal, or an expression of literals and UPPER_CASE names.
    fn is_literal(&self, node: Node) -> bool {
        match node.kind() {
            "integer" | "float" | "true" | "false" | "none" => true,
            "string" => {
                let mut cursor = node.walk();
                let interpolated = node
                    .named_children(&mut cursor)
                    .any(|child| child.kind() == "interpolation");
                !interpolated
            }
            "identifier" => {
                let name = self.source(node);
                !name.chars().any(char::is_lowercase)
            }
            "unary_operator"
            | "binary_operator"
            | "parenthesized_expression"
            | "tuple"
            | "list"
            | "set"
            | "dictionary"
            | "pair"
            | "concatenated_string" => {
                let mut cursor = node.walk();
                let all = node
                    .named_children(&mut cursor)
                    .all(|child| self.is_literal(child));
                all
            }
            _ => false,
        }
    }

    /// Resolves constants, keeps the first binding of each name in each scope.
    fn finish(mut self, module_id: usize) -> Outline {
        let mut module_counts: HashMap<&str, usize> = HashMap::new();
        for raw in &self.raw {
            if raw.scope_id == module_id {
                *module_counts.entry(raw.binding.name.as_str()).or_default() += 1;
            }
        }
        let mut resolved = Vec::with_capacity(self.raw.len());
        for raw in &self.raw {
            let mut binding = raw.binding.clone();
            if raw.constant
                && module_counts.get(binding.name.as_str()) == Some(&1)
                && !self.globals.contains(binding.name.as_str())
            {
                binding.kind = NameKind::Constant;
            }
            resolved.push((raw.scope_id, binding));
        }
        resolved.sort_by_key(|(_, binding)| binding.span.start);
        let mut seen: HashSet<(usize, String)> = HashSet::new();
        self.outline.bindings = resolved
            .into_iter()
            .filter(|(scope, binding)| seen.insert((*scope, binding.name.clone())))
            .map(|(_, binding)| binding)
            .collect();
        self.outline
    }
}

fn variable_kind(ctx: Ctx) -> NameKind {
    match ctx.scope {
        Scope::Module => NameKind::ModuleVariable,
        Scope::Function | Scope::Class => NameKind::Variable,
    }
}

/// The range of a string's text, between its quotes.
fn string_body(string: Node) -> Option<std::ops::Range<usize>> {
    let count = string.child_count();
    let start = string.child(0)?;
    let end = string.child(count.checked_sub(1)?)?;
    (start.kind() == "string_start" && end.kind() == "string_end")
        .then(|| start.end_byte()..end.start_byte().max(start.end_byte()))
}

fn push_field<'t>(stack: &mut Vec<(Node<'t>, Ctx)>, node: Node<'t>, field: &str, ctx: Ctx) {
    if let Some(child) = node.child_by_field_name(field) {
        stack.push((child, ctx));
    }
}

/// Pushes the named children in reverse, so that they are visited in source order.
fn push_children<'t>(
    stack: &mut Vec<(Node<'t>, Ctx)>,
    node: Node<'t>,
    ctx: Ctx,
    skip: Option<usize>,
) {
    let mut cursor = node.walk();
    let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
    for child in children.into_iter().rev() {
        if Some(child.id()) != skip {
            stack.push((child, ctx));
        }
    }
}
