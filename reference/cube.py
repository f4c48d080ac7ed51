"""Sum the cubes of the first hundred integers with a pool of four worker processes.

The hundred cubes are independent of each other: the pool computes them in parallel
and the main process adds them up. The expected result is 24502500.
"""

from multiprocessing import Pool

# The exercise allows at most four CPUs working in parallel.
WORKER_COUNT = 4
# "The first hundred integers" are 0, 1, ..., 99, as range(100) gives them.
NUMBER_COUNT = 100


def cube(number):
    """Return ``number`` raised to the power of three."""
    return number**3


def main():
    """Compute the cubes with the pool and print their sum."""
    # An explicit size: Pool() alone starts one worker per CPU, possibly more than four.
    with Pool(processes=WORKER_COUNT) as process_pool:
        # map splits the numbers into batches, so a worker receives many numbers at once
        # instead of paying one message per number.
        cubes = process_pool.map(cube, range(NUMBER_COUNT))
        # Leaving the block would terminate the workers: close and join to let them exit cleanly.
        process_pool.close()
        process_pool.join()
    print(f"result = {sum(cubes)}")


# The guard keeps the worker processes, which import this module, from running main themselves.
if __name__ == "__main__":
    main()
