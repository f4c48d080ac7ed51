//! Which units may run together: a pure admission rule over the CPUs' worth of work in flight.
//!
//! Measured on this kind of machine (`timing.md`): runs that mostly sleep overlap anything at a
//! cost under 1%, while CPU-bound work beside a timed run slows it by 8% to 160%. So a unit says
//! how much CPU it needs ([`Load`]), and a run whose time must be fair needs the CPUs to itself,
//! sleepers aside.
//!
//! One kind of busy work may run beside a timed run: a run past its time limit, lowered as a
//! whole by its cgroup's `cpu.idle` ([`Load::Background`]). Four busy loops so lowered slowed a
//! timed `cube.py` by 0% to 8% and stalled it about 1 ms. Nothing weaker does: nice 19 acts only
//! within a scheduling group, and each job is a session, so a group of its own under
//! `kernel.sched_autogroup_enabled` (a nice 19 loop of another job took half the CPUs from a
//! timed run); and builds, mostly in the kernel (exec, mounts, copies), are not preempted
//! under `PREEMPT_NONE` (references timed beside nice 19 builds stalled 27 to 84 ms of 60).

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
    /// This many CPUs' worth, of a run that mostly sleeps, with no busy work beside it (timed
    /// runs may start: they barely touch a sleeper): timed again after builds slowed it.
    Quiet(f64),
    /// This many CPUs' worth, lowered to take only what timed runs leave: a run past its limit.
    Background(f64),
}

impl Load {
    /// CPUs' worth the unit takes from others' room.
    fn weight(self, jobs: f64) -> f64 {
        match self {
            Load::Exclusive | Load::Alone => jobs,
            Load::Share(share) | Load::Quiet(share) | Load::Background(share) => share.max(LEAST),
        }
    }

    /// Whether it keeps the CPUs busy enough to slow a timed run beside it.
    fn busy(self) -> bool {
        match self {
            Load::Exclusive | Load::Alone => true,
            Load::Share(share) => share > SLEEPERS,
            Load::Quiet(_) | Load::Background(_) => false,
        }
    }

    /// Whether it is one of the sleepers that may run beside a timed run.
    fn sleeper(self) -> bool {
        match self {
            Load::Share(share) => share <= SLEEPERS,
            Load::Quiet(_) => true,
            _ => false,
        }
    }

    fn timed_alone(self) -> bool {
        matches!(self, Load::Alone | Load::Exclusive)
    }
}

/// What a run slowed by other work asks for when it is timed again, a little more each time:
/// a run that mostly sleeps first keeps busy work away, then gets the CPUs to itself; a run
/// that already had them gets the machine with nothing else at all.
pub(crate) fn again(slowed: Load) -> Load {
    match slowed {
        Load::Share(share) if share <= SLEEPERS => Load::Quiet(share),
        Load::Share(_) | Load::Quiet(_) | Load::Background(_) => Load::Alone,
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

    /// CPUs' worth of the units in flight that `kind` picks.
    fn sum(&self, kind: impl Fn(Load) -> bool) -> f64 {
        let jobs = f64::from(self.jobs);
        self.running
            .iter()
            .filter(|(_, load)| kind(*load))
            .map(|(_, load)| load.weight(jobs))
            .sum()
    }

    /// How many lowered units keep a CPU busy.
    fn busy_background(&self) -> usize {
        self.running
            .iter()
            .filter(|(_, load)| matches!(load, Load::Background(share) if *share > SLEEPERS))
            .count()
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
        let room = jobs + 1e-9;
        // Busy work and sleepers are counted apart: sleepers barely use the CPUs, so they
        // neither take busy work's room nor need it; they have a room of their own.
        let busy = self.sum(|l| l.busy() && !l.timed_alone());
        let sleepers = self.sum(Load::sleeper);
        let timed_alone = self.running.iter().any(|(_, l)| l.timed_alone());
        let exclusive = self.running.iter().any(|(_, l)| *l == Load::Exclusive);
        let quiet = self
            .running
            .iter()
            .any(|(_, l)| matches!(l, Load::Quiet(_)));
        let weight = load.weight(jobs);
        match load {
            Load::Exclusive => false,
            // Sleepers and lowered runs may be there already; nothing busy may. The timed run
            // may itself be lowered past its limit, busy: lowered runs piling up would starve
            // each other, so fewer busy ones than jobs.
            Load::Alone => {
                !timed_alone && busy == 0.0 && self.busy_background() < self.jobs as usize
            }
            // Units are lowered as they run, never started so.
            Load::Background(_) => false,
            // Beside a timed run, sleepers only, within their room.
            Load::Share(_) | Load::Quiet(_) if timed_alone => {
                !exclusive && load.sleeper() && sleepers + weight <= SLEEPERS && busy == 0.0
            }
            Load::Quiet(_) => busy == 0.0 && sleepers + weight <= room,
            Load::Share(_) if load.busy() => !quiet && busy + weight <= room,
            Load::Share(_) => sleepers + weight <= room,
        }
    }

    /// Whether a unit asking for `load` could start beside `waiting`, which must start first,
    /// without delaying it: sleepers only, as would be allowed beside it once it runs.
    pub(crate) fn admits_before(&self, load: Load, waiting: Load) -> bool {
        match waiting {
            Load::Exclusive => false,
            // Busy work in flight will end; the sleepers started meanwhile must leave it room.
            Load::Alone => {
                load.sleeper()
                    && self.sum(Load::sleeper) + load.weight(1.0) <= SLEEPERS
                    && self.admits(load)
            }
            // Nothing busy may start before it: it would have to wait for it.
            Load::Quiet(_) => !load.busy() && self.admits(load),
            Load::Share(_) | Load::Background(_) => self.admits(load),
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
        assert_eq!(again(Load::Share(0.04)), Load::Quiet(0.04));
        assert_eq!(again(Load::Quiet(0.04)), Load::Alone);
        assert_eq!(again(Load::Share(1.0)), Load::Alone);
        assert_eq!(again(Load::Alone), Load::Exclusive);
        assert_eq!(again(Load::Exclusive), Load::Exclusive);
    }

    #[test]
    fn a_timed_run_starts_beside_a_lowered_run_past_its_limit() {
        let mut slots = Slots::new(2);
        slots.start(0, Load::Alone);
        slots.reweigh(0, Load::Background(2.0));
        assert!(
            !slots.busy_besides(1),
            "a lowered run is not busy beside a timed one"
        );
        assert!(slots.admits(Load::Alone));
        slots.start(1, Load::Alone);
        // The second timed run passes its limit too: two lowered busy runs on two jobs.
        slots.reweigh(1, Load::Background(1.0));
        assert!(
            !slots.admits(Load::Alone),
            "lowered runs would starve each other"
        );
        assert!(
            slots.admits(Load::Share(1.0)),
            "busy work may start: it is not timed"
        );
        slots.reweigh(1, Load::Background(0.05));
        assert!(
            slots.admits(Load::Alone),
            "a sleeping lowered run takes no CPU"
        );
    }

    #[test]
    fn nothing_starts_lowered_and_an_exclusive_run_waits_for_lowered_ones() {
        let mut slots = Slots::new(2);
        assert!(
            slots.admits(Load::Background(0.5)),
            "on an empty machine anything starts"
        );
        slots.start(0, Load::Share(0.05));
        assert!(!slots.admits(Load::Background(0.5)));
        slots.finish(0);
        slots.start(1, Load::Alone);
        slots.reweigh(1, Load::Background(1.0));
        assert!(!slots.admits(Load::Exclusive));
    }

    #[test]
    fn a_quiet_sleeper_keeps_busy_work_away_but_not_timed_runs() {
        let mut slots = Slots::new(2);
        slots.start(0, Load::Share(1.0));
        assert!(!slots.admits(Load::Quiet(0.04)), "busy work runs");
        assert!(!slots.admits_before(Load::Share(1.0), Load::Quiet(0.04)));
        slots.finish(0);
        slots.start(1, Load::Quiet(0.04));
        assert!(!slots.admits(Load::Share(1.0)), "no busy work beside it");
        assert!(slots.admits(Load::Share(0.1)), "sleepers may");
        assert!(
            slots.admits(Load::Alone),
            "a timed run barely touches a sleeper"
        );
        slots.start(2, Load::Alone);
        assert!(!slots.busy_besides(2));
        // Past its limit, its time's verdict is made: it weighs what it uses, as any run.
        slots.reweigh(1, Load::Share(0.04));
        slots.finish(2);
        assert!(slots.admits(Load::Share(1.0)));
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
