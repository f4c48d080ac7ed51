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
                    Exit::Signal(signal) => format!(" (signal {signal}, {})", crate::run::signal_name(signal)),
                    _ => String::new(),
                }
            ),
        ),
        (exit, _) => match outcome.limits_hit.disk {
            Some(limit) => (
                Verdict::Fail,
                format!(
                    "disk limit reached: the program's working folder and /tmp hold at most {}, \
                     so the sandbox stopped it; the exercise only prints its result, write no files",
                    limit.describe()
                ),
            ),
            None => describe_exit(exit, outcome.elapsed, timeout, output_limit),
        },
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
        let places = stuck_places(&stderr);
        if outcome.exit == Exit::TimedOut && !places.is_empty() {
            message.push_str("\nwhere the program was when it was stopped:");
            for place in places {
                message.push_str(&format!("\n    {place}"));
            }
        } else if !stderr_tail.is_empty() {
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
            disk_limit_hit: outcome.limits_hit.disk.is_some(),
            elapsed_ms: millis(outcome.elapsed),
            timeout_ms: millis(timeout),
            stdout_bytes: outcome.stdout.total,
            stderr_bytes: outcome.stderr.total,
            stderr_tail,
        }),
    )
}

/// Where the Python processes were when asked for their stacks (see
/// `reap::ask_python_for_stacks`): for each stack, its innermost frame in the student's own
/// files (relative paths once the workdir is cut; the interpreter's library has absolute ones),
/// as `cube.py, line 15, in sum_block`, lines of one function together, most seen first.
/// Processes write their stacks at once into one pipe, so a count per process would not be
/// reliable: places are listed, not counted.
fn stuck_places(stderr: &str) -> Vec<String> {
    struct Place {
        file: String,
        function: String,
        lines: Vec<u32>,
        seen: usize,
    }
    let mut places: Vec<Place> = Vec::new();
    let mut in_stack = false;
    for line in stderr.lines() {
        if ["Stack (", "Current thread ", "Thread 0x"]
            .iter()
            .any(|header| line.starts_with(header))
        {
            in_stack = true;
            continue;
        }
        if !in_stack {
            continue;
        }
        // `  File "cube.py", line 15 in sum_block`
        let Some(frame) = line.trim_start().strip_prefix("File \"") else {
            continue;
        };
        let Some((file, rest)) = frame.split_once('"') else {
            continue;
        };
        let Some((number, function)) = rest
            .strip_prefix(", line ")
            .and_then(|rest| rest.split_once(" in "))
        else {
            continue;
        };
        if file.starts_with('/') || file.starts_with('<') {
            continue;
        }
        in_stack = false;
        let function = function.trim();
        let number = number.trim().parse().unwrap_or(0);
        match places
            .iter_mut()
            .find(|place| place.file == file && place.function == function)
        {
            Some(place) => {
                place.seen += 1;
                if !place.lines.contains(&number) {
                    place.lines.push(number);
                }
            }
            None => places.push(Place {
                file: file.to_string(),
                function: function.to_string(),
                lines: vec![number],
                seen: 1,
            }),
        }
    }
    places.sort_by_key(|place| std::cmp::Reverse(place.seen));
    places
        .into_iter()
        .map(|mut place| {
            place.lines.sort_unstable();
            let numbers: Vec<String> = place.lines.iter().map(u32::to_string).collect();
            let noun = if numbers.len() == 1 { "line" } else { "lines" };
            format!(
                "{}, {noun} {}, in {}",
                place.file,
                numbers.join(" and "),
                place.function
            )
        })
        .collect()
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
            format!("the program was killed by signal {signal} ({})", crate::run::signal_name(signal)),
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
            cpu: None,
            stalled: None,
            waited_lowered: Duration::ZERO,
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
    fn a_timeout_says_where_each_process_was() {
        let stderr = "Stack (most recent call first):\n  File \"/scratch/cube.py\", line 15 in sum_block\n  File \"/usr/lib/python3.11/multiprocessing/pool.py\", line 51 in starmapstar\n\
            Current thread 0x00007e (most recent call first):\n  File \"/scratch/cube.py\", line 15 in sum_block\n\
            Current thread 0x00007d (most recent call first):\n  File \"/usr/lib/python3.11/threading.py\", line 320 in wait\n  File \"/scratch/cube.py\", line 30 in main\n  File \"/scratch/cube.py\", line 36 in <module>\n";
        let check = run_check(
            &outcome(Exit::TimedOut, stderr),
            Duration::from_secs(5),
            1024,
            Path::new("/scratch"),
        );
        assert!(
            check.message.ends_with(
                "where the program was when it was stopped:\n    cube.py, line 15, in sum_block\n    cube.py, line 30, in main"
            ),
            "{}",
            check.message
        );
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
