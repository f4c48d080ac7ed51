//! The report a teacher reads at a glance: one line per student and exercise as it is graded,
//! the failing checks' messages under it, then a summary.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use crate::checks::seconds;
use crate::events::{Event, Reporter};
use crate::report::{CheckKind, ExerciseReport, ExerciseVerdict, Report, Submission, Verdict};
use crate::text::indent;

const PASS: Style = AnsiColor::Green.on_default().bold();
const FAIL: Style = AnsiColor::Red.on_default().bold();
const MISS: Style = AnsiColor::Yellow.on_default().bold();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

/// Writes the human report to a stream (stdout, with colour when it is a terminal).
pub struct Terminal<W: Write> {
    out: W,
    name_width: usize,
    exercise_width: usize,
}

impl<W: Write> Terminal<W> {
    pub fn new(out: W) -> Terminal<W> {
        Terminal {
            out,
            name_width: 10,
            exercise_width: 10,
        }
    }

    fn exercise_line(&mut self, student: &str, report: &ExerciseReport) -> std::io::Result<()> {
        let (label, style) = match report.verdict {
            ExerciseVerdict::Pass => ("PASS", PASS),
            ExerciseVerdict::Fail => ("FAIL", FAIL),
            ExerciseVerdict::Missing => ("MISS", MISS),
            ExerciseVerdict::Error => ("ERR ", FAIL),
        };
        let language = report.language.map_or("-", |language| language.name());
        let elapsed = report
            .checks
            .iter()
            .find(|check| check.check == CheckKind::Run && check.verdict == Verdict::Pass)
            .and_then(|check| match &check.details {
                crate::report::Details::Run(run) => {
                    Some(seconds(std::time::Duration::from_millis(run.elapsed_ms)))
                }
                // Read back from an earlier report (`--resume`).
                crate::report::Details::Raw(fields) => fields
                    .get("elapsed_ms")
                    .and_then(serde_json::Value::as_u64)
                    .map(|ms| {
                        format!(
                            "{} (earlier result)",
                            seconds(std::time::Duration::from_millis(ms))
                        )
                    }),
                _ => None,
            })
            .unwrap_or_default();
        let workers = workers_summary(report);
        writeln!(
            self.out,
            "{style}{label:>5}{style:#} {student}{pad} {exercise:<ew$} {language:<6} {score:>5.2}/{max:<5} {DIM}{elapsed:<8}{DIM:#} {workers}",
            pad = " ".repeat(self.name_width.saturating_sub(student.chars().count())),
            exercise = report.exercise,
            ew = self.exercise_width,
            score = report.score,
            max = trim_number(report.max_score),
        )?;
        if let Some(message) = &report.message {
            writeln!(self.out, "{}", indent(message, "        "))?;
        }
        for check in report
            .checks
            .iter()
            .filter(|check| check.verdict == Verdict::Fail)
        {
            let mut lines = check.message.lines();
            let first = lines.next().unwrap_or_default();
            writeln!(
                self.out,
                "        {FAIL}✗{FAIL:#} {BOLD}{}{BOLD:#}: {first}",
                check.check.name()
            )?;
            for line in lines {
                writeln!(self.out, "          {line}")?;
            }
        }
        Ok(())
    }

    fn summary(&mut self, report: &Report) -> std::io::Result<()> {
        writeln!(self.out)?;
        for submission in &report.submissions {
            self.student_total(submission)?;
        }
        let summary = &report.summary;
        writeln!(
            self.out,
            "\n{BOLD}{}{BOLD:#} students, {} exercises: {PASS}{} passed{PASS:#}, {FAIL}{} failed{FAIL:#}, {MISS}{} missing{MISS:#} in {}",
            summary.students,
            summary.exercises,
            summary.passed,
            summary.failed,
            summary.missing,
            seconds(std::time::Duration::from_millis(summary.elapsed_ms)),
        )?;
        if !report.errors.is_empty() {
            writeln!(
                self.out,
                "{FAIL}the grader met {} problem(s):{FAIL:#}",
                report.errors.len()
            )?;
            for error in &report.errors {
                writeln!(self.out, "  - {}", indent(error, "    ").trim_start())?;
            }
        }
        Ok(())
    }

    fn student_total(&mut self, submission: &Submission) -> std::io::Result<()> {
        let counts = |verdict| {
            submission
                .exercises
                .iter()
                .filter(|exercise| exercise.verdict == verdict)
                .count()
        };
        writeln!(
            self.out,
            "  {}{pad}  {BOLD}{:>5.2}{BOLD:#}/{}  {} pass, {} fail, {} missing",
            submission.student,
            submission.score,
            trim_number(submission.max_score),
            counts(ExerciseVerdict::Pass),
            counts(ExerciseVerdict::Fail),
            counts(ExerciseVerdict::Missing),
            pad = " ".repeat(
                self.name_width
                    .saturating_sub(submission.student.chars().count())
            ),
        )
    }

    fn handle(&mut self, event: &Event) -> std::io::Result<()> {
        match event {
            Event::Started {
                config,
                root,
                students,
                protections,
            } => {
                self.name_width = students
                    .iter()
                    .map(|name| name.chars().count())
                    .max()
                    .unwrap_or(0)
                    .max(7);
                self.exercise_width = config
                    .exercises
                    .iter()
                    .map(|e| e.name.len())
                    .max()
                    .unwrap_or(0);
                writeln!(
                    self.out,
                    "{BOLD}grade{BOLD:#} {}: {} student(s), course \"{}\" ({})",
                    root.display(),
                    students.len(),
                    config.course.name,
                    config.path.display()
                )?;
                for protection in protections.iter().filter(|protection| !protection.active) {
                    writeln!(
                        self.out,
                        "{MISS}warning{MISS:#}: protection `{}` is not active here: {}",
                        protection.name, protection.detail
                    )?;
                }
            }
            Event::Reference(Ok(baseline)) => writeln!(
                self.out,
                "{DIM}reference {} ({}): result {}, {} (median of {}){DIM:#}",
                baseline.exercise,
                baseline.language.name(),
                baseline.result.as_deref().unwrap_or("-"),
                seconds(std::time::Duration::from_millis(baseline.elapsed_ms)),
                baseline.runs,
            )?,
            Event::Reference(Err(why)) | Event::Problem(why) => {
                writeln!(self.out, "{FAIL}error{FAIL:#}: {why}")?;
            }
            Event::Warning(what) => writeln!(self.out, "{MISS}warning{MISS:#}: {what}")?,
            Event::Exercise { student, report } => self.exercise_line(student, report)?,
            Event::Student(_) | Event::Checkpoint(_) => {}
            Event::Finished(report) => self.summary(report)?,
        }
        self.out.flush()
    }
}

impl<W: Write> Reporter for Terminal<W> {
    fn event(&mut self, event: &Event) {
        // A closed stdout (`grade | head`) must not stop the grading; the JSON file still gets written.
        let _ = self.handle(event);
    }
}

/// `4 workers ▁▃██▃▁ (4 started, 2 on a CPU at once, CPU/wall 1.8)`: the peak, live workers
/// over the run as a sparkline, and the other figures of the check.
fn workers_summary(report: &ExerciseReport) -> String {
    let Some(check) = report
        .checks
        .iter()
        .find(|check| check.check == CheckKind::Workers)
    else {
        return String::new();
    };
    let fields = match &check.details {
        crate::report::Details::Workers(value) => value.as_object(),
        crate::report::Details::Raw(fields) => Some(fields),
        _ => None,
    };
    let Some(fields) = fields else {
        return String::new();
    };
    let number = |key: &str| {
        fields
            .get(key)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    };
    let peak = number("peak");
    let timeline: Vec<crate::monitor::Sample> = fields
        .get("timeline")
        .and_then(|timeline| serde_json::from_value(timeline.clone()).ok())
        .unwrap_or_default();
    let noun = if peak == 1 { "worker" } else { "workers" };
    // CPU over wall time means little for a run of a few milliseconds.
    let parallelism = fields
        .get("parallelism")
        .and_then(serde_json::Value::as_f64)
        .filter(|_| number("wall_ms") >= MEANINGFUL_WALL_MS)
        .map(|parallelism| format!(", CPU/wall {parallelism:.1}"))
        .unwrap_or_default();
    format!(
        "{peak} {noun} {} {DIM}({} started, {} on a CPU at once{parallelism}){DIM:#}",
        crate::monitor::sparkline(&timeline, SPARKLINE_WIDTH),
        number("distinct"),
        number("peak_running"),
    )
}

/// Shortest run whose CPU over wall time the report shows.
const MEANINGFUL_WALL_MS: u64 = 100;

/// Columns of the workers' sparkline.
const SPARKLINE_WIDTH: usize = 16;

/// `4` rather than `4.0`, `2.5` as is.
fn trim_number(number: f64) -> String {
    if number.fract() == 0.0 {
        format!("{number:.0}")
    } else {
        format!("{number}")
    }
}
