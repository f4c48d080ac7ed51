//! The toolchains student code is built and run with, found once per session.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::lang::Lang;
use crate::msg;

/// Absolute paths to the tools, and the environment they need.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// The real interpreter (not a shim), so it also works inside a sandbox.
    pub python: Option<PathBuf>,
    /// The Python installation's prefix, which a sandbox must make readable.
    pub python_prefix: Option<PathBuf>,
    /// The toolchain's own cargo (not the rustup proxy), so it also works inside a sandbox.
    pub cargo: Option<PathBuf>,
    /// The Rust toolchain's root, which a sandbox must make readable.
    pub rust_sysroot: Option<PathBuf>,
    /// Why a tool is missing, for the report.
    pub problems: Vec<String>,
}

impl Toolchain {
    /// Finds `python` and `cargo` (names or paths, as `grader.toml` gives them); what is wrong
    /// with them is said in `lang`.
    pub fn detect(python: &str, cargo: &str, lang: Lang) -> Toolchain {
        let mut problems = Vec::new();
        let (python, python_prefix) = match locate_python(python, lang) {
            Ok((executable, prefix)) => (Some(executable), Some(prefix)),
            Err(why) => {
                problems.push(why);
                (None, None)
            }
        };
        let (cargo, rust_sysroot) = match locate_cargo(cargo, lang) {
            Ok((cargo, sysroot)) => (Some(cargo), Some(sysroot)),
            Err(why) => {
                problems.push(why);
                (None, None)
            }
        };
        Toolchain {
            python,
            python_prefix,
            cargo,
            rust_sysroot,
            problems,
        }
    }

    /// The tools student code runs, which the sandbox must let it reach.
    pub fn paths(&self) -> Vec<PathBuf> {
        [&self.python, &self.cargo]
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    }

    /// The environment every student process starts from: nothing of the grader's own. HOME
    /// is the sandbox's: an empty folder of the job's, outside the submission.
    pub fn base_env(&self) -> Vec<(OsString, OsString)> {
        let path =
            std::env::var_os("PATH").unwrap_or_else(|| "/usr/local/bin:/usr/bin:/bin".into());
        vec![
            ("PATH".into(), path),
            ("LANG".into(), "C.UTF-8".into()),
            ("LC_ALL".into(), "C.UTF-8".into()),
            ("PYTHONDONTWRITEBYTECODE".into(), "1".into()),
            // No user site-packages: a submission could hold one (with a `usercustomize.py`
            // that runs in every process of the program).
            ("PYTHONNOUSERSITE".into(), "1".into()),
            ("PYTHONUNBUFFERED".into(), "1".into()),
            ("PYTHONIOENCODING".into(), "utf-8".into()),
            ("PYTHONFAULTHANDLER".into(), "1".into()),
        ]
    }

    /// The environment of a cargo build, on top of [`Toolchain::base_env`].
    /// Everything stays in the workdir: the target folder and a cargo home of the build's own.
    pub fn cargo_env(&self, workdir: &Path) -> Vec<(OsString, OsString)> {
        let mut env = self.base_env();
        let mut path = OsString::new();
        if let Some(sysroot) = &self.rust_sysroot {
            path.push(sysroot.join("bin"));
            path.push(":");
        }
        path.push("/usr/local/bin:/usr/bin:/bin");
        env.retain(|(key, _)| key != "PATH");
        env.extend([
            ("PATH".into(), path),
            ("CARGO_HOME".into(), workdir.join(".cargo-home").into()),
            ("CARGO_TARGET_DIR".into(), workdir.join("target").into()),
            ("CARGO_TERM_COLOR".into(), "never".into()),
            ("CARGO_INCREMENTAL".into(), "0".into()),
        ]);
        env
    }
}

/// The real interpreter and prefix behind `python` (which may be a pyenv shim); why not, in
/// `lang`.
fn locate_python(python: &str, lang: Lang) -> Result<(PathBuf, PathBuf), String> {
    let output = Command::new(python)
        .args([
            "-c",
            "import sys; print(sys.executable); print(sys.base_prefix)",
        ])
        .output()
        .map_err(|err| {
            msg!(
                lang,
                "toolchain-python-unstarted",
                python = python,
                reason = err.to_string()
            )
        })?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut lines = text.lines();
    match (output.status.success(), lines.next(), lines.next()) {
        (true, Some(executable), Some(prefix)) if !executable.is_empty() => {
            Ok((PathBuf::from(executable), PathBuf::from(prefix)))
        }
        _ => Err(msg!(
            lang,
            "toolchain-python-silent",
            python = python,
            message = String::from_utf8_lossy(&output.stderr).trim()
        )),
    }
}

/// The cargo of the toolchain that `cargo` (maybe a rustup proxy) stands for, and its sysroot;
/// why not, in `lang`.
fn locate_cargo(cargo: &str, lang: Lang) -> Result<(PathBuf, PathBuf), String> {
    let proxy = which(cargo).ok_or_else(|| msg!(lang, "toolchain-cargo-missing", cargo = cargo))?;
    let rustc = proxy.with_file_name("rustc");
    let output = Command::new(if rustc.is_file() {
        rustc.as_os_str()
    } else {
        "rustc".as_ref()
    })
    .args(["--print", "sysroot"])
    .output()
    .map_err(|err| msg!(lang, "toolchain-rustc-unstarted", reason = err.to_string()))?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    let real = sysroot.join("bin").join("cargo");
    if output.status.success() && real.is_file() {
        Ok((real, sysroot))
    } else {
        // No sysroot cargo (a distribution's packages, say): the one on PATH is the real one.
        let prefix = proxy
            .parent()
            .and_then(Path::parent)
            .map_or_else(|| PathBuf::from("/usr"), Path::to_path_buf);
        Ok((proxy, prefix))
    }
}

/// `program` itself if it has a slash, else its first match on PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        return Path::new(program).is_file().then(|| PathBuf::from(program));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
