//! Making the program under test see a machine with many CPUs.
//!
//! A `Pool()` without a size starts one worker per CPU: on a 2-core machine it would pass a
//! cap of 4 that it fails on a laptop with 8. So every run sees the same count, 16 by default:
//! - Python: a `sitecustomize.py` on `PYTHONPATH` replaces `os.cpu_count`,
//!   `os.process_cpu_count` (3.13+) and `os.sched_getaffinity`; `multiprocessing.cpu_count()`
//!   and `Pool()` read `os.cpu_count()`, so they follow. It is skipped by `python -I`, `-S` or
//!   `-E`, which the shim below still covers for `os.cpu_count` and `os.sched_getaffinity`.
//! - Rust and C: an `LD_PRELOAD` shim over glibc's `sched_getaffinity`, `sysconf(_SC_NPROCESSORS_*)`,
//!   `get_nprocs` and `get_nprocs_conf` makes `std::thread::available_parallelism()` and the
//!   `num_cpus` crate answer 16; `RAYON_NUM_THREADS` sizes rayon's global pool.
//!
//! Not covered: statically linked programs (musl), programs reading `/proc/cpuinfo` or
//! `/sys/devices/system/cpu` themselves, raw syscalls, and a CPU quota in the run's cgroup
//! (`available_parallelism` returns the smaller of the mask and the quota: the sandbox must
//! not limit CPUs with `cpu.max`). The shim replaces the mask the program *reads*, not the
//! CPUs it runs on: its threads still share the machine's real cores.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::Path;

const SITECUSTOMIZE: &str = include_str!("cpu_view/sitecustomize.py");
const SHIM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/libgrade_cpu_view.so"));

/// Writes the support files for a view of `cpus` CPUs under `support_dir` (in `view-<cpus>/`,
/// once: runs with the same view share them) and returns the environment that makes the program
/// see that many CPUs. `support_dir` must be readable by the program. No variable names the
/// grader: the count is written in the files themselves.
pub fn cpu_view_env(cpus: u32, support_dir: &Path) -> io::Result<Vec<(OsString, OsString)>> {
    let cpus = cpus.max(1);
    let view = support_dir.join(format!("view-{cpus}"));
    let python = view.join("python");
    let shim = view.join("libcpus.so");
    // Runs overlap: one writes the files while the others wait, then all find them whole.
    static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _writing = WRITING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !shim.exists() {
        fs::create_dir_all(&python)?;
        let sitecustomize = SITECUSTOMIZE.replacen("_CPUS = 16 ", &format!("_CPUS = {cpus} "), 1);
        fs::write(python.join("sitecustomize.py"), sitecustomize)?;
        // The library last, under another name and renamed: it marks the files complete, and
        // a run never maps half of it.
        let partial = view.join("libcpus.so.partial");
        fs::write(&partial, SHIM)?;
        fs::rename(&partial, &shim)?;
    }
    Ok(vec![
        ("PYTHONPATH".into(), python.into_os_string()),
        ("LD_PRELOAD".into(), shim.into_os_string()),
        ("RAYON_NUM_THREADS".into(), cpus.to_string().into()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::{Command, Stdio};

    fn python_figures(env: &[(OsString, OsString)], flags: &[&str]) -> Option<String> {
        // A run's end in another test kills the test process's children: wait for our turn.
        let _turn = crate::run::exclusive();
        // Every API the view covers, which must agree.
        let script = "import os, multiprocessing as m; \
            p = getattr(os, 'process_cpu_count', os.cpu_count)(); \
            counts = {os.cpu_count(), m.cpu_count(), len(os.sched_getaffinity(0)), p, \
            os.sysconf('SC_NPROCESSORS_ONLN'), os.sysconf('SC_NPROCESSORS_CONF')}; \
            print(*counts) if len(counts) > 1 else print(p, p, p); \
            print(*(k for k in os.environ if 'GRADE' in k.upper()))";
        let output = Command::new("python3")
            .args(flags)
            .args(["-c", script])
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .output()
            .ok()?;
        Some(String::from_utf8_lossy(&output.stdout).trim().to_string())
    }

    #[test]
    fn python_sees_sixteen_cpus() {
        let dir = tempfile::tempdir().expect("temp dir");
        let env = cpu_view_env(16, dir.path()).expect("support files");
        assert_eq!(python_figures(&env, &["-B"]).as_deref(), Some("16 16 16"));
        // Isolated mode skips sitecustomize; the shim still answers.
        assert_eq!(python_figures(&env, &["-I"]).as_deref(), Some("16 16 16"));
        // Nothing in the environment names the grader.
        assert!(env.iter().all(|(key, value)| {
            !key.to_string_lossy().to_uppercase().contains("GRADE")
                && !value.to_string_lossy().contains("grade")
        }));
    }

    #[test]
    fn the_count_follows_the_setting() {
        let dir = tempfile::tempdir().expect("temp dir");
        let env = cpu_view_env(5, dir.path()).expect("support files");
        assert_eq!(python_figures(&env, &["-B"]).as_deref(), Some("5 5 5"));
    }

    #[test]
    fn rust_available_parallelism_sees_sixteen() {
        let dir = tempfile::tempdir().expect("temp dir");
        let env = cpu_view_env(16, dir.path()).expect("support files");
        let source = dir.path().join("cpus.rs");
        fs::write(
            &source,
            "fn main() { println!(\"{}\", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)); }",
        )
        .expect("write source");
        let binary = dir.path().join("cpus");
        let _turn = crate::run::exclusive();
        let built = Command::new("rustc")
            .arg("-O")
            .arg("-o")
            .arg(&binary)
            .arg(&source)
            .status()
            .expect("rustc runs");
        assert!(built.success());
        let output = Command::new(&binary)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("runs");
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "16");
    }
}
