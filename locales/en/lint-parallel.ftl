# Findings of the parallel rules, in English: a rule's name is its id, with its one-line summary as
# value; the texts of its findings are the id's attributes. Twin of ../fr/lint-parallel.ftl.

## P001

no-main-guard = processes created at module level, outside `if __name__ == "__main__":`
    .message = `{ $name }(...)` creates processes at module level, outside `if __name__ == "__main__":`
    .message-indirect = `{ $name }()` is called at module level, outside `if __name__ == "__main__":`, and it creates processes (`{ $made }` line { $line })
    .help = put it under `if __name__ == "__main__":`: with the spawn start method (Windows, macOS, Linux from Python 3.14) every worker imports this file and would run it again

## P002

pool-without-size = `Pool()` or `ProcessPoolExecutor()` without a number of processes
    .message-missing = `{ $name }()` is given no number of processes: it starts one process per CPU of the machine
    .message-default = `{ $name }({ $keyword }={ $value })` is the same as no number of processes: it starts one process per CPU of the machine
    .help = give the size the exercise allows, such as `{ $name }({ $keyword }=4)`

## P003

pool-not-closed = pool kept in a variable, outside `with`, and never closed
    .message = the pool `{ $variable }` is never closed and joined: its worker processes are left running
    .help = write `with { $name }(...) as { $variable }:`, or call { $executor ->
        [yes] `{ $variable }.shutdown()`
       *[no] `{ $variable }.close()` then `{ $variable }.join()`
    } once the work is submitted

## P004

process-not-joined = `Process` started with `start()` and never waited for with `join()`
    .message = this `{ $name }(...)` is started but never joined
    .help = call `join()` on it (or in a loop over its list) once its results are read, so that the program waits for it to finish
    .message-unnamed = this `{ $name }(...)` is started without being kept in a variable: it can never be joined
    .help-unnamed = keep it (`worker = Process(...)`, or in a list), start it, then call `join()` on it once its results are read

## P005

get-after-join = processes joined before the queue they put on is read: a deadlock
    .message = the processes are joined before `{ $queue }` is read (`{ $queue }.get()` line { $line }): a process does not end until what it put on the queue is read, so once the queue's pipe is full (about 64 KiB) both sides wait forever
    .help = read the results first (one `{ $queue }.get()` per value put), then join the processes

## P006

result-on-process = attribute set in `run()` of a `Process` subclass, read in the parent process
    .message = `{ $read }` is read in the parent, but `run()` sets `self.{ $name }` in the child process (line { $line }): the parent never sees that value
    .help = send the result back through a `multiprocessing.Queue` or a `Pipe`, or use a `Pool` whose `map` returns the results

## P007

threads-not-processes = threads (`ThreadPool`, `ThreadPoolExecutor`, `threading.Thread`) instead of processes
    .message = `{ $name }(...)` runs threads, not processes: with CPython's global interpreter lock, only one of them computes at a time
    .help = use processes as the exercise asks: `multiprocessing.Pool`, `multiprocessing.Process` or `concurrent.futures.ProcessPoolExecutor`

## P008

thread-not-joined = `thread::spawn` whose `JoinHandle` is dropped or never joined
    .message = the handle `{ $name }` of this thread is never joined: nothing waits for the thread, and it is killed if `main` returns first
    .message-dropped = the `JoinHandle` of this thread is dropped: nothing waits for the thread, and it is killed if `main` returns first
    .message-list = the handles in `{ $list }` are never joined: nothing waits for these threads, and they are killed if `main` returns first
    .help = keep the handle and call `join()` on it once the other threads are spawned, or use `thread::scope`, which joins its threads

## P009

thread-per-item = one thread spawned per item, in a loop over a range of more than 16 numbers
    .message = one thread per item: this spawn runs once for each of { $count } numbers, for at most 4 CPUs
    .help = cut the numbers into as many chunks as workers (`chunks`, `step_by`) and spawn one thread per chunk

## S001

syntax-error = file that cannot be parsed: a syntax error
    .message = cannot parse this file: syntax error here
    .message-missing = cannot parse this file: { $token } expected here
    .help = fix this first (`{ $tool }` tells what is wrong): the other rules only see what parses
