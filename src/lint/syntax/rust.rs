//! Rust: bindings, comments, doc comments and functions from a tree-sitter-rust tree.

use std::collections::HashSet;

use tree_sitter::Node;

use super::{
    error, parser, starts_line, Binding, Comment, CommentKind, Function, NameKind, Outline,
};
use crate::lint::SourceLanguage;

#[derive(Debug, Clone, Copy)]
struct Ctx {
    /// The function (or the file) whose bindings share a namespace for reporting.
    scope_id: usize,
    /// Inside an `impl` or `trait` body: functions there are methods.
    in_impl: bool,
    /// Inside `impl Trait for Type`: the trait imposes and documents the methods' signatures.
    trait_impl: bool,
}

/// Node kinds whose arm in [`Walker::walk`] does not push every child.
const SPECIAL: &[&str] = &[
    "function_item",
    "function_signature_item",
    "closure_expression",
    "let_declaration",
    "for_expression",
    "let_condition",
    "match_arm",
    "const_item",
    "static_item",
    "struct_item",
    "union_item",
    "enum_item",
    "enum_variant",
    "type_item",
    "trait_item",
    "impl_item",
    "field_declaration",
];

struct Walker<'t> {
    text: &'t str,
    outline: Outline,
    raw: Vec<(usize, Binding)>,
}

/// The outline of a Rust source.
pub(crate) fn outline(text: &str) -> Outline {
    let mut walker = Walker {
        text,
        outline: Outline::empty(SourceLanguage::Rust, text),
        raw: Vec::new(),
    };
    let Some(tree) = parser::parse(text, SourceLanguage::Rust) else {
        return walker.outline;
    };
    let root = tree.root_node();
    walker.outline.syntax_error = error::first_error(root, text);
    walker.module(root);
    walker.walk(root);
    let mut outline = walker.finish();
    outline.tree = Some(tree);
    outline
}

impl<'t> Walker<'t> {
    fn source(&self, node: Node) -> &'t str {
        &self.text[node.byte_range()]
    }

    fn module(&mut self, root: Node) {
        let mut cursor = root.walk();
        for child in root.named_children(&mut cursor) {
            match child.kind() {
                "line_comment" | "block_comment" => {}
                "inner_attribute_item" => {
                    if self.source(child).contains("doc") {
                        self.outline.module_doc = true;
                    }
                }
                _ => {
                    self.outline.first_code = child.start_byte();
                    break;
                }
            }
        }
    }

    fn walk(&mut self, root: Node<'t>) {
        let mut stack = vec![(
            root,
            Ctx {
                scope_id: root.id(),
                in_impl: false,
                trait_impl: false,
            },
        )];
        while let Some((node, ctx)) = stack.pop() {
            let plain = Ctx {
                in_impl: false,
                trait_impl: false,
                ..ctx
            };
            if SPECIAL.contains(&node.kind()) {
                // These arms push only some children: record the comments among the others.
                let mut cursor = node.walk();
                let comments: Vec<Node> = node
                    .named_children(&mut cursor)
                    .filter(|child| matches!(child.kind(), "line_comment" | "block_comment"))
                    .collect();
                for comment in comments {
                    self.comment(comment);
                }
            }
            match node.kind() {
                "line_comment" | "block_comment" => self.comment(node),
                "function_item" | "function_signature_item" => self.function(node, ctx, &mut stack),
                "closure_expression" => {
                    let inner = Ctx {
                        scope_id: node.id(),
                        in_impl: false,
                        trait_impl: false,
                    };
                    if let Some(params) = node.child_by_field_name("parameters") {
                        self.patterns(params, NameKind::Parameter, inner, true, false);
                    }
                    push_field(&mut stack, node, "body", inner);
                }
                "let_declaration" => {
                    if let Some(pattern) = node.child_by_field_name("pattern") {
                        self.patterns(pattern, NameKind::Variable, ctx, false, false);
                    }
                    push_field(&mut stack, node, "alternative", plain);
                    push_field(&mut stack, node, "value", plain);
                }
                "for_expression" => {
                    if let Some(pattern) = node.child_by_field_name("pattern") {
                        self.patterns(pattern, NameKind::LoopVariable, ctx, false, false);
                    }
                    push_field(&mut stack, node, "body", plain);
                    push_field(&mut stack, node, "value", plain);
                }
                "let_condition" => {
                    if let Some(pattern) = node.child_by_field_name("pattern") {
                        self.patterns(pattern, NameKind::Variable, ctx, false, true);
                    }
                    push_field(&mut stack, node, "value", plain);
                }
                "match_arm" => {
                    if let Some(pattern) = node.child_by_field_name("pattern") {
                        self.patterns(pattern, NameKind::Variable, ctx, false, true);
                        push_field(&mut stack, pattern, "condition", plain);
                    }
                    push_field(&mut stack, node, "value", plain);
                }
                "const_item" | "static_item" => {
                    self.bind_field(node, NameKind::Constant, ctx, false);
                    push_field(&mut stack, node, "value", plain);
                }
                "struct_item" | "union_item" | "enum_item" | "enum_variant" | "type_item" => {
                    self.bind_field(node, NameKind::Type, ctx, false);
                    push_field(&mut stack, node, "body", plain);
                }
                "trait_item" => {
                    self.bind_field(node, NameKind::Type, ctx, false);
                    let body_ctx = Ctx {
                        in_impl: true,
                        trait_impl: false,
                        ..ctx
                    };
                    push_field(&mut stack, node, "body", body_ctx);
                }
                "impl_item" => {
                    let body_ctx = Ctx {
                        in_impl: true,
                        trait_impl: node.child_by_field_name("trait").is_some(),
                        ..ctx
                    };
                    push_field(&mut stack, node, "body", body_ctx);
                }
                "field_declaration" => self.bind_field(node, NameKind::Field, ctx, false),
                "declaration_list" => push_children(&mut stack, node, ctx),
                _ => push_children(&mut stack, node, plain),
            }
        }
    }

    fn comment(&mut self, node: Node) {
        let mut span = node.byte_range();
        let raw = self.source(node);
        span.end = span.start + raw.trim_end_matches(['\n', '\r']).len();
        let text = &self.text[span.clone()];
        let (kind, open, close) = if text.starts_with("//") {
            if text.starts_with("///") && !text.starts_with("////") {
                (CommentKind::Doc, 3, 0)
            } else if text.starts_with("//!") {
                (CommentKind::InnerDoc, 3, 0)
            } else {
                (CommentKind::Line, 2, 0)
            }
        } else {
            let close = if text.ends_with("*/") && text.len() >= 4 {
                2
            } else {
                0
            };
            if text.starts_with("/**") && !text.starts_with("/***") && !text.starts_with("/**/") {
                (CommentKind::Doc, 3, close)
            } else if text.starts_with("/*!") {
                (CommentKind::InnerDoc, 3, close)
            } else {
                (CommentKind::Block, 2, close)
            }
        };
        let body_start = (span.start + open).min(span.end);
        let body_end = span.end.saturating_sub(close).max(body_start);
        if kind == CommentKind::InnerDoc && !self.text[body_start..body_end].trim().is_empty() {
            self.outline.module_doc = true;
        }
        self.outline.comments.push(Comment {
            body: body_start..body_end,
            own_line: starts_line(self.text, span.start),
            span,
            kind,
            line: node.start_position().row,
            // A line comment's node ends after its line break: count the lines of the text.
            end_line: node.start_position().row + text.matches('\n').count(),
        });
    }

    fn function(&mut self, node: Node<'t>, ctx: Ctx, stack: &mut Vec<(Node<'t>, Ctx)>) {
        let inner = Ctx {
            scope_id: node.id(),
            in_impl: false,
            trait_impl: false,
        };
        if let Some(params) = node.child_by_field_name("parameters") {
            let mut cursor = params.walk();
            for param in params.named_children(&mut cursor) {
                if param.kind() == "parameter" {
                    if let Some(pattern) = param.child_by_field_name("pattern") {
                        let idiom = ctx.trait_impl;
                        self.patterns(pattern, NameKind::Parameter, inner, idiom, false);
                    }
                }
            }
        }
        let Some(name) = node.child_by_field_name("name") else {
            return;
        };
        self.bind(name, NameKind::Function, ctx, ctx.in_impl, false);
        let Some(body) = node.child_by_field_name("body") else {
            return;
        };
        let mut head = node;
        let mut exempt = ctx.trait_impl;
        while let Some(previous) = head.prev_named_sibling() {
            if previous.kind() != "attribute_item" {
                break;
            }
            exempt |= self.source(previous).contains("test");
            head = previous;
        }
        let mut cursor = body.walk();
        let body_line = body
            .named_children(&mut cursor)
            .find(|child| !matches!(child.kind(), "line_comment" | "block_comment"))
            .map_or(body.end_position().row, |first| first.start_position().row);
        self.outline.functions.push(Function {
            name_span: name.byte_range(),
            name: self.source(name).to_string(),
            head_line: head.start_position().row,
            def_line: node.start_position().row,
            body_line,
            lines: node.end_position().row - node.start_position().row + 1,
            has_doc: false,
            exempt,
        });
        stack.push((body, inner));
    }

    fn bind_field(&mut self, node: Node, kind: NameKind, ctx: Ctx, idiom: bool) {
        if let Some(name) = node.child_by_field_name("name") {
            self.bind(name, kind, ctx, false, idiom);
        }
    }

    fn bind(&mut self, name: Node, kind: NameKind, ctx: Ctx, method: bool, idiom: bool) {
        if name.kind() == "metavariable" {
            return;
        }
        self.raw.push((
            ctx.scope_id,
            Binding {
                name: self.source(name).to_string(),
                kind,
                span: name.byte_range(),
                method,
                idiom,
            },
        ));
    }

    /// Binds the names a pattern introduces. In `match` and `if let`, a capitalised identifier
    /// is an enum variant or a constant being matched, not a new name.
    fn patterns(&mut self, pattern: Node, kind: NameKind, ctx: Ctx, idiom: bool, refutable: bool) {
        let mut stack = vec![pattern];
        while let Some(node) = stack.pop() {
            match node.kind() {
                "identifier" | "shorthand_field_identifier" => {
                    let capital = self.source(node).starts_with(|c: char| c.is_uppercase());
                    if !(refutable && capital) {
                        self.bind(node, kind, ctx, false, idiom);
                    }
                }
                "field_pattern" => match node.child_by_field_name("pattern") {
                    Some(inner) => stack.push(inner),
                    None => {
                        let mut cursor = node.walk();
                        stack.extend(
                            node.named_children(&mut cursor)
                                .filter(|child| child.kind() == "shorthand_field_identifier"),
                        );
                    }
                },
                "tuple_struct_pattern" | "struct_pattern" => {
                    let type_id = node.child_by_field_name("type").map(|ty| ty.id());
                    let mut cursor = node.walk();
                    stack.extend(
                        node.named_children(&mut cursor)
                            .filter(|child| Some(child.id()) != type_id),
                    );
                }
                "match_pattern" => {
                    let condition = node.child_by_field_name("condition").map(|c| c.id());
                    let mut cursor = node.walk();
                    stack.extend(
                        node.named_children(&mut cursor)
                            .filter(|child| Some(child.id()) != condition),
                    );
                }
                "parameter" => {
                    if let Some(inner) = node.child_by_field_name("pattern") {
                        stack.push(inner);
                    }
                }
                "tuple_pattern" | "slice_pattern" | "or_pattern" | "reference_pattern"
                | "mut_pattern" | "ref_pattern" | "captured_pattern" | "closure_parameters" => {
                    let mut cursor = node.walk();
                    stack.extend(node.named_children(&mut cursor));
                }
                _ => {}
            }
        }
    }

    /// Keeps the first binding of each name in each function: shadowing with `let` is idiomatic.
    fn finish(mut self) -> Outline {
        self.raw.sort_by_key(|(_, binding)| binding.span.start);
        let mut seen: HashSet<(usize, String)> = HashSet::new();
        self.outline.bindings = self
            .raw
            .into_iter()
            .filter(|(scope, binding)| seen.insert((*scope, binding.name.clone())))
            .map(|(_, binding)| binding)
            .collect();
        self.outline
    }
}

fn push_field<'t>(stack: &mut Vec<(Node<'t>, Ctx)>, node: Node<'t>, field: &str, ctx: Ctx) {
    if let Some(child) = node.child_by_field_name(field) {
        stack.push((child, ctx));
    }
}

/// Pushes the named children in reverse, so that they are visited in source order.
fn push_children<'t>(stack: &mut Vec<(Node<'t>, Ctx)>, node: Node<'t>, ctx: Ctx) {
    let mut cursor = node.walk();
    let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
    stack.extend(children.into_iter().rev().map(|child| (child, ctx)));
}
