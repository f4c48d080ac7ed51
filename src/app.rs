//! The commands behind the CLI: load the course file, pick reporters, grade, map the outcome to
//! an exit status (0 all pass, 1 some exercise failed or is missing, 2 the grader could not do
//! its job).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{Config, FILE_NAME};
use crate::events::{Event, Fanout, Reporter};
use crate::export::{self, Target};
use crate::lang::Lang;
use crate::launch::Sandboxed;
use crate::msg;
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
    /// JUnit XML, for CI test reports (GitLab, Jenkins).
    Junit,
    /// A CSV gradebook; with --roster, in the layout Moodle or Canvas imports.
    Csv,
    /// SARIF 2.1.0: the lint findings, for code scanning.
    Sarif,
    /// One self-contained HTML page.
    Html,
    /// The report for people with GitHub Actions annotations; the job summary is appended to
    /// $GITHUB_STEP_SUMMARY when it is set.
    Github,
    /// The job summary, in Markdown.
    Markdown,
    /// Gradescope's results.json (one student).
    Gradescope,
}

impl Format {
    /// The exporter behind a machine format; `None` for the report for people.
    fn export(self) -> Option<export::Format> {
        Some(match self {
            Format::Human => return None,
            Format::Json => export::Format::Json,
            Format::Junit => export::Format::Junit,
            Format::Csv => export::Format::Csv,
            Format::Sarif => export::Format::Sarif,
            Format::Html => export::Format::Html,
            Format::Github => export::Format::Github,
            Format::Markdown => export::Format::Markdown,
            Format::Gradescope => export::Format::Gradescope,
        })
    }

    /// Whether the report for people goes to stdout, as the grading goes.
    fn human(self) -> bool {
        matches!(self, Format::Human | Format::Github)
    }
}

/// Where a report goes: files in the formats their names tell, a format on stdout.
#[derive(Debug, Default)]
pub struct Outputs {
    /// `-o FILE`, repeatable.
    pub files: Vec<Target>,
    /// `--format` [default: human].
    pub format: Option<Format>,
    /// `--roster FILE`: who each student folder is, for the gradebook.
    pub roster: Option<PathBuf>,
}

impl Outputs {
    /// The JSON report file: kept up to date as grading goes, read back by `--resume`.
    fn report_file(&self) -> Option<&Path> {
        self.files
            .iter()
            .find(|target| target.format == export::Format::Json)
            .map(|target| target.path.as_path())
    }

    fn format(&self) -> Format {
        self.format.unwrap_or(Format::Human)
    }

    /// Refuses what would lose a report: one file named twice, a roster that does not read.
    /// The errors are in `lang`.
    fn prepare(&self, lang: Lang) -> Result<export::Context, String> {
        for (index, target) in self.files.iter().enumerate() {
            if let Some(earlier) = self.files[..index]
                .iter()
                .find(|earlier| earlier.path == target.path)
            {
                return Err(msg!(
                    lang,
                    "cli-output-named-twice",
                    path = target.path.display().to_string(),
                    first = earlier.format.to_string(),
                    second = target.format.to_string()
                ));
            }
        }
        if self.roster.is_some()
            && self.format() != Format::Csv
            && !self
                .files
                .iter()
                .any(|target| target.format == export::Format::Csv)
        {
            return Err(msg!(lang, "cli-roster-without-gradebook"));
        }
        let roster = match &self.roster {
            Some(path) => Some(export::Roster::read(path, lang)?),
            None => None,
        };
        Ok(export::Context { roster, lang })
    }

    /// Writes `report` to every file but the JSON report file (written as grading goes), and
    /// in the chosen format to stdout. Every file is attempted; the errors are returned, and
    /// the warnings printed, in `lang`.
    fn deliver(
        &self,
        report: &Report,
        context: &export::Context,
        skip: Option<&Path>,
        lang: Lang,
    ) -> Vec<String> {
        let mut errors = Vec::new();
        for target in &self.files {
            if Some(target.path.as_path()) == skip {
                continue;
            }
            let written = export::render(target.format, report, context).and_then(|text| {
                export::write(&target.path, &text)
                    .map_err(|err| msg!(lang, "cli-output-unwritable", reason = err.to_string()))
            });
            if let Err(err) = written {
                errors.push(format!("{}: {err}", target.path.display()));
            }
        }
        if let Some(format) = self.format().export() {
            match export::render(format, report, context) {
                Ok(text) => {
                    let mut stdout = std::io::stdout().lock();
                    let _ = write!(stdout, "{text}");
                    if !text.ends_with('\n') && !text.is_empty() {
                        let _ = writeln!(stdout);
                    }
                }
                Err(err) => errors.push(format!("--format {}: {err}", format.name())),
            }
        }
        if self.format() == Format::Github {
            if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                if let Err(err) = append_summary(Path::new(&path), report, context, lang) {
                    errors.push(err);
                }
            }
        }
        if let Some(roster) = &context.roster {
            let (unlisted, absent) = roster.unmatched(report);
            let file = self
                .roster
                .as_deref()
                .unwrap_or(Path::new("roster"))
                .display()
                .to_string();
            let mut stderr = anstream::stderr();
            let warning = msg!(lang, "cli-warning");
            if !unlisted.is_empty() {
                let _ = writeln!(
                    stderr,
                    "{warning} {}",
                    msg!(
                        lang,
                        "cli-roster-unlisted",
                        file = file.as_str(),
                        names = names(&unlisted, lang)
                    )
                );
            }
            if !absent.is_empty() {
                let _ = writeln!(
                    stderr,
                    "{warning} {}",
                    msg!(
                        lang,
                        "cli-roster-absent",
                        file = file.as_str(),
                        names = names(&absent, lang)
                    )
                );
            }
        }
        errors
    }
}

/// Folder names for a message in `lang`, inert and at most a handful.
fn names(folders: &[String], lang: Lang) -> String {
    let shown: Vec<String> = folders
        .iter()
        .take(5)
        .map(|name| format!("`{}`", crate::text::printable(name)))
        .collect();
    match folders.len() {
        count if count > shown.len() => msg!(
            lang,
            "cli-names-and-more",
            names = shown.join(", "),
            more = count - shown.len()
        ),
        _ => shown.join(", "),
    }
}

/// Appends the Markdown summary to the job summary file GitHub Actions shows on the run page;
/// the error is in `lang`.
fn append_summary(
    path: &Path,
    report: &Report,
    context: &export::Context,
    lang: Lang,
) -> Result<(), String> {
    let text = export::render(export::Format::Markdown, report, context)?;
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .map_err(|err| {
            msg!(
                lang,
                "cli-summary-unwritable",
                path = path.display().to_string(),
                reason = err.to_string()
            )
        })
}

/// `grade [PATH]`.
pub struct GradeArgs {
    pub path: PathBuf,
    pub config: Option<PathBuf>,
    pub outputs: Outputs,
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
    /// Grade only this shard of the class, as written on the command line (`2/3`): read once
    /// the message language is known, to say in it what is wrong.
    pub partition: Option<String>,
}

/// What makes a run fail (exit status 1), besides the grader's own problems (2).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FailWhen {
    pub allow_missing: bool,
    pub fail_under: Option<f64>,
}

/// An error to print, in its language.
#[derive(Debug)]
pub struct Failure {
    /// The language of the message, and of the `error` label printed before it.
    pub lang: Lang,
    /// What went wrong, in `lang`: the course file's errors one a line.
    pub message: String,
}

impl Failure {
    /// Prints the error; the exit status of a grader's error.
    fn print(&self) -> i32 {
        fail(self.lang, &self.message)
    }
}

/// Loads the course file given, or the nearest `grader.toml` above the current folder, in the
/// language `lang` (`--lang`) chooses (see [`Config::load_in`]).
pub fn load_config(explicit: Option<&Path>, lang: Option<Lang>) -> Result<Config, Failure> {
    let without_course = message_lang(lang, None);
    let failure = |message: String| Failure {
        lang: without_course,
        message,
    };
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => {
            let here = std::env::current_dir().map_err(|err| {
                failure(msg!(
                    without_course,
                    "cli-current-folder-unreadable",
                    reason = err.to_string()
                ))
            })?;
            Config::find(&here).ok_or_else(|| {
                failure(msg!(
                    without_course,
                    "cli-no-course-file",
                    file = FILE_NAME,
                    bundle = crate::bundle::FILE_NAME,
                    folder = here.display().to_string()
                ))
            })?
        }
    };
    Config::load_in(&path, lang).map_err(|errors| Failure {
        lang: errors.lang,
        message: errors.to_string(),
    })
}

pub fn grade_command(args: GradeArgs) -> i32 {
    let outputs = &args.outputs;
    let format = outputs.format();
    let config = match load_config(args.config.as_deref(), args.lang) {
        Ok(config) => config,
        Err(failure) => {
            // CI reading a machine format gets the errors there too, in a report with nothing
            // graded (never in the JSON report file, which may hold an earlier report).
            if !format.human()
                || outputs
                    .files
                    .iter()
                    .any(|t| t.format != export::Format::Json)
            {
                let errors: Vec<String> = failure.message.lines().map(str::to_string).collect();
                let report = Report::of_errors(errors);
                let context = export::Context {
                    lang: failure.lang,
                    ..export::Context::default()
                };
                let _ = outputs.deliver(&report, &context, outputs.report_file(), failure.lang);
            }
            return failure.print();
        }
    };
    let lang = message_lang(args.lang, Some(&config));
    if !args.path.exists() {
        return fail(
            lang,
            &msg!(
                lang,
                "cli-no-such-folder",
                path = args.path.display().to_string()
            ),
        );
    }
    let partition = match args.partition.as_deref() {
        Some(text) => match crate::report::Partition::parse(text, lang) {
            Ok(partition) => Some(partition),
            Err(message) => return fail(lang, &message),
        },
        None => None,
    };
    let context = match outputs.prepare(lang) {
        Ok(context) => context,
        Err(message) => return fail(lang, &message),
    };
    let report_file = outputs.report_file().map(Path::to_path_buf);
    // A bar on a terminal; with a machine format on stdout, plain lines on stderr that a log
    // reads.
    let mut progress = if format.human() {
        crate::report::progress::Progress::bar()
    } else {
        crate::report::progress::Progress::lines()
    };
    let mut human = Terminal::new(anstream::stdout())
        .with_lang(message_lang(args.lang, Some(&config)))
        .with_progress(progress.handle());
    if let Some(threshold) = args.fail_under {
        let max = config.course.max_score;
        if !(threshold >= 0.0 && threshold <= max) {
            return fail(
                lang,
                &msg!(
                    lang,
                    "cli-fail-under-out-of-range",
                    threshold = threshold.to_string(),
                    max = max.to_string()
                ),
            );
        }
    }
    if args.resume && report_file.is_none() {
        return fail(lang, &msg!(lang, "cli-resume-without-report"));
    }
    // The report already in the JSON file: kept for what this run does not grade, reused with
    // --resume. A file that is not one of grade's, or another course's, is never replaced.
    let existing = match &report_file {
        Some(path) => match read_report(path, lang) {
            Ok(existing) => existing,
            Err(message) => return fail(lang, &message),
        },
        None => None,
    };
    if let (Some(existing), Some(path)) = (&existing, &report_file) {
        if existing.course != config.course.name {
            return fail(
                lang,
                &msg!(
                    lang,
                    "cli-report-of-another-course",
                    path = path.display().to_string(),
                    course = existing.course.as_str(),
                    ours = config.course.name.as_str()
                ),
            );
        }
    }
    let previous = existing.clone().filter(|_| args.resume);
    let mut file = report_file.clone().map(|path| JsonFile::new(path, lang));
    let mut reporters: Vec<&mut dyn Reporter> = Vec::new();
    if let Some(file) = &mut file {
        reporters.push(file);
    }
    if format.human() {
        reporters.push(&mut human);
    }
    reporters.push(&mut progress);
    let sandbox = match Sandbox::detect(&config.sandbox, lang) {
        Ok(sandbox) => sandbox,
        Err(err) => {
            return fail(
                lang,
                &msg!(lang, "cli-sandbox-unprepared", reason = err.to_string()),
            )
        }
    };
    let protections = sandbox
        .protections()
        .iter()
        .map(|protection| crate::report::Protection {
            name: protection.name.to_string(),
            label: protection.label.clone(),
            active: protection.active,
            detail: protection.detail.clone(),
        })
        .collect();
    let launcher = Sandboxed { sandbox };
    let options = Options {
        path: args.path.clone(),
        exercises: args.exercises.clone(),
        lang,
        jobs: args.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map_or(1, |cpus| u32::try_from(cpus.get()).unwrap_or(1))
        }),
        protections,
        previous,
        existing,
        partition,
    };
    if let Err(err) = crate::interrupt::install() {
        return fail(
            lang,
            &msg!(lang, "cli-no-interrupt", reason = err.to_string()),
        );
    }
    let report = match pipeline::grade(&config, &options, &launcher, &mut Fanout(reporters)) {
        Ok(report) => report,
        Err(err) => return fail(lang, &err.0),
    };
    let mut errors: Vec<String> = file
        .map(JsonFile::finish)
        .and_then(Result::err)
        .into_iter()
        .collect();
    errors.extend(outputs.deliver(&report, &context, report_file.as_deref(), lang));
    if !errors.is_empty() {
        return fail(lang, &errors.join("\n"));
    }
    let when = FailWhen {
        allow_missing: args.allow_missing,
        fail_under: args.fail_under,
    };
    let status = exit_status(&report, when);
    if nothing_graded(&report) {
        let _ = writeln!(
            anstream::stderr(),
            "{}",
            msg!(
                lang,
                "cli-nothing-graded",
                students = report.summary.students
            )
        );
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
    if nothing_graded(report) {
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

/// Whether a run graded nothing at all: never a success, whatever the flags say.
fn nothing_graded(report: &Report) -> bool {
    !graded_verdicts(report)
        .iter()
        .any(|verdict| *verdict != ExerciseVerdict::Missing)
}

/// Prints `message` as an error, labelled in `lang`; the exit status of a grader's error.
fn fail(lang: Lang, message: &str) -> i32 {
    let error = anstyle::AnsiColor::Red.on_default().bold();
    let label = msg!(lang, "cli-error");
    let _ = writeln!(anstream::stderr(), "{error}{label}{error:#} {message}");
    EXIT_ERROR
}

/// Reads the report an earlier `--output` wrote; none yet is fine (the first run). The error
/// is in `lang`.
fn read_report(path: &Path, lang: Lang) -> Result<Option<Report>, String> {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => {
            return Err(msg!(
                lang,
                "cli-report-unreadable",
                path = shown,
                reason = err.to_string()
            ))
        }
    };
    serde_json::from_str(&text).map(Some).map_err(|err| {
        msg!(
            lang,
            "cli-not-a-report",
            path = shown,
            reason = err.to_string()
        )
    })
}

/// Writes the JSON report to a file after every exercise, so a crash loses only the one in
/// progress, and once more at the end.
struct JsonFile {
    path: PathBuf,
    /// The language of the error.
    lang: Lang,
    error: Option<String>,
}

impl JsonFile {
    fn new(path: PathBuf, lang: Lang) -> JsonFile {
        JsonFile {
            path,
            lang,
            error: None,
        }
    }

    fn finish(self) -> Result<(), String> {
        self.error.map_or(Ok(()), Err)
    }
}

impl Reporter for JsonFile {
    fn event(&mut self, event: &Event) {
        if let Event::Checkpoint(report) | Event::Finished(report) = event {
            if let Err(err) = json::write(report, &self.path) {
                self.error = Some(msg!(
                    self.lang,
                    "cli-report-unwritable",
                    path = self.path.display().to_string(),
                    reason = err.to_string()
                ));
            }
        }
    }
}

/// The course file for commands that also work without one: the one given (which must load),
/// else the nearest `grader.toml` in `start` or above, if any; loaded in the language `lang`
/// (`--lang`) chooses.
fn optional_config(
    explicit: Option<&Path>,
    start: Option<&Path>,
    lang: Option<Lang>,
) -> Result<Option<Config>, Failure> {
    let start = match start {
        Some(start) => std::fs::canonicalize(start).ok(),
        None => std::env::current_dir().ok(),
    };
    match explicit {
        Some(_) => load_config(explicit, lang).map(Some),
        None => match start.and_then(|start| {
            let folder = if start.is_dir() {
                start
            } else {
                start.parent()?.to_path_buf()
            };
            Config::find(&folder)
        }) {
            Some(path) => Config::load_in(&path, lang)
                .map(Some)
                .map_err(|errors| Failure {
                    lang: errors.lang,
                    message: errors.to_string(),
                }),
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
    let config = match optional_config(config, paths.first().map(PathBuf::as_path), lang) {
        Ok(config) => config,
        Err(failure) => return failure.print(),
    };
    let settings = config
        .as_ref()
        .map(|config| config.lint.clone())
        .unwrap_or_default();
    crate::lint::cli::lint_command(paths, &settings, message_lang(lang, config.as_ref()), json)
}

/// `grade explain CODE`.
pub fn explain_command(code: &str, config: Option<&Path>, lang: Option<Lang>) -> i32 {
    let config = optional_config(config, None, lang).ok().flatten();
    crate::lint::cli::explain_command(code, message_lang(lang, config.as_ref()))
}

/// `grade doctor`, its lines in the language of `lang` (`--lang`), else of the course.
pub fn doctor_command(config: Option<&Path>, lang: Option<Lang>) -> i32 {
    match optional_config(config, None, lang) {
        Ok(config) => {
            let lang = message_lang(lang, config.as_ref());
            let settings = config
                .as_ref()
                .map(|config| config.sandbox.clone())
                .unwrap_or_default();
            let status = crate::sandbox::doctor_command(&settings, lang);
            let (python, cargo) = config.as_ref().map_or(("python3", "cargo"), |config| {
                (config.course.python.as_str(), config.course.cargo.as_str())
            });
            let toolchain = crate::toolchain::Toolchain::detect(python, cargo, lang);
            let unreachable = Sandbox::detect(&settings, lang)
                .map(|sandbox| sandbox.unreachable(&toolchain.paths()))
                .unwrap_or_default();
            for problem in toolchain.problems.iter().chain(&unreachable) {
                println!(
                    "{}",
                    msg!(lang, "doctor-toolchain-problem", problem = problem.as_str())
                );
            }
            if toolchain.problems.is_empty() && unreachable.is_empty() {
                println!("{}", msg!(lang, "doctor-toolchains-reachable"));
                status
            } else {
                EXIT_FAIL
            }
        }
        Err(failure) => failure.print(),
    }
}

/// `grade similar PATH`: the pairs of solutions sharing at least `min` percent of their code,
/// for people or as JSON; exit 0 (a pair is a finding for the instructor, not a failure), 2
/// when the course file or the class folder cannot be read.
pub fn similar_command(
    config: Option<&Path>,
    mut sources: crate::similar::Sources,
    min: f64,
    json: bool,
    lang: Option<Lang>,
) -> i32 {
    let config = match load_config(config, lang) {
        Ok(config) => config,
        Err(failure) => return failure.print(),
    };
    let lang = message_lang(lang, Some(&config));
    if !(0.0..=100.0).contains(&min) {
        return fail(lang, &msg!(lang, "similar-min", value = min));
    }
    for folder in std::iter::once(&sources.class)
        .chain(&sources.base)
        .chain(&sources.against)
    {
        if !folder.is_dir() {
            let path = folder.display().to_string();
            return fail(lang, &msg!(lang, "cli-no-such-folder", path = path));
        }
    }
    if sources.base.is_empty() && config.bundle.is_none() {
        sources.base.push(config.course.reference.clone());
    }
    let collected = match crate::similar::collect(&config, &sources) {
        Ok(collected) => collected,
        Err(why) => return fail(lang, &why),
    };
    let pairs = crate::similar::compare(&collected.documents, crate::similar::Settings::default());
    let solutions = collected
        .documents
        .iter()
        .filter(|document| document.origin == crate::similar::Origin::Class)
        .count();
    let text = if json {
        crate::similar::render::json(&pairs, min / 100.0, solutions, &collected.problems) + "\n"
    } else {
        crate::similar::render::human(&pairs, min / 100.0, solutions, lang)
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    for problem in &collected.problems {
        let _ = writeln!(
            anstream::stderr(),
            "{} {problem}",
            msg!(lang, "cli-warning")
        );
    }
    EXIT_PASS
}

/// `grade check`: the course file's errors, every one at once (exit 2); else the settings of
/// each exercise, and each reference built and run (exit 2 if one is missing or fails).
/// Its errors, and the course's texts given by language, are in `lang` (`--lang`), else in the
/// course's language.
pub fn check_command(config: Option<&Path>, lang: Option<Lang>) -> i32 {
    match load_config(config, lang) {
        Ok(config) => {
            let lang = message_lang(lang, Some(&config));
            crate::course_check::check(&config, &mut anstream::stdout(), lang)
        }
        Err(failure) => failure.print(),
    }
}

/// `grade pack -o FILE`: the course bundle of the course file (see [`crate::bundle::pack`]);
/// exit 2 when a reference fails or the file cannot be written.
pub fn pack_command(config: Option<&Path>, output: &Path, lang: Option<Lang>) -> i32 {
    match load_config(config, lang) {
        Ok(config) => {
            let lang = message_lang(lang, Some(&config));
            if config.bundle.is_some() {
                let file = config.path.display().to_string();
                return fail(lang, &msg!(lang, "pack-from-bundle", file = file));
            }
            crate::bundle::pack::pack(&config, output, &mut anstream::stdout(), lang)
        }
        Err(failure) => failure.print(),
    }
}

/// `grade merge REPORT...`: the shards' JSON reports as the report of the whole class, in the
/// files and format of `outputs` (JSON on stdout when none is named); the exit status is the
/// one grading the class in one run would give. Its own errors are in `lang` (`--lang`), else
/// the locale's language.
pub fn merge_command(
    reports: &[PathBuf],
    outputs: &Outputs,
    when: FailWhen,
    lang: Option<Lang>,
) -> i32 {
    let lang = message_lang(lang, None);
    let context = match outputs.prepare(lang) {
        Ok(context) => context,
        Err(message) => return fail(lang, &message),
    };
    let mut shards = Vec::new();
    for path in reports {
        match read_report(path, lang) {
            Ok(Some(report)) => shards.push(crate::report::merge::Shard {
                file: path.display().to_string(),
                report,
            }),
            Ok(None) => {
                return fail(
                    lang,
                    &msg!(
                        lang,
                        "cli-no-such-report",
                        path = path.display().to_string()
                    ),
                )
            }
            Err(message) => return fail(lang, &message),
        }
    }
    let report = match crate::report::merge::merge(shards, lang) {
        Ok(report) => report,
        Err(message) => return fail(lang, &message),
    };
    let errors = if outputs.format.is_none() && outputs.files.is_empty() {
        let json = Outputs {
            format: Some(Format::Json),
            ..Outputs::default()
        };
        json.deliver(&report, &context, None, lang)
    } else if outputs.format().human() {
        // The report for people, which grading prints as it goes, all at once.
        let _ = Terminal::new(anstream::stdout())
            .with_lang(lang)
            .whole(&report);
        outputs.deliver(&report, &context, None, lang)
    } else {
        outputs.deliver(&report, &context, None, lang)
    };
    if !errors.is_empty() {
        return fail(lang, &errors.join("\n"));
    }
    exit_status(&report, when)
}
