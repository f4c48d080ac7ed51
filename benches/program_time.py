#!/usr/bin/env python3
"""Is the time `grade` reports for a program the program's own wall time?

`grade` reports, for each run it times, `elapsed_ms`: the program's own wall time, from its main
process's start to its exit, without the sandbox's set-up and tear-down around it (README,
"Checks", `time`). This script checks that claim against an outside stopwatch, hyperfine, on the
reference programs of the course (`reference/`: pool.py, cube.py, cube_queue.py and the Rust
crates pool/, cube/, cube_queue/):

1. hyperfine times each program run directly, with no sandbox: Python scripts with the real
   interpreter (`python3` resolved to its `sys.executable`, so no pyenv shim is timed), in the
   reference folder; Rust crates built with `cargo build --release` in a copy in a temporary
   folder, then their executable. `--warmup 2`, `--runs N` (`-N`: no shell in between);
2. `grade reference/ --format json --jobs 1` grades the reference folder as a student,
   `--grade-runs` times; each run gives, per program, the references' `elapsed_ms` (the median
   of `reference-runs` runs) and the student's `time` check `elapsed_ms`; grade's figure for a
   program is the median of all of these;
3. the two must agree within max(5% of hyperfine's median, 10 ms): the floor covers the few
   milliseconds of process start-up the sandbox's namespaces add to a tiny program.

It prints a table (hyperfine's median, min and max; grade's median, and the medians of its
reference runs and of its time checks apart; the difference in ms and %; the tolerance; OK or
OVER) and how many programs are within it. Exit status: 0 when all are, 1 when some are not,
2 when it could not measure (hyperfine missing, a build or a run failing).

Run it from anywhere (Python 3 standard library only; needs hyperfine, cargo, python3):

    python3 benches/program_time.py                      # builds grade, ~4 minutes
    python3 benches/program_time.py --runs 20 --json program_time.json
    python3 benches/program_time.py --grade target/release/grade --exercise cube

Run it on an otherwise idle machine: both stopwatches see whatever else competes for the CPUs.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The course's exercises and their reference entries, as grader.toml names them.
EXERCISES = [
    # (exercise, Python script, Rust crate)
    ("pool", "pool.py", "pool"),
    ("cube", "cube.py", "cube"),
    ("cube_queue", "cube_queue.py", "cube_queue"),
]
# pool sleeps 2 s a run: fewer hyperfine runs by default.
SLOW_EXERCISES = {"pool"}
TOLERANCE_SHARE = 0.05
TOLERANCE_FLOOR_MS = 10.0


def fail(message):
    """Stop: the measurement could not be made."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Compare the program time grade reports (elapsed_ms) with hyperfine's.",
    )
    parser.add_argument("--grade", metavar="PATH",
                        help="the grade executable (default: cargo build --release in the repository)")
    parser.add_argument("--runs", type=int, default=10, metavar="N",
                        help="hyperfine runs per program (default 10)")
    parser.add_argument("--pool-runs", type=int, default=None, metavar="N",
                        help="hyperfine runs for the pool demo, 2 s each (default: min(5, --runs))")
    parser.add_argument("--warmup", type=int, default=2, metavar="N",
                        help="hyperfine warm-up runs (default 2)")
    parser.add_argument("--grade-runs", type=int, default=3, metavar="N",
                        help="how many times grade grades the reference folder (default 3)")
    parser.add_argument("--python", default="python3",
                        help="the interpreter to time, resolved to its sys.executable (default python3)")
    parser.add_argument("--config", default=os.path.join(REPOSITORY, "grader.toml"),
                        help="the course file (default: the repository's grader.toml)")
    parser.add_argument("--reference", default=os.path.join(REPOSITORY, "reference"),
                        help="the reference folder (default: the repository's reference/)")
    parser.add_argument("-e", "--exercise", action="append", metavar="NAME",
                        help="only this exercise (repeatable; default all)")
    parser.add_argument("--json", metavar="FILE", help="write the figures to FILE")
    arguments = parser.parse_args()
    if arguments.runs < 2 or arguments.grade_runs < 1 or arguments.warmup < 0:
        parser.error("--runs must be at least 2, --grade-runs at least 1, --warmup at least 0")
    if arguments.pool_runs is None:
        arguments.pool_runs = min(5, arguments.runs)
    known = [name for name, _, _ in EXERCISES]
    for name in arguments.exercise or []:
        if name not in known:
            parser.error(f"unknown exercise {name!r}: one of {', '.join(known)}")
    return arguments


def require_hyperfine():
    """The path of hyperfine, or exit 2 saying how to install it."""
    path = shutil.which("hyperfine")
    if path is None:
        print("hyperfine is not on PATH; install it, then run this again:\n"
              "    apt-get install -y hyperfine      # Debian, Ubuntu (as root)\n"
              "    cargo install hyperfine           # anywhere else", file=sys.stderr)
        sys.exit(2)
    version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"hyperfine: {path} ({version})")
    return path


def resolve_python(python):
    """The real interpreter behind `python` (a pyenv shim resolves to the version's binary)."""
    try:
        found = subprocess.run([python, "-c", "import sys; print(sys.executable)"],
                               capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        fail(f"cannot run {python}: {error}")
    executable = found.stdout.strip()
    if not executable or not os.path.isfile(executable):
        fail(f"{python} reports sys.executable {executable!r}, which is not a file")
    version = subprocess.run([executable, "--version"], capture_output=True, text=True)
    print(f"python: {python} -> {executable} ({(version.stdout or version.stderr).strip()})")
    return executable


def build_grade():
    """`cargo build --release` in the repository; the path of target/release/grade."""
    print("building grade: cargo build --release", flush=True)
    built = subprocess.run(["cargo", "build", "--release", "--bin", "grade"], cwd=REPOSITORY,
                           capture_output=True, text=True)
    if built.returncode != 0:
        sys.stderr.write(built.stderr[-4000:])
        fail("cargo build --release failed")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPOSITORY, "target"))
    return os.path.join(target, "release", "grade")


def build_crate(source, scratch):
    """Build a copy of the crate at `source` in `scratch` with cargo build --release.

    Return the path of its executable, read from cargo's own messages.
    """
    copy = os.path.join(scratch, os.path.basename(source))
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("target"))
    built = subprocess.run(
        ["cargo", "build", "--release", "--message-format=json-render-diagnostics"],
        cwd=copy, capture_output=True, text=True,
    )
    if built.returncode != 0:
        sys.stderr.write(built.stderr[-4000:])
        fail(f"cargo build --release of a copy of {source} failed")
    executables = []
    for line in built.stdout.splitlines():
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            continue
        if message.get("reason") == "compiler-artifact" and message.get("executable"):
            executables.append(message["executable"])
    if len(executables) != 1:
        fail(f"the build of {source} gave {len(executables)} executables, not 1: {executables}")
    return executables[0]


def hyperfine(hyperfine_path, command, folder, runs, warmup, scratch, label):
    """Time `command` (a list: no shell) in `folder`; hyperfine's figures, in ms."""
    export = os.path.join(scratch, f"hyperfine-{label}.json")
    # -N runs the command without a shell, so it takes no quoting: paths with spaces are refused.
    if any(" " in part for part in command):
        fail(f"hyperfine -N cannot run a path with a space: {command}")
    line = " ".join(command)
    timed = subprocess.run(
        [hyperfine_path, "--warmup", str(warmup), "--runs", str(runs), "--export-json", export,
         "--style", "none", "-N", line],
        cwd=folder, capture_output=True, text=True,
    )
    if timed.returncode != 0:
        sys.stderr.write(timed.stdout[-2000:] + timed.stderr[-2000:])
        fail(f"hyperfine failed on {line} (in {folder})")
    with open(export, encoding="utf-8") as exported:
        result = json.load(exported)["results"][0]
    times = [seconds * 1000 for seconds in result["times"]]
    return {
        "command": line,
        "folder": folder,
        "runs": len(times),
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
        "mean_ms": result["mean"] * 1000,
        "stddev_ms": (result.get("stddev") or 0) * 1000,
        "times_ms": times,
    }


def grade_once(grade, arguments, exercises):
    """Grade the reference folder as a student once: {(exercise, language): figures}."""
    command = [grade, arguments.reference, "--config", arguments.config,
               "--format", "json", "--jobs", "1", "--color", "never"]
    for name in arguments.exercise or []:
        command += ["--exercise", name]
    graded = subprocess.run(command, capture_output=True, text=True, cwd=REPOSITORY)
    if graded.returncode not in (0, 1):
        sys.stderr.write(graded.stderr[-4000:])
        fail(f"grade exited {graded.returncode} (0 or 1 expected): {' '.join(command)}")
    try:
        report = json.loads(graded.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(graded.stderr[-4000:])
        fail("grade did not print a JSON report")
    figures = {}
    for reference in report.get("references", []):
        key = (reference["exercise"], reference["language"])
        if reference["exercise"] in exercises and reference.get("elapsed_ms") is not None:
            entry = figures.setdefault(key, {"references": [], "checks": [], "attempts": []})
            entry["references"].append(reference["elapsed_ms"])
            entry["attempts"] += [attempt["elapsed_ms"] for attempt in reference.get("attempts", [])]
    for submission in report.get("submissions", []):
        for exercise in submission.get("exercises", []):
            if exercise["exercise"] not in exercises or exercise.get("language") is None:
                continue
            key = (exercise["exercise"], exercise["language"])
            for check in exercise.get("checks", []):
                if check["check"] == "time" and check.get("elapsed_ms") is not None:
                    entry = figures.setdefault(key, {"references": [], "checks": [], "attempts": []})
                    entry["checks"].append(check["elapsed_ms"])
    verdicts = {
        (exercise["exercise"], exercise.get("language")): exercise["verdict"]
        for submission in report.get("submissions", [])
        for exercise in submission.get("exercises", [])
    }
    return figures, verdicts, report.get("errors", []), graded.returncode


def cell_ms(value):
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def main():
    arguments = parse_arguments()
    hyperfine_path = require_hyperfine()
    python = resolve_python(arguments.python)
    grade = os.path.abspath(arguments.grade) if arguments.grade else build_grade()
    if not os.access(grade, os.X_OK):
        fail(f"{grade} is not an executable")
    print(f"grade: {grade}")
    print(f"reference: {arguments.reference}; course file: {arguments.config}")
    print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())}"
          f" on {os.cpu_count()} CPUs")
    exercises = arguments.exercise or [name for name, _, _ in EXERCISES]

    programs = []  # (exercise, language, label, command, folder, runs)
    with tempfile.TemporaryDirectory(prefix="program_time.") as scratch:
        for exercise, script, crate in EXERCISES:
            if exercise not in exercises:
                continue
            runs = arguments.pool_runs if exercise in SLOW_EXERCISES else arguments.runs
            script_path = os.path.join(arguments.reference, script)
            crate_path = os.path.join(arguments.reference, crate)
            if not os.path.isfile(script_path) or not os.path.isfile(os.path.join(crate_path, "Cargo.toml")):
                fail(f"missing reference {script_path} or {crate_path}/Cargo.toml")
            programs.append((exercise, "python", script, [python, script], arguments.reference, runs))
            print(f"building a copy of {crate_path}: cargo build --release", flush=True)
            executable = build_crate(crate_path, scratch)
            programs.append((exercise, "rust", f"{crate}/", [executable], os.path.dirname(executable), runs))

        timed = {}
        for exercise, language, label, command, folder, runs in programs:
            print(f"hyperfine: {label:15} {runs} runs + {arguments.warmup} warm-up: {' '.join(command)}",
                  flush=True)
            timed[(exercise, language)] = hyperfine(
                hyperfine_path, command, folder, runs, arguments.warmup, scratch,
                f"{exercise}-{language}")

        graded = {}
        verdicts_seen = {}
        for run in range(1, arguments.grade_runs + 1):
            print(f"grade run {run}/{arguments.grade_runs}: {grade} {arguments.reference} "
                  "--format json --jobs 1", flush=True)
            figures, verdicts, errors, status = grade_once(grade, arguments, exercises)
            if errors:
                print(f"  grade reported errors: {errors}")
            for key, verdict in verdicts.items():
                verdicts_seen.setdefault(key, []).append(verdict)
            for key, entry in figures.items():
                total = graded.setdefault(key, {"references": [], "checks": [], "attempts": []})
                for part in total:
                    total[part] += entry[part]
            summary = ", ".join(
                f"{exercise}/{language} {entry['references'] + entry['checks']}"
                for (exercise, language), entry in sorted(figures.items()))
            print(f"  exit {status}; elapsed_ms (references, then time check): {summary}")
    print(f"load average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")

    rows = []
    for exercise, language, label, command, _, _ in programs:
        watch = timed[(exercise, language)]
        entry = graded.get((exercise, language), {"references": [], "checks": [], "attempts": []})
        seen = entry["references"] + entry["checks"]
        row = {
            "program": label,
            "exercise": exercise,
            "language": language,
            "hyperfine": watch,
            "grade": {
                "elapsed_ms": seen,
                "median_ms": statistics.median(seen) if seen else None,
                "references_ms": entry["references"],
                "references_median_ms": statistics.median(entry["references"]) if entry["references"] else None,
                "checks_ms": entry["checks"],
                "checks_median_ms": statistics.median(entry["checks"]) if entry["checks"] else None,
                "reference_attempts_ms": entry["attempts"],
                "verdicts": verdicts_seen.get((exercise, language), []),
            },
            "tolerance_ms": max(TOLERANCE_SHARE * watch["median_ms"], TOLERANCE_FLOOR_MS),
        }
        if seen:
            row["difference_ms"] = row["grade"]["median_ms"] - watch["median_ms"]
            row["difference_share"] = row["difference_ms"] / watch["median_ms"]
            row["within"] = abs(row["difference_ms"]) <= row["tolerance_ms"]
        else:
            row["difference_ms"] = row["difference_share"] = None
            row["within"] = False
        rows.append(row)

    print()
    header = (f"{'program':15} {'hyperfine median':>16} {'(min-max)':>17} {'grade median':>12}"
              f" {'(refs / checks)':>17} {'diff ms':>9} {'diff %':>8} {'tolerance':>9}  verdict")
    print(header)
    print("-" * len(header))
    for row in rows:
        watch, mark = row["hyperfine"], row["grade"]
        spread = f"({cell_ms(watch['min_ms'])}-{cell_ms(watch['max_ms'])})"
        if mark["median_ms"] is None:
            print(f"{row['program']:15} {cell_ms(watch['median_ms']):>16} {spread:>17}"
                  f" {'none':>12} {'':>17} {'':>9} {'':>8} {cell_ms(row['tolerance_ms']):>9}"
                  "  OVER (grade reported no time)")
            continue
        parts = f"({cell_ms(mark['references_median_ms']) if mark['references_ms'] else '-'}"
        parts += f" / {cell_ms(mark['checks_median_ms']) if mark['checks_ms'] else '-'})"
        print(f"{row['program']:15} {cell_ms(watch['median_ms']):>16} {spread:>17}"
              f" {cell_ms(mark['median_ms']):>12} {parts:>17}"
              f" {row['difference_ms']:>+9.1f} {row['difference_share']:>+8.1%}"
              f" {cell_ms(row['tolerance_ms']):>9}  {'OK' if row['within'] else 'OVER'}")
    within = sum(row["within"] for row in rows)
    print()
    print(f"{within} of {len(rows)} programs within tolerance (max({TOLERANCE_SHARE:.0%} of hyperfine's"
          f" median, {TOLERANCE_FLOOR_MS:.0f} ms)); hyperfine: {arguments.runs} runs"
          f" ({arguments.pool_runs} for pool), grade: {arguments.grade_runs} runs,"
          f" {python}")

    if arguments.json:
        with open(arguments.json, "w", encoding="utf-8") as output:
            json.dump({
                "grade": grade,
                "python": python,
                "hyperfine": hyperfine_path,
                "runs": arguments.runs,
                "pool_runs": arguments.pool_runs,
                "warmup": arguments.warmup,
                "grade_runs": arguments.grade_runs,
                "tolerance": {"share": TOLERANCE_SHARE, "floor_ms": TOLERANCE_FLOOR_MS},
                "programs": rows,
                "within": within,
                "total": len(rows),
            }, output, indent=2)
            output.write("\n")
        print(f"figures written to {arguments.json}")
    sys.exit(0 if within == len(rows) else 1)


if __name__ == "__main__":
    main()
