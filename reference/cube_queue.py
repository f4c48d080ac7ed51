"""Compute the cubes of the first hundred integers in four worker processes, through a queue.

Each worker cubes its share of the numbers and puts every cube in a shared
multiprocessing Queue; the main process takes the hundred cubes out of the queue and
adds them up. The expected result is 24502500.
"""

from multiprocessing import Process, Queue

# The exercise allows at most four processes working in parallel.
WORKER_COUNT = 4
# "The first hundred integers" are 0, 1, ..., 99, as range(100) gives them.
NUMBER_COUNT = 100


def put_cubes(worker_index, cube_queue):
    """Put in ``cube_queue`` the cube of every number this worker is responsible for.

    Worker ``worker_index`` takes every WORKER_COUNT-th number starting at its index, so
    the four workers share the hundred numbers without overlap or gap.
    """
    for number in range(worker_index, NUMBER_COUNT, WORKER_COUNT):
        cube_queue.put(number**3)


def main():
    """Start the workers, sum the cubes they put in the queue, then wait for them."""
    cube_queue = Queue()
    workers = [
        Process(target=put_cubes, args=(worker_index, cube_queue))
        for worker_index in range(WORKER_COUNT)
    ]
    for worker in workers:
        worker.start()
    # Exactly one cube arrives per number: reading that many never blocks for ever.
    total = sum(cube_queue.get() for _number in range(NUMBER_COUNT))
    # Join only once the queue is drained: a worker whose items are still buffered would
    # not exit, and joining it first could wait for ever.
    for worker in workers:
        worker.join()
    print(f"result = {total}")


# The guard keeps the worker processes, which import this module, from running main themselves.
if __name__ == "__main__":
    main()
