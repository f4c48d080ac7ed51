//! What each unit does on its own thread: build an entry or a reference, time a run, run the
//! other CPU views. No unit touches the report: it hands its output to the dispatcher.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::Duration;

use crate::build::{self, Context, Program};
use crate::checks;
use crate::config::Exercise;
use crate::discover::Student;
use crate::monitor::WorkerFigures;
use crate::report::{Check, Language};
use crate::run::{Limits, Observer, Outcome};

/// What a student's build unit made: the build, and the lint of the sources (which needs no run).
pub(crate) struct BuildOutput {
    pub(crate) built: build::Built,
    pub(crate) lint: Check,
    pub(crate) sources: Vec<(String, String)>,
}

pub(crate) fn build_entry(
    student: &Student,
    exercise: &Exercise,
    entry: &crate::discover::Entry,
    context: &Context,
    lang: crate::lang::Lang,
) -> BuildOutput {
    let built = build::build(entry, &student.path, context);
    let lint = checks::lint_check(
        entry,
        &student.path,
        &exercise.lint,
        lang,
        built.result.is_ok(),
    );
    let sources = match built.result {
        Ok(_) => checks::source::solution_sources(entry, &student.path),
        Err(_) => Vec::new(),
    };
    BuildOutput {
        built,
        lint,
        sources,
    }
}

/// What one timed run of a student's program gave.
pub(crate) struct RunOutput {
    pub(crate) outcome: Result<Outcome, String>,
    pub(crate) figures: Option<WorkerFigures>,
    pub(crate) record: Option<checks::origin::Record>,
}

/// Tells the dispatcher that a run passed `limit`: its time fails the check whatever comes
/// next, so it no longer needs the CPUs to itself. It then weighs the CPU it used so far.
pub(crate) struct StepAside {
    pub(crate) limit: Duration,
    pub(crate) unit: usize,
    pub(crate) to: Sender<super::Message>,
    /// The run is then lowered (its cgroup's `cpu.idle`): timed runs start beside it, and its
    /// timeout does not count the time they take from it.
    pub(crate) lower: bool,
}

/// Runs `program` once under the monitor, timed as the time check judges it.
pub(crate) fn timed_run(
    exercise: &Exercise,
    language: Language,
    program: &Program,
    context: &Context,
    step_aside: Option<StepAside>,
    settle: Option<Settle>,
) -> RunOutput {
    let limits = Limits {
        timeout: exercise.timeout,
        output: context.output_limit,
    };
    let mut watch = checks::Watch::new(&exercise.workers, language);
    // What crosses between a Python program's processes is noted in a file of the grader's.
    let record_path =
        (language == Language::Python).then(|| program.workdir.with_file_name("record.jsonl"));
    let outcome = program
        .job(context, exercise.workers.cpus)
        .and_then(|mut job| {
            if let Some(path) = &record_path {
                std::fs::File::create(path)?;
                job.record = Some(path.clone());
            }
            watch.expect_cpu_view(&job.env);
            Ok(job)
        })
        .and_then(|job| {
            let mut paced = Paced::new(&mut watch, step_aside, settle);
            context.launcher.launch(&job, limits, &mut paced)
        });
    let figures = watch.figures();
    let outcome = outcome
        .map(|outcome| crate::pipeline::program_time(outcome, figures.as_ref()))
        .map_err(|err| err.to_string());
    let record = record_path.and_then(|path| checks::origin::Record::read(&path).ok());
    RunOutput {
        outcome,
        figures,
        record,
    }
}

/// How long a run timed alone goes before the dispatcher hears whether it mostly sleeps.
const SETTLE_AFTER: Duration = Duration::from_millis(500);

/// Tells the dispatcher that a run timed with the CPUs to itself used under a quarter of a CPU
/// in its first [`SETTLE_AFTER`]: it mostly sleeps (a deadlock, a pool of `sleep`s), so timed
/// runs may start beside it, busy work still may not. Its CPU pressure tells afterwards if they
/// slowed it; a run that sleeps first and computes later is timed again alone.
pub(crate) struct Settle {
    pub(crate) unit: usize,
    pub(crate) to: Sender<super::Message>,
}

/// The share of a CPU the run in `cgroup` used in its first `elapsed`, when the cgroup counts it.
fn share_so_far(cgroup: &std::path::Path, elapsed: Duration) -> Option<f64> {
    crate::sandbox::cpu_used_in(cgroup).map(|cpu| cpu.as_secs_f64() / elapsed.as_secs_f64())
}

/// The monitor, the settling of a run that mostly sleeps, and the step aside once the run
/// passed its time limit.
pub(crate) struct Paced<'a> {
    inner: &'a mut dyn Observer,
    cgroup: Option<PathBuf>,
    /// The run's `cpu.idle` file.
    idle: Option<PathBuf>,
    step_aside: Option<StepAside>,
    settle: Option<Settle>,
    /// Once lowered: how long it had waited for a CPU then.
    lowered: Option<Duration>,
    /// How long it waited for a CPU since.
    waited: Duration,
}

impl<'a> Paced<'a> {
    pub(crate) fn new(
        inner: &'a mut dyn Observer,
        step_aside: Option<StepAside>,
        settle: Option<Settle>,
    ) -> Paced<'a> {
        Paced {
            inner,
            cgroup: None,
            idle: None,
            step_aside,
            settle,
            lowered: None,
            waited: Duration::ZERO,
        }
    }
}

impl Observer for Paced<'_> {
    fn contained(&mut self, cgroup_v2: Option<&std::path::Path>, wrapper_levels: usize) {
        self.cgroup = cgroup_v2.map(std::path::Path::to_path_buf);
        self.inner.contained(cgroup_v2, wrapper_levels);
    }

    fn started(&mut self, pid: u32) {
        self.inner.started(pid);
    }

    fn ended(&mut self) {
        self.inner.ended();
    }

    fn kill_all(&mut self) {
        self.inner.kill_all();
    }

    fn lowerable(&mut self, cpu_idle: Option<&std::path::Path>) {
        self.idle = cpu_idle.map(std::path::Path::to_path_buf);
    }

    fn grace(&self) -> Duration {
        self.waited
    }

    fn tick(&mut self, elapsed: Duration) {
        self.inner.tick(elapsed);
        if let (Some(stalled_then), Some(cgroup)) = (self.lowered, self.cgroup.as_deref()) {
            if let Some(stalled) = crate::sandbox::cpu_stalled_in(cgroup) {
                self.waited = stalled.saturating_sub(stalled_then);
            }
        }
        if elapsed >= SETTLE_AFTER {
            if let (Some(settle), Some(cgroup)) = (self.settle.take(), self.cgroup.as_deref()) {
                let share = share_so_far(cgroup, elapsed);
                if let Some(share) = share.filter(|&share| share <= super::policy::SLEEPERS) {
                    let _ = settle.to.send(super::Message::Settled {
                        unit: settle.unit,
                        share,
                    });
                }
            }
        }
        if self
            .step_aside
            .as_ref()
            .is_some_and(|step| elapsed > step.limit)
        {
            if let Some(step) = self.step_aside.take() {
                // Without a cgroup to tell, the run may be busy: it keeps a whole CPU.
                let cgroup = self.cgroup.as_deref();
                let share = cgroup
                    .and_then(|cgroup| share_so_far(cgroup, elapsed))
                    .unwrap_or(1.0);
                let stalled = cgroup.and_then(crate::sandbox::cpu_stalled_in);
                // Lowered only where it takes effect and its wait can be measured, and when it
                // is busy: a run that sleeps would only wake later. A run left as it is keeps
                // its weight below.
                let lowered = step.lower
                    && share > super::policy::SLEEPERS
                    && stalled.is_some()
                    && self
                        .idle
                        .as_ref()
                        .is_some_and(|idle| std::fs::write(idle, "1").is_ok());
                if lowered {
                    self.lowered = stalled;
                }
                let _ = step.to.send(super::Message::Reweigh {
                    unit: step.unit,
                    share,
                    stalled,
                    lowered,
                });
            }
        }
    }
}

/// Runs the program again with each of the exercise's other CPU counts, unwatched, for its
/// result alone: all at once where jobs may overlap (their times are not judged), so that a
/// program that sleeps takes its time once, not once per view.
pub(crate) fn other_views(
    exercise: &Exercise,
    program: &Program,
    context: &Context,
) -> Vec<checks::View> {
    let limits = Limits {
        timeout: exercise.timeout,
        output: context.output_limit,
    };
    let view = |cpus: u32| {
        let outcome = program.job(context, cpus).and_then(|job| {
            context
                .launcher
                .launch(&job, limits, &mut crate::run::NoObserver)
        });
        let printed = match outcome {
            Ok(outcome) if outcome.success() => Ok(checks::read_result(
                &exercise.result,
                &String::from_utf8_lossy(&outcome.stdout.bytes),
            )),
            Ok(outcome) => Err(outcome.describe(context.lang)),
            Err(error) => Err(crate::msg!(
                context.lang,
                "view-could-not-start",
                error = error.to_string()
            )),
        };
        checks::View { cpus, printed }
    };
    let cpus = &exercise.workers.other_cpus;
    // Without namespaces, jobs run in the program's own folder: one view after the other.
    if !context.launcher.overlap() {
        return cpus.iter().map(|&cpus| view(cpus)).collect();
    }
    std::thread::scope(|scope| {
        let views: Vec<_> = exercise
            .workers
            .other_cpus
            .iter()
            .map(|&cpus| scope.spawn(move || view(cpus)))
            .collect();
        views
            .into_iter()
            .zip(&exercise.workers.other_cpus)
            .map(|(handle, &cpus)| {
                handle.join().unwrap_or_else(|_| checks::View {
                    cpus,
                    printed: Err("the grader could not run it".into()),
                })
            })
            .collect()
    })
}
