//! Rust: the crate is copied to scratch and built in release mode with cargo.
//!
//! Dependencies, if the crate has any, are fetched first (the only step allowed the network);
//! the build itself runs offline. The first compiler error is read from cargo's JSON messages.

use std::path::Path;

use serde::Deserialize;

use super::{Context, Failure, Program};
use crate::discover::Entry;
use crate::launch::Job;
use crate::run::{Exit, Limits, NoObserver};
use crate::text::tail;

pub(super) fn build(
    entry: &Entry,
    context: &Context,
) -> std::io::Result<(Result<Program, Failure>, Vec<String>)> {
    let Some(cargo) = &context.toolchain.cargo else {
        return Ok((
            Err(Failure::plain("no cargo on the grading machine")),
            Vec::new(),
        ));
    };
    let job_dir = context.scratch.job("rust")?;
    let workdir = job_dir.join("work");
    let left_out = crate::scratch::copy_tree(&entry.path, &workdir)?;
    let crate_name = entry
        .path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let toolchain = context.toolchain;
    let job = |args: &[&str], network: bool| Job {
        program: cargo.clone(),
        args: args.iter().map(Into::into).collect(),
        workdir: workdir.clone(),
        env: toolchain.cargo_env(&workdir),
        readable: toolchain.rust_sysroot.iter().cloned().collect(),
        network,
    };
    let limits = Limits {
        timeout: context.timeout,
        output: context.output_limit.max(16 * 1024 * 1024),
    };
    if has_dependencies(&workdir.join("Cargo.toml")) {
        let fetch =
            context
                .launcher
                .launch(&job(&["fetch", "--quiet"], true), limits, &mut NoObserver)?;
        if !fetch.success() {
            let why = clean(
                &String::from_utf8_lossy(&fetch.stderr.bytes),
                &job_dir,
                &crate_name,
            );
            return Ok((
                Err(Failure::plain(format!(
                    "the crate's dependencies could not be fetched:\n{}",
                    tail(&why, 6)
                ))),
                left_out,
            ));
        }
    }
    let build_job = job(
        &[
            "build",
            "--release",
            "--offline",
            "--message-format",
            "json",
        ],
        false,
    );
    let outcome = context
        .launcher
        .launch(&build_job, limits, &mut NoObserver)?;
    let messages = String::from_utf8_lossy(&outcome.stdout.bytes);
    let result = match (outcome.exit, executable(&messages, &crate_name)) {
        (Exit::Code(0), Some(program)) => Ok(Program {
            program: program.into(),
            args: Vec::new(),
            workdir,
        }),
        (Exit::Code(0), None) => Err(Failure::plain(
            "the crate builds no executable: add `src/main.rs` with a `fn main()`",
        )),
        (Exit::TimedOut, _) => Err(Failure::plain(format!(
            "the build did not finish within {}",
            crate::checks::seconds(context.timeout)
        ))),
        _ if outcome.limits_hit.memory.is_some() => {
            Err(Failure::plain(format!("the build {}", outcome.describe())))
        }
        _ => Err(first_error(&messages, &crate_name).unwrap_or_else(|| {
            let stderr = clean(
                &String::from_utf8_lossy(&outcome.stderr.bytes),
                &job_dir,
                &crate_name,
            );
            Failure::plain(format!("cargo build failed:\n{}", tail(&stderr, 8)))
        })),
    };
    Ok((result, left_out))
}

/// Whether the manifest lists dependencies to fetch. An unreadable manifest has none here:
/// cargo then reports what is wrong with it.
fn has_dependencies(manifest: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(manifest) else {
        return false;
    };
    let Ok(value) = text.parse::<toml::Table>() else {
        return false;
    };
    ["dependencies", "build-dependencies"].iter().any(|key| {
        value
            .get(*key)
            .and_then(toml::Value::as_table)
            .is_some_and(|table| !table.is_empty())
    })
}

/// Scratch paths in cargo's text, put back as the student sees them.
fn clean(text: &str, job_dir: &Path, crate_name: &str) -> String {
    text.replace(&format!("{}/work", job_dir.display()), crate_name)
        .replace(&job_dir.display().to_string(), "<scratch>")
}

#[derive(Deserialize)]
struct CargoMessage {
    reason: String,
    executable: Option<String>,
    target: Option<Target>,
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct Diagnostic {
    message: String,
    level: String,
    code: Option<Code>,
    #[serde(default)]
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: u32,
    column_start: u32,
    is_primary: bool,
    #[serde(default)]
    text: Vec<SpanText>,
}

#[derive(Deserialize)]
struct SpanText {
    text: String,
}

fn messages(json_lines: &str) -> impl Iterator<Item = CargoMessage> + '_ {
    json_lines
        .lines()
        .filter_map(|line| serde_json::from_str::<CargoMessage>(line).ok())
}

/// The executable built: the binary named after the crate folder, else the first binary.
fn executable(json_lines: &str, crate_name: &str) -> Option<String> {
    let binaries: Vec<(String, String)> = messages(json_lines)
        .filter(|message| message.reason == "compiler-artifact")
        .filter_map(|message| {
            let target = message.target?;
            let path = message.executable?;
            target
                .kind
                .iter()
                .any(|kind| kind == "bin")
                .then_some((target.name, path))
        })
        .collect();
    binaries
        .iter()
        .find(|(name, _)| name == crate_name)
        .or_else(|| binaries.first())
        .map(|(_, path)| path.clone())
}

/// The first compiler error, as `crate/src/main.rs:3:5: error[E0425]: ...` and its source line.
fn first_error(json_lines: &str, crate_name: &str) -> Option<Failure> {
    let diagnostic = messages(json_lines)
        .filter(|message| message.reason == "compiler-message")
        .filter_map(|message| message.message)
        .find(|diagnostic| diagnostic.level == "error")?;
    let code = diagnostic
        .code
        .as_ref()
        .map(|code| format!("[{}]", code.code))
        .unwrap_or_default();
    let Some(span) = diagnostic.spans.iter().find(|span| span.is_primary) else {
        return Some(Failure::plain(format!(
            "error{code}: {}",
            diagnostic.message
        )));
    };
    let file = format!("{crate_name}/{}", span.file_name);
    let mut message = format!(
        "{file}:{}:{}: error{code}: {}",
        span.line_start, span.column_start, diagnostic.message
    );
    if let Some(source) = span.text.first() {
        message.push_str(&format!("\n    {}", source.text.trim()));
    }
    Some(Failure {
        message,
        file: Some(file),
        line: Some(span.line_start),
        column: Some(span.column_start),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMPILE_ERROR: &str = r#"{"reason":"compiler-message","package_id":"x","manifest_path":"/s/Cargo.toml","target":{"kind":["bin"],"crate_types":["bin"],"name":"cube","src_path":"/s/src/main.rs","edition":"2021","doc":true,"doctest":false,"test":true},"message":{"rendered":"error","$message_type":"diagnostic","children":[],"code":{"code":"E0425","explanation":"..."},"level":"error","message":"cannot find value `totl` in this scope","spans":[{"byte_end":1,"byte_start":0,"column_end":15,"column_start":11,"expansion":null,"file_name":"src/main.rs","is_primary":true,"label":"not found","line_end":7,"line_start":7,"suggested_replacement":null,"suggestion_applicability":null,"text":[{"highlight_end":15,"highlight_start":11,"text":"    print(totl);"}]}]}}"#;

    #[test]
    fn first_error_is_located() {
        let failure = first_error(COMPILE_ERROR, "cube").expect("an error");
        assert_eq!(failure.file.as_deref(), Some("cube/src/main.rs"));
        assert_eq!((failure.line, failure.column), (Some(7), Some(11)));
        assert_eq!(
            failure.message,
            "cube/src/main.rs:7:11: error[E0425]: cannot find value `totl` in this scope\n    print(totl);"
        );
    }
}
