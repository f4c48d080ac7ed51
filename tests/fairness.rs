//! A timed run that other work slowed is timed again alone, and the report keeps every attempt;
//! when the machine stays busy, the time check is inconclusive rather than failed. How much the
//! busy loops slow the run depends on how the kernel weighs cgroups against each other: on the
//! project machine all three attempts are usually slowed, and either outcome is checked whole.

mod common;

use std::path::Path;
use std::process::{Child, Command};

use common::{grade_in, report, write};

/// The tests of this file time runs against each other's load (busy loops, a spinning
/// timeout): they take turns.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Four workers that keep the CPUs busy for about two seconds: what CPU-bound work beside slows
/// most, long enough for the slowing to stand well above the rule's threshold.
const BUSY_POOL: &str = r#""""Quatre processus calculent les cubes, longuement."""
from multiprocessing import Pool


def slow_cube(value):
    """Le cube de value, après un calcul qui occupe le processeur."""
    total = 0
    for step in range(6_000_000):
        total += step % 7
    return value ** 3 + total * 0


if __name__ == "__main__":
    with Pool(4) as pool:
        cubes = pool.map(slow_cube, range(8), chunksize=1)
    print(f"result = {sum(cubes)}")
"#;

/// A course whose limit the reference itself misses (half its time, no slack): every run is
/// past its limit, so its time only stands when it was fair.
fn busy_course(dir: &Path) -> std::path::PathBuf {
    write(&dir.join("reference/busy.py"), BUSY_POOL);
    write(&dir.join("class/alice/busy.py"), BUSY_POOL);
    let course = dir.join("course.toml");
    write(
        &course,
        "[course]\nname = \"fairness\"\nmax-score = 4\nreference = \"reference\"\n\
         reference-runs = 1\n\n\
         [exercises.busy]\npython = \"busy.py\"\nresult = '^result = (?P<value>-?\\d+)'\n\
         points = 4\ntimeout = \"20s\"\ntime-factor = 0.5\ntime-slack = \"0ms\"\n\
         workers = { min = 2, max = 4, other-cpus = [] }\n",
    );
    course
}

/// Busy loops outside the grader, killed when dropped.
struct Hogs(Vec<Child>);

impl Hogs {
    fn start(count: usize) -> Hogs {
        Hogs(
            (0..count)
                .map(|_| {
                    Command::new("sh")
                        .args(["-c", "while :; do :; done"])
                        .spawn()
                        .unwrap_or_else(|err| panic!("{err}"))
                })
                .collect(),
        )
    }
}

impl Drop for Hogs {
    fn drop(&mut self) {
        for hog in &mut self.0 {
            let _ = hog.kill();
            let _ = hog.wait();
        }
    }
}

/// Grades the class of `dir` into its `report.json`.
fn grading(dir: &Path, course: &Path) -> assert_cmd::assert::Assert {
    grade_in(dir)
        .args(["class", "--config"])
        .arg(course)
        .args(["-o", "report.json"])
        .assert()
}

/// Asserts a check's verdict, and words of its message.
fn says(check: &serde_json::Value, verdict: &str, words: &str) {
    assert_eq!(check["verdict"], verdict, "{check}");
    assert!(
        check["message"]
            .as_str()
            .is_some_and(|message| message.contains(words)),
        "{check}"
    );
}

fn time_check(dir: &Path) -> serde_json::Value {
    let report = report(&dir.join("report.json"));
    report["submissions"][0]["exercises"][0]["checks"]
        .as_array()
        .unwrap_or_else(|| panic!("checks"))
        .iter()
        .find(|check| check["check"] == "time")
        .cloned()
        .unwrap_or_else(|| panic!("a time check"))
}

#[test]
fn a_slowed_run_is_timed_again_and_inconclusive_when_the_machine_stays_busy() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let course = busy_course(dir.path());

    // Alone: the run misses its limit, fairly.
    grading(dir.path(), &course).code(1);
    let alone = time_check(dir.path());
    assert_eq!(alone["verdict"], "fail", "{alone}");
    let attempts = alone["attempts"].as_array().cloned().unwrap_or_default();
    if attempts
        .first()
        .is_none_or(|attempt| attempt["stalled_ms"].is_null())
    {
        // No cgroup CPU pressure here: nothing tells a slowed run from a fair one.
        eprintln!("skipped: this machine gives runs no cpu.pressure");
        return;
    }
    assert_eq!(attempts.len(), 1, "{alone}");
    assert_eq!(attempts[0]["contaminated"], false, "{alone}");

    // Beside four busy loops, as the machine's scheduler shares the CPUs: each slowed attempt is
    // timed again, and when all three are slowed the time is not judged.
    std::fs::remove_file(dir.path().join("report.json")).unwrap_or_else(|err| panic!("{err}"));
    let hogs = Hogs::start(4);
    let graded = grading(dir.path(), &course);
    drop(hogs);
    let busy = time_check(dir.path());
    eprintln!("beside busy loops: {busy}");
    let attempts = busy["attempts"].as_array().cloned().unwrap_or_default();
    // The grader ran nothing beside the program: whatever slowed it came from outside.
    assert!(
        attempts.iter().all(|attempt| attempt["alone"] == true),
        "{busy}"
    );
    // Each slowed attempt but the last is followed by another; the judged one is the last.
    let slowed: Vec<bool> = attempts
        .iter()
        .map(|attempt| attempt["contaminated"] == true)
        .collect();
    assert!(!attempts.is_empty() && attempts.len() <= 3, "{busy}");
    assert!(
        slowed[..slowed.len() - 1].iter().all(|&was| was),
        "an attempt was timed again though nothing slowed it: {busy}"
    );
    if slowed[slowed.len() - 1] {
        // The machine stayed busy through every attempt: no verdict on the time.
        assert_eq!(attempts.len(), 3, "{busy}");
        says(&busy, "inconclusive", "too busy to judge");
    } else {
        // The scheduler gave the run its share of the CPUs after all (cgroups are weighed
        // as a whole): the time is fair, and it fails.
        assert_eq!(busy["verdict"], "fail", "{busy}");
    }
    let summary = report(&dir.path().join("report.json"))["summary"]["schedule"].clone();
    // The reference's own slowed timings are timed again too.
    let reruns = slowed.iter().filter(|&&was| was).count().min(2) as u64;
    assert!(summary["reruns"].as_u64() >= Some(reruns), "{summary}");
    let inconclusive = u64::from(busy["verdict"] == "inconclusive");
    assert_eq!(
        summary["inconclusive"].as_u64(),
        Some(inconclusive),
        "{summary}"
    );
    graded.code(if inconclusive == 1 { 0 } else { 1 });
}

/// Two workers that spin for ever: a timeout, past its limit long before.
const SPINNER: &str = r#""""Deux processus qui ne s'arrêtent jamais."""
from multiprocessing import Pool


def spin(value):
    """Tourne sans fin."""
    while True:
        value += 1


if __name__ == "__main__":
    with Pool(2) as pool:
        pool.map(spin, range(2))
"#;

/// Whether runs past their limit can be lowered here: a `cpu` cgroup for each run (root's v1
/// `cpu` hierarchy, or the v2 `cpu` controller) and a CPU pressure file.
fn lowering_possible() -> bool {
    let cpu_v2 = std::fs::read_to_string("/sys/fs/cgroup/cgroup.controllers")
        .is_ok_and(|controllers| controllers.split_whitespace().any(|c| c == "cpu"));
    nix::unistd::Uid::effective().is_root()
        && (Path::new("/sys/fs/cgroup/cpu/cpu.idle").exists() || cpu_v2)
}

#[test]
fn a_timed_run_goes_on_beside_a_lowered_timeout_and_neither_is_timed_again() {
    let _turn = turn();
    if !lowering_possible() {
        eprintln!("skipped: runs cannot be lowered here (no cpu cgroup for them, or not root)");
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    write(&dir.path().join("reference/busy.py"), BUSY_POOL);
    write(&dir.path().join("class/bob/busy.py"), SPINNER);
    write(&dir.path().join("class/carol/busy.py"), BUSY_POOL);
    let course = dir.path().join("course.toml");
    write(
        &course,
        "[course]\nname = \"lowering\"\nmax-score = 4\nreference = \"reference\"\n\
         reference-runs = 1\n\n\
         [exercises.busy]\npython = \"busy.py\"\nresult = '^result = (?P<value>-?\\d+)'\n\
         points = 4\ntimeout = \"8s\"\ntime-factor = 1.5\n\
         workers = { min = 2, max = 4, other-cpus = [] }\n",
    );
    let graded = grade_in(dir.path())
        .args(["class", "--jobs", "2", "--config"])
        .arg(&course)
        .args(["-o", "report.json"])
        .assert();
    let report = report(&dir.path().join("report.json"));
    let schedule = report["summary"]["schedule"].clone();
    let checks = |student: usize| {
        report["submissions"][student]["exercises"][0]["checks"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("checks: {report}"))
    };
    let check = |student: usize, name: &str| {
        checks(student)
            .into_iter()
            .find(|check| check["check"] == name)
            .unwrap_or_else(|| panic!("a {name} check: {report}"))
    };
    // bob spins past his limit: he is lowered, and carol's run starts beside him.
    assert_eq!(report["submissions"][0]["student"], "bob", "{report}");
    assert_eq!(schedule["lowered"], 1, "{schedule}");
    says(&check(0, "run"), "fail", "timed out");
    // carol's time is fair: the lowered loop did not slow her.
    let time = check(1, "time");
    assert_eq!(time["verdict"], "pass", "{time}");
    let attempts = time["attempts"].as_array().cloned().unwrap_or_default();
    assert_eq!(attempts.len(), 1, "{time}");
    assert_eq!(attempts[0]["alone"], true, "{time}");
    // bob waited while carol's workers had the CPUs: his timeout was put off by as much, so his
    // timeout is not in doubt and he is not timed again.
    assert_eq!(schedule["reruns"], 0, "{schedule}");
    graded.code(1);

    // One job at a time gives the same verdicts, with nothing lowered.
    let one = dir.path().join("one.json");
    grade_in(dir.path())
        .args(["class", "--jobs", "1", "--config"])
        .arg(&course)
        .arg("-o")
        .arg(&one)
        .assert()
        .code(1);
    let alone = common::report(&one);
    assert_eq!(alone["summary"]["schedule"]["lowered"], 0, "{alone}");
    assert_eq!(
        common::outcomes(&alone),
        common::outcomes(&report),
        "--jobs 1 and --jobs 2 differ"
    );
}
