//! What the monitor counts as a worker and how often it samples.
//!
//! The worker model is per language (issue 3): a Python solution parallelises with processes, a
//! Rust one with threads. Transparent wrappers (the sandbox's helper and the job's init) sit above
//! the student's main process and are neither main nor worker; helpers (multiprocessing's
//! resource tracker and forkserver) are started by the runtime, not by the student, and are not
//! workers either.

use super::figures::Lost;
use std::time::Duration;

use regex::Regex;

/// What counts as a worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerModel {
    /// Python: every process of the tree other than the main one, the wrappers above it and the
    /// runtime's helpers. Threads are not counted (a Pool's handler threads are not workers).
    Processes,
    /// Rust: every thread of the main process other than its main thread, plus every task of any
    /// child process (its main thread included).
    Threads,
}

/// How the monitor watches a run.
#[derive(Debug, Clone)]
pub struct MonitorSettings {
    pub model: WorkerModel,
    /// Shortest sampling period. The sampler lengthens it when a sample costs more than
    /// [`MonitorSettings::budget_permille`] of one CPU, so that the monitor does not slow the run down.
    pub interval: Duration,
    /// Largest share of one CPU the sampler may use, in parts per thousand.
    pub budget_permille: u32,
    /// Whether multiprocessing's helper processes are told apart from workers (Python only: in
    /// any other program a process is a worker, whatever its command line says).
    pub python_helpers: bool,
    /// How many levels of the tree, from its root down, are the sandbox's own processes (the
    /// helper and the job's init under namespaces; none when the helper became the program).
    /// Known from how the run was contained, never from a name the program could take.
    pub wrapper_levels: usize,
    /// Whether to use the kernel's process events; off, the monitor only polls (for tests of
    /// the fallback, or where the events are unwanted).
    pub proc_connector: bool,
    /// The CPU view the program was given: every program it runs must keep it.
    pub cpu_view: Option<CpuView>,
}

/// The CPU view's support files, as the program's environment names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CpuView {
    /// The shim in `LD_PRELOAD`.
    pub shim: String,
    /// The folder of the view's `sitecustomize.py`, in `PYTHONPATH`.
    pub python: String,
}

impl CpuView {
    /// The view an environment gives, if it gives one (see `cpu_view_env`).
    pub fn from_env(env: &[(std::ffi::OsString, std::ffi::OsString)]) -> Option<CpuView> {
        let get = |name: &str| {
            env.iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.to_string_lossy().into_owned())
        };
        Some(CpuView {
            shim: get("LD_PRELOAD")?,
            python: get("PYTHONPATH")?,
        })
    }

    /// What a process that exec'd `cmdline` with these variables lost of the view; empty when
    /// it kept it.
    pub(crate) fn lost(&self, cmdline: &str, found: &super::procfs::ViewVariables) -> Vec<Lost> {
        let mut lost = Vec::new();
        if !found
            .preload
            .split([':', ' '])
            .any(|path| path == self.shim)
        {
            lost.push(Lost::Preload);
        }
        let mut args = cmdline.split('\0');
        let program = args.next().unwrap_or_default();
        let name = program.rsplit('/').next().unwrap_or(program);
        if name.starts_with("python") {
            if !found.pythonpath.split(':').any(|path| path == self.python) {
                lost.push(Lost::PythonPath);
            }
            // The interpreter's flags come before the script or `-c`/`-m`.
            let skipping = args
                .take_while(|arg| arg.starts_with('-') && *arg != "-c" && *arg != "-m")
                .any(|arg| {
                    !arg.starts_with("--")
                        && !arg.starts_with("-X")
                        && !arg.starts_with("-W")
                        && arg[1..].chars().any(|flag| matches!(flag, 'I' | 'S' | 'E'))
                });
            if skipping {
                lost.push(Lost::SkipFlags);
            }
        }
        lost
    }
}

impl MonitorSettings {
    /// The defaults for `model`: 2 ms sampling within 0.5% of one CPU, Python's helpers told
    /// apart in the processes model, no wrapper above the program.
    pub fn new(model: WorkerModel) -> MonitorSettings {
        MonitorSettings {
            model,
            interval: Duration::from_millis(2),
            budget_permille: 5,
            python_helpers: model == WorkerModel::Processes,
            wrapper_levels: 0,
            proc_connector: true,
            cpu_view: None,
        }
    }
}

/// The helpers multiprocessing starts for itself. A program has at most one of each kind; a
/// second one is a worker, whatever it looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum HelperKind {
    /// `multiprocessing.resource_tracker` (3.8+), or `semaphore_tracker` before it.
    Tracker,
    Forkserver,
    /// The server process of `multiprocessing.Manager()`.
    Manager,
}

/// The name the CPU view's `sitecustomize.py` gives a `Manager()`'s server process. It is forked
/// from the main process and runs no new program: nothing else tells it from a forked worker.
pub(crate) const MANAGER_NAME: &str = "mp-manager";

/// What multiprocessing runs for its helpers, exactly: `python [flags] -c CODE`, the flags those
/// `subprocess._args_from_interpreter_flags()` writes and the code one of these lines, whole.
fn helper_code() -> &'static [(HelperKind, Regex)] {
    static CODE: std::sync::OnceLock<Vec<(HelperKind, Regex)>> = std::sync::OnceLock::new();
    CODE.get_or_init(|| {
        [
            (
                HelperKind::Tracker,
                r"^from multiprocessing\.(resource|semaphore)_tracker import main;main\(\d+\)$",
            ),
            (
                HelperKind::Forkserver,
                r#"^from multiprocessing\.forkserver import main; main\(\d+, \d+, \[[^\[\]]*\], \*\*\{('sys_path': \[[^\[\]]*\](, 'main_path': ('[^']*'|"[^"]*"))?)?((, )?'authkey_r': \d+)?\}\)$"#,
            ),
        ]
        .into_iter()
        .filter_map(|(kind, code)| Some((kind, Regex::new(code).ok()?)))
        .collect()
    })
}

/// Which helper a process is from its command line (arguments separated by NUL bytes), if it is
/// one: an interpreter, flags only, then `-c` and a helper's code.
pub(crate) fn helper_kind(cmdline: &str) -> Option<HelperKind> {
    let mut args = cmdline.split('\0');
    let interpreter = args.next()?;
    let name = interpreter.rsplit('/').next().unwrap_or(interpreter);
    if !name.starts_with("python") {
        return None;
    }
    let mut value_next = false;
    for arg in args.by_ref() {
        if value_next {
            value_next = false;
        } else if arg == "-c" {
            break;
        } else if arg == "-X" || arg == "-W" {
            value_next = true;
        } else if !is_interpreter_flag(arg) {
            return None;
        }
    }
    let code = args.next()?;
    if args.next().is_some() {
        return None;
    }
    helper_code()
        .iter()
        .find(|(_, pattern)| pattern.is_match(code))
        .map(|(kind, _)| *kind)
}

/// A flag of `_args_from_interpreter_flags()`: `-B`, `-OO`, `-bb`, `-I`, `-Wignore`, `-Xdev`...
fn is_interpreter_flag(arg: &str) -> bool {
    let Some(flag) = arg.strip_prefix('-') else {
        return false;
    };
    if flag.starts_with('W') || flag.starts_with('X') {
        return flag.len() > 1;
    }
    !flag.is_empty() && flag.chars().all(|c| "BbdEIiOPqsSuvR".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(args: &[&str]) -> String {
        args.join("\0")
    }

    #[test]
    fn helpers_are_recognised_by_their_whole_command_line() {
        let tracker = argv(&[
            "/usr/bin/python3",
            "-B",
            "-s",
            "-c",
            "from multiprocessing.resource_tracker import main;main(6)",
        ]);
        assert_eq!(helper_kind(&tracker), Some(HelperKind::Tracker));
        let forkserver = argv(&[
            "/usr/bin/python3.11",
            "-B",
            "-c",
            "from multiprocessing.forkserver import main; main(7, 8, ['__main__'], **{'sys_path': ['/work', '/usr/lib/python311.zip'], 'main_path': '/work/cube.py'})",
        ]);
        assert_eq!(helper_kind(&forkserver), Some(HelperKind::Forkserver));
        // Python 3.14 passes the forkserver an authentication key's descriptor too.
        let forkserver_314 = argv(&[
            "/usr/bin/python3.14",
            "-c",
            "from multiprocessing.forkserver import main; main(7, 8, ['__main__'], **{'sys_path': ['/work'], 'main_path': '/work/cube.py', 'authkey_r': 9})",
        ]);
        assert_eq!(helper_kind(&forkserver_314), Some(HelperKind::Forkserver));
        let bare_314 = argv(&[
            "python3",
            "-c",
            "from multiprocessing.forkserver import main; main(7, 8, [], **{'authkey_r': 9})",
        ]);
        assert_eq!(helper_kind(&bare_314), Some(HelperKind::Forkserver));
        let worker = argv(&[
            "python3",
            "-B",
            "-c",
            "from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=6, pipe_handle=8)",
            "--multiprocessing-fork",
        ]);
        assert_eq!(helper_kind(&worker), None);
    }

    #[test]
    fn a_process_that_drops_the_cpu_view_says_what_it_lost() {
        let view = CpuView {
            shim: "/tmp/.tmpA/lib/view-16/libcpus.so".into(),
            python: "/tmp/.tmpA/lib/view-16/python".into(),
        };
        let kept = super::super::procfs::ViewVariables {
            preload: view.shim.clone(),
            pythonpath: format!("/home/x/lib:{}", view.python),
        };
        assert!(view
            .lost(&argv(&["/usr/bin/python3", "-B", "-s", "cube.py"]), &kept)
            .is_empty());
        assert!(view.lost(&argv(&["cube"]), &kept).is_empty());
        // -I, -S, -E skip sitecustomize, alone or among other flags; the script's own
        // arguments do not count.
        assert_eq!(
            view.lost(&argv(&["python3", "-BIS", "cube.py"]), &kept),
            [Lost::SkipFlags]
        );
        assert!(view
            .lost(&argv(&["python3", "cube.py", "-I"]), &kept)
            .is_empty());
        let cleared = super::super::procfs::ViewVariables::default();
        assert_eq!(
            view.lost(&argv(&["python3", "cube.py"]), &cleared),
            [Lost::Preload, Lost::PythonPath]
        );
        assert_eq!(view.lost(&argv(&["./cube"]), &cleared), [Lost::Preload]);
    }

    #[test]
    fn look_alikes_are_not_helpers() {
        for fake in [
            // The code only starts like a helper's, or is a comment naming one.
            vec![
                "python3",
                "-c",
                "from multiprocessing.resource_tracker import main;main(6); work()",
            ],
            vec![
                "python3",
                "-c",
                "# from multiprocessing.resource_tracker import main\nwork()",
            ],
            vec![
                "python3",
                "-c",
                "from multiprocessing.forkserver import main; main(7, 8, [], **{'sys_path': []}) if 0 else work()",
            ],
            // Another program, or a script after the flags.
            vec![
                "cube",
                "-c",
                "from multiprocessing.resource_tracker import main;main(6)",
            ],
            vec![
                "python3",
                "work.py",
                "-c",
                "from multiprocessing.resource_tracker import main;main(6)",
            ],
            // One argument holding it all, as a renamed process's command line is.
            vec!["python3 -c from multiprocessing.resource_tracker import main;main(6)"],
        ] {
            assert_eq!(helper_kind(&argv(&fake)), None, "{fake:?}");
        }
    }
}
