# Findings of the parallel rules, in English: a rule's name is its id, with its one-line summary as
# value; the texts of its findings are the id's attributes. Twin of ../fr/lint-parallel.ftl.

## P001

no-main-guard = processes created at module level, outside `if __name__ == "__main__":`

## P002

pool-without-size = `Pool()` or `ProcessPoolExecutor()` without a number of processes

## P003

pool-not-closed = pool kept in a variable, outside `with`, and never closed

## P004

process-not-joined = `Process` started with `start()` and never waited for with `join()`

## P005

get-after-join = processes joined before the queue they put on is read: a deadlock

## P006

result-on-process = attribute set in `run()` of a `Process` subclass, read in the parent process

## P007

threads-not-processes = threads (`ThreadPool`, `ThreadPoolExecutor`, `threading.Thread`) instead of processes

## P008

thread-not-joined = `thread::spawn` whose `JoinHandle` is dropped or never joined

## P009

thread-per-item = one thread spawned per item, in a loop over a range of more than 16 numbers

## S001

syntax-error = file that cannot be parsed: a syntax error
