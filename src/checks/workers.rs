//! The `workers` check: how many workers the program really ran at once, and over the run
//! (see [`crate::monitor`] for what counts and how it is measured).

use std::path::PathBuf;

use crate::config::{WorkerModelName, Workers};
use crate::lang::Lang;
use crate::monitor::{self, Monitor, MonitorSettings, Watching, WorkerFigures, WorkerModel};
use crate::msg;
use crate::report::{Check, CheckKind, Details, Language, Verdict, WorkersDetails};
use crate::run::Observer;

/// Watches one run: the monitor is ready before the program starts, so nothing is missed.
pub struct Watch {
    state: State,
    cgroup: Option<PathBuf>,
}

enum State {
    Ready(Monitor),
    Watching(Watching),
    Done(Option<WorkerFigures>),
}

impl Watch {
    pub fn new(limits: &Workers, language: Language) -> Watch {
        let model = match language {
            Language::Python => limits.python,
            Language::Rust => limits.rust,
        };
        let mut settings = MonitorSettings::new(match model {
            WorkerModelName::Processes => WorkerModel::Processes,
            WorkerModelName::Threads => WorkerModel::Threads,
        });
        // multiprocessing's helpers exist in Python programs only.
        settings.python_helpers = language == Language::Python;
        settings.interval = limits.interval.max(settings.interval);
        Watch {
            state: State::Ready(Monitor::new(settings)),
            cgroup: None,
        }
    }

    /// The CPU view the run's environment gives (see [`crate::monitor::CpuView`]).
    pub fn expect_cpu_view(&mut self, env: &[(std::ffi::OsString, std::ffi::OsString)]) {
        if let State::Ready(monitor) = &mut self.state {
            monitor.set_cpu_view(crate::monitor::CpuView::from_env(env));
        }
    }

    /// The figures of the run, once it ended.
    pub fn figures(mut self) -> Option<WorkerFigures> {
        self.stop();
        match self.state {
            State::Done(figures) => figures,
            State::Ready(_) | State::Watching(_) => None,
        }
    }

    fn stop(&mut self) {
        let state = std::mem::replace(&mut self.state, State::Done(None));
        self.state = match state {
            State::Watching(watching) => State::Done(Some(watching.finish())),
            State::Ready(_) => State::Done(None),
            done @ State::Done(_) => done,
        };
    }
}

impl Observer for Watch {
    fn contained(&mut self, cgroup_v2: Option<&std::path::Path>, wrapper_levels: usize) {
        self.cgroup = cgroup_v2.map(std::path::Path::to_path_buf);
        if let State::Ready(monitor) = &mut self.state {
            monitor.set_wrapper_levels(wrapper_levels);
        }
    }

    fn started(&mut self, pid: u32) {
        let state = std::mem::replace(&mut self.state, State::Done(None));
        self.state = match state {
            State::Ready(monitor) => State::Watching(monitor.watch(pid, self.cgroup.clone())),
            other => other,
        };
    }

    fn ended(&mut self) {
        self.stop();
    }
}

/// The check, from the figures of a run that succeeded.
pub fn workers_check(figures: Option<&WorkerFigures>, limits: &Workers, lang: Lang) -> Check {
    let Some(figures) = figures else {
        return Check::skipped(CheckKind::Workers, msg!(lang, "workers-not-watched"));
    };
    let (pass, message) = monitor::workers_verdict(figures, limits.min, limits.max, lang);
    let details = WorkersDetails {
        figures: figures.clone(),
        min: limits.min,
        max: limits.max,
        cpus_shown: limits.cpus,
    };
    Check::new(
        CheckKind::Workers,
        if pass { Verdict::Pass } else { Verdict::Fail },
        message,
        Details::Workers(Box::new(details)),
    )
}
