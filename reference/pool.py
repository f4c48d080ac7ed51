"""Square eight numbers slowly, in parallel, with a pool of four worker processes.

Each call to ``delayed_square`` sleeps one second to stand for real work. Done one
after the other the eight calls take 8 s; spread over four workers they take 2 s.
"""

from multiprocessing import Pool
from time import sleep

# The course allows at most four processes working at the same time.
WORKER_COUNT = 4
# The numbers squared are 0, 1, ..., 7, whose squares add up to 140.
NUMBER_COUNT = 8
# One second of waiting stands for a slow computation or a network call.
DELAY_SECONDS = 1


def delayed_square(number):
    """Return the square of ``number`` after a one-second delay."""
    sleep(DELAY_SECONDS)
    return number * number


def main():
    """Square the numbers with the pool and print the sum of the squares."""
    # An explicit size: Pool() alone starts one worker per CPU, more than four on most machines.
    with Pool(processes=WORKER_COUNT) as process_pool:
        # map keeps the results in the order of the numbers, each worker taking the next number.
        squares = process_pool.map(delayed_square, range(NUMBER_COUNT))
        # Leaving the block would terminate the workers: close and join to let them exit cleanly.
        process_pool.close()
        process_pool.join()
    print(f"result = {sum(squares)}")


# The guard keeps the worker processes, which import this module, from running main themselves.
if __name__ == "__main__":
    main()
