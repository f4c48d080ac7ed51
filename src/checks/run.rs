//! The `run` check: the program ended by itself, in time, with exit code 0.

use std::path::Path;
use std::time::Duration;

use crate::report::{millis, Check, CheckKind, Details, RunDetails, Verdict};
use crate::run::{Exit, Outcome};
use crate::text::{indent, tail};

use super::seconds;

/// Lines of standard error shown under a failed run.
const STDERR_LINES: usize = 6;

/// `workdir` is where the program ran: it is cut from paths in the messages, which then read as
/// paths in the student's folder.
pub fn run_check(outcome: &Outcome, timeout: Duration, output_limit: u64, workdir: &Path) -> Check {
    let stderr = String::from_utf8_lossy(&outcome.stderr.bytes)
        .replace(&format!("{}/", workdir.display()), "");
    let stderr_tail = tail(&stderr, STDERR_LINES);
    let (verdict, mut message) = match (outcome.exit, outcome.limits_hit.memory) {
        // Killed for its memory: say so rather than name the signal the kernel used.
        (exit @ (Exit::Signal(_) | Exit::TimedOut), Some(limit)) => (
            Verdict::Fail,
            format!(
                "memory limit reached: the program and its processes used more than {} \
                 together, so the system stopped it{}; keep fewer or smaller values in memory at once",
                crate::units::format_size(limit),
                match exit {
                    Exit::Signal(signal) => format!(" (signal {signal}, {})", signal_name(signal)),
                    _ => String::new(),
                }
            ),
        ),
        (exit, _) => describe_exit(exit, outcome.elapsed, timeout, output_limit),
    };
    if verdict == Verdict::Fail {
        if let Some(limit) = outcome.limits_hit.tasks {
            message.push_str(&format!(
                "\nprocess limit reached: the run had {limit} processes and threads at once, the \
                 most it may, so starting another failed; use a fixed pool of workers, not one per item"
            ));
        }
        if stderr.contains("EOFError") {
            message.push_str(
                "\nthe program reads standard input, which is empty when graded: take no input",
            );
        }
        if !stderr_tail.is_empty() {
            message.push_str("\nstandard error ends with:\n");
            message.push_str(&indent(&stderr_tail, "    "));
        }
    }
    let (exit_code, signal) = match outcome.exit {
        Exit::Code(code) => (Some(code), None),
        Exit::Signal(signal) => (None, Some(signal)),
        Exit::TimedOut | Exit::OutputTooLarge | Exit::Interrupted => (None, None),
    };
    Check::new(
        CheckKind::Run,
        verdict,
        message,
        Details::Run(RunDetails {
            exit_code,
            signal,
            timed_out: outcome.exit == Exit::TimedOut,
            output_too_large: outcome.exit == Exit::OutputTooLarge,
            memory_limit_hit: outcome.limits_hit.memory.is_some(),
            task_limit_hit: outcome.limits_hit.tasks.is_some(),
            elapsed_ms: millis(outcome.elapsed),
            timeout_ms: millis(timeout),
            stdout_bytes: outcome.stdout.total,
            stderr_bytes: outcome.stderr.total,
            stderr_tail,
        }),
    )
}

/// The verdict and first line of message for how the program ended.
fn describe_exit(
    exit: Exit,
    elapsed: Duration,
    timeout: Duration,
    output_limit: u64,
) -> (Verdict, String) {
    match exit {
        Exit::Code(0) => (Verdict::Pass, format!("exited normally in {}", seconds(elapsed))),
        Exit::Code(code) => (Verdict::Fail, format!("the program failed with exit code {code}")),
        Exit::Signal(signal) => (
            Verdict::Fail,
            format!("the program was killed by signal {signal} ({})", signal_name(signal)),
        ),
        Exit::TimedOut => (
            Verdict::Fail,
            format!(
                "timed out: still running after {}, so it was stopped; look for a worker that never \
                 ends, or a main process waiting forever (a join or a get with nothing to come)",
                seconds(timeout)
            ),
        ),
        Exit::OutputTooLarge => (
            Verdict::Fail,
            format!(
                "output too large: the program printed more than {} KiB, so it was stopped; print \
                 the result, not every step",
                output_limit / 1024
            ),
        ),
        Exit::Interrupted => (
            Verdict::Skipped,
            "the grader was interrupted while the program ran".to_string(),
        ),
    }
}

fn signal_name(signal: i32) -> &'static str {
    match nix::sys::signal::Signal::try_from(signal) {
        Ok(nix::sys::signal::Signal::SIGSEGV) => "SIGSEGV: invalid memory access",
        Ok(nix::sys::signal::Signal::SIGABRT) => "SIGABRT: the program aborted",
        Ok(nix::sys::signal::Signal::SIGKILL) => "SIGKILL: killed",
        Ok(nix::sys::signal::Signal::SIGFPE) => "SIGFPE: arithmetic error",
        Ok(nix::sys::signal::Signal::SIGBUS) => "SIGBUS: bus error",
        Ok(nix::sys::signal::Signal::SIGXCPU) => "SIGXCPU: CPU time limit exceeded",
        Ok(nix::sys::signal::Signal::SIGXFSZ) => "SIGXFSZ: file size limit exceeded",
        Ok(other) => other.as_str(),
        Err(_) => "unknown signal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Stream;

    fn outcome(exit: Exit, stderr: &str) -> Outcome {
        Outcome {
            exit,
            elapsed: Duration::from_millis(1500),
            stdout: Stream::default(),
            stderr: Stream {
                bytes: stderr.as_bytes().to_vec(),
                total: stderr.len() as u64,
            },
            limits_hit: crate::run::LimitsHit::default(),
        }
    }

    #[test]
    fn crash_shows_the_end_of_stderr() {
        let stderr = "Traceback (most recent call last):\n  File \"/scratch/cube.py\", line 3\nZeroDivisionError: division by zero\n";
        let check = run_check(
            &outcome(Exit::Code(1), stderr),
            Duration::from_secs(5),
            1024,
            Path::new("/scratch"),
        );
        assert_eq!(check.verdict, Verdict::Fail);
        assert!(check
            .message
            .starts_with("the program failed with exit code 1"));
        assert!(
            check
                .message
                .ends_with("    ZeroDivisionError: division by zero"),
            "{}",
            check.message
        );
        assert!(
            check.message.contains("File \"cube.py\", line 3"),
            "{}",
            check.message
        );
    }

    #[test]
    fn empty_stdin_is_explained() {
        let stderr = "EOFError: EOF when reading a line\n";
        let check = run_check(
            &outcome(Exit::Code(1), stderr),
            Duration::from_secs(5),
            1024,
            Path::new("/scratch"),
        );
        assert!(check
            .message
            .contains("reads standard input, which is empty"));
    }

    // Regression: a 1 MiB line of standard error was quoted whole, twice, in the report.
    #[test]
    fn a_long_line_of_stderr_is_cut() {
        let stderr = "9".repeat(1 << 20);
        let check = run_check(
            &outcome(Exit::Code(1), &stderr),
            Duration::from_secs(5),
            1024,
            Path::new("/s"),
        );
        let Details::Run(details) = &check.details else {
            panic!("run details")
        };
        assert_eq!(details.stderr_tail.chars().count(), 201);
        assert!(check.message.len() < 1024, "{}", check.message.len());
    }

    #[test]
    fn memory_limit_is_named() {
        let mut killed = outcome(Exit::Signal(9), "");
        killed.limits_hit.memory = Some(1 << 30);
        let check = run_check(&killed, Duration::from_secs(5), 1024, Path::new("/scratch"));
        assert!(
            check.message.starts_with(
                "memory limit reached: the program and its processes used more than 1 GiB"
            ),
            "{}",
            check.message
        );
    }

    #[test]
    fn timeout_is_flagged() {
        let check = run_check(
            &outcome(Exit::TimedOut, ""),
            Duration::from_secs(5),
            1024,
            Path::new("/scratch"),
        );
        let Details::Run(details) = &check.details else {
            panic!("run details")
        };
        assert!(details.timed_out);
        assert_eq!(details.exit_code, None);
        assert!(check
            .message
            .starts_with("timed out: still running after 5.00 s"));
    }
}
