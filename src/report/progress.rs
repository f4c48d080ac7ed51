//! Progress while a class is graded: a bar on a terminal (entries judged, what runs now, the
//! time left), plain lines where a log reads stderr, one per entry as it is judged.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::events::{Event, Reporter};

/// Shows how far the grading is.
pub struct Progress {
    shown: Shown,
    judged: usize,
    total: usize,
}

enum Shown {
    /// A bar on stderr's terminal, hidden when stderr is not one.
    Bar(ProgressBar),
    /// One line on stderr per entry judged.
    Lines,
}

impl Progress {
    /// A bar, drawn only when stderr is a terminal: the report for people goes to stdout.
    pub fn bar() -> Progress {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr_with_hz(8)
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(0), target);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {pos}/{len} entries [{bar:30}] {elapsed} (about {eta} left) {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(250));
        Progress {
            shown: Shown::Bar(bar),
            judged: 0,
            total: 0,
        }
    }

    /// Plain lines on stderr: stdout carries JSON.
    pub fn lines() -> Progress {
        Progress {
            shown: Shown::Lines,
            judged: 0,
            total: 0,
        }
    }

    /// The bar, for a reporter that writes on the same terminal and must not draw over it.
    pub fn handle(&self) -> Option<ProgressBar> {
        match &self.shown {
            Shown::Bar(bar) => Some(bar.clone()),
            Shown::Lines => None,
        }
    }
}

impl Reporter for Progress {
    fn event(&mut self, event: &Event) {
        match (&self.shown, event) {
            (Shown::Bar(bar), Event::Progress(progress)) => {
                bar.set_length(progress.total as u64);
                bar.set_position(progress.judged as u64);
                let running = match progress.running.as_slice() {
                    [] => String::new(),
                    [one] => format!("running {one}"),
                    [first, rest @ ..] => format!("running {first} and {} more", rest.len()),
                };
                bar.set_message(crate::text::printable(&running));
            }
            (Shown::Bar(bar), Event::Finished(_)) => bar.finish_and_clear(),
            (Shown::Lines, Event::Progress(progress)) => {
                self.total = progress.total;
            }
            (Shown::Lines, Event::Judged { student, report }) if !report.kept => {
                self.judged += 1;
                let _ = writeln!(
                    std::io::stderr(),
                    "[{}/{}] {} {}: {}",
                    self.judged,
                    self.total.max(self.judged),
                    crate::text::printable(student),
                    report.exercise,
                    report.verdict.name()
                );
            }
            _ => {}
        }
    }
}
