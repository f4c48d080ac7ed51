#!/usr/bin/env python3
"""Grading a whole class: `grade` against the naive shell loop it replaces.

What it measures, on a generated class of students (40 by default):

1. the naive loop, timed (wall): for each student and each exercise of grader.toml found in the
   student's folder, one after the other,
     Python: `timeout <exercise timeout> python3 <script> | grep -E '^result = '`
     Rust:   `cargo build --release --quiet` in a copy of the crate (its own target/), then
             `timeout <exercise timeout> ./target/release/<name> | grep -E '^result = '`;
2. `grade <class> --config grader.toml --format json --jobs N`, timed (wall), and its report;
3. from the report: the schedule (`summary.schedule`: jobs, cores, alone_ms, cpu_ms,
   physical_limit_ms, reruns, inconclusive, lowered, dependency_builds; "n/a" when the binary has
   none),
   how many times the crates.io crate `rayon` was compiled (goal: once for the whole class), and
   the verdict counts.

It prints the class's mix, the loop time, the grade time, loop/grade (goal >= 3), the physical
limit max(alone_ms, cpu_ms / cores) and grade/limit (goal <= 1.5), the reruns and inconclusive
counts, the rayon compilations and the verdicts. With --compare-jobs1 it grades again with
`--jobs 1` and says whether every (student, exercise) verdict and score is the same.

The class is made of copies of student folders of fixtures/submissions/ (correct, sequential so
too slow, timeouts, build errors; Python and Rust), named s01-<folder>, s02-<folder>, ...; the
uncapped-workers kind has no example there, so it is taken from fixtures/workers/ (Pool() of 16
workers, Pool(8), 100 threads). `--rayon K` adds K students r01-rayon, ... whose `cube` is the
crate benches/class/rayon_cube/ (rayon = "1", a ThreadPoolBuilder of 4 threads).

The naive loop has one guard a shell loop lacks: maxime roux's cube.py leaves a setsid
grandchild holding the pipe open, so `... | grep` would wait for ever; here a command still
running 3 s after its timeout is killed (its process group, then every process carrying this
run's marker variable) and counted as "hung".

Run (Python 3.11+, standard library only; Rust, Python 3 and coreutils' `timeout` on PATH):

    python3 benches/class.py                          # 40 students, loop and grade (minutes)
    python3 benches/class.py --students 6 --skip-loop --loop-seconds 1
    python3 benches/class.py --rayon 3 --compare-jobs1 --json class.json
    python3 benches/class.py --grade /path/to/grade   # another binary; no cargo build

Without --grade it runs `cargo build --release` in the repository and uses target/release/grade.
grade gets a fresh dependency cache (XDG_CACHE_HOME in the bench's temporary folder), so that a
class graded for the first time is measured and rayon's one compilation is counted;
--warm-cache grades with the user's own cache instead.
A binary without `--jobs` (exit 2, clap's "unexpected argument") is run without it, with a note.
"""

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUBMISSIONS = os.path.join(REPOSITORY, "fixtures", "submissions")
WORKERS = os.path.join(REPOSITORY, "fixtures", "workers")
RAYON_CRATE = os.path.join(REPOSITORY, "benches", "class", "rayon_cube")
DEFAULT_CONFIG = os.path.join(REPOSITORY, "grader.toml")

# The folders a class is made of, in the order they are taken (then again from the start):
# (folder, where it is, language, kind). The first six already hold every kind and both
# languages, so a small class is mixed too.
ROTATION = [
    ("chloé dupont", SUBMISSIONS, "python", "correct"),
    ("antoine girard", SUBMISSIONS, "rust", "correct"),
    ("thomas petit", SUBMISSIONS, "python", "timeout"),
    ("julien mercier", SUBMISSIONS, "python", "sequential"),
    ("py_pool_default", WORKERS, "python", "uncapped"),
    ("hélène bonnet", SUBMISSIONS, "rust", "build error"),
    ("rose blanc", SUBMISSIONS, "rust", "sequential"),
    ("clara vincent", SUBMISSIONS, "rust", "timeout"),
    ("léa moreau", SUBMISSIONS, "python", "build error"),
    ("zoé faure", SUBMISSIONS, "python", "correct"),
    ("rs_threads_100", WORKERS, "rust", "uncapped"),
    ("inès garcia", SUBMISSIONS, "python", "timeout"),
    ("paul andré", SUBMISSIONS, "rust", "timeout"),
    ("py_pool_8", WORKERS, "python", "uncapped"),
    ("maxime roux", SUBMISSIONS, "python", "timeout"),
]
KINDS = ["correct", "sequential", "uncapped", "timeout", "build error"]
# Left out of every copy: what a build or an import leaves behind.
LEFTOVERS = ("__pycache__", "target", "Cargo.lock")
# How long after its timeout a loop command may still run before it is counted as hung.
HANG_GRACE_S = 3.0
VERDICTS = ["pass", "fail", "missing", "error"]


def note(message):
    """Print a progress or warning line on stderr."""
    print(message, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------
# The course file


def parse_duration_ms(text):
    """Milliseconds of a course duration ("500ms", "5s", "2min")."""
    match = re.fullmatch(r"(\d+)(ms|s|min)", text.strip())
    if not match:
        raise ValueError(f"not a duration: {text!r}")
    value, unit = int(match.group(1)), match.group(2)
    return value * {"ms": 1, "s": 1000, "min": 60000}[unit]


def read_exercises(config_path):
    """[(name, python entry, rust entry, timeout in ms)] in the course file's order."""
    with open(config_path, "rb") as course_file:
        course = tomllib.load(course_file)
    default_timeout = course.get("defaults", {}).get("timeout", "10s")
    exercises = []
    for name, settings in course.get("exercises", {}).items():
        timeout_ms = parse_duration_ms(settings.get("timeout", default_timeout))
        exercises.append((name, settings.get("python"), settings.get("rust"), timeout_ms))
    return exercises


# ----------------------------------------------------------------------------------------------
# The class


def copy_student(source, destination):
    """Copy a student folder without build leftovers, and make sure none is left."""
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(*LEFTOVERS))
    for folder, subfolders, files in os.walk(destination, topdown=True):
        for name in list(subfolders):
            if name in ("__pycache__", "target"):
                shutil.rmtree(os.path.join(folder, name))
                subfolders.remove(name)
        if "Cargo.lock" in files:
            os.remove(os.path.join(folder, "Cargo.lock"))


def make_class(class_dir, students, rayon):
    """Fill class_dir with `students` copies from ROTATION and `rayon` rayon students.

    Return [{"name", "origin", "language", "kind"}] in the order made."""
    os.makedirs(class_dir)
    made = []
    width = max(2, len(str(students)))
    for index in range(students):
        folder, where, language, kind = ROTATION[index % len(ROTATION)]
        name = f"s{index + 1:0{width}d}-{folder}"
        copy_student(os.path.join(where, folder), os.path.join(class_dir, name))
        made.append({"name": name, "origin": os.path.relpath(os.path.join(where, folder), REPOSITORY),
                     "language": language, "kind": kind})
    width = max(2, len(str(rayon)))
    for index in range(rayon):
        name = f"r{index + 1:0{width}d}-rayon"
        os.makedirs(os.path.join(class_dir, name))
        copy_student(RAYON_CRATE, os.path.join(class_dir, name, "cube"))
        made.append({"name": name, "origin": os.path.relpath(RAYON_CRATE, REPOSITORY),
                     "language": "rust", "kind": "rayon"})
    return made


def class_mix(made):
    """Counts per language and per kind."""
    languages, kinds = {}, {}
    for student in made:
        languages[student["language"]] = languages.get(student["language"], 0) + 1
        kinds[student["kind"]] = kinds.get(student["kind"], 0) + 1
    order = KINDS + ["rayon"]
    return {"students": len(made),
            "languages": dict(sorted(languages.items())),
            "kinds": {kind: kinds[kind] for kind in order if kind in kinds}}


# ----------------------------------------------------------------------------------------------
# The naive loop


def processes_with_marker(marker):
    """Pids of this machine's processes whose environment holds `marker` (this run's loop)."""
    needle = marker.encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as environ:
                if needle in environ.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            continue
    return found


def kill_leftovers(marker):
    """Kill, by pid, what the loop's commands left running (a setsid grandchild, a daemon)."""
    killed = 0
    for _round in range(3):
        pids = processes_with_marker(marker)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        time.sleep(0.05)
    return killed


def run_shell(command, cwd, env, guard_s, marker):
    """Run `command` with bash in its own process group; kill it past guard_s seconds.

    Return (exit status or None when killed, stdout, seconds, hung)."""
    start = time.perf_counter()
    process = subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    hung = False
    try:
        stdout, _ = process.communicate(timeout=guard_s)
    except subprocess.TimeoutExpired:
        hung = True
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        kill_leftovers(marker)
        stdout, _ = process.communicate()
    seconds = time.perf_counter() - start
    kill_leftovers(marker)
    return (None if hung else process.returncode), stdout.decode(errors="replace"), seconds, hung


def crate_binary_name(crate_dir):
    """The executable `cargo build` makes: the first [[bin]]'s name, else the package's."""
    try:
        with open(os.path.join(crate_dir, "Cargo.toml"), "rb") as manifest_file:
            manifest = tomllib.load(manifest_file)
    except (OSError, tomllib.TOMLDecodeError):
        return None
    bins = manifest.get("bin") or []
    if bins and isinstance(bins, list) and bins[0].get("name"):
        return bins[0]["name"]
    return manifest.get("package", {}).get("name")


def naive_loop(class_dir, scratch_dir, exercises):
    """Run the shell loop over the class, sequentially. Return its figures."""
    marker = f"GRADE_CLASS_BENCH={os.getpid()}-{time.time_ns()}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("CARGO_TARGET")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env[marker.split("=", 1)[0]] = marker.split("=", 1)[1]
    steps = []
    grep = "grep -E '^result = '"
    start = time.perf_counter()
    for student in sorted(os.listdir(class_dir)):
        student_dir = os.path.join(class_dir, student)
        for exercise, python_entry, rust_entry, timeout_ms in exercises:
            timeout = f"{timeout_ms / 1000:g}"
            guard_s = timeout_ms / 1000 + HANG_GRACE_S
            step = {"student": student, "exercise": exercise}
            if python_entry and os.path.isfile(os.path.join(student_dir, python_entry)):
                step["language"] = "python"
                command = f"timeout {timeout} python3 {shlex.quote(python_entry)} | {grep}"
                status, output, seconds, hung = run_shell(command, student_dir, env, guard_s, marker)
            elif rust_entry and os.path.isfile(os.path.join(student_dir, rust_entry, "Cargo.toml")):
                step["language"] = "rust"
                crate_copy = os.path.join(scratch_dir, student, rust_entry)
                build_start = time.perf_counter()
                copy_student(os.path.join(student_dir, rust_entry), crate_copy)
                build = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=crate_copy,
                                       env=env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                step["build_s"] = round(time.perf_counter() - build_start, 3)
                step["built"] = build.returncode == 0
                binary = crate_binary_name(crate_copy)
                if build.returncode != 0 or not binary:
                    step.update(run_s=0.0, result=None, hung=False)
                    steps.append(step)
                    note(f"[loop] {student:<28} {exercise:<11} rust    build failed "
                         f"({step['build_s']:.1f} s)")
                    continue
                command = (f"timeout {timeout} ./target/release/{shlex.quote(binary)} | {grep}")
                status, output, seconds, hung = run_shell(command, crate_copy, env, guard_s, marker)
            else:
                continue
            lines = [line for line in output.splitlines() if line.startswith("result = ")]
            step.update(run_s=round(seconds, 3), result=lines[-1] if lines else None, hung=hung)
            steps.append(step)
            built = f"build {step['build_s']:.1f} s, " if "build_s" in step else ""
            what = "HUNG, killed" if hung else (step["result"] or "no result line")
            note(f"[loop] {student:<28} {exercise:<11} {step['language']:<7} {built}"
                 f"run {seconds:.1f} s: {what}")
    total = time.perf_counter() - start
    return {
        "seconds": round(total, 3),
        "commands": len(steps),
        "results_printed": sum(1 for step in steps if step.get("result")),
        "rust_builds": sum(1 for step in steps if "built" in step),
        "rust_build_failures": sum(1 for step in steps if step.get("built") is False),
        "rust_build_seconds": round(sum(step.get("build_s", 0.0) for step in steps), 3),
        "hung": sum(1 for step in steps if step.get("hung")),
        "steps": steps,
    }


# ----------------------------------------------------------------------------------------------
# grade


def build_grade():
    """`cargo build --release` in the repository; the path of target/release/grade."""
    note("building grade: cargo build --release")
    build = subprocess.run(["cargo", "build", "--release"], cwd=REPOSITORY,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if build.returncode != 0:
        note(build.stdout[-4000:])
        sys.exit(f"cargo build --release failed in {REPOSITORY} (give a binary with --grade PATH)")
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPOSITORY, "target")
    return os.path.join(target, "release", "grade")


def refuses_jobs(completed):
    """Whether grade stopped on clap's error for an unknown --jobs."""
    return (completed.returncode == 2 and "--jobs" in completed.stderr
            and ("unexpected argument" in completed.stderr or "unrecognized" in completed.stderr))


def run_grade(grade, class_dir, config, jobs, cache=None):
    """Grade the class once. Return (report, seconds, jobs flag given or None, exit status).
    `cache`: the grader's cache folder (XDG_CACHE_HOME), None for the user's own."""
    command = [grade, class_dir, "--config", config, "--format", "json"]
    environment = dict(os.environ)
    if cache is not None:
        environment["XDG_CACHE_HOME"] = cache
    given = jobs
    start = time.perf_counter()
    completed = subprocess.run(command + ["--jobs", str(jobs)], cwd=REPOSITORY, env=environment,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if refuses_jobs(completed):
        note(f"note: {grade} has no --jobs option (exit 2, clap error): graded without it")
        given = None
        start = time.perf_counter()
        completed = subprocess.run(command, cwd=REPOSITORY, env=environment, stdin=subprocess.DEVNULL,
                                   capture_output=True, text=True)
        seconds = time.perf_counter() - start
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        note(completed.stderr[-4000:])
        sys.exit(f"grade exited {completed.returncode} without a JSON report on stdout")
    if report.get("errors"):
        note(f"warning: the report holds {len(report['errors'])} grader error(s): "
             + "; ".join(str(error.get("message", error)) if isinstance(error, dict) else str(error)
                         for error in report["errors"][:3]))
    if report.get("interrupted"):
        note("warning: the report says the grading was interrupted")
    return report, seconds, given, completed.returncode


def exercise_results(report):
    """{(student, exercise): exercise object} of a report."""
    results = {}
    for submission in report.get("submissions", []):
        for exercise in submission.get("exercises", []):
            results[(submission.get("student"), exercise.get("exercise"))] = exercise
    return results


def verdict_counts(report):
    """Exercises per verdict."""
    counts = {verdict: 0 for verdict in VERDICTS}
    for exercise in exercise_results(report).values():
        counts[exercise.get("verdict")] = counts.get(exercise.get("verdict"), 0) + 1
    return counts


def first_failure(exercise):
    """The first failing check of an exercise and its message, or its own message."""
    for check in exercise.get("checks", []):
        if check.get("verdict") == "fail":
            return f"{check.get('check')}: {check.get('message', '')}"
    return exercise.get("message") or ""


def is_rayon(crate_name):
    """Whether a compiled crate's name (maybe "rayon@1.12.0" or "rayon 1.12.0") is rayon."""
    return re.split(r"[@ ]", str(crate_name), maxsplit=1)[0] == "rayon"


def rayon_compilations(report):
    """How many times rayon was compiled: dependency builds holding it (not those found compiled
    in the grader's cache by an earlier session), plus student builds that compiled it
    themselves. None when the report says nothing about dependency builds."""
    schedule = report.get("summary", {}).get("schedule")
    known, count = False, 0
    if isinstance(schedule, dict) and isinstance(schedule.get("dependency_builds"), list):
        known = True
        count += sum(1 for build in schedule["dependency_builds"]
                     if not build.get("cached")
                     and any(is_rayon(crate) for crate in build.get("crates", [])))
    for exercise in exercise_results(report).values():
        for check in exercise.get("checks", []):
            if check.get("check") == "build" and isinstance(check.get("compiled"), list):
                known = True
                if any(is_rayon(crate) for crate in check["compiled"]):
                    count += 1
    return count if known else None


def compare_reports(first, second):
    """Differences in verdict or score per (student, exercise) between two reports."""
    left, right = exercise_results(first), exercise_results(second)
    differences = []
    for key in sorted(set(left) | set(right), key=lambda key: (str(key[0]), str(key[1]))):
        a, b = left.get(key), right.get(key)
        shown_a = (a.get("verdict"), a.get("score")) if a else None
        shown_b = (b.get("verdict"), b.get("score")) if b else None
        if shown_a != shown_b:
            differences.append({
                "student": key[0], "exercise": key[1],
                "jobs_n": {"verdict": shown_a[0], "score": shown_a[1],
                           "why": first_failure(a)} if a else None,
                "jobs_1": {"verdict": shown_b[0], "score": shown_b[1],
                           "why": first_failure(b)} if b else None,
            })
    return differences


# ----------------------------------------------------------------------------------------------
# The table


def seconds_text(value):
    """A duration in seconds for the table."""
    return "n/a" if value is None else f"{value:.1f} s"


def ratio(numerator, denominator):
    """numerator / denominator, or None."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def goal_text(value, goal, at_least):
    """A ratio with its goal and whether it is met."""
    if value is None:
        return f"n/a            (goal {'>=' if at_least else '<='} {goal:g})"
    met = value >= goal if at_least else value <= goal
    return f"{value:.2f}           (goal {'>=' if at_least else '<='} {goal:g}: " \
           f"{'met' if met else 'MISSED'})"


def print_table(figures):
    """The figures, for people."""
    rows = []
    mix = figures["class"]
    rows.append(("class", f"{mix['students']} students in {figures['class_dir']}"))
    rows.append(("  languages", ", ".join(f"{name} {count}" for name, count in mix["languages"].items())))
    rows.append(("  kinds", ", ".join(f"{name} {count}" for name, count in mix["kinds"].items())))
    loop = figures["loop"]
    if loop.get("skipped"):
        rows.append(("naive loop", f"{seconds_text(loop['seconds'])} (given with --loop-seconds, not run)"))
    else:
        rows.append(("naive loop", f"{seconds_text(loop['seconds'])} ({loop['commands']} commands, "
                     f"{loop['rust_builds']} cargo builds in {loop['rust_build_seconds']:.1f} s, "
                     f"{loop['results_printed']} result lines)"))
        if loop["hung"]:
            rows.append(("  hung", f"{loop['hung']} command(s) still held the pipe {HANG_GRACE_S:g} s "
                         "past their timeout, killed here: a real shell loop waits for ever"))
    grade = figures["grade"]
    jobs = "--jobs " + str(grade["jobs_flag"]) if grade["jobs_flag"] is not None else "no --jobs (unsupported)"
    rows.append(("grade", f"{seconds_text(grade['seconds'])} ({jobs}, exit {grade['exit_status']}, "
                 f"report's elapsed_ms {grade.get('report_elapsed_ms', 'n/a')})"))
    rows.append(("loop / grade", goal_text(figures["ratios"]["loop_over_grade"], 3, True)))
    schedule = figures["schedule"]
    if schedule is None:
        rows.append(("schedule", "n/a (the report has no summary.schedule)"))
    else:
        rows.append(("schedule", f"jobs {schedule.get('jobs', 'n/a')}, cores {schedule.get('cores', 'n/a')}"))
        for key in ("alone_ms", "cpu_ms", "physical_limit_ms"):
            value = schedule.get(key)
            rows.append((f"  {key}", "n/a" if value is None else f"{value} ms ({value / 1000:.1f} s)"))
    rows.append(("grade / limit", goal_text(figures["ratios"]["grade_over_limit"], 1.5, False)))
    rows.append(("reruns", "n/a" if schedule is None else str(schedule.get("reruns", "n/a"))))
    rows.append(("inconclusive", "n/a" if schedule is None else str(schedule.get("inconclusive", "n/a"))))
    rows.append(("lowered", "n/a" if schedule is None else str(schedule.get("lowered", "n/a"))))
    if schedule is not None and isinstance(schedule.get("dependency_builds"), list):
        for build in schedule["dependency_builds"]:
            rows.append(("  dependency build", f"{', '.join(map(str, build.get('crates', [])))} "
                         f"for {build.get('users', '?')} student(s)"))
    rayon = figures["rayon"]
    if rayon["students"]:
        compiled = rayon["compilations"]
        text = ("n/a (the report says nothing of dependency builds)" if compiled is None
                else f"{compiled} time(s) (goal 1: {'met' if compiled == 1 else 'MISSED'})")
        rows.append(("rayon compiled", text))
        rows.append(("  rayon students", ", ".join(f"{verdict} {count}" for verdict, count
                                                  in rayon["verdicts"].items()) or "none graded"))
        for why in rayon["failures"][:3]:
            rows.append(("  rayon failure", why))
    verdicts = figures["verdicts"]
    rows.append(("verdicts", ", ".join(f"{verdict} {verdicts.get(verdict, 0)}" for verdict in VERDICTS)))
    comparison = figures.get("compare_jobs1")
    if comparison is not None:
        if comparison.get("note"):
            rows.append(("--jobs 1 run", comparison["note"]))
        rows.append(("--jobs 1 run", f"{seconds_text(comparison['seconds'])}, verdicts "
                     + ", ".join(f"{verdict} {comparison['verdicts'].get(verdict, 0)}" for verdict in VERDICTS)))
        differences = comparison["differences"]
        rows.append(("identical", "yes: every verdict and score" if not differences
                     else f"NO: {len(differences)} difference(s)"))
        for difference in differences:
            left, right = difference["jobs_n"], difference["jobs_1"]
            shown = lambda side: "absent" if side is None else \
                f"{side['verdict']} {side['score']} ({side['why'][:80]})"
            rows.append(("  differs", f"{difference['student']} / {difference['exercise']}: "
                         f"jobs N {shown(left)}; jobs 1 {shown(right)}"))
    width = max(len(label) for label, _ in rows)
    print()
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


# ----------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=40, help="class size (default 40)")
    parser.add_argument("--rayon", type=int, default=0, metavar="K",
                        help="add K students whose cube crate depends on rayon (default 0)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(),
                        help=f"grade's --jobs (default: os.cpu_count(), {os.cpu_count()} here)")
    parser.add_argument("--grade", metavar="PATH", help="the grade binary (default: cargo build "
                        "--release in the repository, then target/release/grade)")
    parser.add_argument("--config", default=DEFAULT_CONFIG, help="the course file (default: grader.toml)")
    parser.add_argument("--skip-loop", action="store_true", help="do not run the naive loop")
    parser.add_argument("--loop-seconds", type=float, metavar="S",
                        help="with --skip-loop: the loop time to compare with")
    parser.add_argument("--compare-jobs1", action="store_true",
                        help="grade again with --jobs 1 and compare every verdict and score")
    parser.add_argument("--json", metavar="FILE", help="write all the figures to FILE as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the generated class folder")
    parser.add_argument("--warm-cache", action="store_true",
                        help="grade with the user's own dependency cache, which an earlier session "
                             "may have filled (default: a fresh cache, so that rayon's compilation "
                             "is counted)")
    arguments = parser.parse_args()
    if arguments.students < 0 or arguments.rayon < 0 or arguments.students + arguments.rayon == 0:
        parser.error("the class needs at least one student")
    if arguments.jobs is None or arguments.jobs < 1:
        parser.error("--jobs must be at least 1")
    if arguments.loop_seconds is not None and not arguments.skip_loop:
        parser.error("--loop-seconds goes with --skip-loop")

    config = os.path.abspath(arguments.config)
    exercises = read_exercises(config)
    grade = os.path.abspath(arguments.grade) if arguments.grade else build_grade()
    if not os.access(grade, os.X_OK):
        sys.exit(f"{grade}: not an executable")

    workspace = tempfile.mkdtemp(prefix="grade-class-bench-")
    class_dir = os.path.join(workspace, "class")
    try:
        made = make_class(class_dir, arguments.students, arguments.rayon)
        figures = {"class_dir": class_dir, "class": class_mix(made), "students": made,
                   "grade_binary": grade, "config": config,
                   "exercises": {name: {"timeout_ms": timeout} for name, _, _, timeout in exercises}}
        note(f"class of {len(made)} students in {class_dir}")

        if arguments.skip_loop:
            figures["loop"] = {"skipped": True, "seconds": arguments.loop_seconds}
        else:
            note("naive loop: one command after the other")
            figures["loop"] = naive_loop(class_dir, os.path.join(workspace, "loop"), exercises)
            shutil.rmtree(os.path.join(workspace, "loop"), ignore_errors=True)

        note(f"grade {class_dir} --config {config} --format json --jobs {arguments.jobs}")
        cache = None if arguments.warm_cache else os.path.join(workspace, "cache")
        report, seconds, jobs_flag, status = run_grade(grade, class_dir, config, arguments.jobs,
                                                       cache)
        summary = report.get("summary", {})
        schedule = summary.get("schedule") if isinstance(summary.get("schedule"), dict) else None
        figures["grade"] = {"seconds": round(seconds, 3), "jobs_flag": jobs_flag,
                            "jobs_asked": arguments.jobs, "exit_status": status,
                            "report_elapsed_ms": summary.get("elapsed_ms"),
                            "grader_errors": len(report.get("errors", [])),
                            "interrupted": report.get("interrupted")}
        figures["schedule"] = schedule
        limit_s = None
        if schedule is not None and schedule.get("physical_limit_ms") is not None:
            limit_s = schedule["physical_limit_ms"] / 1000
        elif schedule is not None and None not in (schedule.get("alone_ms"), schedule.get("cpu_ms")) \
                and schedule.get("cores"):
            # Not reported: max(alone_ms, cpu_ms / cores), as the grader defines it.
            limit_s = max(schedule["alone_ms"], schedule["cpu_ms"] / schedule["cores"]) / 1000
        figures["ratios"] = {"loop_over_grade": ratio(figures["loop"]["seconds"], seconds),
                             "grade_over_limit": ratio(seconds, limit_s)}
        figures["verdicts"] = verdict_counts(report)
        figures["summary"] = {key: value for key, value in summary.items() if key != "schedule"}
        rayon_names = {student["name"] for student in made if student["kind"] == "rayon"}
        rayon_verdicts, rayon_failures = {}, []
        for (student, exercise), result in exercise_results(report).items():
            if student in rayon_names and exercise == "cube":
                verdict = result.get("verdict")
                rayon_verdicts[verdict] = rayon_verdicts.get(verdict, 0) + 1
                if verdict != "pass":
                    rayon_failures.append(f"{student}: {verdict}: {first_failure(result)}"[:200])
        figures["rayon"] = {"students": len(rayon_names),
                            "compilations": rayon_compilations(report) if rayon_names else None,
                            "verdicts": rayon_verdicts, "failures": rayon_failures}

        if arguments.compare_jobs1:
            note(f"grade {class_dir} --config {config} --format json --jobs 1")
            report_1, seconds_1, jobs_flag_1, status_1 = run_grade(grade, class_dir, config, 1, cache)
            comparison = {"seconds": round(seconds_1, 3), "exit_status": status_1,
                          "verdicts": verdict_counts(report_1),
                          "differences": compare_reports(report, report_1)}
            if jobs_flag_1 is None:
                comparison["note"] = ("grade has no --jobs: both runs used the same command, so this "
                                      "compares two runs, not two job counts")
            figures["compare_jobs1"] = comparison

        print_table(figures)
        if arguments.json:
            with open(arguments.json, "w", encoding="utf-8") as output:
                json.dump(figures, output, indent=2, ensure_ascii=False)
                output.write("\n")
            note(f"figures written to {arguments.json}")
    finally:
        if arguments.keep:
            note(f"class kept in {class_dir}")
        else:
            shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    main()
