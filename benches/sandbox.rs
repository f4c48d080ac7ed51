//! What the sandbox costs each job: `true` started plainly, then in each isolation this machine
//! allows (the whole job: cgroups made, helper started, root built, program run, all removed),
//! and, when bubblewrap and setpriv are installed, with the command line grade used to run
//! (bubblewrap's namespaces and binds, setpriv's drop), for comparison. Runs alternate, so that
//! a noisy neighbour slows all of them alike; medians are printed.
//!
//! `cargo bench --bench sandbox` (set `GRADE_BENCH_RUNS` for more or fewer runs; default 101).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use grade::sandbox::{IsolationChoice, Jail, Sandbox, SandboxSettings};

fn main() {
    let runs: usize = std::env::var("GRADE_BENCH_RUNS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(101);
    let scratch = tempfile::tempdir().expect("scratch folder");
    let workdir = scratch.path().join("work");
    std::fs::create_dir(&workdir).expect("workdir");
    let mut contestants: Vec<(String, Box<dyn Fn() -> Duration>)> = Vec::new();
    contestants.push(("plain spawn".into(), Box::new(plain)));
    for choice in [
        IsolationChoice::Namespaces,
        IsolationChoice::UserNamespace,
        IsolationChoice::Landlock,
    ] {
        let settings = SandboxSettings {
            isolation: choice,
            helper: Some(PathBuf::from(env!("CARGO_BIN_EXE_grade"))),
            ..SandboxSettings::default()
        };
        let sandbox =
            Sandbox::detect(&settings, grade::lang::Lang::En).expect("the sandbox is prepared");
        let allowed = match choice {
            IsolationChoice::Landlock => sandbox.isolation() == grade::sandbox::Isolation::Landlock,
            _ => sandbox.isolation().namespaces(),
        };
        if !allowed {
            println!(
                "{}: refused here ({})",
                choice.name(),
                sandbox.refused().join("; ")
            );
            continue;
        }
        let workdir = workdir.clone();
        contestants.push((
            format!("grade sandbox, {}", choice.name()),
            Box::new(move || sandboxed(&sandbox, &workdir)),
        ));
    }
    match bubblewrap() {
        Some((bwrap, setpriv)) => {
            let workdir = workdir.clone();
            contestants.push((
                "bubblewrap + setpriv (grade before)".into(),
                Box::new(move || with_bubblewrap(&bwrap, setpriv.as_deref(), &workdir)),
            ));
        }
        None => println!("bubblewrap + setpriv: not installed here, not compared"),
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(runs); contestants.len()];
    for _ in 0..runs {
        for (index, (_, run)) in contestants.iter().enumerate() {
            times[index].push(run());
        }
    }
    let plain = median(&mut times[0]);
    println!("`true`, median of {runs} alternating runs:");
    for ((name, _), times) in contestants.iter().zip(&mut times) {
        let median = median(times);
        println!(
            "  {name:38} {:6.2} ms  (+{:.2} ms over a plain spawn)",
            millis(median),
            millis(median.saturating_sub(plain))
        );
    }
}

fn plain() -> Duration {
    let started = Instant::now();
    let status = Command::new("true")
        .stdin(Stdio::null())
        .status()
        .expect("true runs");
    assert!(status.success());
    started.elapsed()
}

/// The whole job, as grade runs one: contained, spawned, waited for, cleaned up.
fn sandboxed(sandbox: &Sandbox, workdir: &Path) -> Duration {
    let started = Instant::now();
    let jail = Jail {
        program: Path::new("true"),
        args: &[],
        workdir,
        readable: &[],
        writable: &[],
        share_workdir: false,
        env: &[],
        network: None,
        keep: None,
        record: None,
    };
    let mut contained = sandbox.contain(&jail).expect("contain");
    contained.command().stdin(Stdio::null());
    let status = contained.spawn().expect("spawn").wait().expect("wait");
    assert!(status.success(), "{:?}", contained.setup_error());
    drop(contained);
    started.elapsed()
}

fn bubblewrap() -> Option<(PathBuf, Option<PathBuf>)> {
    let bwrap = grade::toolchain::which("bwrap")?;
    let root = nix::unistd::Uid::effective().is_root();
    let setpriv = grade::toolchain::which("setpriv");
    if root && setpriv.is_none() {
        return None;
    }
    Some((bwrap, setpriv.filter(|_| root)))
}

/// What grade ran before its sandbox was built in: bubblewrap with an allowlist, then, as root,
/// setpriv dropping to the sandbox user.
fn with_bubblewrap(bwrap: &Path, setpriv: Option<&Path>, workdir: &Path) -> Duration {
    let started = Instant::now();
    let mut command = Command::new(bwrap);
    match setpriv {
        Some(_) => command.args([
            "--unshare-ipc",
            "--unshare-pid",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--unshare-net",
            "--cap-drop",
            "ALL",
            "--cap-add",
            "CAP_SETUID",
            "--cap-add",
            "CAP_SETGID",
            "--cap-add",
            "CAP_SETPCAP",
        ]),
        None => command.args(["--unshare-all", "--cap-drop", "ALL"]),
    };
    command.args(["--die-with-parent", "--new-session", "--hostname", "grade"]);
    command.args(["--ro-bind", "/usr", "/usr"]);
    for dir in ["/bin", "/sbin", "/lib", "/lib64"] {
        match std::fs::read_link(dir) {
            Ok(target) => command.arg("--symlink").arg(target).arg(dir),
            Err(_) => command.args(["--ro-bind-try", dir, dir]),
        };
    }
    command.args(["--perms", "0755", "--dir", "/etc"]);
    for file in [
        "ld.so.cache",
        "nsswitch.conf",
        "hosts",
        "localtime",
        "passwd",
        "group",
    ] {
        let path = format!("/etc/{file}");
        command.args(["--ro-bind-try", &path, &path]);
    }
    command.args(["--proc", "/proc", "--dev", "/dev"]);
    command.args([
        "--perms", "1777", "--tmpfs", "/dev/shm", "--perms", "1777", "--tmpfs", "/tmp",
    ]);
    command.arg("--bind").arg(workdir).arg(workdir);
    command.arg("--chdir").arg(workdir).arg("--");
    if let Some(setpriv) = setpriv {
        command.arg(setpriv).args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
            "--",
        ]);
    }
    let status = command
        .arg("true")
        .stdin(Stdio::null())
        .status()
        .expect("bwrap runs");
    assert!(status.success());
    started.elapsed()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
