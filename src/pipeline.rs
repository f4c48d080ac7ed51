//! The grading pipeline: discover -> references -> for each student and exercise: build, run,
//! check, score -> report. A broken submission is data; only the grader's own failures are errors.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use crate::build::Context;
use crate::config::{Config, Exercise};
use crate::discover::{self, Entry, Student};
use crate::events::{Event, Reporter};
use crate::lang::Lang;
use crate::launch::Launcher;
use crate::msg;
use crate::reference;
use crate::report::{ExerciseReport, ExerciseVerdict, Language, Report, Submission};
use crate::schedule;
use crate::score;
use crate::scratch::Scratch;
use crate::toolchain::Toolchain;

/// What to grade, and how.
pub struct Options {
    /// A folder of student folders, or one student's folder.
    pub path: PathBuf,
    /// Only these exercises (all when empty).
    pub exercises: Vec<String>,
    /// The language of lint messages.
    pub lang: crate::lang::Lang,
    /// CPUs' worth of builds and runs at once (`--jobs`); 1 grades one unit at a time.
    pub jobs: u32,
    /// What contains student code on this machine, for the report.
    pub protections: Vec<crate::report::Protection>,
    /// An earlier report whose results are reused where nothing changed (`--resume`).
    pub previous: Option<Report>,
    /// The report already in the output file: what this run does not grade of it (other
    /// students, other exercises) is kept, so that grading part of a class loses nothing.
    pub existing: Option<Report>,
    /// Grade only the students of this shard of the class (`--partition`).
    pub partition: Option<crate::report::Partition>,
}

/// An error that keeps the grader from doing its job at all.
#[derive(Debug)]
pub struct GradeError(pub String);

impl std::fmt::Display for GradeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GradeError {}

/// Grades every student under `options.path` against `config`.
///
/// After each exercise the report so far is sent as [`Event::Checkpoint`], so a reporter can
/// write it and a crash loses only the exercise in progress. An interruption (Ctrl-C, SIGTERM)
/// stops after the run in progress, which is killed, and the report says so.
pub fn grade(
    config: &Config,
    options: &Options,
    launcher: &dyn Launcher,
    reporter: &mut dyn Reporter,
) -> Result<Report, GradeError> {
    let started = Instant::now();
    crate::run::reap::become_subreaper();
    let exercises = chosen_exercises(config, &options.exercises, options.lang)?;
    let (mut students, problems) = discover::students(&options.path, config).map_err(GradeError)?;
    if let Some(partition) = options.partition {
        students.retain(|student| partition.holds(&student.name));
    }
    let scratch = Scratch::new().map_err(|err| {
        GradeError(msg!(
            options.lang,
            "grade-no-scratch",
            reason = err.to_string()
        ))
    })?;
    let toolchain = Toolchain::detect(&config.course.python, &config.course.cargo, options.lang);
    let context = Context::new(config, &scratch, &toolchain, launcher, options.lang);
    let config_text = std::fs::read(&config.path).unwrap_or_default();

    let names: Vec<String> = students.iter().map(|s| s.name.clone()).collect();
    reporter.event(&Event::Started {
        config,
        root: &options.path,
        students: &names,
        protections: &options.protections,
    });
    let mut report = Report {
        course: config.course.name.clone(),
        config: config.path.clone(),
        course_digest: crate::scratch::fingerprint(
            &config_text,
            "",
            "course",
            &config.course.reference,
        ),
        exercises: exercises
            .iter()
            .map(|exercise| crate::report::ExerciseInfo {
                name: exercise.name.clone(),
                title: exercise.title.clone(),
                points: exercise.points,
            })
            .collect(),
        partition: options.partition,
        protections: options.protections.clone(),
        ..Report::of_errors(Vec::new())
    };
    let unreachable = launcher.unreachable(&toolchain.paths());
    let problems = problems.into_iter().chain(
        toolchain
            .problems
            .iter()
            .chain(&unreachable)
            .cloned()
            .map(discover::Problem::Error),
    );
    for problem in problems {
        match problem {
            discover::Problem::Error(message) => {
                reporter.event(&Event::Problem(&message));
                report.errors.push(message);
            }
            discover::Problem::Warning(message) => {
                reporter.event(&Event::Warning(&message));
                report.warnings.push(message);
            }
        }
    }

    // What to grade: every entry, with what an earlier report already says of it (`--resume`).
    let plan = plan(
        &students,
        &exercises,
        &config_text,
        &config.course.reference,
        options.previous.as_ref(),
    );

    let graded_names: Vec<&str> = students.iter().map(|s| s.name.as_str()).collect();
    let (kept, earlier_exercises) = carried_over(
        options.existing.as_ref(),
        &options.path,
        &graded_names,
        &exercises,
        config,
    );
    report.summary.kept = kept.len();
    report.submissions = kept;

    if options.jobs > 1 && !launcher.overlap() {
        let message = msg!(options.lang, "grade-runs-take-turns");
        reporter.event(&Event::Warning(&message));
        report.warnings.push(message);
    }
    let mut session = Session::new(
        &plan,
        &earlier_exercises,
        options.existing.as_ref(),
        &exercises,
        reporter,
        report,
        options.lang,
    );
    let graded: Vec<schedule::Planned> = session
        .rows
        .iter()
        .filter_map(|row| match &row.what {
            RowKind::Grade(planned) => Some(schedule::Planned {
                student: row.student,
                exercise: row.exercise,
                entry: &planned.entry,
                fingerprint: &planned.fingerprint,
            }),
            RowKind::Ready(_) => None,
        })
        .collect();
    let mut needed: Vec<(&Exercise, Language)> = Vec::new();
    for planned in &graded {
        let key = (planned.exercise, planned.entry.language);
        if !needed
            .iter()
            .any(|(e, l)| e.name == key.0.name && *l == key.1)
        {
            needed.push(key);
        }
    }
    let references = match &config.bundle {
        None => needed
            .iter()
            .map(|&(exercise, language)| schedule::Reference {
                exercise,
                language,
                given: None,
            })
            .collect(),
        Some(bundle) => bundled(
            config,
            bundle,
            &needed,
            &toolchain,
            options.lang,
            &mut session,
        ),
    };
    session.start(started);
    let executed = schedule::execute(
        config,
        &context,
        options.lang,
        options.jobs,
        &graded,
        references,
        started,
        &mut session,
    );
    let mut report = session.finish(started);
    report.references = executed
        .baselines
        .iter()
        .filter_map(|(_, measured)| measured.as_ref().ok())
        .cloned()
        .collect();
    report.interrupted = executed.interrupted;
    if report.interrupted {
        let graded = report.summary.exercises;
        let message = msg!(
            options.lang,
            "grade-interrupted",
            graded = graded.to_string()
        );
        reporter.event(&Event::Problem(&message));
        report.errors.push(message);
    }
    report
        .submissions
        .sort_by_cached_key(|submission| discover::collation_key(&submission.student));
    report.summary = score::summarize(&report.submissions, report.summary.kept, started.elapsed());
    report.summary.schedule = Some(executed.schedule);
    if !report.interrupted {
        report.similar = crate::similar::class_pairs(
            config,
            &options.path,
            &options.exercises,
            crate::similar::REPORT_MIN,
        );
    }
    reporter.event(&Event::Finished(&report));
    Ok(report)
}

/// One exercise of one student, in the order of the report: graded by this run, or known
/// already (missing, or reused from an earlier report).
struct Row<'p> {
    student: &'p Student,
    exercise: &'p Exercise,
    what: RowKind<'p>,
}

enum RowKind<'p> {
    Grade(&'p Planned),
    Ready(ExerciseReport),
}

/// The report as units are judged: it holds the rows' results, hands them to the reporters in
/// the rows' order, and checkpoints after each.
struct Session<'p, 'r> {
    rows: Vec<Row<'p>>,
    /// The result of each row, once there is one.
    results: Vec<Option<ExerciseReport>>,
    /// Row of each graded entry, in the scheduler's numbering.
    graded_rows: Vec<usize>,
    in_order: schedule::InOrder<()>,
    /// What the existing report holds of each student's other exercises.
    earlier: &'p BTreeMap<String, Vec<ExerciseReport>>,
    /// What the existing report holds of each student this run grades: kept as it was until
    /// one of the student's entries is judged, so that an interruption loses nothing.
    previous: BTreeMap<String, Submission>,
    /// The students of the existing report this run does not grade, carried over as they were.
    carried: Vec<Submission>,
    max_score: f64,
    reporter: &'r mut dyn Reporter,
    report: Report,
    started: Instant,
}

impl<'p, 'r> Session<'p, 'r> {
    fn new(
        plan: &'p Plan<'p>,
        earlier: &'p BTreeMap<String, Vec<ExerciseReport>>,
        existing: Option<&Report>,
        exercises: &[&Exercise],
        reporter: &'r mut dyn Reporter,
        report: Report,
        lang: crate::lang::Lang,
    ) -> Session<'p, 'r> {
        let previous = existing
            .into_iter()
            .flat_map(|existing| &existing.submissions)
            .filter(|submission| {
                plan.iter()
                    .any(|(student, _)| student.name == submission.student)
            })
            .map(|submission| {
                (
                    submission.student.clone(),
                    Submission {
                        kept: true,
                        ..submission.clone()
                    },
                )
            })
            .collect();
        let mut rows = Vec::new();
        for (student, entries) in plan {
            for (exercise, found) in entries {
                if found.is_empty() {
                    rows.push(Row {
                        student,
                        exercise,
                        what: RowKind::Ready(missing(student, exercise, lang)),
                    });
                }
                for planned in found {
                    rows.push(Row {
                        student,
                        exercise,
                        what: match &planned.earlier {
                            Some(result) => RowKind::Ready(result.clone()),
                            None => RowKind::Grade(planned),
                        },
                    });
                }
            }
        }
        let graded_rows = rows
            .iter()
            .enumerate()
            .filter(|(_, row)| matches!(row.what, RowKind::Grade(_)))
            .map(|(index, _)| index)
            .collect();
        Session {
            results: vec![None; rows.len()],
            rows,
            graded_rows,
            in_order: schedule::InOrder::new(),
            earlier,
            previous,
            carried: report.submissions.clone(),
            max_score: exercises.iter().map(|e| e.points).sum(),
            reporter,
            report,
            started: Instant::now(),
        }
    }

    /// The rows known before anything runs go out at once.
    fn start(&mut self, started: Instant) {
        self.started = started;
        self.reporter.event(&Event::Progress(&schedule::Progress {
            judged: 0,
            total: self.rows.len(),
            running: Vec::new(),
        }));
        let ready: Vec<(usize, ExerciseReport)> = self
            .rows
            .iter()
            .enumerate()
            .filter_map(|(index, row)| match &row.what {
                RowKind::Ready(result) => Some((index, result.clone())),
                RowKind::Grade(_) => None,
            })
            .collect();
        for (index, result) in ready {
            self.place(index, result);
        }
    }

    /// Row `index` has its result: into the report, to the reporters when its turn comes.
    fn place(&mut self, index: usize, result: ExerciseReport) {
        self.reporter.event(&Event::Judged {
            student: &self.rows[index].student.name,
            report: &result,
        });
        self.results[index] = Some(result);
        // Once per entry: what the events below show is the report with it.
        self.rebuild();
        for (ready, ()) in self.in_order.ready(index, ()) {
            let row = &self.rows[ready];
            if let Some(result) = &self.results[ready] {
                self.reporter.event(&Event::Exercise {
                    student: &row.student.name,
                    report: result,
                });
            }
            let last_of_student = self
                .rows
                .get(ready + 1)
                .is_none_or(|next| next.student.name != row.student.name);
            if last_of_student {
                if let Some(submission) =
                    self.report.submissions.iter().find(|submission| {
                        submission.student == row.student.name && !submission.kept
                    })
                {
                    self.reporter.event(&Event::Student(submission));
                }
            }
        }
        self.reporter.event(&Event::Checkpoint(&self.report));
    }

    /// The report's submissions from the rows' results: a student appears once one of its
    /// exercises has a result.
    fn rebuild(&mut self) {
        let mut submissions = self.carried.clone();
        let mut index = 0;
        while index < self.rows.len() {
            let student = self.rows[index].student;
            let mut exercises: Vec<ExerciseReport> =
                self.earlier.get(&student.name).cloned().unwrap_or_default();
            let carried = exercises.iter().map(|e| e.max_score).sum::<f64>();
            let mut any = false;
            while index < self.rows.len() && self.rows[index].student.name == student.name {
                if let Some(result) = &self.results[index] {
                    exercises.push(result.clone());
                    any = true;
                }
                index += 1;
            }
            if !any {
                if let Some(previous) = self.previous.get(&student.name) {
                    submissions.push(previous.clone());
                }
            } else {
                submissions.push(Submission {
                    student: student.name.clone(),
                    path: student.path.clone(),
                    score: score::student_score(&exercises),
                    max_score: score::round(self.max_score + carried),
                    exercises,
                    kept: false,
                });
            }
        }
        self.report.submissions = submissions;
        self.report.summary = score::summarize(
            &self.report.submissions,
            self.report.summary.kept,
            self.started.elapsed(),
        );
    }

    fn finish(mut self, started: Instant) -> Report {
        self.started = started;
        self.rebuild();
        self.report
    }
}

/// The references of `needed` as a course bundle gives them: this machine is calibrated (when
/// anything is to be timed), and each bundled time scaled to it (see [`crate::bundle`]). A
/// reference the bundle lacks, or a calibration that failed, leaves the entries it concerns
/// ungraded, with why.
fn bundled<'a>(
    config: &Config,
    bundle: &crate::bundle::Bundle,
    needed: &[(&'a Exercise, Language)],
    toolchain: &Toolchain,
    lang: Lang,
    session: &mut Session,
) -> Vec<schedule::Reference<'a>> {
    let languages: Vec<Language> = bundle
        .languages()
        .into_iter()
        .filter(|language| needed.iter().any(|(_, l)| l == language))
        .collect();
    let given = if needed.is_empty() {
        Ok(Vec::new())
    } else {
        crate::bundle::calibrate::measure(&languages, toolchain.python.as_deref())
            .map(|here| {
                let scales: Vec<(Language, f64)> = languages
                    .iter()
                    .map(|&language| (language, here.ratio(&bundle.calibration, language)))
                    .collect();
                session.reporter.event(&Event::Bundle {
                    file: &config.path,
                    scales: &scales,
                });
                bundle.baselines(&here)
            })
            .map_err(|why| msg!(lang, "bundle-calibration-failed", why = why))
    };
    needed
        .iter()
        .map(|&(exercise, language)| {
            let measured = match &given {
                Err(why) => (Err(why.clone()), None),
                Ok(given) => given
                    .iter()
                    .find(|g| g.exercise == exercise.name && g.language == language)
                    .map(|g| (g.measured.clone(), g.cpu_share))
                    .unwrap_or_else(|| {
                        let why = msg!(
                            lang,
                            "bundle-no-reference",
                            file = config.path.display().to_string(),
                            language = language.name(),
                            exercise = exercise.name.as_str()
                        );
                        (Err(why), None)
                    }),
            };
            schedule::Reference {
                exercise,
                language,
                given: Some(measured),
            }
        })
        .collect()
}

impl schedule::Sink for Session<'_, '_> {
    fn reference(
        &mut self,
        exercise: &Exercise,
        _language: Language,
        measured: &reference::Measured,
    ) {
        let _ = exercise;
        match measured {
            Ok(baseline) => self.reporter.event(&Event::Reference(Ok(baseline))),
            Err(why) => {
                self.reporter.event(&Event::Reference(Err(why)));
                self.report.errors.push(why.clone());
            }
        }
    }

    fn judged(&mut self, index: usize, report: ExerciseReport) {
        if let Some(&row) = self.graded_rows.get(index) {
            self.place(row, report);
        }
    }

    fn progress(&mut self, progress: &schedule::Progress) {
        // Counted over every row: missing entries and reused results are judged at once.
        let rows = schedule::Progress {
            judged: self
                .results
                .iter()
                .filter(|result| result.is_some())
                .count(),
            total: self.rows.len(),
            running: progress.running.clone(),
        };
        self.reporter.event(&Event::Progress(&rows));
    }
}

/// What of the existing report this run keeps: the students it does not grade (outside the
/// folder graded), and, for those it grades, their results of the exercises it does not grade.
fn carried_over(
    existing: Option<&Report>,
    root: &std::path::Path,
    graded: &[&str],
    exercises: &[&Exercise],
    config: &Config,
) -> (Vec<Submission>, BTreeMap<String, Vec<ExerciseReport>>) {
    let Some(existing) = existing else {
        return (Vec::new(), BTreeMap::new());
    };
    let canonical_root = std::fs::canonicalize(root).ok();
    let under_root = |path: &std::path::Path| {
        path.starts_with(root)
            || match (&canonical_root, std::fs::canonicalize(path)) {
                (Some(root), Ok(path)) => path.starts_with(root),
                _ => false,
            }
    };
    let mut kept = Vec::new();
    let mut earlier = BTreeMap::new();
    for submission in &existing.submissions {
        if graded.contains(&submission.student.as_str()) {
            // The course's other exercises; one removed from the course since is gone.
            let others: Vec<ExerciseReport> = submission
                .exercises
                .iter()
                .filter(|result| !exercises.iter().any(|e| e.name == result.exercise))
                .filter(|result| config.exercise(&result.exercise).is_some())
                .map(|result| ExerciseReport {
                    kept: true,
                    // Its spans are offsets into another grading's time.
                    timeline: Vec::new(),
                    ..result.clone()
                })
                .collect();
            earlier.insert(submission.student.clone(), others);
        } else if !under_root(&submission.path) {
            kept.push(Submission {
                kept: true,
                exercises: submission
                    .exercises
                    .iter()
                    .map(|result| ExerciseReport {
                        timeline: Vec::new(),
                        ..result.clone()
                    })
                    .collect(),
                ..submission.clone()
            });
        }
    }
    (kept, earlier)
}

/// Every entry of every student, each with what an earlier report already says of it.
fn plan<'a>(
    students: &'a [Student],
    exercises: &[&'a Exercise],
    config_text: &[u8],
    reference: &std::path::Path,
    previous: Option<&Report>,
) -> Plan<'a> {
    students
        .iter()
        .map(|student| {
            let entries = exercises
                .iter()
                .map(|exercise| {
                    let found = discover::entries(&student.path, exercise)
                        .into_iter()
                        .map(|entry| {
                            plan_entry(student, exercise, entry, config_text, reference, previous)
                        })
                        .collect();
                    (*exercise, found)
                })
                .collect();
            (student, entries)
        })
        .collect()
}

/// An entry, its fingerprint, and its result in `previous` if nothing it depends on changed.
fn plan_entry(
    student: &Student,
    exercise: &Exercise,
    entry: Entry,
    config_text: &[u8],
    reference: &std::path::Path,
    previous: Option<&Report>,
) -> Planned {
    // A script may import its neighbours: the whole folder counts. A crate is its folder.
    let folder = match entry.language {
        Language::Python => student.path.clone(),
        Language::Rust => entry.path.clone(),
    };
    // The reference too: a result judged against a missing or since-fixed reference is stale.
    let reference_folder = match (entry.language, &exercise.rust) {
        (Language::Rust, Some(krate)) => reference.join(krate),
        _ => reference.to_path_buf(),
    };
    let reference_digest =
        crate::scratch::fingerprint(b"", &exercise.name, "reference", &reference_folder);
    let course = [config_text, reference_digest.as_bytes()].concat();
    let fingerprint =
        crate::scratch::fingerprint(&course, &exercise.name, entry.language.name(), &folder);
    let earlier = previous
        .and_then(|previous| earlier_result(previous, &student.name, &exercise.name, &fingerprint));
    Planned {
        entry,
        fingerprint,
        earlier,
    }
}

/// The exercises named by `--exercise`, all of them when none is.
fn chosen_exercises<'a>(
    config: &'a Config,
    wanted: &[String],
    lang: Lang,
) -> Result<Vec<&'a Exercise>, GradeError> {
    for name in wanted {
        if config.exercise(name).is_none() {
            let known: Vec<&str> = config.exercises.iter().map(|e| e.name.as_str()).collect();
            return Err(GradeError(msg!(
                lang,
                "grade-no-such-exercise",
                name = name.as_str(),
                file = config.path.display().to_string(),
                known = known.join(", ")
            )));
        }
    }
    Ok(config
        .exercises
        .iter()
        .filter(|e| wanted.is_empty() || wanted.contains(&e.name))
        .collect())
}

/// The result an earlier report holds for this entry, if nothing it depends on changed.
fn earlier_result(
    previous: &Report,
    student: &str,
    exercise: &str,
    fingerprint: &str,
) -> Option<ExerciseReport> {
    previous
        .submissions
        .iter()
        .filter(|submission| submission.student == student)
        .flat_map(|submission| &submission.exercises)
        .find(|result| result.exercise == exercise && result.fingerprint == fingerprint)
        .map(|result| ExerciseReport {
            reused: true,
            timeline: Vec::new(),
            ..result.clone()
        })
}

/// An entry to grade.
struct Planned {
    entry: Entry,
    fingerprint: String,
    /// Its result in the earlier report, when `--resume` can reuse it.
    earlier: Option<ExerciseReport>,
}

/// Each student with, per exercise, the entries found (none when missing).
type Plan<'a> = Vec<(&'a Student, Vec<(&'a Exercise, Vec<Planned>)>)>;

fn missing(student: &Student, exercise: &Exercise, lang: crate::lang::Lang) -> ExerciseReport {
    ExerciseReport {
        exercise: exercise.name.clone(),
        title: exercise.title.clone(),
        kept: false,
        language: None,
        entry: None,
        verdict: ExerciseVerdict::Missing,
        score: 0.0,
        max_score: exercise.points,
        fingerprint: String::new(),
        message: Some(discover::missing_message(&student.path, exercise, lang)),
        checks: Vec::new(),
        reused: false,
        timeline: Vec::new(),
    }
}

/// The outcome with the program's own wall time (see `WorkerFigures::program_wall`) when the
/// monitor saw it end by itself: the time check judges the program, not the sandbox's set-up
/// and tear-down around it. A run stopped by the grader keeps the time it was stopped at.
pub(crate) fn program_time(
    mut outcome: crate::run::Outcome,
    figures: Option<&crate::monitor::WorkerFigures>,
) -> crate::run::Outcome {
    if let (crate::run::Exit::Code(_), Some(program)) = (
        outcome.exit,
        figures.and_then(|figures| figures.program_wall),
    ) {
        outcome.elapsed = program.saturating_sub(outcome.waited_lowered);
    }
    // Without a cgroup to count it, the monitor's sum over the processes it saw.
    if outcome.cpu.is_none() {
        outcome.cpu = figures.map(|figures| figures.cpu_time);
    }
    outcome
}
