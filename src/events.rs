//! Events the grading core emits as it goes; reporters turn them into output.

use std::path::Path;

use crate::config::Config;
use crate::report::{Baseline, ExerciseReport, Report, Submission};

/// Something that happened during a grading session.
pub enum Event<'a> {
    /// Discovery is done; grading starts.
    Started {
        config: &'a Config,
        root: &'a Path,
        students: &'a [String],
        protections: &'a [crate::report::Protection],
    },
    /// The course is a bundle (a self-check): reference times are the instructor's, scaled to
    /// this machine by how much slower (above 1) it is at each language's calibration.
    Bundle {
        file: &'a Path,
        scales: &'a [(crate::report::Language, f64)],
    },
    /// A reference was timed, or failed.
    Reference(Result<&'a Baseline, &'a str>),
    /// A problem the grader met that is not a student's (a folder it cannot read, say).
    Problem(&'a str),
    /// Something the grader met and worked around.
    Warning(&'a str),
    /// One exercise of one student is judged, as it happens (entries run in any order).
    Judged {
        student: &'a str,
        report: &'a ExerciseReport,
    },
    /// One exercise of one student is graded, in the class's order.
    Exercise {
        student: &'a str,
        report: &'a ExerciseReport,
    },
    /// The report so far, after each exercise: what a crash must not lose.
    Checkpoint(&'a Report),
    /// All exercises of a student are graded.
    Student(&'a Submission),
    /// What runs now, and how many entries are judged: after each unit starts or ends.
    Progress(&'a crate::schedule::Progress),
    /// The session is over.
    Finished(&'a Report),
}

/// Receives the events of a session.
pub trait Reporter {
    fn event(&mut self, event: &Event);
}

/// Sends every event to several reporters.
pub struct Fanout<'a>(pub Vec<&'a mut dyn Reporter>);

impl Reporter for Fanout<'_> {
    fn event(&mut self, event: &Event) {
        for reporter in &mut self.0 {
            reporter.event(event);
        }
    }
}
