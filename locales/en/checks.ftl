# Messages of grade, in English. Each id has its twin in fr.ftl (a test checks it); arguments
# are written { $name }. See src/messages.rs.

## The run check

run-exited = exited normally in { $elapsed }
run-exit-code = the program failed with exit code { $code }
run-signal = the program was killed by signal { $signal } ({ $name })
run-timed-out = timed out: still running after { $timeout }, so it was stopped; look for a worker that never ends, or a main process waiting forever (a join or a get with nothing to come)
run-output-too-large = output too large: the program printed more than { $kib } KiB, so it was stopped; print the result, not every step
run-interrupted = the grader was interrupted while the program ran
run-memory-limit = memory limit reached: the program and its processes used more than { $limit } together, so the system stopped it; keep fewer or smaller values in memory at once
run-memory-limit-signal = memory limit reached: the program and its processes used more than { $limit } together, so the system stopped it (signal { $signal }, { $name }); keep fewer or smaller values in memory at once
run-disk-limit = disk limit reached: the program's working folder and /tmp hold at most { $limit }, so the sandbox stopped it; the exercise only prints its result, write no files
run-task-limit = process limit reached: the run had { $limit } processes and threads at once, the most it may, so starting another failed; use a fixed pool of workers, not one per item
run-reads-stdin = the program reads standard input, which is empty when graded: take no input
run-stuck-at = where the program was when it was stopped:
run-stuck-place = { $file }, { $count ->
    [one] line
   *[other] lines
} { $lines }, in { $function }
run-stderr-tail = standard error ends with:
run-error-at = the error, at { $place }:
run-error-at-function = the error, at { $place }, in { $function }:
run-try-python = to see it whole, run `python3 { $file }` in your folder
run-try-rust = to see it whole, run `cargo run --release` in { $folder }
run-could-not-start = the program could not be started: { $error }

## The time check

time-no-reference = the reference could not be timed (see the report's errors)
time-rule = reference { $reference } × { $factor } + { $slack }
time-rule-estimated = reference { $reference } × { $factor } + { $slack }, where { $reference } is an estimate for this machine: { $measured } on the instructor's × { $scale }
time-pass = { $elapsed } within the limit of { $limit } ({ $rule })
time-inconclusive = inconclusive: the machine was too busy to judge ({ $elapsed } while the limit is { $limit }, but other work held the CPUs during the { $tries ->
    [one] run
   *[other] { $tries } runs
}); grade again on a quieter machine
time-too-slow = too slow: { $elapsed } while the limit is { $limit } ({ $rule }); is the work really shared among workers running at the same time?

## The result check

result-no-reference = the reference gave no result to compare with (see the report's errors)
result-none-found = no result found: print a line matching `{ $pattern }`, for example `result = { $expected }`; the output starts with `{ $start }`
result-none-printed = no result found: print a line matching `{ $pattern }`, for example `result = { $expected }`; the program printed nothing
result-pass = { $value }, as expected
result-pass-origin = { $value }, as expected: { $origin }
result-wrong = expected { $expected }, got { $actual }
result-hint = hint: { $hint }
result-try = try: run it on a few values you can add up by hand, and check that every worker's result reaches the total once

## The lint check

lint-off = lint is turned off for this exercise
lint-clean = names, comments and parallel code are clean
lint-found = { $errors ->
    [one] { $errors } error
   *[other] { $errors } errors
}, { $warnings ->
    [one] { $warnings } warning
   *[other] { $warnings } warnings
} on names, comments and parallel code
lint-found-unreadable = { $unreadable ->
    [one] { $unreadable } source file
   *[other] { $unreadable } source files
} could not be read; { $errors ->
    [one] { $errors } error
   *[other] { $errors } errors
}, { $warnings ->
    [one] { $warnings } warning
   *[other] { $warnings } warnings
} on names, comments and parallel code
lint-unreadable = { $file }: cannot be read: { $why }
lint-more = … and { $count } more (grade lint shows them all)
lint-capped = only the first { $count } files the script imports were linted
lint-try = `grade lint { $file }` shows each finding with how to fix it; `grade explain { $code }` tells why the rule matters

## The workers check

workers-over = { $peak } workers ran at the same time; the exercise allows { $max }: size the pool to { $max }, or start at most { $max } workers
workers-over-started = { $peak } workers ran at the same time; the exercise allows { $max } ({ $distinct } were started in all): size the pool to { $max }, or start at most { $max } workers
workers-view-lost = the program ran outside the CPU view the grader gives it: { $lost }; the workers it starts then follow the grading machine's CPUs, not those the exercise shows it: keep the environment and the interpreter's flags as they are
workers-threads-only = no worker process was started: the work ran in threads of the main process, which in Python take turns on one CPU; the exercise asks for processes
workers-none = no worker was started: all the work ran in the main process; share it among workers that run at the same time
workers-too-few = only { $distinct } { $distinct ->
    [one] worker was
   *[other] workers were
} started; the exercise asks for at least { $min } working in parallel
workers-none-asked = no worker was started, and the exercise asks for none
workers-pass = { $distinct } { $distinct ->
    [one] worker
   *[other] workers
} started, at most { $peak } at the same time (limit { $max })
workers-pass-no-limit = { $distinct } { $distinct ->
    [one] worker
   *[other] workers
} started, at most { $peak } at the same time (no limit)
workers-unsettled = ; { $peak } seen alive together, counting workers whose exit was not yet reported: without the kernel's exit accounting (grade is not root), overlaps of under a millisecond as a worker ends are set aside
workers-sampled = ; counted by sampling, so workers that lived less than a few milliseconds may be missing
workers-unseen = the program used { $cpu } s of CPU in { $wall } s, { $unseen } s of it outside the counted workers, { $place }: the exercise asks for the work to run in at most { $max } worker processes, which the count sees
workers-unseen-main-threads = in threads of the main process, busy on several CPUs at once
workers-unseen-worker-threads = in threads of worker processes, each busy on several CPUs at once
workers-unseen-helpers = in processes counted as multiprocessing's helpers, which do next to nothing
workers-not-watched = the run could not be watched
# A process that ran without the CPU view: `python3 -I cube.py` ran with -I, -S or -E, ...
workers-lost-process = `{ $command }` ran { $what }
workers-lost-and = {" "}and{" "}
workers-lost-preload = without the LD_PRELOAD library that shows the CPUs
workers-lost-pythonpath = without the PYTHONPATH that loads the grader's sitecustomize
workers-lost-flags = with -I, -S or -E, which skip sitecustomize

## A missing exercise, and checks that could not run

missing = no { $wanted } in the folder
missing-or = { $first } or { $second }
missing-look-alike = ; found { $found }: rename { $count ->
    [one] it
   *[other] the right one
} to `{ $expected }`
missing-symlink = `{ $name }` is a symbolic link, which is never followed: submit the file itself
missing-one-level-down = ; found `{ $path }`: move it to the student's folder itself
skipped-build-failed = not run: the build failed
skipped-run-failed = not checked: the run failed
