//! The report a teacher reads at a glance: one line per student and exercise as it is graded,
//! the exercise's title under its first line, the failing checks' messages, then a summary.

use std::collections::HashSet;
use std::io::Write;

use anstyle::{AnsiColor, Style};

use crate::checks::seconds;
use crate::events::{Event, Reporter};
use crate::lang::Lang;
use crate::msg;
use crate::report::{CheckKind, ExerciseReport, ExerciseVerdict, Report, Submission, Verdict};
use crate::text::{indent, printable};

const PASS: Style = AnsiColor::Green.on_default().bold();
const FAIL: Style = AnsiColor::Red.on_default().bold();
const MISS: Style = AnsiColor::Yellow.on_default().bold();
/// The grader's own failure: no verdict on the student.
const ERROR: Style = AnsiColor::Magenta.on_default().bold();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

/// Writes the human report to a stream (stdout, with colour when it is a terminal).
pub struct Terminal<W: Write> {
    out: W,
    name_width: usize,
    exercise_width: usize,
    /// Exercises whose title has been shown: once is enough for a class.
    titled: HashSet<String>,
    /// A progress bar on the same terminal, cleared while a line is written.
    progress: Option<indicatif::ProgressBar>,
    /// The language of the report's own words (`locales/<lang>/report.ftl`).
    lang: Lang,
}

/// `text` with each line made inert: a student's output, compiler message or file name cannot
/// act on the terminal (escapes, carriage returns, bidi overrides) or add a line of its own
/// beyond the lines the grader broke it into.
fn inert(text: &str) -> String {
    text.lines().map(printable).collect::<Vec<_>>().join("\n")
}

/// Columns a report line should not go beyond.
const LINE_WIDTH: usize = 110;

impl<W: Write> Terminal<W> {
    pub fn new(out: W) -> Terminal<W> {
        Terminal {
            out,
            name_width: 10,
            exercise_width: 10,
            titled: HashSet::new(),
            progress: None,
            lang: Lang::default(),
        }
    }

    /// Writes the report's own words in `lang`.
    pub fn with_lang(mut self, lang: Lang) -> Terminal<W> {
        self.lang = lang;
        self
    }

    /// Writes around `bar`, which shares the terminal.
    pub fn with_progress(mut self, bar: Option<indicatif::ProgressBar>) -> Terminal<W> {
        self.progress = bar;
        self
    }

    fn exercise_line(&mut self, student: &str, report: &ExerciseReport) -> std::io::Result<()> {
        let lang = self.lang;
        let style = match report.verdict {
            ExerciseVerdict::Pass => PASS,
            ExerciseVerdict::Fail => FAIL,
            ExerciseVerdict::Missing => MISS,
            ExerciseVerdict::Error => ERROR,
        };
        let label = verdict_label(report.verdict, lang);
        let label_width = VERDICTS
            .iter()
            .map(|verdict| verdict_label(*verdict, lang).chars().count())
            .max()
            .unwrap_or(0);
        // The grader could not judge: a score, even 0, would read as the student's.
        let score = match report.verdict {
            ExerciseVerdict::Error => msg!(lang, "report-no-score"),
            ExerciseVerdict::Pass | ExerciseVerdict::Fail | ExerciseVerdict::Missing => {
                format!("{:>5.2}/{}", report.score, trim_number(report.max_score))
            }
        };
        let language = report.language.map_or("-", |language| language.name());
        let elapsed = report
            .checks
            .iter()
            .find(|check| check.check == CheckKind::Run && check.verdict == Verdict::Pass)
            .and_then(|check| match &check.details {
                crate::report::Details::Run(run) => {
                    let elapsed = seconds(std::time::Duration::from_millis(run.elapsed_ms));
                    Some(if report.reused {
                        msg!(lang, "report-earlier-result", elapsed = elapsed)
                    } else {
                        elapsed
                    })
                }
                _ => None,
            })
            .unwrap_or_default();
        let workers = workers_summary(report, lang);
        let student = printable(student);
        let columns = format!(
            "{student}{pad} {exercise:<ew$} {language:<6} {score:<11}",
            pad = " ".repeat(self.name_width.saturating_sub(student.chars().count())),
            exercise = report.exercise,
            ew = self.exercise_width,
        );
        // No trailing blanks when the last columns are empty (a missing exercise, an error).
        let line = match (elapsed.is_empty(), workers.is_empty()) {
            (true, true) => columns.trim_end().to_string(),
            (_, true) => format!("{columns} {DIM}{elapsed}{DIM:#}"),
            (_, false) => format!("{columns} {DIM}{elapsed:<8}{DIM:#} {workers}"),
        };
        let pad = " ".repeat(label_width.saturating_sub(label.chars().count()));
        writeln!(self.out, "{pad}{style}{label}{style:#} {line}")?;
        if let Some(title) = &report.title {
            if self.titled.insert(report.exercise.clone()) {
                self.title_line(title)?;
            }
        }
        if let Some(message) = &report.message {
            writeln!(self.out, "{}", indent(&inert(message), "        "))?;
        }
        for check in report.checks.iter().filter(|check| shown(check)) {
            let message = inert(&check.message);
            let mut lines = message.lines();
            let first = lines.next().unwrap_or_default();
            let name = format!("{BOLD}{}{BOLD:#}", check_label(check.check, lang));
            let line = msg!(lang, "report-failed-check", check = name, message = first);
            if check.verdict == Verdict::Fail {
                writeln!(self.out, "        {FAIL}✗{FAIL:#} {line}")?;
            } else {
                writeln!(self.out, "        {MISS}!{MISS:#} {line}")?;
            }
            for line in lines {
                writeln!(self.out, "          {line}")?;
            }
        }
        Ok(())
    }

    /// The exercise's title under its name, in the exercise column when the line has room.
    fn title_line(&mut self, title: &str) -> std::io::Result<()> {
        let column = 5 + 1 + self.name_width + 1;
        let indent = if column + 40 <= LINE_WIDTH { column } else { 8 };
        writeln!(
            self.out,
            "{}{DIM}{}{DIM:#}",
            " ".repeat(indent),
            shorten(title, LINE_WIDTH - indent)
        )
    }

    /// A whole report at once, as grading would have printed it (`grade merge`).
    pub fn whole(&mut self, report: &Report) -> std::io::Result<()> {
        self.name_width = report
            .submissions
            .iter()
            .map(|submission| printable(&submission.student).chars().count())
            .max()
            .unwrap_or(0)
            .max(7);
        self.exercise_width = report
            .exercises
            .iter()
            .map(|exercise| exercise.name.len())
            .max()
            .unwrap_or(0)
            .max(4);
        let header = msg!(
            self.lang,
            "report-header-whole",
            students = report.submissions.len(),
            course = report.course.as_str(),
            config = report.config.display().to_string()
        );
        writeln!(self.out, "{BOLD}grade{BOLD:#}: {header}")?;
        for baseline in &report.references {
            self.handle(&Event::Reference(Ok(baseline)))?;
        }
        for submission in &report.submissions {
            for exercise in &submission.exercises {
                self.exercise_line(&submission.student, exercise)?;
            }
        }
        self.summary(report)?;
        self.out.flush()
    }

    fn summary(&mut self, report: &Report) -> std::io::Result<()> {
        writeln!(self.out)?;
        for submission in &report.submissions {
            self.student_total(submission)?;
        }
        let lang = self.lang;
        let summary = &report.summary;
        let kept = if summary.kept > 0 {
            format!(
                " {}",
                msg!(lang, "report-summary-kept", count = summary.kept)
            )
        } else {
            String::new()
        };
        let counts = format!(
            "{PASS}{}{PASS:#}, {FAIL}{}{FAIL:#}, {MISS}{}{MISS:#}{}",
            msg!(lang, "report-passed", count = summary.passed),
            msg!(lang, "report-failed", count = summary.failed),
            msg!(lang, "report-missing", count = summary.missing),
            ungraded(summary.errors, lang),
        );
        let line = msg!(
            lang,
            "report-summary",
            students = format!(
                "{BOLD}{}{BOLD:#}",
                msg!(lang, "report-students", count = summary.students)
            ),
            kept = kept,
            exercises = msg!(lang, "report-exercises", count = summary.exercises),
            counts = counts,
            elapsed = seconds(std::time::Duration::from_millis(summary.elapsed_ms)),
        );
        writeln!(self.out, "\n{line}")?;
        self.similar(report)?;
        if !report.errors.is_empty() {
            let problems = msg!(lang, "report-problems", count = report.errors.len());
            writeln!(self.out, "{FAIL}{problems}{FAIL:#}")?;
            for error in &report.errors {
                writeln!(
                    self.out,
                    "  - {}",
                    indent(&inert(error), "    ").trim_start()
                )?;
            }
        }
        Ok(())
    }

    /// The pairs of solutions that share much of their code, one line each with their longest
    /// matching fragment.
    fn similar(&mut self, report: &Report) -> std::io::Result<()> {
        if report.similar.is_empty() {
            return Ok(());
        }
        let heading = msg!(
            self.lang,
            "report-similar",
            count = report.similar.len(),
            min = format!("{:.0}%", crate::similar::REPORT_MIN * 100.0)
        );
        writeln!(self.out, "\n{MISS}{heading}{MISS:#}")?;
        for pair in &report.similar {
            let fragment = pair
                .fragments
                .first()
                .map(|fragment| {
                    format!(
                        "  {DIM}{} ↔ {}{DIM:#}",
                        printable(&fragment.a.place()),
                        printable(&fragment.b.place())
                    )
                })
                .unwrap_or_default();
            writeln!(
                self.out,
                "  {:>4.0}%  {:<ew$} {} ↔ {}{fragment}",
                pair.score * 100.0,
                pair.exercise,
                printable(&pair.a.student),
                printable(&pair.b.student),
                ew = self.exercise_width,
            )?;
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
        let max = trim_number(submission.max_score);
        // An exercise the grader could not judge leaves the total unknown, not low.
        let lang = self.lang;
        let score = if counts(ExerciseVerdict::Error) > 0 {
            let no_score = msg!(lang, "report-no-score");
            let width = (6 + max.len()).max(no_score.chars().count());
            format!("{no_score:<width$}")
        } else {
            format!("{BOLD}{:>5.2}{BOLD:#}/{max}", submission.score)
        };
        let total = msg!(
            lang,
            "report-student-total",
            pass = counts(ExerciseVerdict::Pass),
            fail = counts(ExerciseVerdict::Fail),
            missing = counts(ExerciseVerdict::Missing)
        );
        writeln!(
            self.out,
            "  {}{pad}  {score}  {total}{}{}",
            printable(&submission.student),
            ungraded(counts(ExerciseVerdict::Error), lang),
            if submission.kept {
                format!("  {DIM}{}{DIM:#}", msg!(lang, "report-kept"))
            } else {
                String::new()
            },
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
                let lang = self.lang;
                let header = msg!(
                    lang,
                    "report-header",
                    root = root.display().to_string(),
                    students = students.len(),
                    course = config.course.name.as_str(),
                    config = config.path.display().to_string()
                );
                writeln!(self.out, "{BOLD}grade{BOLD:#} {header}")?;
                for protection in protections.iter().filter(|protection| !protection.active) {
                    let warning = msg!(
                        lang,
                        "report-protection-inactive",
                        name = protection.label.as_str(),
                        detail = protection.detail.as_str()
                    );
                    let label = msg!(lang, "report-warning");
                    writeln!(self.out, "{MISS}{label}{MISS:#} {warning}")?;
                }
            }
            Event::Bundle { file, scales } => {
                let scales: Vec<String> = scales
                    .iter()
                    .map(|(language, scale)| format!("{} × {scale:.2}", language.name()))
                    .collect();
                let line = msg!(
                    self.lang,
                    "report-bundle",
                    bundle = file.display().to_string(),
                    scales = scales.join(", ")
                );
                writeln!(self.out, "{DIM}{line}{DIM:#}")?;
            }
            Event::Reference(Ok(baseline)) => {
                let elapsed = seconds(std::time::Duration::from_millis(baseline.elapsed_ms));
                let result = baseline.result.as_deref().unwrap_or("-");
                let line = match &baseline.estimate {
                    None => msg!(
                        self.lang,
                        "report-reference",
                        exercise = baseline.exercise.as_str(),
                        language = baseline.language.name(),
                        result = result,
                        elapsed = elapsed,
                        runs = baseline.runs,
                    ),
                    Some(estimate) => msg!(
                        self.lang,
                        "report-reference-estimated",
                        exercise = baseline.exercise.as_str(),
                        language = baseline.language.name(),
                        result = result,
                        elapsed = elapsed,
                        measured = seconds(std::time::Duration::from_millis(estimate.measured_ms)),
                        scale = format!("{:.2}", estimate.scale),
                    ),
                };
                writeln!(self.out, "{DIM}{line}{DIM:#}")?;
            }
            Event::Reference(Err(why)) | Event::Problem(why) => {
                let label = msg!(self.lang, "report-error");
                writeln!(self.out, "{FAIL}{label}{FAIL:#} {}", inert(why))?;
            }
            Event::Warning(what) => {
                let label = msg!(self.lang, "report-warning");
                writeln!(self.out, "{MISS}{label}{MISS:#} {}", inert(what))?;
            }
            Event::Exercise { student, report } => self.exercise_line(student, report)?,
            Event::Student(_)
            | Event::Checkpoint(_)
            | Event::Progress(_)
            | Event::Judged { .. } => {}
            Event::Finished(report) => self.summary(report)?,
        }
        self.out.flush()
    }
}

impl<W: Write> Reporter for Terminal<W> {
    fn event(&mut self, event: &Event) {
        // A closed stdout (`grade | head`) must not stop the grading; the JSON file still gets written.
        match self.progress.clone() {
            Some(bar)
                if !matches!(
                    event,
                    Event::Progress(_) | Event::Checkpoint(_) | Event::Judged { .. }
                ) =>
            {
                bar.suspend(|| {
                    let _ = self.handle(event);
                });
            }
            _ => {
                let _ = self.handle(event);
            }
        }
    }
}

/// `4 workers ▁▃██▃▁ (4 started, 2 on a CPU at once, CPU/wall 1.8)`: the peak, live workers
/// over the run as a sparkline, and the other figures of the check.
fn workers_summary(report: &ExerciseReport, lang: Lang) -> String {
    let Some(check) = report
        .checks
        .iter()
        .find(|check| check.check == CheckKind::Workers)
    else {
        return String::new();
    };
    let crate::report::Details::Workers(details) = &check.details else {
        return String::new();
    };
    let figures = &details.figures;
    let peak = figures.peak;
    let wall_ms = crate::report::millis(figures.wall);
    // How many workers were seen on a CPU is read from samples of `/proc`: a run of a few
    // milliseconds has too few of them, and its `0` would read as idle workers.
    let sampled = u64::from(figures.samples) >= MEANINGFUL_SAMPLES;
    let running = if sampled && wall_ms >= MEANINGFUL_RUNNING_WALL_MS {
        format!(
            ", {}",
            msg!(
                lang,
                "report-workers-on-cpu",
                running = figures.peak_running
            )
        )
    } else {
        String::new()
    };
    // CPU over wall time means little for a run of a few milliseconds.
    let parallelism = if wall_ms >= MEANINGFUL_WALL_MS {
        let ratio = format!("{:.1}", figures.parallelism);
        format!(
            ", {}",
            msg!(lang, "report-workers-parallelism", ratio = ratio)
        )
    } else {
        String::new()
    };
    format!(
        "{} {} {DIM}({}{running}{parallelism}){DIM:#}",
        msg!(lang, "report-workers", peak = peak),
        crate::monitor::sparkline(&figures.timeline, SPARKLINE_WIDTH),
        msg!(lang, "report-workers-started", started = figures.distinct),
    )
}

/// Shortest run whose CPU over wall time the report shows.
const MEANINGFUL_WALL_MS: u64 = 100;

/// Shortest run, and fewest samples, whose count of workers on a CPU the report shows.
const MEANINGFUL_RUNNING_WALL_MS: u64 = 20;
const MEANINGFUL_SAMPLES: u64 = 5;

/// `, 2 ungraded (grader error)` when the grader could not judge some exercises; nothing else.
fn ungraded(errors: usize, lang: Lang) -> String {
    if errors == 0 {
        String::new()
    } else {
        format!(
            ", {ERROR}{}{ERROR:#}",
            msg!(lang, "report-ungraded", errors = errors)
        )
    }
}

/// Whether the report shows `check` under its exercise: when it fails, and when it passes with
/// lint warnings, which a student would otherwise never see (a pool never closed, a thread
/// never joined).
fn shown(check: &crate::report::Check) -> bool {
    match (&check.details, check.verdict) {
        (_, Verdict::Fail) => true,
        (crate::report::Details::Lint(lint), Verdict::Pass) => lint.warnings > 0,
        _ => false,
    }
}

/// Every verdict of an exercise, for the width of their labels.
const VERDICTS: [ExerciseVerdict; 4] = [
    ExerciseVerdict::Pass,
    ExerciseVerdict::Fail,
    ExerciseVerdict::Missing,
    ExerciseVerdict::Error,
];

/// `PASS`, `FAIL`, `MISS`, `ERROR`, in `lang`.
fn verdict_label(verdict: ExerciseVerdict, lang: Lang) -> String {
    match verdict {
        ExerciseVerdict::Pass => msg!(lang, "verdict-pass"),
        ExerciseVerdict::Fail => msg!(lang, "verdict-fail"),
        ExerciseVerdict::Missing => msg!(lang, "verdict-missing"),
        ExerciseVerdict::Error => msg!(lang, "verdict-error"),
    }
}

/// A check's name as the report shows it, in `lang`.
pub(crate) fn check_label(check: CheckKind, lang: Lang) -> String {
    match check {
        CheckKind::Build => msg!(lang, "check-build"),
        CheckKind::Run => msg!(lang, "check-run"),
        CheckKind::Result => msg!(lang, "check-result"),
        CheckKind::Time => msg!(lang, "check-time"),
        CheckKind::Workers => msg!(lang, "check-workers"),
        CheckKind::Lint => msg!(lang, "check-lint"),
    }
}

/// `text` cut to `width` characters, the last one an ellipsis when it was cut.
fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(width.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Check, Details, Grader, Language, Summary, SCHEMA_VERSION};

    /// What a terminal shows, without its colours.
    fn plain(out: &[u8]) -> String {
        let text = String::from_utf8_lossy(out);
        let escapes = regex::Regex::new("\u{1b}\\[[0-9;]*m").expect("regex");
        escapes.replace_all(&text, "").into_owned()
    }

    fn exercise(verdict: ExerciseVerdict, checks: Vec<Check>) -> ExerciseReport {
        ExerciseReport {
            exercise: "cube".into(),
            title: None,
            kept: false,
            language: Some(Language::Rust),
            entry: Some("cube/Cargo.toml".into()),
            verdict,
            score: 8.0,
            max_score: 8.0,
            fingerprint: String::new(),
            message: None,
            checks,
            reused: false,
            timeline: Vec::new(),
        }
    }

    /// A workers check with these figures, the others zero.
    fn workers(
        (peak, distinct, peak_running): (u32, u32, u32),
        samples: u32,
        wall_ms: u64,
        parallelism: f64,
    ) -> Check {
        let figures = crate::monitor::WorkerFigures {
            peak,
            peak_settled: peak,
            exits_accounted: true,
            distinct,
            main_threads: 1,
            peak_running,
            cpu_time: std::time::Duration::ZERO,
            wall: std::time::Duration::from_millis(wall_ms),
            program_wall: None,
            parallelism,
            unseen_cpu: std::time::Duration::ZERO,
            unseen_in: None,
            view_lost: Vec::new(),
            timeline: Vec::new(),
            method: "proc-poll".into(),
            exact: false,
            monitor_cpu: std::time::Duration::ZERO,
            samples,
            notes: Vec::new(),
        };
        Check::new(
            CheckKind::Workers,
            Verdict::Pass,
            "4 workers started, at most 3 at the same time (limit 4)",
            Details::Workers(Box::new(crate::report::WorkersDetails {
                figures,
                min: 2,
                max: Some(4),
                cpus_shown: 4,
            })),
        )
    }

    fn lines_of(reports: &[(&str, ExerciseReport)]) -> String {
        let mut terminal = Terminal::new(Vec::new());
        for (student, report) in reports {
            terminal
                .exercise_line(student, report)
                .expect("write to a Vec");
        }
        plain(&terminal.out)
    }

    // Regression: a 12 ms Rust run showed `0 on a CPU at once`, from 3 samples of /proc.
    #[test]
    fn workers_on_a_cpu_are_shown_only_when_the_sampler_could_see_them() {
        let short = workers((3, 4, 0), 3, 1, 0.75);
        let line = lines_of(&[("antoine", exercise(ExerciseVerdict::Pass, vec![short]))]);
        assert!(line.contains("3 workers"), "{line}");
        assert!(line.contains("(4 started)"), "{line}");
        assert!(!line.contains("on a CPU"), "{line}");
        assert!(!line.contains("CPU/wall"), "{line}");
        let long = workers((4, 4, 3), 120, 900, 2.9);
        let line = lines_of(&[("antoine", exercise(ExerciseVerdict::Pass, vec![long]))]);
        assert!(
            line.contains("(4 started, 3 on a CPU at once, CPU/wall 2.9)"),
            "{line}"
        );
    }

    /// A lint check that passes with warnings is shown, marked apart from a failure; a clean
    /// one is not.
    #[test]
    fn warnings_of_a_passing_exercise_are_shown() {
        let lint = |warnings| {
            Check::new(
                CheckKind::Lint,
                Verdict::Pass,
                "0 errors, 1 warning on names, comments and parallel code\n\
                 cube.py:10:9: warning[P003] the pool `p` is never closed",
                Details::Lint(crate::report::LintDetails {
                    errors: 0,
                    warnings,
                    findings: Vec::new(),
                    unreadable: Vec::new(),
                }),
            )
        };
        let text = lines_of(&[("antoine", exercise(ExerciseVerdict::Pass, vec![lint(1)]))]);
        assert!(
            text.contains("        ! lint: 0 errors, 1 warning on names"),
            "{text}"
        );
        assert!(
            text.contains("          cube.py:10:9: warning[P003]"),
            "{text}"
        );
        let text = lines_of(&[("antoine", exercise(ExerciseVerdict::Pass, vec![lint(0)]))]);
        assert!(!text.contains("lint"), "{text}");
    }

    #[test]
    fn the_title_is_shown_under_the_first_line_of_its_exercise() {
        let titled = |verdict| ExerciseReport {
            title: Some(
                "Exercise 1: sum of the cubes of range(100) with a pool of at most 4 processes"
                    .into(),
            ),
            ..exercise(verdict, Vec::new())
        };
        let text = lines_of(&[
            ("antoine", titled(ExerciseVerdict::Pass)),
            ("chloé", titled(ExerciseVerdict::Fail)),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].contains("PASS antoine"), "{text}");
        assert_eq!(
            lines[1].trim(),
            "Exercise 1: sum of the cubes of range(100) with a pool of at most 4 processes"
        );
        // In the exercise column: under `cube`.
        assert_eq!(lines[1].find("Exercise"), lines[0].find("cube"), "{text}");
        assert!(lines[2].contains("FAIL chloé"), "{text}");
        assert!(lines.iter().all(|line| line.chars().count() <= LINE_WIDTH));
    }

    #[test]
    fn a_long_title_is_cut_to_the_line_width() {
        let report = ExerciseReport {
            title: Some("word ".repeat(40)),
            ..exercise(ExerciseVerdict::Pass, Vec::new())
        };
        let text = lines_of(&[("antoine", report)]);
        let title = text.lines().nth(1).unwrap_or_default();
        assert_eq!(title.chars().count(), LINE_WIDTH, "{text}");
        assert!(title.ends_with('…'), "{text}");
    }

    #[test]
    fn an_error_shows_no_score_and_says_why() {
        let report = ExerciseReport {
            score: 0.0,
            message: Some(
                "no reference for cube in rust: expected reference/cube/Cargo.toml".into(),
            ),
            ..exercise(ExerciseVerdict::Error, Vec::new())
        };
        let text = lines_of(&[("antoine", report)]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0], "ERROR antoine    cube       rust   no score",
            "{text}"
        );
        assert_eq!(
            lines[1],
            "        no reference for cube in rust: expected reference/cube/Cargo.toml"
        );
    }

    #[test]
    fn the_summary_counts_errors_apart() {
        let mut terminal = Terminal::new(Vec::new());
        let report = Report {
            schema_version: SCHEMA_VERSION,
            grader: Grader {
                name: "grade".into(),
                version: "0".into(),
            },
            course: "test".into(),
            config: "grader.toml".into(),
            course_digest: String::new(),
            exercises: Vec::new(),
            partition: None,
            errors: vec!["no reference for cube in rust".into()],
            warnings: Vec::new(),
            protections: Vec::new(),
            references: Vec::new(),
            submissions: vec![Submission {
                student: "antoine".into(),
                path: "class/antoine".into(),
                score: 8.0,
                max_score: 16.0,
                exercises: vec![
                    exercise(ExerciseVerdict::Pass, Vec::new()),
                    exercise(ExerciseVerdict::Error, Vec::new()),
                ],
                kept: false,
            }],
            summary: Summary {
                students: 1,
                exercises: 2,
                passed: 1,
                failed: 0,
                missing: 0,
                errors: 1,
                kept: 0,
                elapsed_ms: 1200,
                schedule: None,
            },
            interrupted: false,
            similar: Vec::new(),
        };
        terminal.summary(&report).expect("write to a Vec");
        let text = plain(&terminal.out);
        assert!(
            text.contains(
                "antoine     no score  1 pass, 0 fail, 0 missing, 1 ungraded (grader error)"
            ),
            "{text}"
        );
        assert!(
            text.contains("1 passed, 0 failed, 0 missing, 1 ungraded (grader error) in"),
            "{text}"
        );
        let mut terminal = Terminal::new(Vec::new());
        let mut clean = report;
        clean.errors.clear();
        clean.summary.errors = 0;
        clean.submissions[0].exercises.pop();
        terminal.summary(&clean).expect("write to a Vec");
        let text = plain(&terminal.out);
        assert!(!text.contains("ungraded"), "{text}");
        assert!(
            text.contains("antoine      8.00/16  1 pass, 0 fail, 0 missing\n"),
            "{text}"
        );
    }
}
