# Loaded by the interpreter at start-up, in every process of the program.
# 1. The program sees _CPUS CPUs whatever the machine has, so that Pool() without a size starts
#    as many workers on a 2-core laptop as on a big server.
# 2. The server process of multiprocessing.Manager() names itself "mp-manager" (as ps and
#    /proc/<pid>/comm show): nothing else tells it apart from a worker forked by the same
#    program.
# 3. On SIGUSR1 each process writes where its main thread is to standard error, so that a
#    report can say where a program that ran out of time was stuck.
# 4. What crosses between the program's processes is recorded: every object multiprocessing
#    pickles for another process or unpickles from one (Queue, SimpleQueue, Pipe, Pool,
#    ProcessPoolExecutor, Manager proxies) is summed up, its numbers added by their place in the
#    object, as one JSON line on the record descriptor. Nothing else of the program changes.
import os as _os
import sys as _sys

_CPUS = 16  # replaced when the file is written

# The record: a file opened for appending, at descriptor 3 in the first process, moved to
# _FD; forked processes inherit it and spawned ones get it passed (see _patch_util).
# Below the descriptor limit, which every process of the program inherits.
try:
    _FD = min(1000, _os.sysconf("SC_OPEN_MAX") - 1)
except (ValueError, OSError):
    _FD = 1000
_MAX_LINES = 50000
_MAX_NUMBERS = 10000


def _cpu_count():
    return _CPUS


def _sched_getaffinity(pid):
    return set(range(_CPUS))


_os.cpu_count = _cpu_count
if hasattr(_os, "process_cpu_count"):
    _os.process_cpu_count = _cpu_count
if hasattr(_os, "sched_getaffinity"):
    _os.sched_getaffinity = _sched_getaffinity


def _open_record():
    """Whether this process has the record, and whether it is the program's first process."""
    try:
        _os.fstat(_FD)
        return True, False
    except OSError:
        pass
    try:
        import fcntl
        import stat

        flags = fcntl.fcntl(3, fcntl.F_GETFL)
        if (
            stat.S_ISREG(_os.fstat(3).st_mode)
            and flags & _os.O_APPEND
            and flags & _os.O_ACCMODE == _os.O_WRONLY
        ):
            _os.dup2(3, _FD, inheritable=False)
            _os.close(3)
            return True, True
    except (OSError, ImportError):
        pass
    return False, False


_recording, _main = _open_record()
_server = False
_lines = 0
_local = None  # per-thread state of Manager proxies, made on first use


def _forked():
    global _main, _server, _lines
    _main = _server = False
    _lines = 0


if _recording:
    _os.register_at_fork(after_in_child=_forked)


def _key(key):
    """A dict key as a place: short names and numbers as they are, anything else "*"."""
    text = str(key) if type(key) in (str, int) else ""
    if 0 < len(text) <= 20 and text.replace("_", "").isalnum() and text.isascii():
        return text
    return "*"


def _numbers(value, path, sums, budget):
    """Adds the numbers in `value` to `sums`, by path: a tuple's items each have a place of
    their own ("0", "1"...), a list's or set's items share one ("*") and, in a list of up to 4,
    also have their own; a dict's items are placed by key. `budget[0]` counts down the numbers
    still to look at; below 0, the message was cut."""
    kind = type(value)
    if kind is int or kind is float:
        count, total = sums.get(path, (0, 0))
        sums[path] = (count + 1, total + value)
        budget[0] -= 1
        return
    if budget[0] <= 0 or len(path) > 40:
        if kind in (tuple, list, set, frozenset, dict) and value:
            budget[0] = -1
        return
    if kind is tuple:
        for index, item in enumerate(value):
            _numbers(item, path + "." + str(index), sums, budget)
    elif kind is list or kind is set or kind is frozenset:
        short = kind is list and len(value) <= 4
        for index, item in enumerate(value):
            _numbers(item, path + ".*", sums, budget)
            if short:
                _numbers(item, path + "." + str(index), sums, budget)
            if budget[0] <= 0:
                if index + 1 < len(value):
                    budget[0] = -1
                return
    elif kind is dict:
        for index, (key, item) in enumerate(value.items()):
            _numbers(item, path + "." + _key(key), sums, budget)
            if budget[0] <= 0:
                if index + 1 < len(value):
                    budget[0] = -1
                return
    elif type(value).__module__ == "numpy" and hasattr(value, "item"):
        try:
            _numbers(value.item(), path, sums, budget)
        except Exception:
            pass


def _channel(obj):
    """What carries `obj`: the first multiprocessing module up the stack that uses a queue or a
    connection, or the queue or connection itself when the program's code called it."""
    name = type(obj).__name__
    if name in ("_CallItem", "_ResultItem") and "futures" in type(obj).__module__:
        return "executor"
    frame = _sys._getframe(3)
    found = None
    depth = 0
    while frame is not None and depth < 16:
        path = frame.f_code.co_filename.replace("\\", "/")
        if path.endswith("multiprocessing/pool.py"):
            return "pool"
        if path.endswith("concurrent/futures/process.py"):
            return "executor"
        if path.endswith("multiprocessing/managers.py"):
            return "manager"
        if path.endswith("multiprocessing/queues.py"):
            found = found or "queue"
        elif path.endswith("multiprocessing/connection.py"):
            found = found or "pipe"
        elif found and not path.endswith("multiprocessing/reduction.py"):
            return found
        frame = frame.f_back
        depth += 1
    return found


def _payload(kind, sent, obj):
    """The role of a message, the value it carries, and the group it belongs to (a pool's job:
    one map's results, apart from another map's); None for the machinery's own."""
    global _local
    if kind == "pool":
        if type(obj) is tuple and len(obj) == 3 and type(obj[2]) is tuple and len(obj[2]) == 2:
            success, value = obj[2]
            group = "j%d" % obj[0] if type(obj[0]) is int else None
            return ("result", value, group) if success is True else None
        return None
    if kind == "executor":
        name = type(obj).__name__
        if name == "_ResultItem" and getattr(obj, "exception", None) is None:
            return "result", getattr(obj, "result", None), None
        return None
    if kind == "manager":
        if _local is None:
            import threading

            _local = threading.local()
        if sent and type(obj) is tuple and len(obj) == 4 and type(obj[1]) is str:
            _local.method = obj[1]
            if obj[1] in ("put", "put_nowait") and obj[2]:
                return "put", obj[2][0], None
            return None
        if not sent and type(obj) is tuple and len(obj) == 2 and obj[0] == "#RETURN":
            method, _local.method = getattr(_local, "method", None), None
            if method in ("get", "get_nowait"):
                return "get", obj[1], None
        return None
    if kind == "queue":
        return ("put" if sent else "get"), obj, None
    if kind == "pipe":
        return ("send" if sent else "recv"), obj, None
    return None


def _note(sent, obj):
    global _lines
    if not _recording or _lines >= _MAX_LINES:
        return
    try:
        kind = _channel(obj)
        found = _payload(kind, sent, obj) if kind else None
        if found is None:
            return
        role, value, group = found
        sums = {}
        budget = [_MAX_NUMBERS]
        _numbers(value, "", sums, budget)
        if group:
            _numbers(value, group, sums, [_MAX_NUMBERS])
        _lines += 1
        # JSON written by hand: importing json would cost every process milliseconds. Places
        # are made of digits, dots and stars; sums of repr'd ints and floats: nothing to escape.
        values = ",".join(
            '["%s",%d,"%r"]' % (path, count, total) for path, (count, total) in sums.items()
        )
        line = '{"p":%d,"m":%s,"s":%s,"k":"%s","r":"%s","v":[%s]%s}\n' % (
            _os.getpid(),
            "true" if _main else "false",
            "true" if _server else "false",
            "queue" if kind == "manager" else kind,
            role,
            values,
            ',"full":true' if _lines == _MAX_LINES or budget[0] < 0 else "",
        )
        _os.write(_FD, line.encode())
    except Exception:
        pass


def _patch_reduction(module):
    pickler = module.ForkingPickler
    dumps = pickler.dumps.__func__
    loads = pickler.loads

    def _dumps(cls, obj, protocol=None):
        data = dumps(cls, obj, protocol)
        _note(True, obj)
        return data

    def _loads(*args, **kwargs):
        obj = loads(*args, **kwargs)
        _note(False, obj)
        return obj

    pickler.dumps = classmethod(_dumps)
    pickler.loads = staticmethod(_loads)


def _patch_util(module):
    spawnv_passfds = module.spawnv_passfds

    def _spawnv_passfds(path, args, passfds):
        try:
            _os.fstat(_FD)
            passfds = tuple(passfds) + (_FD,)
        except OSError:
            pass
        return spawnv_passfds(path, args, passfds)

    module.spawnv_passfds = _spawnv_passfds


def _patch_managers(module):
    run_server = module.BaseManager._run_server.__func__

    def _run_server(cls, *args, **kwargs):
        global _server
        _server = True
        try:
            import ctypes

            ctypes.CDLL(None).prctl(15, b"mp-manager", 0, 0, 0)  # PR_SET_NAME
        except Exception:
            pass
        return run_server(cls, *args, **kwargs)

    module.BaseManager._run_server = classmethod(_run_server)


class _Patches:
    """Patches multiprocessing's modules when the program imports them, not before."""

    patches = {
        "multiprocessing.managers": _patch_managers,
    }
    if _recording:
        patches["multiprocessing.reduction"] = _patch_reduction
        patches["multiprocessing.util"] = _patch_util

    def find_spec(self, name, path=None, target=None):
        patch = self.patches.pop(name, None)
        if patch is None:
            return None
        if not self.patches:
            _sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def _exec_module(module):
            exec_module(module)
            try:
                patch(module)
            except Exception:
                pass

        spec.loader.exec_module = _exec_module
        return spec


_sys.meta_path.insert(0, _Patches())

try:
    import faulthandler as _faulthandler
    import signal as _signal

    _faulthandler.register(_signal.SIGUSR1, all_threads=False)
    del _faulthandler, _signal
except (ImportError, AttributeError, ValueError, RuntimeError):
    pass
