//! The commands behind the CLI: load the course file, pick reporters, grade, map the outcome to
//! an exit status (0 all pass, 1 some exercise failed or is missing, 2 the grader could not do
//! its job).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{Config, FILE_NAME};
use crate::events::{Event, Fanout, Reporter};
use crate::lang::Lang;
use crate::launch::Sandboxed;
use crate::pipeline::{self, Options};
use crate::report::{json, terminal::Terminal, ExerciseVerdict, Report};
use crate::sandbox::Sandbox;

/// Exit statuses.
pub const EXIT_PASS: i32 = 0;
pub const EXIT_FAIL: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// What goes to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The report for people.
    Human,
    /// The JSON report (see the README for its format).
    Json,
}

/// `grade [PATH]`.
pub struct GradeArgs {
    pub path: PathBuf,
    pub config: Option<PathBuf>,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub exercises: Vec<String>,
    pub lang: Option<Lang>,
    /// Reuse the results of `output` that nothing changed since.
    pub resume: bool,
    /// A missing exercise does not fail the run.
    pub allow_missing: bool,
    /// The run fails when a student's score is under this, and only then.
    pub fail_under: Option<f64>,
    /// CPUs' worth of work at once; the machine's CPUs when not given.
    pub jobs: Option<u32>,
    /// Grade only this shard of the class.
    pub partition: Option<crate::report::Partition>,
}

/// What makes a run fail (exit status 1), besides the grader's own problems (2).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FailWhen {
    pub allow_missing: bool,
    pub fail_under: Option<f64>,
}

/// Loads the course file given, or the nearest `grader.toml` above the current folder.
pub fn load_config(explicit: Option<&Path>) -> Result<Config, String> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => {
            let here = std::env::current_dir()
                .map_err(|err| format!("cannot read the current folder: {err}"))?;
            Config::find(&here).ok_or_else(|| {
                format!(
                    "no {FILE_NAME} in {} or above it: run grade from the course folder, or pass --config FILE",
                    here.display()
                )
            })?
        }
    };
    Config::load(&path).map_err(|err| err.to_string())
}

pub fn grade_command(args: GradeArgs) -> i32 {
    let config = match load_config(args.config.as_deref()) {
        Ok(config) => config,
        Err(message) => {
            // CI reading JSON on stdout gets the errors there too, in a report with nothing
            // graded (never in the --output file, which may hold an earlier report).
            if args.format == Some(Format::Json) {
                let errors: Vec<String> = message.lines().map(str::to_string).collect();
                if let Ok(text) = json::render(&Report::of_errors(errors)) {
                    println!("{text}");
                }
            }
            return fail(&message);
        }
    };
    if !args.path.exists() {
        return fail(&format!(
            "{}: no such folder: give a folder of student folders, or a student's folder",
            args.path.display()
        ));
    }
    // --output alone means a JSON file beside the report for people.
    let format = args.format.unwrap_or(if args.output.is_some() {
        Format::Json
    } else {
        Format::Human
    });
    let to_file = args.output.is_some();
    // A bar on a terminal; with JSON on stdout, plain lines on stderr that a log reads.
    let mut progress = if format == Format::Human || to_file {
        crate::report::progress::Progress::bar()
    } else {
        crate::report::progress::Progress::lines()
    };
    let mut human = Terminal::new(anstream::stdout()).with_progress(progress.handle());
    if let Some(threshold) = args.fail_under {
        let max = config.course.max_score;
        if !(threshold >= 0.0 && threshold <= max) {
            return fail(&format!(
                "--fail-under {threshold}: a score between 0 and the course's max-score, {max}"
            ));
        }
    }
    if args.resume && args.output.is_none() {
        return fail(
            "--resume needs --output FILE: the report of the earlier run, which it updates",
        );
    }
    // The report already in the output file: kept for what this run does not grade, reused
    // with --resume. A file that is not one of grade's, or another course's, is never replaced.
    let existing = match &args.output {
        Some(path) => match read_report(path) {
            Ok(existing) => existing,
            Err(message) => return fail(&message),
        },
        None => None,
    };
    if let (Some(existing), Some(path)) = (&existing, &args.output) {
        if existing.course != config.course.name {
            return fail(&format!(
                "{}: holds the report of the course `{}`, not `{}`: choose another --output, \
                 or remove the file to replace it",
                path.display(),
                existing.course,
                config.course.name
            ));
        }
    }
    let previous = existing.clone().filter(|_| args.resume);
    let mut file = args.output.clone().map(JsonFile::new);
    let mut reporters: Vec<&mut dyn Reporter> = Vec::new();
    if let Some(file) = &mut file {
        reporters.push(file);
    }
    if format == Format::Human || to_file {
        reporters.push(&mut human);
    }
    reporters.push(&mut progress);
    let sandbox = match Sandbox::detect(&config.sandbox) {
        Ok(sandbox) => sandbox,
        Err(err) => return fail(&format!("the sandbox cannot be prepared: {err}")),
    };
    let protections = sandbox
        .protections()
        .iter()
        .map(|protection| crate::report::Protection {
            name: protection.name.to_string(),
            active: protection.active,
            detail: protection.detail.clone(),
        })
        .collect();
    let launcher = Sandboxed { sandbox };
    let options = Options {
        path: args.path,
        exercises: args.exercises,
        lang: message_lang(args.lang, Some(&config)),
        jobs: args.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map_or(1, |cpus| u32::try_from(cpus.get()).unwrap_or(1))
        }),
        protections,
        previous,
        existing,
        partition: args.partition,
    };
    if let Err(err) = crate::interrupt::install() {
        return fail(&format!("cannot listen for Ctrl-C: {err}"));
    }
    let report = match pipeline::grade(&config, &options, &launcher, &mut Fanout(reporters)) {
        Ok(report) => report,
        Err(err) => return fail(&err.0),
    };
    if let Some(Err(message)) = file.map(JsonFile::finish) {
        return fail(&message);
    }
    match (&args.output, format) {
        (Some(_), _) => {}
        (None, Format::Json) => {
            let mut stdout = std::io::stdout().lock();
            match json::render(&report) {
                Ok(text) => {
                    let _ = writeln!(stdout, "{text}");
                }
                Err(err) => return fail(&err.to_string()),
            }
        }
        (None, Format::Human) => {}
    }
    let when = FailWhen {
        allow_missing: args.allow_missing,
        fail_under: args.fail_under,
    };
    let status = exit_status(&report, when);
    if let Some(why) = nothing_graded(&report) {
        let _ = writeln!(anstream::stderr(), "{why}");
    }
    status
}

/// 2 when the grader met problems, could not judge an exercise, or was interrupted; else 1 when
/// the run fails (some exercise failed or is missing, or with `--fail-under` some student scored
/// under it), or when nothing at all was graded; else 0.
pub fn exit_status(report: &Report, when: FailWhen) -> i32 {
    // What this run graded: the students and exercises kept from the existing report are not
    // its doing.
    let graded = report.submissions.iter().filter(|s| !s.kept);
    let verdicts = graded_verdicts(report);
    let count = |verdict: ExerciseVerdict| verdicts.iter().filter(|v| **v == verdict).count();
    if !report.errors.is_empty() || report.interrupted || count(ExerciseVerdict::Error) > 0 {
        return EXIT_ERROR;
    }
    if nothing_graded(report).is_some() {
        return EXIT_FAIL;
    }
    let failed = match when.fail_under {
        Some(threshold) => graded
            .clone()
            .any(|submission| submission.score < threshold),
        None => {
            count(ExerciseVerdict::Fail) > 0
                || (count(ExerciseVerdict::Missing) > 0 && !when.allow_missing)
        }
    };
    if failed {
        EXIT_FAIL
    } else {
        EXIT_PASS
    }
}

/// The verdicts of the exercises this run graded, not those kept from the existing report.
fn graded_verdicts(report: &Report) -> Vec<ExerciseVerdict> {
    report
        .submissions
        .iter()
        .filter(|submission| !submission.kept)
        .flat_map(|submission| &submission.exercises)
        .filter(|exercise| !exercise.kept)
        .map(|exercise| exercise.verdict)
        .collect()
}

/// Why a run graded nothing at all, if it did not: never a success, whatever the flags say.
fn nothing_graded(report: &Report) -> Option<String> {
    let summary = &report.summary;
    let graded = graded_verdicts(report)
        .iter()
        .filter(|verdict| **verdict != ExerciseVerdict::Missing)
        .count();
    (graded == 0).then(|| {
        format!(
            "nothing was graded: {} student(s), no entry of any exercise found (see the \
             messages above for the names expected and what was found instead)",
            summary.students
        )
    })
}

fn fail(message: &str) -> i32 {
    let error = anstyle::AnsiColor::Red.on_default().bold();
    let _ = writeln!(anstream::stderr(), "{error}error{error:#}: {message}");
    EXIT_ERROR
}

/// Reads the report an earlier `--output` wrote; none yet is fine (the first run).
fn read_report(path: &Path) -> Result<Option<Report>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => {
            return Err(format!(
                "{}: cannot read the earlier report: {err}",
                path.display()
            ))
        }
    };
    serde_json::from_str(&text).map(Some).map_err(|err| {
        format!(
            "{}: not a report grade wrote ({err}): remove it, or choose another --output",
            path.display()
        )
    })
}

/// Writes the JSON report to a file after every exercise, so a crash loses only the one in
/// progress, and once more at the end.
struct JsonFile {
    path: PathBuf,
    error: Option<String>,
}

impl JsonFile {
    fn new(path: PathBuf) -> JsonFile {
        JsonFile { path, error: None }
    }

    fn finish(self) -> Result<(), String> {
        self.error.map_or(Ok(()), Err)
    }
}

impl Reporter for JsonFile {
    fn event(&mut self, event: &Event) {
        if let Event::Checkpoint(report) | Event::Finished(report) = event {
            if let Err(err) = json::write(report, &self.path) {
                self.error = Some(format!(
                    "{}: cannot write the report: {err}",
                    self.path.display()
                ));
            }
        }
    }
}

/// The course file for commands that also work without one: the one given (which must load),
/// else the nearest `grader.toml` in `start` or above, if any.
fn optional_config(
    explicit: Option<&Path>,
    start: Option<&Path>,
) -> Result<Option<Config>, String> {
    let start = match start {
        Some(start) => std::fs::canonicalize(start).ok(),
        None => std::env::current_dir().ok(),
    };
    match explicit {
        Some(_) => load_config(explicit).map(Some),
        None => match start.and_then(|start| {
            let folder = if start.is_dir() {
                start
            } else {
                start.parent()?.to_path_buf()
            };
            Config::find(&folder)
        }) {
            Some(path) => Config::load(&path).map(Some).map_err(|err| err.to_string()),
            None => Ok(None),
        },
    }
}

/// The language of messages: `--lang`, then the course's, then the locale's, then English.
fn message_lang(flag: Option<Lang>, config: Option<&Config>) -> Lang {
    flag.or_else(|| config.and_then(|config| config.course.lang))
        .or_else(Lang::from_locale)
        .unwrap_or_default()
}

/// `grade lint PATH...`. Like ruff, the course file is looked up from the first path upwards.
pub fn lint_command(
    paths: &[PathBuf],
    config: Option<&Path>,
    lang: Option<Lang>,
    json: bool,
) -> i32 {
    let config = match optional_config(config, paths.first().map(PathBuf::as_path)) {
        Ok(config) => config,
        Err(message) => return fail(&message),
    };
    let settings = config
        .as_ref()
        .map(|config| config.lint.clone())
        .unwrap_or_default();
    crate::lint::cli::lint_command(paths, &settings, message_lang(lang, config.as_ref()), json)
}

/// `grade explain CODE`.
pub fn explain_command(code: &str, config: Option<&Path>, lang: Option<Lang>) -> i32 {
    let config = optional_config(config, None).ok().flatten();
    crate::lint::cli::explain_command(code, message_lang(lang, config.as_ref()))
}

/// `grade doctor`.
pub fn doctor_command(config: Option<&Path>) -> i32 {
    match optional_config(config, None) {
        Ok(config) => {
            let settings = config
                .as_ref()
                .map(|config| config.sandbox.clone())
                .unwrap_or_default();
            let status = crate::sandbox::doctor_command(&settings);
            let (python, cargo) = config.as_ref().map_or(("python3", "cargo"), |config| {
                (config.course.python.as_str(), config.course.cargo.as_str())
            });
            let toolchain = crate::toolchain::Toolchain::detect(python, cargo);
            let unreachable = Sandbox::detect(&settings)
                .map(|sandbox| sandbox.unreachable(&toolchain.paths()))
                .unwrap_or_default();
            for problem in toolchain.problems.iter().chain(&unreachable) {
                println!("toolchain: {problem}");
            }
            if toolchain.problems.is_empty() && unreachable.is_empty() {
                println!("The toolchains can be reached from the sandbox.");
                status
            } else {
                EXIT_FAIL
            }
        }
        Err(message) => fail(&message),
    }
}

/// `grade check`: the course file's errors, every one at once (exit 2); else the settings of
/// each exercise, and each reference built and run (exit 2 if one is missing or fails).
pub fn check_command(config: Option<&Path>) -> i32 {
    match load_config(config) {
        Ok(config) => crate::course_check::check(&config, &mut anstream::stdout()),
        Err(message) => fail(&message),
    }
}

/// `grade merge REPORT...`: the shards' JSON reports as the report of the whole class, written
/// to `output` or stdout; the exit status is the one grading the class in one run would give.
pub fn merge_command(reports: &[PathBuf], output: Option<&Path>, when: FailWhen) -> i32 {
    let mut shards = Vec::new();
    for path in reports {
        match read_report(path) {
            Ok(Some(report)) => shards.push(crate::report::merge::Shard {
                file: path.display().to_string(),
                report,
            }),
            Ok(None) => {
                return fail(&format!(
                    "{}: no such file: give the JSON reports of the shards (grade --partition \
                     K/N -o FILE.json)",
                    path.display()
                ))
            }
            Err(message) => return fail(&message),
        }
    }
    let report = match crate::report::merge::merge(shards) {
        Ok(report) => report,
        Err(message) => return fail(&message),
    };
    let written = match output {
        Some(path) => json::write(&report, path),
        None => json::render(&report).map(|text| println!("{text}")),
    };
    if let Err(err) = written {
        let target = output.map_or("stdout".into(), |path| path.display().to_string());
        return fail(&format!("{target}: cannot write the merged report: {err}"));
    }
    exit_status(&report, when)
}
