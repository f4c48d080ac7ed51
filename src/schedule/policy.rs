//! Which units may run together: a pure admission rule over the CPUs' worth of work in flight.
//!
//! Measured on this kind of machine (`timing.md`): runs that mostly sleep overlap anything at a
//! cost under 1%, while CPU-bound work beside a timed run slows it by 8% to 160%. So a unit says
//! how much CPU it needs ([`Load`]), and a run whose time must be fair needs the CPUs to itself,
//! sleepers aside.
//!
//! Running untimed work at the lowest priority beside timed runs was tried and measured, and it
//! does not hold here. Each job is a session of its own (the sandbox calls `setsid`), and with
//! `kernel.sched_autogroup_enabled` every session is a scheduling group of equal weight: a
//! nice 19 busy loop of another job took half the CPU from a timed run (500 ms of `full` stall
//! in 1 s). Even within one group, nice 19 left a stall of 3.3% of the wall time (the rule's
//! threshold is 2.5%), and builds, mostly in the kernel (exec, mounts, copies), are not
//! preempted under `PREEMPT_NONE`: references timed beside them stalled 27 to 84 ms out of 60.

/// CPUs' worth of sleeping work that may run beside a run timed alone: a few runs that wait on
/// `sleep` or a deadlock cost a timed run nothing measurable.
pub(crate) const SLEEPERS: f64 = 0.25;

/// The least a unit weighs, however idle: starting a process and a sandbox costs something.
pub(crate) const LEAST: f64 = 0.05;

/// What a unit asks of the machine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Load {
    /// Nothing else at all: a run timed again because other work slowed it.
    Exclusive,
    /// The CPUs to itself, sleepers aside: a run whose time is judged.
    Alone,
    /// This many CPUs' worth, beside anything that leaves room for it.
    Share(f64),
}

impl Load {
    /// CPUs' worth the unit takes from others' room.
    fn weight(self, jobs: f64) -> f64 {
        match self {
            Load::Exclusive | Load::Alone => jobs,
            Load::Share(share) => share.max(LEAST),
        }
    }

    /// Whether it keeps the CPUs busy enough to slow a timed run beside it.
    fn busy(self) -> bool {
        match self {
            Load::Exclusive | Load::Alone => true,
            Load::Share(share) => share > SLEEPERS,
        }
    }
}

/// What a run slowed by other work asks for when it is timed again: a run that had only a
/// share (one that mostly sleeps, beside builds) gets the CPUs to itself; one that already had
/// them, the machine with nothing else at all.
pub(crate) fn again(slowed: Load) -> Load {
    match slowed {
        Load::Share(_) => Load::Alone,
        Load::Alone | Load::Exclusive => Load::Exclusive,
    }
}

/// The units in flight and the room they leave.
#[derive(Debug)]
pub(crate) struct Slots {
    /// CPUs' worth of work allowed at once (`--jobs`).
    jobs: u32,
    /// Units in flight at most, however light: each holds processes, pipes and a thread.
    most: usize,
    running: Vec<(usize, Load)>,
}

impl Slots {
    pub(crate) fn new(jobs: u32) -> Slots {
        let jobs = jobs.max(1);
        Slots {
            jobs,
            most: 8 * jobs as usize,
            running: Vec::new(),
        }
    }

    /// Whether a unit asking for `load` may start now. With one job, one unit at a time.
    pub(crate) fn admits(&self, load: Load) -> bool {
        if self.running.is_empty() {
            return true;
        }
        if self.jobs == 1 || self.running.len() >= self.most {
            return false;
        }
        let jobs = f64::from(self.jobs);
        // Busy work and sleepers are counted apart: sleepers barely use the CPUs, so they
        // neither take busy work's room nor need it; they have a room of their own.
        let sum = |busy: bool| -> f64 {
            self.running
                .iter()
                .filter(|(_, l)| l.busy() == busy && !matches!(l, Load::Alone | Load::Exclusive))
                .map(|(_, l)| l.weight(jobs))
                .sum()
        };
        let timed_alone = self
            .running
            .iter()
            .any(|(_, l)| matches!(l, Load::Alone | Load::Exclusive));
        let exclusive = self.running.iter().any(|(_, l)| *l == Load::Exclusive);
        match load {
            Load::Exclusive => false,
            // Sleepers may be there already; nothing busy may.
            Load::Alone => !timed_alone && sum(true) == 0.0,
            // Beside a timed run, sleepers only, within their room.
            Load::Share(_) if timed_alone => {
                !exclusive && !load.busy() && sum(false) + load.weight(jobs) <= SLEEPERS
            }
            Load::Share(_) if load.busy() => sum(true) + load.weight(jobs) <= jobs + 1e-9,
            Load::Share(_) => sum(false) + load.weight(jobs) <= jobs + 1e-9,
        }
    }

    /// Whether a unit asking for `load` could start beside `waiting`, which must start first,
    /// without delaying it: sleepers only, as would be allowed beside it once it runs.
    pub(crate) fn admits_before(&self, load: Load, waiting: Load) -> bool {
        match waiting {
            Load::Exclusive => false,
            // Busy work in flight will end; the sleepers started meanwhile must leave it room.
            Load::Alone => {
                let jobs = f64::from(self.jobs);
                let sleepers: f64 = self
                    .running
                    .iter()
                    .filter(|(_, l)| !l.busy())
                    .map(|(_, l)| l.weight(jobs))
                    .sum();
                !load.busy() && sleepers + load.weight(jobs) <= SLEEPERS && self.admits(load)
            }
            Load::Share(_) => self.admits(load),
        }
    }

    pub(crate) fn start(&mut self, unit: usize, load: Load) {
        self.running.push((unit, load));
    }

    pub(crate) fn finish(&mut self, unit: usize) {
        self.running.retain(|(id, _)| *id != unit);
    }

    /// A unit in flight now needs `load` (a timed run past its limit, whose time no longer
    /// matters, steps aside).
    pub(crate) fn reweigh(&mut self, unit: usize, load: Load) {
        for (id, current) in &mut self.running {
            if *id == unit {
                *current = load;
            }
        }
    }

    /// Whether busy work runs now (other than `unit`): a timed run beside it was not alone.
    pub(crate) fn busy_besides(&self, unit: usize) -> bool {
        self.running
            .iter()
            .any(|(id, load)| *id != unit && load.busy())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_job_runs_one_unit_at_a_time() {
        let mut slots = Slots::new(1);
        assert!(slots.admits(Load::Share(0.05)));
        slots.start(0, Load::Share(0.05));
        assert!(!slots.admits(Load::Share(0.05)));
    }

    #[test]
    fn shares_fill_the_jobs() {
        let mut slots = Slots::new(2);
        slots.start(0, Load::Share(1.0));
        assert!(slots.admits(Load::Share(1.0)));
        slots.start(1, Load::Share(1.0));
        assert!(!slots.admits(Load::Share(0.5)));
        slots.finish(0);
        assert!(slots.admits(Load::Share(0.5)));
    }

    #[test]
    fn sleepers_fit_beside_work_that_fills_the_cpus() {
        let mut slots = Slots::new(2);
        slots.start(0, Load::Share(2.0));
        assert!(!slots.admits(Load::Share(0.5)));
        assert!(slots.admits(Load::Share(0.1)));
    }

    #[test]
    fn sleepers_take_no_room_from_builds() {
        let mut slots = Slots::new(2);
        for unit in 0..5 {
            slots.start(unit, Load::Share(0.05));
        }
        slots.start(5, Load::Share(1.0));
        assert!(slots.admits(Load::Share(1.0)));
    }

    #[test]
    fn a_timed_run_waits_for_busy_work_but_not_for_sleepers() {
        let mut slots = Slots::new(2);
        slots.start(0, Load::Share(0.05));
        slots.start(1, Load::Share(0.1));
        assert!(slots.admits(Load::Alone));
        slots.start(2, Load::Share(1.0));
        assert!(!slots.admits(Load::Alone));
    }

    #[test]
    fn beside_a_timed_run_only_sleepers_start() {
        let mut slots = Slots::new(2);
        slots.start(0, Load::Alone);
        assert!(!slots.admits(Load::Share(1.0)));
        assert!(!slots.admits(Load::Alone));
        assert!(slots.admits(Load::Share(0.1)));
        slots.start(1, Load::Share(0.1));
        slots.start(2, Load::Share(0.1));
        assert!(!slots.admits(Load::Share(0.1)), "past the sleepers' room");
    }

    #[test]
    fn an_exclusive_run_has_the_machine_to_itself() {
        let mut slots = Slots::new(2);
        slots.start(0, Load::Share(0.05));
        assert!(!slots.admits(Load::Exclusive));
        slots.finish(0);
        slots.start(1, Load::Exclusive);
        assert!(!slots.admits(Load::Share(0.05)));
    }

    #[test]
    fn a_run_past_its_limit_steps_aside() {
        let mut slots = Slots::new(2);
        slots.start(0, Load::Alone);
        assert!(!slots.admits(Load::Alone));
        slots.reweigh(0, Load::Share(0.05));
        assert!(slots.admits(Load::Alone));
    }

    // Regression: a sleeping run slowed by builds beside it waited for the machine to empty
    // (every run in flight ended, none started) to be timed again, at the end of the class.
    #[test]
    fn a_slowed_run_asks_for_a_little_more_each_time() {
        assert_eq!(again(Load::Share(0.04)), Load::Alone);
        assert_eq!(again(Load::Alone), Load::Exclusive);
        assert_eq!(again(Load::Exclusive), Load::Exclusive);
    }

    #[test]
    fn a_waiting_timed_run_is_not_overtaken_by_busy_work() {
        let mut slots = Slots::new(2);
        slots.start(0, Load::Share(1.0));
        assert!(slots.admits(Load::Share(1.0)));
        assert!(!slots.admits_before(Load::Share(1.0), Load::Alone));
        slots.finish(0);
        assert!(slots.admits_before(Load::Share(0.05), Load::Alone));
    }

    // Regression: a spinning run past its limit kept every sleeper waiting behind the timed run
    // that waited for it, and the CPUs idle.
    #[test]
    fn sleepers_start_while_a_waiting_timed_run_waits_for_busy_work() {
        let mut slots = Slots::new(2);
        slots.start(0, Load::Share(1.9));
        assert!(slots.admits_before(Load::Share(0.05), Load::Alone));
        slots.start(1, Load::Share(0.1));
        slots.start(2, Load::Share(0.1));
        assert!(!slots.admits_before(Load::Share(0.1), Load::Alone));
    }
}
