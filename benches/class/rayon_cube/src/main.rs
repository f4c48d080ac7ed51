//! Sum of the cubes of the first 100 integers (0 to 99), computed on a rayon pool of 4 threads.

use rayon::prelude::*;
use rayon::ThreadPoolBuilder;

/// The exercise allows at most 4 workers at once.
const THREAD_COUNT: usize = 4;
/// The integers go from 0 to 99.
const INTEGER_COUNT: u64 = 100;

fn main() {
    let pool = ThreadPoolBuilder::new()
        .num_threads(THREAD_COUNT)
        .build()
        .expect("the rayon thread pool could not start");
    // The pool's threads share the integers and add up their cubes.
    let sum_of_cubes: u64 = pool.install(|| {
        (0..INTEGER_COUNT)
            .into_par_iter()
            .map(|integer| integer.pow(3))
            .sum()
    });
    println!("result = {sum_of_cubes}");
}
