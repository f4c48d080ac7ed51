# The result check's verdicts on how a right value was had, in English: printed whatever the
# CPUs shown, computed rather than written in the source or worked out by the compiler or the
# build script, passed through the queue or channel the exercise asks for, and (Python) added up
# from what the workers sent the main process. Twin of ../fr/result.ftl; see
# src/checks/result.rs and src/checks/origin.rs.

## Where in the student's code

result-place = { $file }, { $count ->
    [one] line
   *[other] lines
} { $lines }

## A right value had without the work

result-cpus-differ = with { $cpus ->
    [one] { $cpus } CPU
   *[other] { $cpus } CPUs
} shown, the program { $seen ->
    [printed] printed { $printed }
    [nothing] printed no result
   *[failed] { $failure }
}; with { $graded ->
    [one] { $graded } CPU
   *[other] { $graded } CPUs
} shown, { $value }: the result must not depend on how many CPUs the program sees (the machine that grades has a number of its own)
result-cpus-differ-try = split the work by the data (`range(100)` in slices of a fixed size), not by the number of CPUs
result-constant = { $value } is written in the source ({ $place }: `{ $text }`): the program must compute the result, not print it
result-pieces = { $value } is written in the source in pieces ({ $place }: { $sum }): the program must compute the result, not add up numbers written in it
result-compile-time = the compiler computes the result ({ $place }: `{ $text }` calls a `const fn` of the crate): the work must happen when the program runs, in its threads
result-build-time = the build script computes the result ({ $place }: `{ $text }` includes what build.rs generated): the work must happen when the program runs, in its threads
result-no-queue = the exercise asks for a multiprocessing queue: { $seen }; the workers put their values on a multiprocessing Queue, the main process gets them from it
result-no-channel = the exercise asks for a channel: the crate creates no std::sync::mpsc, crossbeam or flume channel that it sends on; the threads send their values on a channel, the main thread receives them

## Where a Python result came from: the record of what crossed between the processes

# What went through the queues, when the workers did not put and the main process get:
# $puts items put by workers, $gets got by the main process; $through, what the main process
# received its values from instead (pool, executor, pipe or none).
origin-queue-seen = { $puts ->
    [0] { $gets ->
        [0] no worker put anything on a queue
       *[other] the main process got { $gets } { $gets ->
            [one] item
           *[other] items
        } from a queue, but no worker put any
    }
   *[other] the workers put { $puts } { $puts ->
        [one] item
       *[other] items
    } on a queue, but the main process got none
}{ $through ->
    [pool] ; the values came back through a pool
    [executor] ; the values came back through an executor
    [pipe] ; the values came back through a pipe
   *[none] {""}
}
# $channel: pool, executor, queue or pipe.
origin-from-workers = the sum of the { $count } { $count ->
    [one] value
   *[other] values
} that { $workers } { $workers ->
    [one] worker
   *[other] workers
} { $channel ->
    [pool] returned through the pool
    [executor] returned through the executor
    [queue] put on the queue
   *[pipe] sent through a pipe
}
origin-not-traced = not traced to the workers: the program exchanged more messages than the record keeps
origin-sent-other = { $value } did not come from the workers: the values the main process received add up to it, but what the workers sent adds up to { $sent }
origin-received-other = { $value } did not come from the workers: the main process received { $count } { $count ->
    [one] value
   *[other] values
} { $channel ->
    [pool] from the pool
    [executor] from the executor
    [queue] from a queue
   *[pipe] through pipes
}, which add up to { $sum }, not { $value }
origin-nothing-crossed = { $value } did not come from the workers: no value crossed between the program's processes through multiprocessing (a Pool, a Queue, a Pipe or a ProcessPoolExecutor)
origin-no-number = { $value } did not come from the workers: the workers sent the main process no number
origin-try = have the workers compute the values and send them to the main process (the results of `pool.map`, or a `Queue`), which adds them up
