# Written by grade: the program under test sees GRADE_CPU_VIEW CPUs whatever the machine has,
# so that Pool() without a size starts as many workers on a 2-core laptop as on a big server.
import os as _os

_cpus = int(_os.environ.get("GRADE_CPU_VIEW", "16"))


def _cpu_count():
    return _cpus


def _sched_getaffinity(pid):
    return set(range(_cpus))


_os.cpu_count = _cpu_count
if hasattr(_os, "process_cpu_count"):
    _os.process_cpu_count = _cpu_count
if hasattr(_os, "sched_getaffinity"):
    _os.sched_getaffinity = _sched_getaffinity
del _os
