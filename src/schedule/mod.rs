//! Executing a grading plan on the whole machine: a dispatcher that alone owns the state, and
//! units (a build, a timed run, a reference's run, the other CPU views) that run on threads of
//! their own, each in its own sandbox, as the [`policy`] admits them.
//!
//! Each entry goes build -> run (again alone when other work slowed it and that could change its
//! verdict, see [`fairness`]) -> other CPU views when its result is right -> judged. References
//! go build -> timed runs; a student's run waits for its reference, which gives the expected
//! result, the time limit, and how much CPU a run of the exercise needs.

pub(crate) mod fairness;
mod judge;
mod policy;
mod work;

pub(crate) use work::{Paced, Settle};

use std::collections::VecDeque;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::build::{Context, Program};
use crate::config::{Config, Exercise};
use crate::discover::{Entry, Student};
use crate::reference::{self, Measured};
use crate::report::{Attempt, ExerciseReport, Language, Schedule, Span, Step};
use crate::run::Exit;

use fairness::{Ending, Next};
use policy::{Load, Slots};
use work::{BuildOutput, RunOutput};

/// One entry of one student to grade.
pub(crate) struct Planned<'a> {
    pub(crate) student: &'a Student,
    pub(crate) exercise: &'a Exercise,
    pub(crate) entry: &'a Entry,
    pub(crate) fingerprint: &'a str,
}

/// What the dispatcher tells the session as it goes.
pub(crate) trait Sink {
    fn reference(&mut self, exercise: &Exercise, language: Language, measured: &Measured);
    /// Entry `index` of the plan is judged.
    fn judged(&mut self, index: usize, report: ExerciseReport);
    /// What runs now, and how far the plan is.
    fn progress(&mut self, progress: &Progress);
}

/// How far a session is.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub judged: usize,
    pub total: usize,
    /// What runs now: `student exercise: step`.
    pub running: Vec<String>,
}

/// What a session's execution ends with.
pub(crate) struct Executed {
    pub(crate) baselines: Vec<((String, Language), Measured)>,
    pub(crate) schedule: Schedule,
    pub(crate) interrupted: bool,
}

/// Messages from units to the dispatcher.
pub(crate) enum Message {
    Done {
        unit: usize,
        output: Output,
    },
    /// A run timed alone mostly sleeps: it used this share of a CPU so far.
    Settled {
        unit: usize,
        share: f64,
    },
    /// A run passed its time limit: it now needs this many CPUs' worth. `stalled`: how long
    /// it had waited for a CPU until then, when its cgroup tells.
    Reweigh {
        unit: usize,
        share: f64,
        stalled: Option<Duration>,
        /// It was lowered (see [`policy::Load::Background`]).
        lowered: bool,
    },
}

pub(crate) enum Output {
    ReferenceBuilt(Result<reference::Built, String>),
    ReferenceTimed(Result<reference::Timed, String>),
    Built(Box<BuildOutput>),
    Ran(Box<RunOutput>),
    Viewed(Vec<crate::checks::View>),
}

/// A unit of work, by what it works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Task {
    ReferenceBuild(usize),
    ReferenceRun(usize),
    Build(usize),
    Run(usize),
    Views(usize),
}

impl Task {
    /// Which ready unit goes first: references (every run waits for them), then what ends an
    /// entry already run (a run again alone, the other CPU views: an entry's longest chain,
    /// 3 runs of a program that sleeps 8 s), then builds (they keep the CPUs busy while
    /// sleeping runs overlap them), then first runs; each in the order they became ready.
    fn rank(self, again: bool) -> u8 {
        match self {
            Task::ReferenceBuild(_) | Task::ReferenceRun(_) => 0,
            Task::Run(_) if again => 1,
            Task::Views(_) => 1,
            Task::Build(_) => 2,
            Task::Run(_) => 3,
        }
    }
}

struct Waiting {
    task: Task,
    load: Load,
    order: usize,
}

/// A reference being measured.
struct Ref<'a> {
    exercise: &'a Exercise,
    language: Language,
    built: Option<reference::Built>,
    runs: Vec<reference::Timed>,
    /// Every timing, slowed ones included, for the report.
    attempts: Vec<Attempt>,
    tries: usize,
    measured: Option<Measured>,
    /// Entries whose run waits for this reference.
    parked: Vec<usize>,
    /// Its units, placed in time.
    timeline: Vec<Span>,
    /// The share of a CPU it keeps busy, when given with its baseline (see [`Reference`]).
    given_share: Option<f64>,
}

impl Ref<'_> {
    /// The share of a CPU it keeps busy: measured over its runs, else as given.
    fn cpu_share(&self) -> Option<f64> {
        reference::cpu_share(&self.runs).or(self.given_share)
    }
}

/// A reference the entries of an exercise in a language are judged against.
pub(crate) struct Reference<'a> {
    pub(crate) exercise: &'a Exercise,
    pub(crate) language: Language,
    /// Its baseline and the share of a CPU it keeps busy, when they are given (from a course
    /// bundle): no unit builds or times it then.
    pub(crate) given: Option<(Measured, Option<f64>)>,
}

/// An entry being graded.
struct Graded {
    reference: Option<usize>,
    build: Option<BuildOutput>,
    runs: Vec<(RunOutput, Attempt)>,
    fair: bool,
    views: Vec<crate::checks::View>,
    /// Its units, placed in time.
    timeline: Vec<Span>,
}

/// A unit in flight.
struct Flying {
    unit: usize,
    task: Task,
    /// What it asked for when it started.
    load: Load,
    started: Instant,
    /// Busy work ran beside it while its time mattered.
    busy_beside: bool,
    /// It passed its time limit and stepped aside, with how long it had waited for a CPU by
    /// then (when its cgroup tells): what came after cannot change its time's verdict.
    stepped_aside: Option<Option<Duration>>,
    /// It was lowered when it stepped aside.
    lowered: bool,
}

/// How a unit that ended was placed: what tells whether other work slowed it.
#[derive(Debug, Clone, Copy)]
struct Placed {
    load: Load,
    started: Instant,
    busy_beside: bool,
    stepped_aside: Option<Option<Duration>>,
    lowered: bool,
}

/// The session's execution: the plan, the units in flight, and what each gave.
struct Dispatcher<'s, 'a> {
    config: &'a Config,
    context: &'s Context<'a>,
    lang: crate::lang::Lang,
    plan: &'s [Planned<'a>],
    refs: Vec<Ref<'a>>,
    graded: Vec<Graded>,
    slots: Slots,
    queue: Vec<Waiting>,
    order: usize,
    /// Units in flight.
    flying: Vec<Flying>,
    next_unit: usize,
    judged: usize,
    schedule: Schedule,
    /// Runs past their time limit are lowered, and timed runs start beside them.
    lowers: bool,
    /// The start of grading: units are placed in time from it.
    epoch: Instant,
}

/// Grades `plan`, with at most `jobs` CPUs' worth of work at once (one unit at a time with 1,
/// or when the launcher cannot keep jobs apart). Units are placed in time from `epoch`.
#[allow(clippy::too_many_arguments)] // each is one thing the pipeline holds; a struct would only wrap them
pub(crate) fn execute(
    config: &Config,
    context: &Context,
    lang: crate::lang::Lang,
    jobs: u32,
    plan: &[Planned],
    references: Vec<Reference>,
    epoch: Instant,
    sink: &mut dyn Sink,
) -> Executed {
    let jobs = if context.launcher.overlap() { jobs } else { 1 };
    let mut dispatcher = Dispatcher {
        config,
        context,
        lang,
        plan,
        refs: references
            .iter()
            .map(|reference| Ref {
                exercise: reference.exercise,
                language: reference.language,
                built: None,
                runs: Vec::new(),
                attempts: Vec::new(),
                tries: 0,
                measured: None,
                parked: Vec::new(),
                timeline: Vec::new(),
                given_share: reference.given.as_ref().and_then(|(_, share)| *share),
            })
            .collect(),
        graded: plan
            .iter()
            .map(|planned| Graded {
                reference: references.iter().position(|reference| {
                    reference.exercise.name == planned.exercise.name
                        && reference.language == planned.entry.language
                }),
                build: None,
                runs: Vec::new(),
                fair: true,
                views: Vec::new(),
                timeline: Vec::new(),
            })
            .collect(),
        slots: Slots::new(jobs),
        queue: Vec::new(),
        order: 0,
        flying: Vec::new(),
        next_unit: 0,
        judged: 0,
        schedule: Schedule {
            jobs,
            cores: std::thread::available_parallelism()
                .map_or(1, |cores| u32::try_from(cores.get()).unwrap_or(1)),
            ..Schedule::default()
        },
        lowers: jobs > 1 && context.launcher.lowers(),
        epoch,
    };
    for (index, reference) in references.into_iter().enumerate() {
        match reference.given {
            Some((measured, _)) => dispatcher.measured(index, measured, sink),
            None => dispatcher.push(Task::ReferenceBuild(index), Load::Share(1.0)),
        }
    }
    for (index, planned) in plan.iter().enumerate() {
        let load = match planned.entry.language {
            Language::Python => Load::Share(0.5),
            Language::Rust => Load::Share(1.0),
        };
        dispatcher.push(Task::Build(index), load);
    }
    let interrupted = dispatcher.run(sink);
    let mut schedule = dispatcher.schedule.clone();
    schedule.dependency_builds = context.deps.builds();
    schedule.physical_limit_ms = schedule
        .alone_ms
        .max(schedule.cpu_ms / u64::from(schedule.cores.max(1)));
    Executed {
        baselines: dispatcher
            .refs
            .iter()
            .filter_map(|r| {
                let measured = r.measured.clone()?;
                Some(((r.exercise.name.clone(), r.language), measured))
            })
            .collect(),
        schedule,
        interrupted,
    }
}

impl<'s, 'a> Dispatcher<'s, 'a> {
    fn push(&mut self, task: Task, load: Load) {
        self.queue.push(Waiting {
            task,
            load,
            order: self.order,
        });
        self.order += 1;
    }

    /// Starts what the policy admits, folds in what units report, until all is done or the
    /// grader is interrupted. Returns whether it was.
    fn run(&mut self, sink: &mut dyn Sink) -> bool {
        let (to_dispatcher, messages) = mpsc::channel::<Message>();
        let mut interrupted = false;
        std::thread::scope(|scope| loop {
            interrupted |= crate::interrupt::requested();
            if !interrupted {
                self.start_admitted(scope, &to_dispatcher, sink);
            }
            if self.flying.is_empty() {
                break;
            }
            match messages.recv_timeout(Duration::from_millis(50)) {
                Ok(Message::Reweigh {
                    unit,
                    share,
                    stalled,
                    lowered,
                }) => {
                    let share = share.clamp(policy::LEAST, f64::from(self.schedule.jobs));
                    let load = if lowered {
                        self.schedule.lowered += 1;
                        Load::Background(share)
                    } else {
                        Load::Share(share)
                    };
                    self.slots.reweigh(unit, load);
                    if let Some(flying) = self.flying.iter_mut().find(|f| f.unit == unit) {
                        flying.stepped_aside = Some(stalled);
                        flying.lowered = lowered;
                    }
                }
                Ok(Message::Settled { unit, share }) => {
                    if let Some(flying) = self.flying.iter_mut().find(|f| {
                        f.unit == unit && f.load == Load::Alone && f.stepped_aside.is_none()
                    }) {
                        flying.load = Load::Quiet(share.max(policy::LEAST));
                        self.slots.reweigh(unit, flying.load);
                    }
                }
                Ok(Message::Done { unit, output }) => {
                    let Some(place) = self.flying.iter().position(|f| f.unit == unit) else {
                        continue;
                    };
                    let flying = self.flying.remove(place);
                    self.slots.finish(unit);
                    // A unit that ended after an interruption may have had its runs killed
                    // half-way: its output would be a lie.
                    interrupted |= crate::interrupt::requested();
                    if !interrupted {
                        self.place(flying.task, flying.started);
                        let placed = Placed {
                            load: flying.load,
                            started: flying.started,
                            busy_beside: flying.busy_beside,
                            stepped_aside: flying.stepped_aside,
                            lowered: flying.lowered,
                        };
                        self.fold(flying.task, placed, output, sink);
                    }
                    sink.progress(&self.progress());
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            self.note_busy();
        });
        interrupted || crate::interrupt::requested()
    }

    /// Marks the units in flight beside busy work: without a pressure file, that is what tells
    /// a timed run that was slowed.
    fn note_busy(&mut self) {
        for flying in &mut self.flying {
            // A run that mostly sleeps loses under 1% to a busy CPU beside it (`timing.md`):
            // only runs that need the CPUs are slowed by busy work.
            let needs_cpus = !matches!(flying.load,
                Load::Share(share) | Load::Quiet(share) if share <= policy::SLEEPERS);
            if needs_cpus && flying.stepped_aside.is_none() && self.slots.busy_besides(flying.unit)
            {
                flying.busy_beside = true;
            }
        }
    }

    fn start_admitted<'scope>(
        &mut self,
        scope: &'scope std::thread::Scope<'scope, '_>,
        to_dispatcher: &mpsc::Sender<Message>,
        sink: &mut dyn Sink,
    ) where
        's: 'scope,
        'a: 'scope,
    {
        let graded = &self.graded;
        self.queue.sort_by_key(|waiting| {
            let again = matches!(waiting.task, Task::Run(index) if !graded[index].runs.is_empty());
            (waiting.task.rank(again), waiting.order)
        });
        let mut blocker: Option<Load> = None;
        let mut index = 0;
        let mut started = false;
        while index < self.queue.len() {
            let load = self.queue[index].load;
            let admitted = match blocker {
                None => self.slots.admits(load),
                Some(waiting) => self.slots.admits_before(load, waiting),
            };
            if !admitted {
                if blocker.is_none()
                    && matches!(load, Load::Alone | Load::Exclusive | Load::Quiet(_))
                {
                    blocker = Some(load);
                }
                index += 1;
                continue;
            }
            let waiting = self.queue.remove(index);
            self.start(scope, to_dispatcher, waiting);
            started = true;
        }
        if started {
            self.note_busy();
            sink.progress(&self.progress());
        }
    }

    fn start<'scope>(
        &mut self,
        scope: &'scope std::thread::Scope<'scope, '_>,
        to_dispatcher: &mpsc::Sender<Message>,
        waiting: Waiting,
    ) where
        's: 'scope,
        'a: 'scope,
    {
        let unit = self.next_unit;
        let config = self.config;
        let context = self.context;
        let lang = self.lang;
        type Work<'w> = Box<dyn FnOnce() -> Output + Send + 'w>;
        let work: Option<Work<'scope>> = match waiting.task {
            Task::ReferenceBuild(index) => {
                let (exercise, language) = (self.refs[index].exercise, self.refs[index].language);
                Some(Box::new(move || {
                    Output::ReferenceBuilt(reference::build(config, exercise, language, context))
                }))
            }
            Task::ReferenceRun(index) => {
                let r = &self.refs[index];
                let (exercise, language) = (r.exercise, r.language);
                let settle = self.settle(unit, waiting.load, to_dispatcher);
                r.built.clone().map(|built| -> Work<'scope> {
                    Box::new(move || {
                        Output::ReferenceTimed(reference::time_once(
                            config, exercise, language, &built, context, settle,
                        ))
                    })
                })
            }
            Task::Build(index) => {
                let planned = &self.plan[index];
                let (student, exercise, entry) = (planned.student, planned.exercise, planned.entry);
                Some(Box::new(move || {
                    Output::Built(Box::new(work::build_entry(
                        student, exercise, entry, context, lang,
                    )))
                }))
            }
            Task::Run(index) => {
                let planned = &self.plan[index];
                let (exercise, language) = (planned.exercise, planned.entry.language);
                let step_aside = self.limit(index).map(|limit| work::StepAside {
                    limit,
                    unit,
                    to: to_dispatcher.clone(),
                    lower: self.lowers,
                });
                let settle = self.settle(unit, waiting.load, to_dispatcher);
                self.program(index).map(|program| -> Work<'scope> {
                    Box::new(move || {
                        Output::Ran(Box::new(work::timed_run(
                            exercise, language, &program, context, step_aside, settle,
                        )))
                    })
                })
            }
            Task::Views(index) => {
                let exercise = self.plan[index].exercise;
                self.program(index).map(|program| -> Work<'scope> {
                    Box::new(move || Output::Viewed(work::other_views(exercise, &program, context)))
                })
            }
        };
        // Cannot happen: every unit is queued once what it needs is there.
        let Some(work) = work else {
            return;
        };
        self.next_unit += 1;
        self.slots.start(unit, waiting.load);
        self.flying.push(Flying {
            unit,
            task: waiting.task,
            load: waiting.load,
            started: Instant::now(),
            busy_beside: false,
            stepped_aside: None,
            lowered: false,
        });
        let to = to_dispatcher.clone();
        scope.spawn(move || {
            let output = work();
            let _ = to.send(Message::Done { unit, output });
        });
    }

    /// A run timed alone tells whether it mostly sleeps, where its CPU pressure proves
    /// afterwards that the runs let beside it did not slow it.
    fn settle(&self, unit: usize, load: Load, to: &mpsc::Sender<Message>) -> Option<Settle> {
        (self.lowers && load == Load::Alone).then(|| Settle {
            unit,
            to: to.clone(),
        })
    }

    fn program(&self, index: usize) -> Option<Program> {
        self.graded[index]
            .build
            .as_ref()
            .and_then(|build| build.built.result.as_ref().ok())
            .cloned()
    }

    /// The time limit of entry `index`, once its reference is measured.
    fn limit(&self, index: usize) -> Option<Duration> {
        let reference = self.refs.get(self.graded[index].reference?)?;
        let baseline = reference.measured.as_ref()?.as_ref().ok()?;
        Some(crate::checks::time_limit(
            self.plan[index].exercise,
            Duration::from_millis(baseline.elapsed_ms),
        ))
    }

    fn progress(&self) -> Progress {
        Progress {
            judged: self.judged,
            total: self.plan.len(),
            running: self
                .flying
                .iter()
                .map(|flying| self.describe(flying.task))
                .collect(),
        }
    }

    fn describe(&self, task: Task) -> String {
        let entry = |index: usize, step: &str| {
            let planned = &self.plan[index];
            format!("{} {}: {step}", planned.student.name, planned.exercise.name)
        };
        let reference = |index: usize, step: &str| {
            let r = &self.refs[index];
            format!(
                "reference {} ({}): {step}",
                r.exercise.name,
                r.language.name()
            )
        };
        match task {
            Task::ReferenceBuild(index) => reference(index, "build"),
            Task::ReferenceRun(index) => reference(index, "run"),
            Task::Build(index) => entry(index, "build"),
            Task::Run(index) if self.graded[index].runs.is_empty() => entry(index, "run"),
            Task::Run(index) => entry(index, "run again alone"),
            Task::Views(index) => entry(index, "other CPU views"),
        }
    }

    /// Notes when a unit that just ended ran, from the start of grading.
    fn place(&mut self, task: Task, started: Instant) {
        let offset = |at: Instant| crate::report::millis(at.saturating_duration_since(self.epoch));
        let span = |step| Span {
            step,
            start_ms: offset(started),
            end_ms: offset(Instant::now()),
        };
        match task {
            Task::ReferenceBuild(index) => self.refs[index].timeline.push(span(Step::Build)),
            Task::ReferenceRun(index) => self.refs[index].timeline.push(span(Step::Run)),
            Task::Build(index) => self.graded[index].timeline.push(span(Step::Build)),
            Task::Run(index) => self.graded[index].timeline.push(span(Step::Run)),
            Task::Views(index) => self.graded[index].timeline.push(span(Step::Views)),
        }
    }

    /// Folds a unit's output into the state, and queues what follows from it.
    fn fold(&mut self, task: Task, placed: Placed, output: Output, sink: &mut dyn Sink) {
        match (task, output) {
            (Task::ReferenceBuild(index), Output::ReferenceBuilt(built)) => match built {
                Ok(built) => {
                    self.refs[index].built = Some(built);
                    self.push(Task::ReferenceRun(index), Load::Alone);
                }
                Err(why) => self.measured(index, Err(why), sink),
            },
            (Task::ReferenceRun(index), Output::ReferenceTimed(timed)) => {
                self.reference_timed(index, timed, placed, sink);
            }
            (Task::Build(index), Output::Built(output)) => {
                self.account_cpu(output.built.cpu);
                let built = output.built.result.is_ok();
                self.graded[index].build = Some(*output);
                if !built {
                    self.judge(index, sink);
                } else {
                    self.ready_to_run(index, sink);
                }
            }
            (Task::Run(index), Output::Ran(output)) => {
                self.ran(index, placed, *output, sink);
            }
            (Task::Views(index), Output::Viewed(views)) => {
                self.graded[index].views = views;
                self.judge(index, sink);
            }
            // A unit answers with the output of its own kind.
            _ => {}
        }
    }

    fn account_cpu(&mut self, cpu: Option<Duration>) {
        if let Some(cpu) = cpu {
            self.schedule.cpu_ms += crate::report::millis(cpu);
        }
    }

    fn reference_timed(
        &mut self,
        index: usize,
        timed: Result<reference::Timed, String>,
        placed: Placed,
        sink: &mut dyn Sink,
    ) {
        let busy_beside = placed.busy_beside;
        let timed = match timed {
            Ok(timed) => timed,
            Err(why) => return self.measured(index, Err(why), sink),
        };
        self.account_cpu(timed.cpu);
        if matches!(placed.load, Load::Alone | Load::Exclusive) {
            self.schedule.alone_ms += crate::report::millis(timed.elapsed);
        }
        self.sleepers_alike(index, &timed);
        let r = &mut self.refs[index];
        r.tries += 1;
        // Outside load slowed it: timed again, up to twice the runs asked for.
        let wanted = self.config.course.reference_runs as usize;
        let slowed = fairness::slowed(timed.elapsed, timed.stalled, busy_beside);
        r.attempts.push(Attempt {
            elapsed_ms: crate::report::millis(timed.elapsed),
            stalled_ms: timed.stalled.map(crate::report::millis),
            cpu_ms: timed.cpu.map(crate::report::millis),
            alone: !busy_beside,
            contaminated: slowed,
        });
        if !slowed || r.tries >= 2 * wanted {
            r.runs.push(timed);
        } else {
            self.schedule.reruns += 1;
        }
        if r.runs.len() >= wanted || r.tries >= 2 * wanted {
            let shown = r
                .built
                .as_ref()
                .map(|built| built.shown.clone())
                .unwrap_or_default();
            let attempts = r.attempts.clone();
            let timeline = r.timeline.clone();
            let measured = reference::baseline(r.exercise, r.language, &shown, &r.runs, self.lang)
                .map(|baseline| crate::report::Baseline {
                    attempts,
                    timeline,
                    ..baseline
                });
            self.measured(index, measured, sink);
        } else {
            // A reference that mostly sleeps needs no more than its share of a CPU: builds may
            // run beside its next runs, whose CPU pressure still tells if they slowed it.
            let load = match reference::cpu_share(&r.runs) {
                Some(share) if share <= policy::SLEEPERS => Load::Share(share),
                _ => Load::Alone,
            };
            self.push(Task::ReferenceRun(index), load);
        }
    }

    /// A reference of an exercise that mostly sleeps, timed: the exercise's references in the
    /// other languages, not timed yet, are taken to sleep alike (the course's references solve
    /// the same exercise the same way) and wait for the CPUs to themselves no more. Their CPU
    /// pressure still tells if builds beside them slowed them.
    fn sleepers_alike(&mut self, index: usize, timed: &reference::Timed) {
        let Some(share) = reference::cpu_share(std::slice::from_ref(timed)) else {
            return;
        };
        if share > policy::SLEEPERS {
            return;
        }
        let exercise = &self.refs[index].exercise.name;
        for waiting in &mut self.queue {
            if let Task::ReferenceRun(other) = waiting.task {
                let r = &self.refs[other];
                if other != index
                    && &r.exercise.name == exercise
                    && r.tries == 0
                    && waiting.load == Load::Alone
                {
                    waiting.load = Load::Share(share);
                }
            }
        }
    }

    /// A reference is measured (or failed): its entries waiting to run may go.
    fn measured(&mut self, index: usize, measured: Measured, sink: &mut dyn Sink) {
        let r = &mut self.refs[index];
        // A hint on the right answer would tell every student who has it right they are wrong.
        let measured = measured.and_then(|baseline| {
            match baseline
                .result
                .as_deref()
                .and_then(|value| crate::checks::hint_for(r.exercise, value))
            {
                Some(hint) => Err(format!(
                    "{}: a hint of exercise `{}` is on {}, the reference's own result: remove \
                     it, or fix the reference",
                    self.config.path.display(),
                    r.exercise.name,
                    hint.result
                )),
                None => Ok(baseline),
            }
        });
        sink.reference(r.exercise, r.language, &measured);
        r.measured = Some(measured);
        let parked = std::mem::take(&mut r.parked);
        for entry in parked {
            self.ready_to_run(entry, sink);
        }
    }

    /// The reference of entry `index`, once measured: `None` while it is not.
    fn baseline_of(&self, index: usize) -> Option<Option<&Measured>> {
        match self.graded[index].reference {
            None => Some(None),
            Some(r) => self.refs[r].measured.as_ref().map(Some),
        }
    }

    /// Entry `index` built: it runs once its reference is measured, if it has one that worked.
    fn ready_to_run(&mut self, index: usize, sink: &mut dyn Sink) {
        let measured = match self.baseline_of(index) {
            None => {
                if let Some(r) = self.graded[index].reference {
                    self.refs[r].parked.push(index);
                }
                return;
            }
            Some(measured) => measured,
        };
        let usable = matches!(measured, Some(Ok(baseline)) if baseline.result.is_some());
        if !usable {
            // The grader cannot judge it: judged at once, with why.
            return self.judge(index, sink);
        }
        let load = self.first_load(index);
        self.push(Task::Run(index), load);
    }

    /// What the first run of entry `index` needs: the CPUs to itself, unless its reference
    /// mostly sleeps, and then the share of a CPU the reference used.
    fn first_load(&self, index: usize) -> Load {
        let share = self.graded[index]
            .reference
            .and_then(|r| self.refs[r].cpu_share());
        match share {
            Some(share) if share <= policy::SLEEPERS => Load::Share(share),
            _ => Load::Alone,
        }
    }

    fn ran(&mut self, index: usize, placed: Placed, output: RunOutput, sink: &mut dyn Sink) {
        let limit = self.limit(index);
        let alone = !placed.busy_beside;
        let (ending, attempt) = match &output.outcome {
            Ok(outcome) => {
                self.account_cpu(outcome.cpu);
                let ending = match outcome.exit {
                    Exit::Code(0) if limit.is_some_and(|limit| outcome.elapsed > limit) => {
                        Ending::PastLimit
                    }
                    Exit::Code(0) => Ending::WithinLimit,
                    Exit::TimedOut => Ending::TimedOut,
                    _ => Ending::Other,
                };
                // Past its limit the time fails whatever came next: only what slowed it until
                // then counts. A timeout counts the whole run, which slowing could cause, but
                // for the time it waited once lowered, by which its timeout was put off.
                let slowed = match (ending, placed.stepped_aside, limit) {
                    (Ending::PastLimit, Some(stalled_then), Some(limit)) => {
                        fairness::slowed(limit, stalled_then, placed.busy_beside)
                    }
                    (Ending::TimedOut, Some(stalled_then), _) if placed.lowered => {
                        fairness::lowered_slowed_to_timeout(
                            outcome.elapsed,
                            stalled_then,
                            outcome.waited_lowered,
                        )
                    }
                    (Ending::TimedOut, ..) => fairness::slowed_to_timeout(
                        outcome.elapsed,
                        outcome.stalled,
                        placed.busy_beside,
                    ),
                    _ => fairness::slowed(outcome.elapsed, outcome.stalled, placed.busy_beside),
                };
                let attempt = Attempt {
                    elapsed_ms: crate::report::millis(outcome.elapsed),
                    stalled_ms: outcome.stalled.map(crate::report::millis),
                    cpu_ms: outcome.cpu.map(crate::report::millis),
                    alone,
                    contaminated: slowed,
                };
                (ending, attempt)
            }
            Err(_) => (
                Ending::Other,
                Attempt {
                    elapsed_ms: crate::report::millis(placed.started.elapsed()),
                    stalled_ms: None,
                    cpu_ms: None,
                    alone,
                    contaminated: false,
                },
            ),
        };
        let timed_alone = matches!(placed.load, Load::Alone | Load::Exclusive);
        if timed_alone {
            // Past its limit a run steps aside: only the time before needed the CPUs.
            let needed = limit.map_or(attempt.elapsed_ms, |limit| {
                attempt.elapsed_ms.min(crate::report::millis(limit))
            });
            self.schedule.alone_ms += needed;
        }
        let next = fairness::next(
            ending,
            attempt.contaminated,
            self.graded[index].runs.len() + 1,
        );
        let interrupted =
            matches!(&output.outcome, Ok(outcome) if outcome.exit == Exit::Interrupted);
        self.graded[index].runs.push((output, attempt));
        if interrupted {
            return;
        }
        match next {
            Next::RerunAlone => {
                self.schedule.reruns += 1;
                self.push(Task::Run(index), policy::again(placed.load));
            }
            Next::Judge { fair } => {
                self.graded[index].fair = fair;
                if !fair {
                    self.schedule.inconclusive += 1;
                }
                let right = self.result_is_right(index);
                if right && !self.plan[index].exercise.workers.other_cpus.is_empty() {
                    let share = self.graded[index]
                        .runs
                        .last()
                        .and_then(|(_, attempt)| {
                            let cpu = attempt.cpu_ms? as f64;
                            Some(cpu / attempt.elapsed_ms.max(1) as f64)
                        })
                        .unwrap_or(1.0);
                    // The views run at once: each takes what the timed run took.
                    let views = if self.context.launcher.overlap() {
                        self.plan[index].exercise.workers.other_cpus.len() as f64
                    } else {
                        1.0
                    };
                    let share = (share * views).clamp(policy::LEAST, f64::from(self.schedule.jobs));
                    self.push(Task::Views(index), Load::Share(share));
                } else {
                    self.judge(index, sink);
                }
            }
        }
    }

    /// Whether the last run of entry `index` succeeded and printed the expected result: only
    /// then do the other CPU views matter.
    fn result_is_right(&self, index: usize) -> bool {
        let Some((output, _)) = self.graded[index].runs.last() else {
            return false;
        };
        let Ok(outcome) = &output.outcome else {
            return false;
        };
        let exercise = self.plan[index].exercise;
        let expected =
            judge::expected(exercise, self.plan[index].entry.language, &self.baselines());
        let printed = crate::checks::read_result(
            &exercise.result,
            &String::from_utf8_lossy(&outcome.stdout.bytes),
        );
        outcome.success()
            && matches!((printed, expected), (Some(printed), Some(expected))
                if crate::checks::same_value(&expected, &printed))
    }

    fn baselines(&self) -> Vec<((String, Language), Measured)> {
        self.refs
            .iter()
            .filter_map(|r| Some(((r.exercise.name.clone(), r.language), r.measured.clone()?)))
            .collect()
    }

    /// Entry `index` is done: its checks, score and verdict go to the sink.
    fn judge(&mut self, index: usize, sink: &mut dyn Sink) {
        let graded = std::mem::replace(
            &mut self.graded[index],
            Graded {
                reference: None,
                build: None,
                runs: Vec::new(),
                fair: true,
                views: Vec::new(),
                timeline: Vec::new(),
            },
        );
        let planned = &self.plan[index];
        let report = judge::judge(
            &judge::Inputs {
                exercise: planned.exercise,
                entry: planned.entry,
                fingerprint: planned.fingerprint,
                context: self.context,
                baselines: &self.baselines(),
                lang: self.lang,
            },
            graded.build,
            graded.runs,
            graded.fair,
            graded.views,
            graded.timeline,
        );
        self.judged += 1;
        sink.judged(index, report);
    }
}

/// Entries judged in any order, handed on in the plan's: the report for people reads the same
/// whatever ran first.
pub(crate) struct InOrder<T> {
    next: usize,
    held: VecDeque<Option<T>>,
}

impl<T> InOrder<T> {
    pub(crate) fn new() -> InOrder<T> {
        InOrder {
            next: 0,
            held: VecDeque::new(),
        }
    }

    /// Item `index` is ready: returns those that can now go, in order.
    pub(crate) fn ready(&mut self, index: usize, item: T) -> Vec<(usize, T)> {
        let offset = index - self.next.min(index);
        while self.held.len() <= offset {
            self.held.push_back(None);
        }
        self.held[offset] = Some(item);
        let mut out = Vec::new();
        while let Some(Some(_)) = self.held.front() {
            if let Some(Some(item)) = self.held.pop_front() {
                out.push((self.next, item));
            }
            self.next += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_ends_an_entry_goes_before_builds_and_first_runs() {
        let again = Task::Run(0).rank(true);
        assert_eq!(again, Task::Views(0).rank(false));
        assert!(Task::ReferenceRun(0).rank(false) < again);
        assert!(again < Task::Build(0).rank(false));
        assert!(Task::Build(0).rank(false) < Task::Run(0).rank(false));
    }

    #[test]
    fn items_go_in_order_whatever_order_they_come_in() {
        let mut order = InOrder::new();
        assert!(order.ready(2, "c").is_empty());
        assert_eq!(order.ready(0, "a"), vec![(0, "a")]);
        assert_eq!(order.ready(1, "b"), vec![(1, "b"), (2, "c")]);
        assert_eq!(order.ready(3, "d"), vec![(3, "d")]);
    }
}
