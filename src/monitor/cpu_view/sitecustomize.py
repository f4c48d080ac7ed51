# Written by grade for the program under test.
# 1. It sees GRADE_CPU_VIEW CPUs whatever the machine has, so that Pool() without a size starts
#    as many workers on a 2-core laptop as on a big server.
# 2. The server process of multiprocessing.Manager() names itself "mp-manager" (as ps and
#    /proc/<pid>/comm show), so that it is not counted as a worker: nothing else tells it
#    apart from a worker forked by the same program.
# 3. At a timeout, grade sends SIGUSR1 to the program's Python processes before stopping them:
#    each writes where its main thread is to standard error, so the report can say where the
#    program was stuck.
import os as _os
import sys as _sys

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


def _name_manager_server(managers):
    run_server = managers.BaseManager._run_server.__func__

    def _run_server(cls, *args, **kwargs):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(15, b"mp-manager", 0, 0, 0)  # PR_SET_NAME
        except Exception:
            pass
        return run_server(cls, *args, **kwargs)

    managers.BaseManager._run_server = classmethod(_run_server)


class _ManagersHook:
    """Patches multiprocessing.managers when the program imports it, not before."""

    def find_spec(self, name, path=None, target=None):
        if name != "multiprocessing.managers":
            return None
        _sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def _exec_module(module):
            exec_module(module)
            try:
                _name_manager_server(module)
            except Exception:
                pass

        spec.loader.exec_module = _exec_module
        return spec


_sys.meta_path.insert(0, _ManagersHook())
del _os

try:
    import faulthandler as _faulthandler
    import signal as _signal

    _faulthandler.register(_signal.SIGUSR1, all_threads=False)
    del _faulthandler, _signal
except (ImportError, AttributeError, ValueError, RuntimeError):
    pass
