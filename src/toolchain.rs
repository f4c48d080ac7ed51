//! The toolchains student code is built and run with, found once per session.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Absolute paths to the tools, and the environment they need.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// The real interpreter (not a shim), so it also works inside a sandbox.
    pub python: Option<PathBuf>,
    /// The Python installation's prefix, which a sandbox must make readable.
    pub python_prefix: Option<PathBuf>,
    pub cargo: Option<PathBuf>,
    pub cargo_home: PathBuf,
    pub rustup_home: PathBuf,
    /// Why a tool is missing, for the report.
    pub problems: Vec<String>,
}

impl Toolchain {
    /// Finds `python` and `cargo` (names or paths, as `grader.toml` gives them).
    pub fn detect(python: &str, cargo: &str) -> Toolchain {
        let mut problems = Vec::new();
        let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from);
        let (python, python_prefix) = match locate_python(python) {
            Ok((executable, prefix)) => (Some(executable), Some(prefix)),
            Err(why) => {
                problems.push(why);
                (None, None)
            }
        };
        let cargo_path = which(cargo);
        if cargo_path.is_none() {
            problems.push(format!(
                "`{cargo}` was not found on PATH: Rust solutions cannot be built"
            ));
        }
        Toolchain {
            python,
            python_prefix,
            cargo: cargo_path,
            cargo_home: std::env::var_os("CARGO_HOME")
                .map_or_else(|| home.join(".cargo"), PathBuf::from),
            rustup_home: std::env::var_os("RUSTUP_HOME")
                .map_or_else(|| home.join(".rustup"), PathBuf::from),
            problems,
        }
    }

    /// The environment every student process starts from: nothing of the grader's own.
    pub fn base_env(&self, workdir: &Path) -> Vec<(OsString, OsString)> {
        let path =
            std::env::var_os("PATH").unwrap_or_else(|| "/usr/local/bin:/usr/bin:/bin".into());
        vec![
            ("PATH".into(), path),
            ("HOME".into(), workdir.into()),
            ("LANG".into(), "C.UTF-8".into()),
            ("LC_ALL".into(), "C.UTF-8".into()),
            ("PYTHONDONTWRITEBYTECODE".into(), "1".into()),
            ("PYTHONUNBUFFERED".into(), "1".into()),
            ("PYTHONIOENCODING".into(), "utf-8".into()),
            ("PYTHONFAULTHANDLER".into(), "1".into()),
            (
                "PYTHONPYCACHEPREFIX".into(),
                workdir.join(".pycache").into(),
            ),
        ]
    }

    /// The environment of a cargo build, on top of [`Toolchain::base_env`].
    pub fn cargo_env(&self, workdir: &Path, target_dir: &Path) -> Vec<(OsString, OsString)> {
        let mut env = self.base_env(workdir);
        env.extend([
            ("CARGO_HOME".into(), self.cargo_home.clone().into()),
            ("RUSTUP_HOME".into(), self.rustup_home.clone().into()),
            ("CARGO_TARGET_DIR".into(), target_dir.into()),
            ("CARGO_TERM_COLOR".into(), "never".into()),
            ("CARGO_INCREMENTAL".into(), "0".into()),
        ]);
        if let Some(toolchain) = std::env::var_os("RUSTUP_TOOLCHAIN") {
            env.push(("RUSTUP_TOOLCHAIN".into(), toolchain));
        }
        env
    }
}

/// The real interpreter and prefix behind `python` (which may be a pyenv shim).
fn locate_python(python: &str) -> Result<(PathBuf, PathBuf), String> {
    let output = Command::new(python)
        .args([
            "-c",
            "import sys; print(sys.executable); print(sys.base_prefix)",
        ])
        .output()
        .map_err(|err| {
            format!("`{python}` cannot be started ({err}): Python solutions cannot be graded")
        })?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut lines = text.lines();
    match (output.status.success(), lines.next(), lines.next()) {
        (true, Some(executable), Some(prefix)) if !executable.is_empty() => {
            Ok((PathBuf::from(executable), PathBuf::from(prefix)))
        }
        _ => Err(format!(
            "`{python}` did not say where it is installed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )),
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
