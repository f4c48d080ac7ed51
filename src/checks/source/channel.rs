//! Rust: whether a solution passes its results through a channel it creates and sends on.

use tree_sitter::{Node, Tree};

use super::uses::Uses;
use super::{path_segments, place, push_children, Place};
use crate::lint::syntax::parse;
use crate::lint::SourceLanguage;

/// Rust: where the solution creates a channel and sends on it: `std::sync::mpsc` (`channel`,
/// `sync_channel`), `crossbeam-channel` / `crossbeam::channel` (`unbounded`, `bounded`), `flume`
/// (`unbounded`, `bounded`), called by full path, through a module or after a `use`. Returns the
/// place of the first constructor call; None when there is none or nothing is ever `.send(...)`-ed.
pub fn rust_channel(sources: &[(String, String)]) -> Option<Place> {
    let trees: Vec<(&String, &String, Tree)> = sources
        .iter()
        .filter_map(|(file, text)| Some((file, text, parse(text, SourceLanguage::Rust)?)))
        .collect();
    let sends = trees
        .iter()
        .any(|(_, text, tree)| calls(tree.root_node()).any(|call| is_send(call, text)));
    if !sends {
        return None;
    }
    trees.iter().find_map(|(file, text, tree)| {
        let uses = Uses::of(tree.root_node(), text);
        calls(tree.root_node())
            .find(|&call| is_channel_constructor(call, text, &uses))
            .map(|call| place(file, text, call.start_byte()))
    })
}

/// Every call expression under `root`, in source order.
fn calls(root: Node) -> impl Iterator<Item = Node> {
    let mut stack = vec![root];
    std::iter::from_fn(move || {
        while let Some(node) = stack.pop() {
            push_children(&mut stack, node);
            if node.kind() == "call_expression" {
                return Some(node);
            }
        }
        None
    })
}

/// `tx.send(value)`, and the `try_send` and `send_timeout` of bounded channels.
fn is_send(call: Node, text: &str) -> bool {
    call.child_by_field_name("function")
        .filter(|function| function.kind() == "field_expression")
        .and_then(|function| function.child_by_field_name("field"))
        .is_some_and(|field| {
            matches!(
                &text[field.byte_range()],
                "send" | "try_send" | "send_timeout"
            )
        })
}

fn is_channel_constructor(call: Node, text: &str, uses: &Uses) -> bool {
    let Some(mut function) = call.child_by_field_name("function") else {
        return false;
    };
    // `mpsc::channel::<u64>()`
    if function.kind() == "generic_function" {
        match function.child_by_field_name("function") {
            Some(inner) => function = inner,
            None => return false,
        }
    }
    if !matches!(function.kind(), "identifier" | "scoped_identifier") {
        return false;
    }
    let path = path_segments(function, text);
    uses.expand(&path)
        .iter()
        .any(|full| is_channel_path(&full.iter().map(String::as_str).collect::<Vec<_>>()))
}

fn is_channel_path(path: &[&str]) -> bool {
    matches!(
        path,
        ["std", "sync", "mpsc", "channel" | "sync_channel"]
            | ["mpsc", "channel" | "sync_channel"]
            | ["crossbeam_channel", "unbounded" | "bounded"]
            | ["crossbeam", "channel", "unbounded" | "bounded"]
            | ["flume", "unbounded" | "bounded"]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of(place: Option<Place>) -> Option<u32> {
        place.map(|place| place.line)
    }

    fn channel(text: &str) -> Option<Place> {
        rust_channel(&[("cube/src/main.rs".to_string(), text.to_string())])
    }

    #[test]
    fn channel_std_mpsc_with_send() {
        let text = "use std::sync::mpsc;\nuse std::thread;\n\nfn main() {\n    let (tx, rx) = mpsc::channel();\n    thread::spawn(move || tx.send(1).unwrap());\n    println!(\"{}\", rx.recv().unwrap());\n}\n";
        assert_eq!(
            channel(text),
            Some(Place {
                file: "cube/src/main.rs".into(),
                line: 5,
                text: "let (tx, rx) = mpsc::channel();".into(),
            })
        );
    }

    #[test]
    fn channel_by_full_path_and_with_type_arguments() {
        for call in [
            "std::sync::mpsc::channel()",
            "std::sync::mpsc::sync_channel(4)",
            "mpsc::channel::<u64>()",
            "::std::sync::mpsc::channel()",
        ] {
            let text =
                format!("fn main() {{\n    let (tx, rx) = {call};\n    tx.send(1).unwrap();\n}}\n");
            assert_eq!(line_of(channel(&text)), Some(2), "{call}");
        }
    }

    #[test]
    fn channel_imported_by_use() {
        let text = "use std::sync::mpsc::{channel, Sender};\n\nfn main() {\n    let (tx, rx) = channel();\n    tx.send(1).unwrap();\n}\n";
        assert_eq!(line_of(channel(text)), Some(4));
        let aliased = "use std::sync::mpsc::{self, sync_channel as make};\nfn main() {\n    let (tx, rx) = make(2);\n    tx.try_send(1).unwrap();\n}\n";
        assert_eq!(line_of(channel(aliased)), Some(3));
        let glob = "use std::sync::mpsc::*;\nfn main() {\n    let (tx, rx) = channel();\n    tx.send(1).unwrap();\n}\n";
        assert_eq!(line_of(channel(glob)), Some(3));
    }

    #[test]
    fn channel_crossbeam_and_flume() {
        for (header, call) in [
            ("", "crossbeam_channel::unbounded()"),
            ("", "crossbeam_channel::bounded::<u64>(4)"),
            ("", "crossbeam::channel::unbounded()"),
            ("use crossbeam::channel;", "channel::bounded(4)"),
            ("use crossbeam_channel::unbounded;", "unbounded()"),
            ("", "flume::bounded(4)"),
            ("use flume::unbounded;", "unbounded()"),
        ] {
            let text = format!("{header}\nfn main() {{\n    let (tx, rx) = {call};\n    tx.send(1).unwrap();\n}}\n");
            assert_eq!(line_of(channel(&text)), Some(3), "{call}");
        }
    }

    #[test]
    fn channel_threads_joined_are_not_channels() {
        let text = "use std::thread;\nfn main() {\n    let handles: Vec<_> = (0..4).map(|i| thread::spawn(move || i * i)).collect();\n    let total: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();\n    println!(\"{total}\");\n}\n";
        assert_eq!(channel(text), None);
    }

    #[test]
    fn channel_never_sent_on_is_none() {
        let text = "use std::sync::mpsc;\nfn main() {\n    let (_tx, rx) = mpsc::channel::<u64>();\n    drop(rx);\n}\n";
        assert_eq!(channel(text), None);
    }

    #[test]
    fn channel_lookalikes_are_not_channels() {
        // A function of the student's own named `channel`, and another crate's.
        let text = "fn channel() -> (u8, u8) { (0, 0) }\nfn main() {\n    let c = channel();\n    let d = tokio::sync::mpsc::channel(4);\n    x.send(1);\n}\n";
        assert_eq!(channel(text), None);
    }

    #[test]
    fn channel_in_a_second_file() {
        let sources = [
            ("cube/src/main.rs".to_string(), "mod work;\nfn main() { work::run(); }\n".to_string()),
            (
                "cube/src/work.rs".to_string(),
                "use crossbeam_channel::unbounded;\npub fn run() {\n    let (tx, rx) = unbounded();\n    tx.send(1).unwrap();\n}\n".to_string(),
            ),
        ];
        let place = rust_channel(&sources).expect("found");
        assert_eq!((place.file.as_str(), place.line), ("cube/src/work.rs", 3));
    }
}
