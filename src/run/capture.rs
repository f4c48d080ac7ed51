//! Capturing a run's output: both pipes read by one thread, with a cap on what is kept.
//!
//! Reading stops at end-of-file, or shortly after the run ended even if some descendant still
//! holds a pipe open: the grader never waits on a process it has given up on. Past the cap, the
//! run is stopped at once rather than drained forever, so the grader's memory stays bounded
//! whatever the program prints.

use std::io::Read;
use std::os::fd::{AsFd, AsRawFd};
use std::process::{ChildStderr, ChildStdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::fcntl::{fcntl, FcntlArg, OFlag};
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};

/// How long reading goes on after the run ended, for output still in the pipes.
const DRAIN_GRACE: Duration = Duration::from_millis(200);
/// How often the reader wakes up to see whether the run ended.
const WAKE_UP: u16 = 20;

/// What was read from one stream.
#[derive(Debug, Default, Clone)]
pub struct Stream {
    /// The bytes kept: at most the cap.
    pub bytes: Vec<u8>,
    /// Every byte the program wrote, kept or not.
    pub total: u64,
}

/// A running capture of a child's standard output and error.
pub struct Capture {
    ended: Arc<AtomicBool>,
    overflowed: Arc<AtomicBool>,
    thread: JoinHandle<(Stream, Stream)>,
}

impl Capture {
    /// Starts reading. `on_overflow` is called once, from the reading thread, when a stream
    /// passes `limit` bytes: it should stop the run.
    pub fn start(
        stdout: ChildStdout,
        stderr: ChildStderr,
        limit: u64,
        on_overflow: Box<dyn FnOnce() + Send>,
    ) -> std::io::Result<Capture> {
        for fd in [stdout.as_raw_fd(), stderr.as_raw_fd()] {
            let flags = OFlag::from_bits_truncate(fcntl(fd, FcntlArg::F_GETFL)?);
            fcntl(fd, FcntlArg::F_SETFL(flags | OFlag::O_NONBLOCK))?;
        }
        let ended = Arc::new(AtomicBool::new(false));
        let overflowed = Arc::new(AtomicBool::new(false));
        let thread = {
            let ended = Arc::clone(&ended);
            let overflowed = Arc::clone(&overflowed);
            std::thread::Builder::new()
                .name("capture".into())
                .spawn(move || read_both(stdout, stderr, limit, &ended, &overflowed, on_overflow))?
        };
        Ok(Capture {
            ended,
            overflowed,
            thread,
        })
    }

    /// Whether a stream passed the cap.
    pub fn overflowed(&self) -> bool {
        self.overflowed.load(Ordering::SeqCst)
    }

    /// Tells the reader the run is over, and collects what it read.
    pub fn finish(self) -> (Stream, Stream, bool) {
        self.ended.store(true, Ordering::SeqCst);
        let overflowed = Arc::clone(&self.overflowed);
        let (stdout, stderr) = self.thread.join().unwrap_or_default();
        (stdout, stderr, overflowed.load(Ordering::SeqCst))
    }
}

fn read_both(
    mut stdout: ChildStdout,
    mut stderr: ChildStderr,
    limit: u64,
    ended: &AtomicBool,
    overflowed: &AtomicBool,
    on_overflow: Box<dyn FnOnce() + Send>,
) -> (Stream, Stream) {
    let mut streams = [Stream::default(), Stream::default()];
    let mut open = [true, true];
    let mut on_overflow = Some(on_overflow);
    let mut drain_deadline: Option<Instant> = None;
    let mut buffer = vec![0u8; 64 * 1024];
    while open.iter().any(|&is_open| is_open) {
        if ended.load(Ordering::SeqCst) {
            let deadline = *drain_deadline.get_or_insert_with(|| Instant::now() + DRAIN_GRACE);
            if Instant::now() >= deadline {
                break;
            }
        }
        let ready = {
            let mut fds = Vec::with_capacity(2);
            if open[0] {
                fds.push((0, PollFd::new(stdout.as_fd(), PollFlags::POLLIN)));
            }
            if open[1] {
                fds.push((1, PollFd::new(stderr.as_fd(), PollFlags::POLLIN)));
            }
            let mut poll_fds: Vec<PollFd> = fds.iter().map(|(_, fd)| *fd).collect();
            match poll(&mut poll_fds, PollTimeout::from(WAKE_UP)) {
                Ok(0) => continue,
                Ok(_) => fds
                    .iter()
                    .zip(&poll_fds)
                    .filter(|(_, fd)| fd.revents().is_some_and(|events| !events.is_empty()))
                    .map(|((index, _), _)| *index)
                    .collect::<Vec<usize>>(),
                Err(nix::errno::Errno::EINTR) => continue,
                Err(_) => break,
            }
        };
        for index in ready {
            let result = if index == 0 {
                stdout.read(&mut buffer)
            } else {
                stderr.read(&mut buffer)
            };
            match result {
                Ok(0) => open[index] = false,
                Ok(count) => {
                    let stream = &mut streams[index];
                    stream.total += count as u64;
                    let room = limit.saturating_sub(stream.bytes.len() as u64);
                    let keep = count.min(usize::try_from(room).unwrap_or(usize::MAX));
                    stream.bytes.extend_from_slice(&buffer[..keep]);
                    if stream.total > limit && !overflowed.swap(true, Ordering::SeqCst) {
                        if let Some(stop) = on_overflow.take() {
                            stop();
                        }
                    }
                }
                Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => open[index] = false,
            }
        }
    }
    let [out, err] = streams;
    (out, err)
}
