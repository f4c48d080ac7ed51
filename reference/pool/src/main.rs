//! Square eight numbers slowly, in parallel, with a pool of four worker threads.
//!
//! Each square waits one second to stand for real work: 8 s one after the other, 2 s
//! shared between four workers that take their jobs from one channel, like a `Pool`.

use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// The course allows at most four workers at the same time.
const WORKER_COUNT: usize = 4;
/// The numbers squared are 0, 1, ..., 7, whose squares add up to 140.
const NUMBER_COUNT: u64 = 8;
/// One second of waiting stands for a slow computation or a network call.
const DELAY: Duration = Duration::from_secs(1);

/// Returns the square of `number` after a one-second delay.
fn delayed_square(number: u64) -> u64 {
    thread::sleep(DELAY);
    number * number
}

/// Squares numbers from the shared job queue until it closes; returns their sum.
fn run_worker(job_receiver: &Mutex<Receiver<u64>>) -> u64 {
    let mut partial_sum = 0;
    loop {
        // The lock is released at the end of this statement, before the slow work, so
        // the other workers can take their next job meanwhile.
        let next_job = job_receiver.lock().expect("a worker panicked").recv();
        match next_job {
            Ok(number) => partial_sum += delayed_square(number),
            // Every sender is gone and the queue is empty: no job is left.
            Err(_) => return partial_sum,
        }
    }
}

/// Sends the numbers to the workers and prints the sum of their squares.
fn main() {
    let (job_sender, job_receiver) = mpsc::channel();
    // The receiver has a single owner in std: the mutex lets the workers share it.
    let job_receiver = Arc::new(Mutex::new(job_receiver));
    let workers: Vec<_> = (0..WORKER_COUNT)
        .map(|_| {
            let job_receiver = Arc::clone(&job_receiver);
            thread::spawn(move || run_worker(&job_receiver))
        })
        .collect();
    for number in 0..NUMBER_COUNT {
        job_sender.send(number).expect("the workers stopped early");
    }
    // Closing the channel tells the workers to stop once the jobs are done.
    drop(job_sender);
    let total: u64 = workers
        .into_iter()
        .map(|worker| worker.join().expect("a worker panicked"))
        .sum();
    println!("result = {total}");
}
