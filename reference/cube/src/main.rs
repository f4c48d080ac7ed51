//! Sum the cubes of the first hundred integers with four threads working in parallel.
//!
//! The numbers are cut into four chunks, one per thread; each thread sums the cubes of
//! its chunk and the main thread adds the four partial sums. The expected result is
//! 24502500.

use std::thread;

/// The exercise allows at most four CPUs working in parallel.
const WORKER_COUNT: usize = 4;
/// "The first hundred integers" are 0, 1, ..., 99.
const NUMBER_COUNT: u64 = 100;

/// Returns the sum of the cubes of `numbers`.
fn sum_of_cubes(numbers: &[u64]) -> u64 {
    numbers.iter().map(|number| number.pow(3)).sum()
}

/// Sums the cubes chunk by chunk in scoped threads and prints the total.
fn main() {
    let numbers: Vec<u64> = (0..NUMBER_COUNT).collect();
    // Rounding up keeps every number in a chunk even when the count does not divide evenly.
    let chunk_size = numbers.len().div_ceil(WORKER_COUNT);
    // Scoped threads may borrow `numbers`: the scope joins them before it returns.
    let total: u64 = thread::scope(|scope| {
        let workers: Vec<_> = numbers
            .chunks(chunk_size)
            .map(|chunk| scope.spawn(move || sum_of_cubes(chunk)))
            .collect();
        // Spawn every worker before joining any, or they would run one after the other.
        workers
            .into_iter()
            .map(|worker| worker.join().expect("a worker panicked"))
            .sum()
    });
    println!("result = {total}");
}
