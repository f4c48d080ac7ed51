"""What recording costs a Python run: the references timed with and without the record.

The CPU view's sitecustomize.py notes what crosses between a program's processes only when the
program finds its record at descriptor 3 (see src/checks/origin.rs). This script runs each
reference alternately without and with a record, with the interpreter that runs it
(`python3 benches/record_cost.py [RUNS]`), and prints the medians.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = ["cube.py", "cube_queue.py", "pool.py"]


def run(script, python_path, record_path):
    """Run `script` once; with a record when `record_path` is given. Return the wall time."""
    passed = ()
    if record_path:
        record = os.open(record_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_TRUNC, 0o600)
        if record != 3:
            os.dup2(record, 3)
            os.close(record)
        os.set_inheritable(3, True)
        passed = (3,)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-B", "-s", script],
        cwd=os.path.join(REPOSITORY, "reference"),
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": python_path},
        stdout=subprocess.DEVNULL,
        pass_fds=passed,
        check=True,
    )
    elapsed = time.perf_counter() - start
    if record_path:
        os.close(3)
    return elapsed


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    source = os.path.join(REPOSITORY, "src/monitor/cpu_view/sitecustomize.py")
    with open(source, encoding="utf-8") as text:
        sitecustomize = text.read()
    # Descriptor 3 is the record's: nothing of this script may stay open on it.
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "sitecustomize.py"), "w", encoding="utf-8") as copy:
            copy.write(sitecustomize)
        record_path = os.path.join(folder, "record.jsonl")
        print(f"{sys.executable}, {runs} runs each, medians")
        for script in SCRIPTS:
            plain, recorded = [], []
            for _ in range(runs):
                plain.append(run(script, folder, None))
                recorded.append(run(script, folder, record_path))
            without = statistics.median(plain) * 1000
            with_record = statistics.median(recorded) * 1000
            print(
                f"{script:14} without {without:8.1f} ms   with the record {with_record:8.1f} ms"
                f"   ({(with_record - without) / without:+.1%})"
            )


if __name__ == "__main__":
    main()
