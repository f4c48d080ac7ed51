//! Running a program: empty standard input, captured output, a timeout, and nothing left behind.
//!
//! The timeout is enforced with `wait-timeout`; at the timeout, or when the output passes its
//! cap, the whole process tree is killed (see [`reap`]), not only the first process.
//!
//! How far the killing reaches is the run's [`Reach`]: its own processes when its containment
//! (a PID namespace) keeps them together, so that runs may overlap; else every process the
//! grader adopted, and then runs take turns (a lock enforces it).

mod capture;
pub mod reap;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

use crate::lang::Lang;
use crate::msg;

pub use capture::Stream;

/// How long the last Python process has to write its stack at a timeout.
const STACK_GRACE: Duration = Duration::from_millis(100);

/// How often a wait checks whether the grader was interrupted.
const WAIT_SLICE: Duration = Duration::from_millis(50);

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The program exited with this code.
    Code(i32),
    /// A signal ended the program.
    Signal(i32),
    /// The program was still running at the timeout and was killed.
    TimedOut,
    /// The program printed more than the cap and was killed.
    OutputTooLarge,
    /// The grader was interrupted (Ctrl-C, SIGTERM) and killed the program.
    Interrupted,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub exit: Exit,
    /// From the start to the end of the first process (or to the kill).
    pub elapsed: Duration,
    pub stdout: Stream,
    pub stderr: Stream,
    /// Limits the sandbox enforced during the run, for verdicts that say what happened.
    pub limits_hit: LimitsHit,
    /// CPU time of all the run's processes, when its cgroup counted it.
    pub cpu: Option<Duration>,
    /// How long every process of the run at once waited for a CPU (its cgroup's `cpu.pressure`
    /// `full` total): time the machine took from the run, when the cgroup has that file.
    pub stalled: Option<Duration>,
    /// How long the run waited for a CPU once lowered (see [`Observer::grace`]): its timeout
    /// was put off by as much, and `elapsed` does not count it.
    pub waited_lowered: Duration,
}

/// Which of the sandbox's limits a run reached, with the limit's value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LimitsHit {
    /// Bytes: a process was killed because the run used all the memory it may.
    pub memory: Option<u64>,
    /// Processes and threads: a new one was refused because the run had as many as it may.
    pub tasks: Option<u32>,
    /// The run filled its scratch disk, and was stopped.
    pub disk: Option<DiskLimit>,
}

/// The limit of a scratch disk a run reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskLimit {
    Bytes(u64),
    Files(u64),
}

impl DiskLimit {
    /// "512 MiB" or "20000 files and folders", for messages in `lang`.
    pub fn describe(self, lang: Lang) -> String {
        match self {
            DiskLimit::Bytes(bytes) => crate::units::format_size(bytes),
            DiskLimit::Files(files) => msg!(lang, "disk-limit-files", files = files),
        }
    }
}

impl Outcome {
    pub fn success(&self) -> bool {
        self.exit == Exit::Code(0)
    }

    /// How the run ended, in words, with the sandbox limit it reached if any: for messages
    /// about the grader's own steps (a syntax check, a build, a reference), in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let mut words = match self.exit {
            Exit::Code(code) => msg!(lang, "outcome-exit-code", code = code),
            Exit::Signal(signal) => msg!(
                lang,
                "outcome-signal",
                signal = signal,
                name = signal_name(signal, lang)
            ),
            Exit::TimedOut => msg!(lang, "outcome-timed-out"),
            Exit::OutputTooLarge => msg!(lang, "outcome-output-too-large"),
            Exit::Interrupted => msg!(lang, "outcome-interrupted"),
        };
        if let Some(limit) = self.limits_hit.memory {
            let limit = crate::units::format_size(limit);
            words.push_str(&msg!(lang, "outcome-memory-limit", limit = limit));
        }
        if let Some(limit) = self.limits_hit.tasks {
            words.push_str(&msg!(lang, "outcome-task-limit", limit = limit));
        }
        if let Some(limit) = self.limits_hit.disk {
            words.push_str(&msg!(
                lang,
                "outcome-disk-limit",
                limit = limit.describe(lang)
            ));
        }
        words
    }
}

/// A signal's name and what it usually means, in `lang`.
pub fn signal_name(signal: i32, lang: Lang) -> String {
    use nix::sys::signal::Signal;
    match Signal::try_from(signal) {
        Ok(Signal::SIGSEGV) => msg!(lang, "signal-segv"),
        Ok(Signal::SIGABRT) => msg!(lang, "signal-abrt"),
        Ok(Signal::SIGKILL) => msg!(lang, "signal-kill"),
        Ok(Signal::SIGFPE) => msg!(lang, "signal-fpe"),
        Ok(Signal::SIGBUS) => msg!(lang, "signal-bus"),
        Ok(Signal::SIGXCPU) => msg!(lang, "signal-xcpu"),
        Ok(Signal::SIGXFSZ) => msg!(lang, "signal-xfsz"),
        Ok(other) => other.as_str().to_string(),
        Err(_) => msg!(lang, "signal-unknown"),
    }
}

/// Limits of one run.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    /// Bytes kept of each stream; more fails the run.
    pub output: u64,
}

/// Hooks into a run, for watching it (the monitor) and containing it (the sandbox).
pub trait Observer {
    /// Called before the program starts, with the run's cgroup when the sandbox made one, and
    /// how many levels of the process tree above the program are the sandbox's.
    fn contained(&mut self, _cgroup_v2: Option<&std::path::Path>, _wrapper_levels: usize) {}
    /// Called right after the program started, with its process id.
    fn started(&mut self, _pid: u32) {}
    /// Called once the first process ended or was killed, before its tree is killed.
    fn ended(&mut self) {}
    /// Kills every process of the run, wherever it hid. Called at the timeout and at the end.
    fn kill_all(&mut self) {}
    /// Called about every 50 ms while the program runs, with the time since it started.
    fn tick(&mut self, _elapsed: Duration) {}
    /// Called before the program starts with the run's `cpu.idle` file, when it has one:
    /// writing 1 there lowers every process of the run at once (see `RunCgroups::idle_file`).
    fn lowerable(&mut self, _cpu_idle: Option<&std::path::Path>) {}
    /// How long the run waited for a CPU since it was lowered: time other work took from it,
    /// which its timeout does not count (up to [`most_grace`]).
    fn grace(&self) -> Duration {
        Duration::ZERO
    }
}

/// The most a lowered run's timeout is put off: three times the timeout. Builds beside a
/// lowered run take the CPUs from it entirely while they last (a benchmark class's lowered
/// timeout waited 5.5 s of 5 s); past this, its timeout is in doubt.
pub fn most_grace(timeout: Duration) -> Duration {
    timeout.saturating_mul(3)
}

/// Which processes the end of a run kills and reaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The run's own: its process tree, and what its containment holds (the observer's
    /// `kill_all`). A PID namespace keeps every process of the run in its tree, a double-forked
    /// one included, so runs may overlap.
    Own,
    /// Every descendant of the grader: without a PID namespace, a double-forked orphan leaves
    /// the run's tree for the grader's, and only taking turns tells whose it is.
    Everything,
}

/// An observer that does nothing more than the default process-tree killing.
pub struct NoObserver;
impl Observer for NoObserver {}

/// The right to start processes, held by each run of [`Reach::Everything`], whose end kills every
/// process the grader adopted. Anything else in the grader's process that starts children
/// (tests, mostly) holds it too, or such a run ending beside it would kill them.
pub(crate) fn exclusive() -> std::sync::MutexGuard<'static, ()> {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs `command` to its end or its timeout, and kills everything it left behind, as far as
/// `reach` says.
pub fn execute(
    command: &mut Command,
    limits: Limits,
    observer: &mut dyn Observer,
    reach: Reach,
) -> std::io::Result<Outcome> {
    use std::os::unix::process::CommandExt;
    // Unit tests mix both reaches in one process: a run of `Everything` ending beside one of
    // `Own` would kill it, so there every run takes its turn.
    let _turn = (reach == Reach::Everything || cfg!(test)).then(exclusive);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let start = Instant::now();
    let mut child = command.spawn()?;
    let pid = child.id();
    observer.started(pid);
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        sweep(reach, Some(pid), observer);
        let _ = child.wait();
        return Err(std::io::Error::other(
            "the child's output pipes are missing",
        ));
    };
    let capture = capture::Capture::start(
        stdout,
        stderr,
        limits.output,
        Box::new(move || {
            // Stop the whole group at once; the tree is swept after the wait returns.
            let _ = nix::sys::signal::killpg(
                nix::unistd::Pid::from_raw(pid as i32),
                nix::sys::signal::Signal::SIGKILL,
            );
        }),
    );
    let capture = match capture {
        Ok(capture) => capture,
        Err(err) => {
            sweep(reach, Some(pid), observer);
            let _ = child.wait();
            return Err(err);
        }
    };
    // Waiting in short slices lets an interruption of the grader stop the run at once.
    let mut grace: Duration;
    let (status, interrupted) = loop {
        grace = observer.grace().min(most_grace(limits.timeout));
        let deadline = start + limits.timeout + grace;
        let now = Instant::now();
        let interrupted = crate::interrupt::requested();
        if interrupted || now >= deadline {
            let root = match reach {
                Reach::Own => pid,
                Reach::Everything => std::process::id(),
            };
            if !interrupted && reap::ask_python_for_stacks(root) > 0 {
                // Time for the stacks to reach the pipe, which the capture still reads.
                std::thread::sleep(STACK_GRACE);
            }
            sweep(reach, Some(pid), observer);
            child.wait()?;
            break (None, interrupted);
        }
        if let Some(status) = child.wait_timeout((deadline - now).min(WAIT_SLICE))? {
            break (Some(status), false);
        }
        observer.tick(start.elapsed());
    };
    // A program stopped at the timeout took the timeout, not the time the killing took; the
    // time it waited once lowered is not the program's.
    let elapsed = match status {
        Some(_) => start.elapsed().saturating_sub(grace),
        None => start.elapsed().saturating_sub(grace).min(limits.timeout),
    };
    observer.ended();
    sweep(reach, None, observer);
    let overflowed_early = capture.overflowed();
    let (stdout, stderr, overflowed) = capture.finish();
    let exit = if overflowed || overflowed_early {
        Exit::OutputTooLarge
    } else {
        match status {
            None if interrupted => Exit::Interrupted,
            None => Exit::TimedOut,
            Some(status) => {
                use std::os::unix::process::ExitStatusExt;
                match (status.code(), status.signal()) {
                    (Some(code), _) => Exit::Code(code),
                    (None, Some(signal)) => Exit::Signal(signal),
                    (None, None) => Exit::Code(-1),
                }
            }
        }
    };
    Ok(Outcome {
        exit,
        elapsed,
        stdout,
        stderr,
        limits_hit: LimitsHit::default(),
        cpu: None,
        stalled: None,
        waited_lowered: grace,
    })
}

/// Kills and reaps what is left of a run. `running` is its first process while it is not yet
/// reaped (the caller reaps it); `None` once it is, since its pid may then be another run's.
fn sweep(reach: Reach, running: Option<u32>, observer: &mut dyn Observer) {
    match reach {
        Reach::Own => {
            // Held before the kill: the processes killed become the grader's orphans when
            // their parents die first, and only these handles tell them from other runs'.
            let tree = running.map(reap::Tree::hold);
            observer.kill_all();
            if let Some(tree) = tree {
                tree.kill_and_reap();
            }
        }
        Reach::Everything => {
            observer.kill_all();
            reap::kill_descendants(running);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many live processes have `arg` in their command line.
    fn running_with_arg(arg: &str) -> usize {
        std::fs::read_dir("/proc")
            .expect("/proc")
            .flatten()
            .filter(|item| {
                let path = item.path();
                std::fs::read(path.join("cmdline")).is_ok_and(|cmdline| {
                    cmdline
                        .split(|&byte| byte == 0)
                        .any(|part| part == arg.as_bytes())
                }) && std::fs::read_to_string(path.join("stat"))
                    .is_ok_and(|stat| !stat.contains(") Z "))
            })
            .count()
    }

    fn sh(script: &str, timeout_ms: u64, output: u64) -> Outcome {
        sh_reaching(script, timeout_ms, output, Reach::Own)
    }

    fn sh_reaching(script: &str, timeout_ms: u64, output: u64, reach: Reach) -> Outcome {
        let mut command = Command::new("sh");
        command.arg("-c").arg(script);
        let limits = Limits {
            timeout: Duration::from_millis(timeout_ms),
            output,
        };
        execute(&mut command, limits, &mut NoObserver, reach).expect("sh runs")
    }

    #[test]
    fn exit_code_and_output() {
        let outcome = sh("echo out; echo err >&2; exit 3", 5_000, 1024);
        assert_eq!(outcome.exit, Exit::Code(3));
        assert_eq!(outcome.stdout.bytes, b"out\n");
        assert_eq!(outcome.stderr.bytes, b"err\n");
    }

    #[test]
    fn stdin_is_empty() {
        let outcome = sh("cat; echo done", 5_000, 1024);
        assert_eq!(outcome.exit, Exit::Code(0));
        assert_eq!(outcome.stdout.bytes, b"done\n");
    }

    #[test]
    fn timeout_kills_the_tree() {
        reap::become_subreaper();
        let outcome = sh("sleep 30.101 & sleep 30.101; echo never", 300, 1024);
        assert_eq!(outcome.exit, Exit::TimedOut);
        assert!(outcome.stdout.bytes.is_empty());
        assert_eq!(running_with_arg("30.101"), 0);
    }

    // A daemonized grandchild keeping the pipe open must not make the grader wait for it; without
    // a PID namespace, only the reach of everything the grader adopted finds it.
    #[test]
    fn descendant_holding_the_pipe_does_not_hang() {
        reap::become_subreaper();
        let start = Instant::now();
        let outcome = sh_reaching(
            "(setsid sleep 30.102 &); echo result = 1",
            10_000,
            1024,
            Reach::Everything,
        );
        assert_eq!(outcome.exit, Exit::Code(0));
        assert_eq!(outcome.stdout.bytes, b"result = 1\n");
        assert!(start.elapsed() < Duration::from_secs(10));
        assert_eq!(running_with_arg("30.102"), 0);
    }

    /// Grants a run the given grace, as a run lowered past its limit that waited that long.
    struct Waited(Duration);
    impl Observer for Waited {
        fn grace(&self) -> Duration {
            self.0
        }
    }

    fn sh_waited(script: &str, timeout_ms: u64, waited_ms: u64) -> Outcome {
        let mut command = Command::new("sh");
        command.arg("-c").arg(script);
        let limits = Limits {
            timeout: Duration::from_millis(timeout_ms),
            output: 1024,
        };
        let mut observer = Waited(Duration::from_millis(waited_ms));
        execute(&mut command, limits, &mut observer, Reach::Own).expect("sh runs")
    }

    #[test]
    fn the_time_a_lowered_run_waited_puts_its_timeout_off() {
        let outcome = sh_waited("sleep 0.6; echo done", 400, 400);
        assert_eq!(outcome.exit, Exit::Code(0));
        assert_eq!(outcome.stdout.bytes, b"done\n");
        assert_eq!(outcome.waited_lowered, Duration::from_millis(400));
        // The wait is not the program's time.
        assert!(
            outcome.elapsed < Duration::from_millis(400),
            "{:?}",
            outcome.elapsed
        );
    }

    #[test]
    fn a_timeout_is_put_off_by_three_times_itself_at_most() {
        reap::become_subreaper();
        let outcome = sh_waited("sleep 30.103", 300, 60_000);
        assert_eq!(outcome.exit, Exit::TimedOut);
        assert_eq!(outcome.waited_lowered, Duration::from_millis(900));
        assert_eq!(outcome.elapsed, Duration::from_millis(300));
        assert_eq!(running_with_arg("30.103"), 0);
    }

    #[test]
    fn flood_is_cut() {
        let outcome = sh("yes", 10_000, 4096);
        assert_eq!(outcome.exit, Exit::OutputTooLarge);
        assert_eq!(outcome.stdout.bytes.len(), 4096);
        assert!(outcome.stdout.total > 4096);
    }

    #[test]
    fn signal_is_reported() {
        let outcome = sh("kill -SEGV $$", 5_000, 1024);
        assert_eq!(outcome.exit, Exit::Signal(11));
    }
}
