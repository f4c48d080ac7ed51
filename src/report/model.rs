//! The report: what grading found, as data. Every output format is a function of it.
//!
//! Its JSON form is a stable, documented format (`schema_version`); fields are only ever added.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The version of the JSON format; bumped only when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole grading session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub grader: Grader,
    pub course: String,
    #[serde(serialize_with = "crate::text::lossy_path")]
    pub config: PathBuf,
    /// A digest of the course file and its references: the reports of two runs can be merged
    /// only when theirs are the same.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub course_digest: String,
    /// The exercises graded, in the course's order, with their points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exercises: Vec<ExerciseInfo>,
    /// The share of the class this run graded (`--partition`), when it graded only one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<Partition>,
    /// Problems that kept the grader from doing part of its job (a reference that fails, a folder
    /// it cannot read). Any of them makes the exit status 2.
    pub errors: Vec<String>,
    /// Things the grader met and worked around (a folder name that is not UTF-8, say): they do
    /// not change the exit status.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Protections in force, and those missing on this machine.
    pub protections: Vec<Protection>,
    pub references: Vec<Baseline>,
    pub submissions: Vec<Submission>,
    pub summary: Summary,
    /// The grading was interrupted (Ctrl-C, SIGTERM): the report holds what was graded so far.
    #[serde(default)]
    pub interrupted: bool,
    /// Pairs of solutions of an exercise that share much of their code (`grade similar`), the
    /// most similar first; the whole class's, also in a shard.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub similar: Vec<crate::similar::Pair>,
}

/// An exercise of the course, as the report names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseInfo {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub points: f64,
}

/// Shard `index` of `count` (1-based): the students whose stable hash falls in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partition {
    pub index: u32,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grader {
    pub name: String,
    pub version: String,
}

impl Grader {
    /// This grader.
    pub fn this() -> Grader {
        Grader {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

impl Report {
    /// The report of a run that could not grade at all: its errors, nothing else.
    pub fn of_errors(errors: Vec<String>) -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            grader: Grader::this(),
            course: String::new(),
            config: PathBuf::new(),
            course_digest: String::new(),
            exercises: Vec::new(),
            partition: None,
            errors,
            warnings: Vec::new(),
            protections: Vec::new(),
            references: Vec::new(),
            submissions: Vec::new(),
            summary: Summary::default(),
            interrupted: false,
            similar: Vec::new(),
        }
    }
}

/// One protection of the sandbox and whether it is active here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Protection {
    /// The same on every machine and in every language ("no network"): what a reader of the
    /// report looks a protection up by.
    pub name: String,
    /// The name in the run's language ("pas de réseau"); empty in a report written before
    /// protections were named by language.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    pub active: bool,
    /// How it is done, or what replaces it, in the run's language.
    pub detail: String,
}

/// How long a reference took: the baseline of the `time` check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub exercise: String,
    pub language: Language,
    /// The result the reference printed, `None` when it failed.
    pub result: Option<String>,
    /// The median wall time over `runs` runs.
    pub elapsed_ms: u64,
    pub runs: u32,
    /// Every timing of the reference, those slowed by other work included (not counted).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attempts: Vec<Attempt>,
    /// When it was built and run, from the start of grading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<Span>,
    /// What the monitor saw of the workers of its median run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workers: Option<crate::monitor::WorkerFigures>,
    /// When the time comes from a course bundle: the instructor's time and the scale that
    /// gave `elapsed_ms` on this machine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Estimate>,
}

/// A reference time estimated for this machine from the one a course bundle holds (see
/// `bundle::estimate`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The reference's median time on the instructor's machine.
    pub measured_ms: u64,
    /// How much slower (above 1) this machine is than the instructor's at the calibration
    /// workload of the reference's language.
    pub machine: f64,
    /// What `measured_ms` is multiplied by: `machine` applied to the share of the time the
    /// reference keeps a CPU busy.
    pub scale: f64,
}

impl Estimate {
    /// The estimated time on this machine.
    pub fn elapsed_ms(&self) -> u64 {
        let scaled = (self.measured_ms as f64 * self.scale).round();
        if scaled.is_finite() && scaled >= 0.0 {
            scaled.min(u64::MAX as f64) as u64
        } else {
            self.measured_ms
        }
    }
}

/// A step of grading an entry or a reference, placed in time: offsets from the start of
/// grading, so that a timeline of the whole session can be drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub step: Step,
    pub start_ms: u64,
    pub end_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    Build,
    /// A timed run (an entry may be timed again, alone).
    Run,
    /// The runs that show the program other numbers of CPUs.
    Views,
}

/// A student's folder and what it got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub student: String,
    #[serde(serialize_with = "crate::text::lossy_path")]
    pub path: PathBuf,
    pub score: f64,
    pub max_score: f64,
    pub exercises: Vec<ExerciseReport>,
    /// Carried over unchanged from the report already in the output file: this run did not
    /// grade the student.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub kept: bool,
}

/// The languages a solution can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    Rust,
}

impl Language {
    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Rust => "rust",
        }
    }
}

/// The outcome of one exercise for one student.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExerciseVerdict {
    Pass,
    Fail,
    Missing,
    /// The grader could not judge the exercise (its reference is missing or fails, its
    /// toolchain is unusable): no score, counted apart, and the run exits 2.
    Error,
}

impl ExerciseVerdict {
    pub fn name(self) -> &'static str {
        match self {
            ExerciseVerdict::Pass => "pass",
            ExerciseVerdict::Fail => "fail",
            ExerciseVerdict::Missing => "missing",
            ExerciseVerdict::Error => "error",
        }
    }
}

/// One exercise of one student, in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseReport {
    pub exercise: String,
    /// The exercise's title in the course file, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Carried over from the report already in the output file: this run did not grade it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub kept: bool,
    /// `None` when the exercise is missing.
    pub language: Option<Language>,
    /// The entry graded, relative to the student's folder (`cube.py`, `cube/Cargo.toml`).
    #[serde(serialize_with = "crate::text::lossy_optional_path")]
    pub entry: Option<PathBuf>,
    pub verdict: ExerciseVerdict,
    pub score: f64,
    pub max_score: f64,
    /// A digest of the course file, the grader's version and the entry's files: `--resume`
    /// reuses this result while it is unchanged.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
    /// Why the exercise is missing, with what was found instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub checks: Vec<Check>,
    /// Taken unchanged from the earlier report (`--resume`): nothing it depends on changed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reused: bool,
    /// Its build and runs, placed in time (none for a result reused or carried over).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<Span>,
}

/// The checks, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckKind {
    Build,
    Run,
    Result,
    Time,
    Workers,
    Lint,
}

impl CheckKind {
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::Build => "build",
            CheckKind::Run => "run",
            CheckKind::Result => "result",
            CheckKind::Time => "time",
            CheckKind::Workers => "workers",
            CheckKind::Lint => "lint",
        }
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
    Skipped,
    /// The check could not be judged fairly (a time taken on a machine too busy): it neither
    /// earns nor costs points.
    Inconclusive,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Skipped => "skipped",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

/// One check: its verdict, a message a student understands, and the figures behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawCheck")]
pub struct Check {
    pub check: CheckKind,
    pub verdict: Verdict,
    pub message: String,
    #[serde(flatten)]
    pub details: Details,
}

impl Check {
    pub fn new(
        check: CheckKind,
        verdict: Verdict,
        message: impl Into<String>,
        details: Details,
    ) -> Check {
        Check {
            check,
            verdict,
            message: message.into(),
            details,
        }
    }

    /// A check that could not run because an earlier one failed.
    pub fn skipped(check: CheckKind, why: impl Into<String>) -> Check {
        Check::new(check, Verdict::Skipped, why, Details::None)
    }
}

/// The figures each kind of check carries, flattened into the check's JSON object. Which kind
/// they are is told by the check's `check` field: read back, they are parsed by it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Details {
    None,
    Build(BuildDetails),
    Run(RunDetails),
    Result(ResultDetails),
    Time(TimeDetails),
    Workers(Box<WorkersDetails>),
    Lint(LintDetails),
}

/// A check as its JSON reads: the common fields, and the figures as they come.
#[derive(Deserialize)]
struct RawCheck {
    check: CheckKind,
    verdict: Verdict,
    message: String,
    #[serde(flatten)]
    details: serde_json::Map<String, serde_json::Value>,
}

impl TryFrom<RawCheck> for Check {
    type Error = String;

    fn try_from(raw: RawCheck) -> Result<Check, String> {
        fn parse<T: serde::de::DeserializeOwned>(
            kind: CheckKind,
            fields: serde_json::Map<String, serde_json::Value>,
        ) -> Result<T, String> {
            serde_json::from_value(serde_json::Value::Object(fields))
                .map_err(|err| format!("the figures of a `{}` check: {err}", kind.name()))
        }
        let fields = raw.details;
        let details = if fields.is_empty() {
            Details::None
        } else {
            match raw.check {
                CheckKind::Build => Details::Build(parse(raw.check, fields)?),
                CheckKind::Run => Details::Run(parse(raw.check, fields)?),
                CheckKind::Result => Details::Result(parse(raw.check, fields)?),
                CheckKind::Time => Details::Time(parse(raw.check, fields)?),
                CheckKind::Workers => Details::Workers(Box::new(parse(raw.check, fields)?)),
                CheckKind::Lint => Details::Lint(parse(raw.check, fields)?),
            }
        };
        Ok(Check {
            check: raw.check,
            verdict: raw.verdict,
            message: raw.message,
            details,
        })
    }
}

/// What the monitor saw of a run, and the bounds the workers check held it to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkersDetails {
    #[serde(flatten)]
    pub figures: crate::monitor::WorkerFigures,
    pub min: u32,
    /// `None`: no limit.
    pub max: Option<u32>,
    /// How many CPUs the program was told the machine has.
    pub cpus_shown: u32,
}

/// What the lint of an entry's sources found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LintDetails {
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<LintFinding>,
    pub unreadable: Vec<Unreadable>,
}

/// One finding of a lint rule, its place relative to the student's folder; lines and columns
/// 1-based, columns in characters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LintFinding {
    pub rule: String,
    pub name: String,
    pub category: crate::lint::Category,
    pub severity: crate::lint::Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    pub help: String,
    /// The finding's source line(s), at most [`LintFinding::SOURCE_LINES`], without the
    /// trailing newline: what a page shows under the finding, as a compiler would. Empty in
    /// reports written before it was recorded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

impl LintFinding {
    /// Most source lines a finding carries.
    pub const SOURCE_LINES: usize = 3;
    /// Most characters kept of each line: a minified line must not swell the report.
    pub const SOURCE_LINE_CHARS: usize = 500;

    /// The lines of `text` the finding spans, at most [`LintFinding::SOURCE_LINES`], each cut
    /// at [`LintFinding::SOURCE_LINE_CHARS`].
    pub fn lines_of(&self, text: &str) -> String {
        let first = self.line.max(1);
        let last = self.end_line.max(first).min(first + Self::SOURCE_LINES - 1);
        text.lines()
            .skip(first - 1)
            .take(last + 1 - first)
            .map(|line| {
                line.chars()
                    .take(Self::SOURCE_LINE_CHARS)
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl From<&crate::lint::Finding> for LintFinding {
    fn from(finding: &crate::lint::Finding) -> LintFinding {
        LintFinding {
            rule: finding.rule.to_string(),
            name: finding.name.to_string(),
            category: finding.category,
            severity: finding.severity,
            file: finding.file.to_string_lossy().into_owned(),
            line: finding.line,
            column: finding.column,
            end_line: finding.end_line,
            end_column: finding.end_column,
            message: finding.message.clone(),
            help: finding.help.clone(),
            source: String::new(),
        }
    }
}

/// A source file the lint could not read, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unreadable {
    pub file: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildDetails {
    pub elapsed_ms: u64,
    /// crates.io dependencies this build compiled itself (not reused from a shared build).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compiled: Vec<String>,
    /// The first error's place, relative to the submission, when the compiler gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunDetails {
    /// The exit code, `None` when a signal ended the program or it was killed at the timeout.
    pub exit_code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signal: Option<i32>,
    pub timed_out: bool,
    pub output_too_large: bool,
    /// The sandbox stopped the program for its memory.
    #[serde(default)]
    pub memory_limit_hit: bool,
    /// The sandbox refused the program a new process or thread.
    #[serde(default)]
    pub task_limit_hit: bool,
    /// The sandbox stopped the program when its scratch disk was full.
    #[serde(default)]
    pub disk_limit_hit: bool,
    pub elapsed_ms: u64,
    pub timeout_ms: u64,
    pub stdout_bytes: u64,
    pub stderr_bytes: u64,
    /// The last lines of standard error.
    pub stderr_tail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultDetails {
    pub expected: Option<String>,
    pub actual: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Where the value came from, when the grader could tell (Python).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The runs that showed the program other numbers of CPUs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<ViewDetails>,
}

/// What the program printed when it was shown `cpus` CPUs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewDetails {
    pub cpus: u32,
    pub actual: Option<String>,
    /// How the run failed, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeDetails {
    pub elapsed_ms: u64,
    pub reference_ms: u64,
    pub limit_ms: u64,
    /// How `reference_ms` was estimated from a course bundle, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Estimate>,
    /// Every timing of the program, in order, when it was run more than once or its CPU
    /// pressure is known: the last one is judged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attempts: Vec<Attempt>,
}

/// One timed run of a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub elapsed_ms: u64,
    /// How long all its processes at once waited for a CPU that other work held (its cgroup's
    /// `cpu.pressure` `full` total), when the machine tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stalled_ms: Option<u64>,
    /// Its processes' CPU time, when its cgroup counted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_ms: Option<u64>,
    /// No CPU-bound work of the grader's ran beside it while its time mattered.
    pub alone: bool,
    /// Its time was slowed by other work past what a fair time allows: not judged.
    pub contaminated: bool,
}

/// Counts over the whole session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub students: usize,
    pub exercises: usize,
    pub passed: usize,
    pub failed: usize,
    pub missing: usize,
    /// Exercises the grader could not judge (verdict `error`).
    #[serde(default)]
    pub errors: usize,
    /// Students carried over unchanged from the report already in the output file.
    #[serde(default)]
    pub kept: usize,
    pub elapsed_ms: u64,
    /// How the work was spread over the machine, and what bounds its duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
}

/// How a session used the machine: the figures a benchmark compares its duration with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// CPUs' worth of work allowed at once (`--jobs`).
    pub jobs: u32,
    /// The machine's CPUs.
    pub cores: u32,
    /// Wall time of the runs that had to be timed with nothing CPU-bound beside them.
    pub alone_ms: u64,
    /// CPU time of every build and run (where cgroups counted it).
    pub cpu_ms: u64,
    /// The shortest the session could have taken: the longer of `alone_ms` and `cpu_ms`
    /// spread over the cores.
    pub physical_limit_ms: u64,
    /// Runs timed again alone because other work slowed them past a fair time.
    pub reruns: usize,
    /// Time checks left inconclusive: no fair time could be had.
    pub inconclusive: usize,
    /// Runs past their time limit that were lowered (their cgroup's `cpu.idle`) so that timed
    /// runs went on beside them; their timeouts did not count the time those took from them.
    #[serde(default)]
    pub lowered: usize,
    /// Each build of crates.io dependencies shared by the students whose crates use them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependency_builds: Vec<DependencyBuild>,
}

/// One build of a set of crates.io dependencies, reused by every crate that needs that set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DependencyBuild {
    /// The crates it compiled.
    pub crates: Vec<String>,
    /// How many builds of students' crates reused it.
    pub users: usize,
    /// Found compiled in the cache by an earlier session: compiled 0 times in this one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cached: bool,
}

/// Milliseconds of a duration, for the report.
pub fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A report written by a real run, with every kind of check's figures: reading it back must
    // give the same value, and writing it again the same text.
    const WRITTEN: &str = include_str!("../../tests/data/report.json");

    #[test]
    fn a_report_read_back_from_its_json_is_the_same_report() {
        let report: Report = serde_json::from_str(WRITTEN).expect("a report grade wrote");
        let kinds: std::collections::HashSet<&str> = report
            .submissions
            .iter()
            .flat_map(|s| &s.exercises)
            .flat_map(|e| &e.checks)
            .map(|check| match &check.details {
                Details::None => "none",
                Details::Build(_) => "build",
                Details::Run(_) => "run",
                Details::Result(_) => "result",
                Details::Time(_) => "time",
                Details::Workers(_) => "workers",
                Details::Lint(_) => "lint",
            })
            .collect();
        for kind in ["none", "build", "run", "result", "time", "workers", "lint"] {
            assert!(
                kinds.contains(kind),
                "no `{kind}` figures in the sample report"
            );
        }
        let text = serde_json::to_string_pretty(&report).expect("serialises");
        let again: Report = serde_json::from_str(&text).expect("reads back");
        assert_eq!(again, report);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).expect("json"),
            serde_json::from_str::<serde_json::Value>(WRITTEN).expect("json")
        );
    }

    #[test]
    fn figures_that_do_not_fit_their_check_are_refused() {
        let check = r#"{"check": "time", "verdict": "pass", "message": "", "peak": 4}"#;
        let err = serde_json::from_str::<Check>(check).expect_err("a time check without times");
        assert!(err.to_string().contains("`time` check"), "{err}");
    }
}
