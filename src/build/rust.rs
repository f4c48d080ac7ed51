//! Rust: the crate is copied to scratch and built in release mode with cargo.
//!
//! Dependencies, if the crate has any, are vendored first by the grader's own cargo, the only
//! step allowed the network (crates.io's port only), from a copy of the manifests alone
//! (`deps`). The build itself runs offline on the vendored sources, and hands its executables on
//! to the runs. The first compiler error is read from cargo's JSON messages.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::deps::{self, Dependencies};
use super::shared::{self, DepSet};
use super::{Context, Failure, Made, Program};
use crate::discover::Entry;
use crate::lang::Lang;
use crate::launch::Job;
use crate::msg;
use crate::run::{Exit, Limits, NoObserver};
use crate::text::{indent, tail};

/// The port crates.io answers on; a proxy's port is added when the grader has one.
const HTTPS_PORT: u16 = 443;

pub(super) fn build(entry: &Entry, context: &Context) -> std::io::Result<Made> {
    let Some(cargo) = &context.toolchain.cargo else {
        return Ok(Made::failed(
            Failure::plain(msg!(context.lang, "build-no-cargo")),
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
    let (files, _) = crate::scratch::files(&workdir)?;
    let relative: Vec<PathBuf> = files.into_iter().map(|file| file.relative).collect();
    let dependencies = match deps::inspect(&workdir, &relative, &crate_name, context.lang) {
        Ok(dependencies) => dependencies,
        Err(refused) => return Ok(Made::failed(Failure::plain(refused), left_out)),
    };
    let toolchain = context.toolchain;
    let limits = Limits {
        timeout: context.timeout,
        output: context.output_limit.max(16 * 1024 * 1024),
    };
    let mut args = build_args();
    let mut readable: Vec<PathBuf> = toolchain.rust_sysroot.iter().cloned().collect();
    let mut cpu = None;
    if dependencies.from_registry {
        let toolchain_id = toolchain
            .rust_sysroot
            .as_ref()
            .map(|sysroot| sysroot.display().to_string())
            .unwrap_or_default();
        let key = deps::set_key(&workdir, &dependencies, &toolchain_id);
        let fetch = Fetch {
            cargo,
            dependencies: &dependencies,
            workdir: &workdir,
            crate_name: &crate_name,
        };
        let set = context.deps.get(
            &key,
            || context.scratch.job("deps"),
            |job_dir| prepare_set(&fetch, job_dir, context, limits),
            context.lang,
        );
        let set = match set {
            Ok(set) => set,
            Err(failure) => return Ok(Made::failed(failure, left_out)),
        };
        copy_regular(&set.lock, &workdir.join("Cargo.lock"))?;
        if let Some(template) = &set.target {
            shared::copy_keeping_times(template, &workdir.join("target"))?;
        }
        args.extend(vendored_source(&set.vendor));
        readable.push(set.vendor.clone());
    }
    let out = job_dir.join("out");
    std::fs::create_dir_all(&out)?;
    let mut build_job = Job::new(cargo.clone(), args, workdir.clone());
    build_job.env = toolchain.cargo_env(&workdir);
    build_job.readable = readable;
    build_job.keep = Some((workdir.join("target/release"), out.clone()));
    let outcome = context
        .launcher
        .launch(&build_job, limits, &mut NoObserver)?;
    cpu = sum_cpu(cpu, outcome.cpu);
    let messages = String::from_utf8_lossy(&outcome.stdout.bytes);
    let compiled = compiled_dependencies(&messages);
    let result = match (outcome.exit, executable(&messages, &crate_name)) {
        (Exit::Code(0), Some(program)) => match Path::new(&program).file_name() {
            Some(name) if out.join(name).is_file() => Ok(Program {
                program: out.join(name),
                args: Vec::new(),
                workdir,
                readable: vec![out],
            }),
            _ => Err(Failure::plain(msg!(
                context.lang,
                "build-not-taken-out",
                program = program.as_str()
            ))),
        },
        (Exit::Code(0), None) => Err(Failure::plain(msg!(context.lang, "build-no-executable"))),
        (Exit::TimedOut, _) => Err(Failure::plain(msg!(
            context.lang,
            "build-timed-out",
            timeout = crate::checks::seconds(context.timeout)
        ))),
        _ if outcome.limits_hit.disk.is_some() => {
            Err(disk_full(outcome.limits_hit.disk, context.lang))
        }
        _ if outcome.limits_hit.memory.is_some() => Err(Failure::plain(msg!(
            context.lang,
            "build-stopped",
            how = outcome.describe(context.lang)
        ))),
        _ => Err(
            first_error(&messages, &crate_name, context.lang).unwrap_or_else(|| {
                let stderr = clean(
                    &String::from_utf8_lossy(&outcome.stderr.bytes),
                    &job_dir,
                    &crate_name,
                );
                let failed = msg!(context.lang, "build-cargo-failed");
                Failure::plain(format!("{failed}\n{}", indent(&tail(&stderr, 8), "    ")))
            }),
        ),
    };
    Ok(Made {
        result,
        left_out,
        compiled,
        cpu,
    })
}

fn sum_cpu(
    a: Option<std::time::Duration>,
    b: Option<std::time::Duration>,
) -> Option<std::time::Duration> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    }
}

/// `cargo build` as every build runs it: release, offline, messages as JSON.
fn build_args() -> Vec<OsString> {
    [
        "build",
        "--release",
        "--offline",
        "--message-format",
        "json",
    ]
    .map(OsString::from)
    .to_vec()
}

/// cargo's options that take crates.io's crates from `vendor`, offline.
fn vendored_source(vendor: &Path) -> [OsString; 4] {
    [
        "--config".into(),
        "source.crates-io.replace-with=\"vendored-sources\"".into(),
        "--config".into(),
        format!(
            "source.vendored-sources.directory={}",
            toml::Value::String(vendor.display().to_string())
        )
        .into(),
    ]
}

/// Vendors a crate's dependency set, then compiles it in a crate made of its manifests alone
/// (the template, see `shared`). A set whose template does not compile is still vendored: each
/// crate's own build then reports the error as it meets it.
fn prepare_set(
    fetch: &Fetch,
    job_dir: &Path,
    context: &Context,
    limits: Limits,
) -> Result<DepSet, Failure> {
    let unprepared = |err: std::io::Error| {
        Failure::plain(msg!(
            context.lang,
            "build-unprepared",
            error = err.to_string()
        ))
    };
    let vendor = vendor(fetch, job_dir, context, limits).map_err(unprepared)??;
    let manifests = job_dir.join("manifests");
    let lock = manifests.join("Cargo.lock");
    let mut args = build_args();
    args.extend(vendored_source(&vendor));
    let target = manifests.join("target");
    let mut job = Job::new(fetch.cargo.to_path_buf(), args, manifests.clone());
    job.env = context.toolchain.cargo_env(&manifests);
    job.readable = context.toolchain.rust_sysroot.iter().cloned().collect();
    job.readable.push(vendor.clone());
    // The template's target folder is what the job is for: it writes the host's folder.
    job.share_workdir = true;
    job.writable = vec![target.clone()];
    std::fs::create_dir_all(&target).map_err(unprepared)?;
    let built = context.launcher.launch(&job, limits, &mut NoObserver);
    let compiled = match &built {
        Ok(outcome) if outcome.success() && folder_size(&target) <= context.disk_limit => Some(
            compiled_dependencies(&String::from_utf8_lossy(&outcome.stdout.bytes)),
        ),
        _ => None,
    };
    Ok(DepSet {
        vendor,
        lock,
        target: compiled.is_some().then_some(target),
        compiled: compiled.unwrap_or_default(),
        cached: false,
    })
}

/// The crates.io crates a build compiled rather than found fresh, from cargo's JSON messages.
fn compiled_dependencies(json_lines: &str) -> Vec<String> {
    #[derive(Deserialize)]
    struct Artifact {
        reason: String,
        package_id: Option<String>,
        fresh: Option<bool>,
        target: Option<Target>,
    }
    let mut names: Vec<String> = json_lines
        .lines()
        .filter_map(|line| serde_json::from_str::<Artifact>(line).ok())
        .filter(|artifact| artifact.reason == "compiler-artifact" && artifact.fresh == Some(false))
        .filter(|artifact| {
            artifact
                .package_id
                .as_deref()
                .is_some_and(|id| !id.starts_with("path+"))
        })
        .filter_map(|artifact| artifact.target.map(|target| target.name))
        .filter(|name| name != "build_script_build")
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A build stopped at its disk limit.
fn disk_full(limit: Option<crate::run::DiskLimit>, lang: Lang) -> Failure {
    let limit = limit.map(|limit| limit.describe(lang)).unwrap_or_default();
    Failure::plain(msg!(lang, "build-disk-full", limit = limit))
}

/// What the dependency fetch works on.
struct Fetch<'a> {
    cargo: &'a Path,
    dependencies: &'a Dependencies,
    /// The crate's copy, whose manifests the fetch reads.
    workdir: &'a Path,
    crate_name: &'a str,
}

/// Vendors the crate's crates.io dependencies into `<job>/vendor`, with the network, from the
/// manifests alone, copied to `<job>/manifests` with the lock file it resolved. Returns the
/// vendor folder.
fn vendor(
    fetch: &Fetch,
    job_dir: &Path,
    context: &Context,
    limits: Limits,
) -> std::io::Result<Result<PathBuf, Failure>> {
    let Fetch {
        cargo,
        dependencies,
        workdir,
        crate_name,
    } = *fetch;
    let manifests = job_dir.join("manifests");
    let vendor = job_dir.join("vendor");
    let cargo_home = job_dir.join("cargo-home");
    for folder in [&manifests, &vendor, &cargo_home] {
        std::fs::create_dir_all(folder)?;
    }
    deps::stage(workdir, dependencies, &manifests)?;
    // The grader's own cargo configuration (a mirror, a proxy) applies; the student's does not.
    if let Some(config) = grader_cargo_config() {
        std::fs::copy(config, cargo_home.join("config.toml"))?;
    }
    let (proxy_env, proxy_ports) = proxies();
    let mut ports = vec![HTTPS_PORT];
    ports.extend(proxy_ports);
    let mut job = Job::new(
        cargo.to_path_buf(),
        vec!["vendor".into(), "--quiet".into(), vendor.clone().into()],
        manifests.clone(),
    );
    job.env = context.toolchain.cargo_env(&manifests);
    job.env
        .retain(|(key, _)| key != "CARGO_HOME" && key != "HOME");
    job.env.extend([
        ("CARGO_HOME".into(), cargo_home.clone().into()),
        ("HOME".into(), cargo_home.clone().into()),
    ]);
    job.env.extend(proxy_env);
    job.readable = context.toolchain.rust_sysroot.iter().cloned().collect();
    job.writable = vec![vendor.clone(), cargo_home.clone()];
    job.share_workdir = true;
    job.network = Some(ports);
    let fetched = context.launcher.launch(&job, limits, &mut NoObserver)?;
    if !fetched.success() {
        let why = String::from_utf8_lossy(&fetched.stderr.bytes)
            .replace(&manifests.display().to_string(), crate_name)
            .replace(&job_dir.display().to_string(), "<scratch>");
        let failed = msg!(context.lang, "build-fetch-failed");
        return Ok(Err(Failure::plain(format!(
            "{failed}\n{}",
            indent(&tail(&why, 6), "    ")
        ))));
    }
    // The fetch writes host folders, outside any scratch disk: held to the same limit after.
    let fetched = folder_size(&vendor) + folder_size(&cargo_home);
    if fetched > context.disk_limit {
        let _ = std::fs::remove_dir_all(&vendor);
        let _ = std::fs::remove_dir_all(&cargo_home);
        return Ok(Err(Failure::plain(msg!(
            context.lang,
            "build-deps-too-large",
            size = crate::units::format_size(fetched),
            limit = crate::units::format_size(context.disk_limit)
        ))));
    }
    // What cargo resolved is checked again: a source the manifests hid is refused here.
    let lock = manifests.join("Cargo.lock");
    if let Err(refused) =
        deps::check_resolved(&lock, &format!("{crate_name}/Cargo.lock"), context.lang)
    {
        return Ok(Err(Failure::plain(refused)));
    }
    Ok(Ok(vendor))
}

/// Bytes of the files under `folder`, links not followed.
fn folder_size(folder: &Path) -> u64 {
    let mut total = 0;
    let mut pending = vec![folder.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(listing) = std::fs::read_dir(&folder) else {
            continue;
        };
        for item in listing.flatten() {
            match item.metadata() {
                Ok(meta) if meta.is_dir() => pending.push(item.path()),
                Ok(meta) => total += meta.len(),
                Err(_) => {}
            }
        }
    }
    total
}

/// Copies a file the fetch job wrote, never through a link, into the crate's copy.
fn copy_regular(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut source = crate::sandbox::hand_on::open_regular(from)?;
    let mut target = std::fs::File::create(to)?;
    std::io::copy(&mut source, &mut target).map(|_| ())
}

/// The grader's cargo configuration file, if it has one.
fn grader_cargo_config() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))?;
    ["config.toml", "config"]
        .iter()
        .map(|name| home.join(name))
        .find(|path| path.is_file())
}

/// The grader's proxy variables, passed to the fetch, and the ports they name.
fn proxies() -> (Vec<(OsString, OsString)>, Vec<u16>) {
    let mut env = Vec::new();
    let mut ports = Vec::new();
    for key in [
        "https_proxy",
        "HTTPS_PROXY",
        "http_proxy",
        "HTTP_PROXY",
        "all_proxy",
        "ALL_PROXY",
        "no_proxy",
        "NO_PROXY",
    ] {
        let Some(value) = std::env::var_os(key) else {
            continue;
        };
        if !key.eq_ignore_ascii_case("no_proxy") {
            let text = value.to_string_lossy();
            let authority = text.split("://").last().unwrap_or_default();
            let authority = authority.split('/').next().unwrap_or_default();
            if let Some(port) = authority
                .rsplit_once(':')
                .and_then(|(_, port)| port.parse().ok())
            {
                ports.push(port);
            }
        }
        env.push((OsString::from(key), value));
    }
    (env, ports)
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

/// The first compiler error: where it is (`crate/src/main.rs:3:5`), in `lang`; then the
/// compiler's words (`error[E0425]: ...`) and the source line, quoted; then how to see every
/// error.
fn first_error(json_lines: &str, crate_name: &str, lang: Lang) -> Option<Failure> {
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
            "{}\n    error{code}: {}\n{}",
            msg!(lang, "build-compile-error-unplaced"),
            diagnostic.message,
            msg!(lang, "build-compile-error-try", folder = crate_name)
        )));
    };
    let file = format!("{crate_name}/{}", span.file_name);
    let place = format!("{file}:{}:{}", span.line_start, span.column_start);
    let mut message = msg!(lang, "build-compile-error", place = place);
    message.push_str(&format!("\n    error{code}: {}", diagnostic.message));
    if let Some(source) = span.text.first() {
        message.push_str(&format!("\n        {}", source.text.trim()));
    }
    message.push('\n');
    message.push_str(&msg!(lang, "build-compile-error-try", folder = crate_name));
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
        let failure = first_error(COMPILE_ERROR, "cube", Lang::En).expect("an error");
        assert_eq!(failure.file.as_deref(), Some("cube/src/main.rs"));
        assert_eq!((failure.line, failure.column), (Some(7), Some(11)));
        assert_eq!(
            failure.message,
            "compile error at cube/src/main.rs:7:11:\n    \
             error[E0425]: cannot find value `totl` in this scope\n        print(totl);\n\
             to see every error, run `cargo build --release` in cube"
        );
        let failure = first_error(COMPILE_ERROR, "cube", Lang::Fr).expect("an error");
        assert!(
            failure
                .message
                .starts_with("erreur de compilation à cube/src/main.rs:7:11 :\n    error[E0425]"),
            "{}",
            failure.message
        );
    }
}
