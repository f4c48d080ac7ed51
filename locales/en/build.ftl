# What the build check says, in English: the Python syntax check, the Rust build, the policy on
# a crate's dependencies, and what was left out of the copy a build works on. Twin of
# ../fr/build.ftl.

build-pass = built in { $elapsed }
build-no-python = no Python interpreter on the grading machine; the grader's administrator must install Python 3 or set `python` in the course file
build-no-cargo = no cargo on the grading machine; the grader's administrator must install Rust or set `cargo` in the course file
build-file-too-large = { $file } is { $size }: a solution is a few kilobytes; is it the right file?
build-syntax-error = syntax error at { $place }:
build-syntax-error-try = check it on your machine with `python3 -m py_compile { $file }`
build-check-failed = { $file } could not be checked: the syntax check { $how }
build-compile-error = compile error at { $place }:
build-compile-error-unplaced = compile error:
build-compile-error-try = to see every error, run `cargo build --release` in { $folder }
build-cargo-failed = cargo build failed:
build-not-taken-out = the build made { $program }, which the grader could not take out of the sandbox
build-no-executable = the crate builds no executable: add `src/main.rs` with a `fn main()`
build-timed-out = the build did not finish within { $timeout }: look for a build script or a macro that never ends, or depend on fewer crates
build-stopped = the build { $how }
build-disk-full = the build was stopped at its disk limit: the crate, its target folder and /tmp hold at most { $limit }; a build script must not write that much
build-unprepared = the grader could not prepare the build: { $error }
build-fetch-failed = the crate's dependencies could not be fetched from crates.io:
build-deps-too-large = the crate's dependencies take { $size } on disk, more than the disk limit of { $limit } a build may write: depend on fewer or smaller crates

## A crate's dependencies, checked before any fetch

deps-unreadable = { $place }: cannot read: { $error }
deps-not-toml = { $place }: not valid TOML ({ $error }): fix it so that cargo can read it
deps-git = { $place }: `{ $name }` comes from git ({ $url }): the grader fetches dependencies from crates.io only; use a published version (`{ $name } = "1"`), or copy its code into your crate
deps-registry = { $place }: `{ $name }` comes from the registry `{ $registry }`: the grader fetches dependencies from crates.io only
deps-path-outside = { $place }: `{ $name }` is the folder `{ $path }`, outside the crate: move it into the crate's folder and point `path` there
deps-locked-elsewhere = { $place }: `{ $name }` is locked to { $source }: the grader fetches dependencies from crates.io only; delete Cargo.lock or that dependency

## Files of a submission left out of the copy a build and a run work on

left-out-not-source = { $file }: not a source file ({ $kind }), not given to the program
left-out-symlink = { $file }: symbolic link, not followed
left-out-too-large = { $file }: not copied, the submission is over { $mib } MiB
left-out = left out of the run: { $files }
left-out-more = and { $count } more

## How a run of the grader's own steps ended (a syntax check, a build, a reference)

outcome-exit-code = exited with code { $code }
outcome-signal = killed by signal { $signal } ({ $name })
outcome-timed-out = still running at the timeout
outcome-output-too-large = printed more than the output limit
outcome-interrupted = interrupted
outcome-memory-limit = , after reaching the memory limit of { $limit }
outcome-task-limit = , after reaching the limit of { $limit } processes and threads
outcome-disk-limit = , stopped at its disk limit ({ $limit })
disk-limit-files = { $files } files and folders

## Signals: the name and what it usually means

signal-segv = SIGSEGV: invalid memory access
signal-abrt = SIGABRT: the program aborted
signal-kill = SIGKILL: killed
signal-fpe = SIGFPE: arithmetic error
signal-bus = SIGBUS: bus error
signal-xcpu = SIGXCPU: CPU time limit exceeded
signal-xfsz = SIGXFSZ: file size limit exceeded
signal-unknown = unknown signal

## The references, built and timed before the students (what the instructor reads)

reference-missing = { $path }: no { $language } reference for exercise `{ $exercise }`: add it, shaped like a student's entry
reference-does-not-build = { $path }: the reference does not build: { $why }
reference-unprepared = { $path }: the reference could not be prepared: { $error }
reference-could-not-start = { $path }: the reference could not start: { $error }
reference-failed = { $path }: the reference failed: it { $how }: { $stderr }
reference-no-result = { $path }: the reference printed no line matching `{ $pattern }`; its last line is `{ $last }`
reference-no-output = { $path }: the reference printed no line matching `{ $pattern }`; it printed nothing
reference-never-timed = { $path }: the reference was never timed to its end
reference-unstable = { $path }: the reference printed different results from run to run
view-could-not-start = could not be started: { $error }
