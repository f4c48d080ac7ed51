//! Compute the cubes of the first hundred integers in four threads, through a channel.
//!
//! Each producer thread cubes its share of the numbers and sends every cube into one
//! channel; the main thread receives the hundred cubes and adds them up. The expected
//! result is 24502500.

use std::sync::mpsc::{self, Sender};
use std::thread;

/// The exercise allows at most four workers in parallel.
const WORKER_COUNT: usize = 4;
/// "The first hundred integers" are 0, 1, ..., 99.
const NUMBER_COUNT: u64 = 100;

/// Sends into `cube_sender` the cube of every number worker `worker_index` is
/// responsible for: every `WORKER_COUNT`-th number starting at its index, so the
/// workers share the numbers without overlap or gap.
fn send_cubes(worker_index: usize, cube_sender: &Sender<u64>) {
    for number in (0..NUMBER_COUNT).skip(worker_index).step_by(WORKER_COUNT) {
        cube_sender
            .send(number.pow(3))
            .expect("the receiver is gone");
    }
}

/// Starts the producers, sums the cubes they send, then waits for them.
fn main() {
    let (cube_sender, cube_receiver) = mpsc::channel();
    let producers: Vec<_> = (0..WORKER_COUNT)
        .map(|worker_index| {
            // Each producer owns a sender, dropped when its thread ends.
            let cube_sender = cube_sender.clone();
            thread::spawn(move || send_cubes(worker_index, &cube_sender))
        })
        .collect();
    // The main thread keeps no sender: the channel closes when the last producer ends,
    // which is what ends the loop below.
    drop(cube_sender);
    let total: u64 = cube_receiver.iter().sum();
    for producer in producers {
        producer.join().expect("a producer panicked");
    }
    println!("result = {total}");
}
