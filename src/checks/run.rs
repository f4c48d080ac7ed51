//! The `run` check: the program ended by itself, in time, with exit code 0.

use std::path::Path;
use std::time::Duration;

use crate::discover::Entry;
use crate::lang::Lang;
use crate::msg;
use crate::report::{millis, Check, CheckKind, Details, RunDetails, Verdict};
use crate::run::{Exit, Outcome};
use crate::text::{indent, printable, tail};

use super::seconds;

/// Lines of standard error shown under a failed run.
const STDERR_LINES: usize = 6;

/// `workdir` is where the program ran: it is cut from paths in the messages, which then read as
/// paths in the student's folder. A failed run says what happened, where the error is when the
/// program's own report of it says, and what to run to see it whole, in `lang`.
pub fn run_check(
    outcome: &Outcome,
    timeout: Duration,
    output_limit: u64,
    workdir: &Path,
    entry: &Entry,
    lang: Lang,
) -> Check {
    let stderr = without_grader_frames(
        &String::from_utf8_lossy(&outcome.stderr.bytes)
            .replace(&format!("{}/", workdir.display()), ""),
    );
    let stderr_tail = tail(&stderr, STDERR_LINES);
    let (verdict, mut message) = match (outcome.exit, outcome.limits_hit.memory) {
        // Killed for its memory: say so rather than name the signal the kernel used.
        (exit @ (Exit::Signal(_) | Exit::TimedOut), Some(limit)) => {
            let limit = crate::units::format_size(limit);
            (
                Verdict::Fail,
                match exit {
                    Exit::Signal(signal) => msg!(
                        lang,
                        "run-memory-limit-signal",
                        limit = limit,
                        signal = signal,
                        name = crate::run::signal_name(signal, lang)
                    ),
                    _ => msg!(lang, "run-memory-limit", limit = limit),
                },
            )
        }
        (exit, _) => match outcome.limits_hit.disk {
            Some(limit) => (
                Verdict::Fail,
                msg!(lang, "run-disk-limit", limit = limit.describe(lang)),
            ),
            None => describe_exit(exit, outcome.elapsed, timeout, output_limit, lang),
        },
    };
    if verdict == Verdict::Fail {
        if let Some(limit) = outcome.limits_hit.tasks {
            message.push('\n');
            message.push_str(&msg!(lang, "run-task-limit", limit = limit));
        }
        if stderr.contains("EOFError") {
            message.push('\n');
            message.push_str(&msg!(lang, "run-reads-stdin"));
        }
        let places = stuck_places(&stderr, lang);
        let error = error_place(&stderr, entry);
        if let Some(error) = &error {
            message.push('\n');
            message.push_str(&match &error.function {
                Some(function) => msg!(
                    lang,
                    "run-error-at-function",
                    place = error.place.as_str(),
                    function = function.as_str()
                ),
                None => msg!(lang, "run-error-at", place = error.place.as_str()),
            });
            // The error's own words, as the program wrote them, quoted on a line of their own.
            message.push_str(&format!("\n    {}", printable(&error.error)));
        }
        if outcome.exit == Exit::TimedOut && !places.is_empty() {
            message.push('\n');
            message.push_str(&msg!(lang, "run-stuck-at"));
            for place in places {
                message.push_str(&format!("\n    {place}"));
            }
        } else if !stderr_tail.is_empty() {
            message.push('\n');
            message.push_str(&msg!(lang, "run-stderr-tail"));
            message.push('\n');
            message.push_str(&indent(&stderr_tail, "    "));
        }
        if error.is_some() {
            message.push('\n');
            message.push_str(&try_it(entry, lang));
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

/// Where a program's own report of its error puts it, in the student's folder.
#[derive(Debug, PartialEq)]
struct ErrorPlace {
    /// `cube.py:22`, `cube/src/main.rs:29:21`.
    place: String,
    function: Option<String>,
    /// `TypeError: can only concatenate str (not "int") to str`.
    error: String,
}

/// The error a Python traceback or a Rust panic reports last, at its innermost frame in the
/// student's own files (the interpreter's library has absolute paths).
fn error_place(stderr: &str, entry: &Entry) -> Option<ErrorPlace> {
    match entry.language {
        crate::report::Language::Python => {
            let frame = regex::Regex::new(r#"^\s*File "([^"/<][^"]*)", line (\d+), in (.+)$"#)
                .expect("frame regex");
            let mut last = None;
            let mut error = None;
            for line in stderr.lines() {
                if let Some(found) = frame.captures(line) {
                    last = Some((
                        format!("{}:{}", &found[1], &found[2]),
                        found[3].trim().to_string(),
                    ));
                } else if last.is_some() && is_python_error(line) {
                    error = Some(line.trim().to_string());
                }
            }
            let (place, function) = last?;
            Some(ErrorPlace {
                place,
                function: Some(function).filter(|f| f != "<module>"),
                error: error?,
            })
        }
        crate::report::Language::Rust => {
            let panic = regex::Regex::new(r"panicked at ([^\s:]+):(\d+):(\d+):\s*\n\s*(.+)")
                .expect("panic regex");
            let found = panic.captures_iter(stderr).last()?;
            let folder = entry.relative.parent().unwrap_or(Path::new(""));
            Some(ErrorPlace {
                place: format!(
                    "{}:{}:{}",
                    folder.join(&found[1]).display(),
                    &found[2],
                    &found[3]
                ),
                function: None,
                error: found[4].trim().to_string(),
            })
        }
    }
}

/// `stderr` without the traceback frames of the grader's own `sitecustomize` (the CPU view's,
/// which notes what crosses between processes): a student's pickling error passes through it,
/// and its frames would show the grader's scratch paths to the student. A frame is its `File`
/// line and the lines indented under it (the source, the `^^^` marker).
fn without_grader_frames(stderr: &str) -> String {
    let mut kept = Vec::new();
    let mut skipping: Option<usize> = None;
    for line in stderr.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(frame_indent) = skipping {
            if indent > frame_indent && !line.trim_start().starts_with("File \"") {
                continue;
            }
            skipping = None;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("File \"")
            && trimmed.contains("/view-")
            && trimmed.contains("sitecustomize.py\"")
        {
            skipping = Some(indent);
            continue;
        }
        kept.push(line);
    }
    let mut text = kept.join("\n");
    if stderr.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// `TypeError: ...`, `ZeroDivisionError: ...`, `KeyboardInterrupt`: the last line of a
/// traceback, unindented.
fn is_python_error(line: &str) -> bool {
    let Some(name) = line.split(':').next() else {
        return false;
    };
    !line.starts_with(char::is_whitespace)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '_')
        && ["Error", "Exception", "Interrupt", "Exit", "Warning"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

/// What to run to see the whole error.
fn try_it(entry: &Entry, lang: Lang) -> String {
    match entry.language {
        crate::report::Language::Python => {
            msg!(
                lang,
                "run-try-python",
                file = entry.relative.display().to_string()
            )
        }
        crate::report::Language::Rust => msg!(
            lang,
            "run-try-rust",
            folder = entry
                .relative
                .parent()
                .unwrap_or(Path::new("."))
                .display()
                .to_string()
        ),
    }
}

/// Where the Python processes were when asked for their stacks (see
/// `reap::ask_python_for_stacks`): for each stack, its innermost frame in the student's own
/// files (relative paths once the workdir is cut; the interpreter's library has absolute ones),
/// as `cube.py, line 15, in sum_block`, lines of one function together, most seen first.
/// Processes write their stacks at once into one pipe, so a count per process would not be
/// reliable: places are listed, not counted.
fn stuck_places(stderr: &str, lang: Lang) -> Vec<String> {
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
            msg!(
                lang,
                "run-stuck-place",
                file = place.file,
                count = numbers.len(),
                lines = numbers.join(", "),
                function = place.function
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
    lang: Lang,
) -> (Verdict, String) {
    match exit {
        Exit::Code(0) => (
            Verdict::Pass,
            msg!(lang, "run-exited", elapsed = seconds(elapsed)),
        ),
        Exit::Code(code) => (Verdict::Fail, msg!(lang, "run-exit-code", code = code)),
        Exit::Signal(signal) => (
            Verdict::Fail,
            msg!(
                lang,
                "run-signal",
                signal = signal,
                name = crate::run::signal_name(signal, lang)
            ),
        ),
        Exit::TimedOut => (
            Verdict::Fail,
            msg!(lang, "run-timed-out", timeout = seconds(timeout)),
        ),
        Exit::OutputTooLarge => (
            Verdict::Fail,
            msg!(lang, "run-output-too-large", kib = output_limit / 1024),
        ),
        Exit::Interrupted => (Verdict::Skipped, msg!(lang, "run-interrupted")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Language;
    use crate::run::Stream;

    fn python() -> Entry {
        Entry {
            language: Language::Python,
            path: "/class/ana/cube.py".into(),
            relative: "cube.py".into(),
        }
    }

    fn rust() -> Entry {
        Entry {
            language: Language::Rust,
            path: "/class/ana/cube".into(),
            relative: "cube/Cargo.toml".into(),
        }
    }

    /// The run check of a Python script, in English.
    fn run(outcome: &Outcome, workdir: &str) -> Check {
        run_check(
            outcome,
            Duration::from_secs(5),
            1024,
            Path::new(workdir),
            &python(),
            Lang::En,
        )
    }

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
        let check = run(&outcome(Exit::Code(1), stderr), "/scratch");
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
        let check = run(&outcome(Exit::Code(1), stderr), "/scratch");
        assert!(check
            .message
            .contains("reads standard input, which is empty"));
    }

    // Regression: a 1 MiB line of standard error was quoted whole, twice, in the report.
    #[test]
    fn a_long_line_of_stderr_is_cut() {
        let stderr = "9".repeat(1 << 20);
        let check = run(&outcome(Exit::Code(1), &stderr), "/s");
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
        let check = run(&outcome(Exit::TimedOut, stderr), "/scratch");
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
        let check = run(&killed, "/scratch");
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
        let check = run(&outcome(Exit::TimedOut, ""), "/scratch");
        let Details::Run(details) = &check.details else {
            panic!("run details")
        };
        assert!(details.timed_out);
        assert_eq!(details.exit_code, None);
        assert!(check
            .message
            .starts_with("timed out: still running after 5.00 s"));
    }

    /// camille's crash, as Python reports it: the student's frames, the library's, the error.
    const TRACEBACK: &str = "Traceback (most recent call last):\n  File \"/scratch/cube.py\", line 27, in <module>\n    main()\n  File \"/scratch/cube.py\", line 22, in main\n    print(\"result = \" + somme)\n          ~~~~~~~~~~~~^~~~~~~\n  File \"/usr/lib/python3.11/functools.py\", line 9, in wrapper\nTypeError: can only concatenate str (not \"int\") to str\n";

    #[test]
    fn the_grader_s_own_frames_are_left_out_of_a_traceback() {
        let stderr = "Traceback (most recent call last):\n  File \"cube.py\", line 6, in <module>\n    total = sum(pool.map(lambda n: n ** 3, range(100)))\n  File \"/tmp/.tmpgj8nG7/lib/view-16/python/sitecustomize.py\", line 241, in _dumps\n    data = dumps(cls, obj, protocol)\n           ^^^^^^^^^^^^^^^^^^^^^^^^^\n  File \"/usr/lib/python3.11/multiprocessing/reduction.py\", line 51, in dumps\n    cls(buf, protocol).dump(obj)\n_pickle.PicklingError: Can't pickle <function <lambda>>\n";
        let check = run(&outcome(Exit::Code(1), stderr), "/scratch");
        assert!(
            !check.message.contains("sitecustomize"),
            "{}",
            check.message
        );
        assert!(!check.message.contains("/tmp/"), "{}", check.message);
        assert!(check.message.contains("reduction.py"), "{}", check.message);
        assert!(
            check.message.contains("the error, at cube.py:6:"),
            "{}",
            check.message
        );
    }

    #[test]
    fn a_crash_says_where_the_error_is_and_what_to_run() {
        let check = run(&outcome(Exit::Code(1), TRACEBACK), "/scratch");
        let lines: Vec<&str> = check.message.lines().collect();
        assert_eq!(lines[0], "the program failed with exit code 1");
        assert_eq!(lines[1], "the error, at cube.py:22, in main:");
        assert_eq!(
            lines[2],
            "    TypeError: can only concatenate str (not \"int\") to str"
        );
        assert_eq!(
            lines.last().copied(),
            Some("to see it whole, run `python3 cube.py` in your folder")
        );
    }

    #[test]
    fn a_crash_is_told_in_french_to_a_french_course() {
        let check = run_check(
            &outcome(Exit::Code(1), TRACEBACK),
            Duration::from_secs(5),
            1024,
            Path::new("/scratch"),
            &python(),
            Lang::Fr,
        );
        let lines: Vec<&str> = check.message.lines().collect();
        assert_eq!(lines[0], "le programme a échoué avec le code de sortie 1");
        assert_eq!(lines[1], "l'erreur, à cube.py:22, dans main :");
        assert_eq!(
            lines[2],
            "    TypeError: can only concatenate str (not \"int\") to str"
        );
        assert!(
            lines.contains(&"la sortie d'erreur se termine par :"),
            "{lines:#?}"
        );
        assert_eq!(
            lines.last().copied(),
            Some("pour la voir en entier, lancez `python3 cube.py` dans votre dossier")
        );
    }

    #[test]
    fn a_rust_panic_is_placed_in_the_crate() {
        let stderr = "thread 'main' (24816) panicked at src/main.rs:29:21:\nindex out of bounds: the len is 0 but the index is 0\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        let check = run_check(
            &outcome(Exit::Signal(6), stderr),
            Duration::from_secs(5),
            1024,
            Path::new("/scratch"),
            &rust(),
            Lang::En,
        );
        let lines: Vec<&str> = check.message.lines().collect();
        assert_eq!(lines[1], "the error, at cube/src/main.rs:29:21:");
        assert_eq!(
            lines[2],
            "    index out of bounds: the len is 0 but the index is 0"
        );
        assert_eq!(
            lines.last().copied(),
            Some("to see it whole, run `cargo run --release` in cube")
        );
    }

    #[test]
    fn an_error_without_a_frame_of_the_student_s_is_not_placed() {
        // Only the library's frames: no place to give, and no line that pretends to.
        let stderr = "Traceback (most recent call last):\n  File \"/usr/lib/python3.11/runpy.py\", line 3, in run\nKeyError: 'x'\n";
        let check = run(&outcome(Exit::Code(1), stderr), "/scratch");
        assert!(!check.message.contains("the error:"), "{}", check.message);
        assert!(
            !check.message.contains("to see it whole"),
            "{}",
            check.message
        );
    }
}
