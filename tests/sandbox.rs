//! Runs the hostile corpus (fixtures/hostile, table in expected.toml) through the sandbox for
//! real, in every isolation this machine allows (namespaces as root, namespaces in a user
//! namespace, Landlock alone), and asserts containment: no process left, no file outside the
//! scratch folder, no connection, memory, task and disk limits enforced, secrets unreadable.
//!
//! An isolation or a protection this machine lacks is skipped with a message that says why; set
//! GRADE_REQUIRE_SANDBOX=1 to fail instead.

use std::ffi::OsString;
use std::fs;
use std::io::{ErrorKind, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

mod common;

use common::{open_copy, python, repo, rust_sysroot};
use grade::sandbox::{
    DiskFull, IsolationChoice, Jail, LimitsHit, Sandbox, SandboxSettings, Termination,
};
use wait_timeout::ChildExt;

const OUTPUT_CAP: usize = 1 << 20;

/// The isolations the containment is proven in, strongest first.
const ISOLATIONS: [IsolationChoice; 3] = [
    IsolationChoice::Namespaces,
    IsolationChoice::UserNamespace,
    IsolationChoice::Landlock,
];

fn settings(isolation: IsolationChoice) -> SandboxSettings {
    SandboxSettings {
        memory: 256 << 20,
        tasks: 64,
        disk: 64 << 20,
        files: 2_000,
        isolation,
        helper: Some(PathBuf::from(env!("CARGO_BIN_EXE_grade"))),
        ..SandboxSettings::default()
    }
}

/// A sandbox in each isolation this machine allows; the others are skipped with why (or fail
/// under GRADE_REQUIRE_SANDBOX). Detected per test (a few milliseconds) so that each one's
/// support folder is removed when it drops.
fn sandboxes() -> Vec<(IsolationChoice, Sandbox)> {
    let mut found = Vec::new();
    for choice in ISOLATIONS {
        let sandbox = Sandbox::detect(&settings(choice), grade::lang::Lang::En)
            .expect("the sandbox is prepared");
        let allowed = match choice {
            IsolationChoice::Landlock => sandbox.isolation() == grade::sandbox::Isolation::Landlock,
            _ => sandbox.isolation().namespaces(),
        };
        if allowed && !sandbox.isolation().namespaces() && !toolchains_open() {
            eprintln!(
                "skipped in isolation {}: the toolchains are closed to the sandbox user and \
                 cannot be linked where it can reach them",
                choice.name()
            );
            continue;
        }
        if allowed {
            found.push((choice, sandbox));
        } else {
            assert!(
                std::env::var_os("GRADE_REQUIRE_SANDBOX").is_none(),
                "isolation {} refused: {:?}",
                choice.name(),
                sandbox.refused()
            );
            eprintln!(
                "skipped in isolation {}: this machine refused it: {}",
                choice.name(),
                sandbox.refused().join("; ")
            );
        }
    }
    assert!(!found.is_empty() || std::env::var_os("GRADE_REQUIRE_SANDBOX").is_none());
    found
}

/// Whether the toolchains can be reached by the sandbox user without namespaces (see
/// `open_copy`).
fn toolchains_open() -> bool {
    open_copy(&python().1).is_some() && open_copy(&rust_sysroot()).is_some()
}

/// The case with its toolchain where the sandbox user can reach it, for a job without
/// namespaces: the first readable path is the toolchain's prefix.
fn opened(mut case: Case<'_>) -> Case<'_> {
    let Some(prefix) = case.readable.first().cloned() else {
        return case;
    };
    let copy = open_copy(&prefix).unwrap_or_else(|| panic!("checked by sandboxes()"));
    let moved = |path: &Path| match path.strip_prefix(&prefix) {
        Ok(rest) => copy.join(rest),
        Err(_) => path.to_path_buf(),
    };
    case.program = moved(&case.program);
    case.readable = case.readable.iter().map(|path| moved(path)).collect();
    let (from, to) = (prefix.to_string_lossy(), copy.to_string_lossy());
    case.env = case
        .env
        .into_iter()
        .map(|(key, value)| (key, value.to_string_lossy().replace(&*from, &to).into()))
        .collect();
    case
}

/// True when the protection is active in `sandbox`; otherwise says so and skips.
fn active(sandbox: &Sandbox, choice: IsolationChoice, name: &str) -> bool {
    let protection = sandbox
        .protections()
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no protection named {name}"));
    if !protection.active {
        eprintln!(
            "skipped in isolation {}, protection missing: {protection:?}",
            choice.name()
        );
    }
    protection.active
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create scratch folder");
    for entry in fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

/// Every file of the hostile corpus with its contents, to prove submissions are unchanged.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("read fixtures") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(snapshot(&path));
        } else {
            files.push((path.clone(), fs::read(&path).expect("read fixture file")));
        }
    }
    files.sort();
    files
}

/// Processes on the host whose environment holds the marker every process of a run inherits.
fn processes_with(marker: &str) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").expect("read /proc").flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let environ = fs::read(entry.path().join("environ")).unwrap_or_default();
        if String::from_utf8_lossy(&environ).contains(marker) {
            found.push(pid);
        }
    }
    found
}

fn read_capped(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buffer = [0u8; 64 * 1024];
        // Past the cap the pipe is dropped: a flooding program gets EPIPE instead of memory.
        while kept.len() < OUTPUT_CAP {
            match pipe.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => kept.extend_from_slice(&buffer[..n]),
            }
        }
        kept
    })
}

struct Outcome {
    stdout: String,
    stderr: String,
    termination: Option<Termination>,
    timed_out: bool,
    limits: LimitsHit,
    left_behind: Vec<u32>,
    escapes: Vec<PathBuf>,
    connections: usize,
}

struct Case<'a> {
    student: &'a str,
    program: PathBuf,
    args: Vec<OsString>,
    readable: Vec<PathBuf>,
    env: Vec<(OsString, OsString)>,
    timeout: Duration,
    /// TCP ports the job may reach; `Some(&[])` stands for the listener's port.
    network: Option<Vec<u16>>,
}

fn python_case(student: &str, timeout: Duration) -> Case<'_> {
    let (python, prefix) = python();
    Case {
        student,
        program: python,
        args: vec!["cube.py".into()],
        readable: vec![prefix],
        env: Vec::new(),
        timeout,
        network: None,
    }
}

fn run(sandbox: &Sandbox, case: Case<'_>) -> Outcome {
    let case = if sandbox.isolation().namespaces() {
        case
    } else {
        opened(case)
    };
    let scratch = tempfile::tempdir().expect("scratch");
    let workdir = scratch.path().join(case.student);
    let fixture = repo().join("fixtures/hostile").join(case.student);
    copy_tree(&fixture, &workdir);
    let listener = TcpListener::bind("127.0.0.1:0").expect("listener");
    let port = listener.local_addr().expect("port").port();
    static RUNS: AtomicU64 = AtomicU64::new(0);
    let marker = format!(
        "grade-hostile-{}-{}-{}",
        case.student,
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    );
    let targets = [
        repo().join("fixtures/hostile/honest/cube.py"),
        repo(),
        scratch.path().to_path_buf(),
    ];
    let targets = std::env::join_paths(&targets).expect("targets");
    let mut env = vec![
        ("GRADE_HOSTILE_PORT".into(), port.to_string().into()),
        ("GRADE_HOSTILE_TARGETS".into(), targets),
        ("GRADE_HOSTILE_MARKER".into(), marker.clone().into()),
    ];
    let workdir_text = workdir.to_string_lossy().into_owned();
    env.extend(case.env.iter().map(|(key, value)| {
        let value = value.to_string_lossy().replace("{workdir}", &workdir_text);
        (key.clone(), OsString::from(value))
    }));
    let network = case
        .network
        .map(|ports| if ports.is_empty() { vec![port] } else { ports });
    let jail = Jail {
        program: &case.program,
        args: &case.args,
        workdir: &workdir,
        readable: &case.readable,
        writable: &[],
        share_workdir: false,
        env: &env,
        network: network.as_deref(),
        keep: None,
        record: None,
    };
    let mut contained = sandbox.contain(&jail).expect("contain");
    contained
        .command()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = contained.spawn().expect("spawn");
    let stdout = read_capped(child.stdout.take().expect("stdout"));
    let stderr = read_capped(child.stderr.take().expect("stderr"));
    let (status, timed_out) = match child.wait_timeout(case.timeout).expect("wait") {
        Some(status) => (Some(status), false),
        None => {
            contained.kill_all();
            (child.wait().ok(), true)
        }
    };
    // Whatever the program left running dies with the run.
    contained.kill_all();
    let deadline = Instant::now() + Duration::from_secs(3);
    let mut left_behind = processes_with(&marker);
    while !left_behind.is_empty() && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
        left_behind = processes_with(&marker);
    }
    let limits = contained.limits_hit();
    let termination = status.map(|status| contained.termination(status));
    drop(contained);
    let name = format!("grade-escape-{}", case.student);
    let escapes = [
        PathBuf::from("/tmp").join(&name),
        PathBuf::from("/dev/shm").join(&name),
        scratch.path().join(&name),
        repo().join(&name),
        repo().join("fixtures").join(&name),
        PathBuf::from("/work").join(&name),
        PathBuf::from("/root").join(&name),
    ]
    .into_iter()
    .filter(|path| path.exists())
    .collect();
    listener.set_nonblocking(true).expect("nonblocking");
    let mut connections = 0;
    loop {
        match listener.accept() {
            Ok(_) => connections += 1,
            Err(error) if error.kind() == ErrorKind::WouldBlock => break,
            Err(error) => panic!("accept: {error}"),
        }
    }
    Outcome {
        stdout: String::from_utf8_lossy(&stdout.join().unwrap_or_default()).into_owned(),
        stderr: String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned(),
        termination,
        timed_out,
        limits,
        left_behind,
        escapes,
        connections,
    }
}

/// Reported writes to where the host's folders are: the repository, the scratch folders' parent.
/// With namespaces /tmp is the job's own, on its scratch disk, and so are the folders made on
/// the way to a scratch folder under /tmp (which the job may own, as a user): a write there
/// vanishes with the job. `escapes` checks the host side in every isolation.
fn wrote_to_host<'a>(output: &'a str, sandbox: &Sandbox) -> Vec<&'a str> {
    let mut host = vec!["WROTE /work", "WROTE /root"];
    if !sandbox.isolation().namespaces() {
        host.push("WROTE /tmp/.tmp");
    }
    output
        .lines()
        .filter(|line| host.iter().any(|prefix| line.contains(prefix)))
        .collect()
}

fn assert_contained(outcome: &Outcome) {
    assert!(
        outcome.left_behind.is_empty(),
        "left running: {:?}",
        outcome.left_behind
    );
    assert!(
        outcome.escapes.is_empty(),
        "files outside: {:?}",
        outcome.escapes
    );
    assert_eq!(outcome.connections, 0, "the grader's listener was reached");
}

#[test]
fn honest_solution_runs_unchanged() {
    let before = snapshot(&repo().join("fixtures/hostile"));
    for (choice, sandbox) in sandboxes() {
        let outcome = run(&sandbox, python_case("honest", Duration::from_secs(30)));
        assert!(
            outcome.stdout.contains("result = 24502500"),
            "{}: {}{}",
            choice.name(),
            outcome.stdout,
            outcome.stderr
        );
        assert_eq!(outcome.termination, Some(Termination::Exited(0)));
        assert_contained(&outcome);
    }
    assert_eq!(before, snapshot(&repo().join("fixtures/hostile")));
}

#[test]
fn fork_storm_hits_the_task_limit() {
    for (choice, sandbox) in sandboxes() {
        if !active(&sandbox, choice, "task limit") {
            continue;
        }
        let outcome = run(&sandbox, python_case("fork_storm", Duration::from_secs(5)));
        assert!(
            outcome.limits.tasks,
            "{}: {}{}",
            choice.name(),
            outcome.stdout,
            outcome.stderr
        );
        assert!(outcome.stdout.contains("then:"), "{}", outcome.stdout);
        assert!(active(&sandbox, choice, "kill every process"));
        assert_contained(&outcome);
    }
}

#[test]
fn memory_hog_is_killed_by_the_memory_limit() {
    for (choice, sandbox) in sandboxes() {
        if !active(&sandbox, choice, "memory limit") {
            continue;
        }
        let outcome = run(&sandbox, python_case("memory_hog", Duration::from_secs(30)));
        assert!(
            outcome.limits.memory,
            "{}: {}{}",
            choice.name(),
            outcome.stdout,
            outcome.stderr
        );
        // The helper ends the way the program ended: a real SIGKILL, not an exit code.
        assert_eq!(outcome.termination, Some(Termination::Signaled(9)));
        assert!(!outcome.stdout.contains("unhindered"));
        assert_contained(&outcome);
    }
}

#[test]
fn disk_flood_is_stopped_at_the_disk_limit() {
    for (choice, sandbox) in sandboxes() {
        if !active(&sandbox, choice, "disk limit") {
            continue;
        }
        let outcome = run(&sandbox, python_case("disk_flood", Duration::from_secs(30)));
        assert_eq!(
            outcome.limits.disk,
            Some(DiskFull::Bytes),
            "{}: {}{}",
            choice.name(),
            outcome.stdout,
            outcome.stderr
        );
        assert!(!outcome.timed_out, "stopped at once, not at the timeout");
        assert!(!outcome.stdout.contains("unhindered"), "{}", outcome.stdout);
        assert_eq!(outcome.termination, Some(Termination::Signaled(9)));
        assert_contained(&outcome);
    }
}

#[test]
fn file_flood_is_stopped_at_the_file_limit() {
    for (choice, sandbox) in sandboxes() {
        if !active(&sandbox, choice, "disk limit") {
            continue;
        }
        let outcome = run(&sandbox, python_case("file_flood", Duration::from_secs(30)));
        assert_eq!(
            outcome.limits.disk,
            Some(DiskFull::Files),
            "{}: {}{}",
            choice.name(),
            outcome.stdout,
            outcome.stderr
        );
        assert!(!outcome.stdout.contains("unhindered"), "{}", outcome.stdout);
        assert_contained(&outcome);
    }
}

#[test]
fn output_flood_is_cut_at_the_cap() {
    for (_, sandbox) in sandboxes() {
        let outcome = run(
            &sandbox,
            python_case("output_flood", Duration::from_secs(10)),
        );
        assert!(outcome.stdout.len() >= OUTPUT_CAP);
        assert!(outcome.stdout.len() < OUTPUT_CAP + 64 * 1024);
        assert_contained(&outcome);
    }
}

#[test]
fn network_calls_fail() {
    // TCP is what the fixture tries: refused by the network namespace, or by Landlock.
    for (choice, sandbox) in sandboxes() {
        let outcome = run(
            &sandbox,
            python_case("network_call", Duration::from_secs(20)),
        );
        assert!(
            !outcome.stdout.contains("CONNECTED"),
            "{}: {}",
            choice.name(),
            outcome.stdout
        );
        assert_eq!(
            outcome.stdout.matches("blocked").count(),
            2,
            "{}: {}",
            choice.name(),
            outcome.stdout
        );
        assert_contained(&outcome);
    }
}

#[test]
fn network_is_kept_only_when_asked() {
    // The positive control: the same program reaches the listener when its port is allowed,
    // so the listener would see a connection if the sandbox let one through.
    for (choice, sandbox) in sandboxes() {
        let mut case = python_case("network_call", Duration::from_secs(20));
        case.network = Some(Vec::new());
        let outcome = run(&sandbox, case);
        assert!(
            outcome.stdout.contains("CONNECTED 127.0.0.1"),
            "{}: {}",
            choice.name(),
            outcome.stdout
        );
        assert_eq!(outcome.connections, 1);
    }
}

#[test]
fn a_fetch_reaches_only_its_ports() {
    // A dependency fetch shares the host's network, for crates.io's port only: the grader's
    // own listener on loopback stays out of reach.
    for (choice, sandbox) in sandboxes() {
        if !active(&sandbox, choice, "dependency fetch") {
            continue;
        }
        let mut case = python_case("network_call", Duration::from_secs(20));
        case.network = Some(vec![443]);
        let outcome = run(&sandbox, case);
        assert!(
            !outcome.stdout.contains("CONNECTED 127.0.0.1"),
            "{}: {}",
            choice.name(),
            outcome.stdout
        );
        assert_eq!(outcome.connections, 0);
    }
}

#[test]
fn snooper_reads_and_writes_nothing_outside() {
    let before = snapshot(&repo().join("fixtures/hostile"));
    for (choice, sandbox) in sandboxes() {
        if !active(&sandbox, choice, "filesystem allowlist") {
            continue;
        }
        let outcome = run(&sandbox, python_case("snooper", Duration::from_secs(20)));
        assert!(
            !outcome.stdout.contains("READ"),
            "{}: {}",
            choice.name(),
            outcome.stdout
        );
        assert_eq!(wrote_to_host(&outcome.stdout, &sandbox), Vec::<&str>::new());
        assert!(
            outcome.stdout.contains("result = 24502500"),
            "{}",
            outcome.stderr
        );
        assert_contained(&outcome);
    }
    assert_eq!(before, snapshot(&repo().join("fixtures/hostile")));
}

#[test]
fn daemonized_grandchild_dies_with_the_run() {
    for (choice, sandbox) in sandboxes() {
        // Without a PID namespace or cgroups, setsid escapes the process group; `grade` itself,
        // a child subreaper, then kills its descendants (tests/hostile.rs).
        if !active(&sandbox, choice, "kill every process") {
            continue;
        }
        let outcome = run(&sandbox, python_case("daemon", Duration::from_secs(2)));
        assert!(outcome.stdout.contains("result = 24502500"));
        assert!(outcome.timed_out);
        assert_contained(&outcome);
    }
}

#[test]
fn sigterm_ignoring_worker_dies_with_the_run() {
    for (choice, sandbox) in sandboxes() {
        let outcome = run(
            &sandbox,
            python_case("sigterm_ignorer", Duration::from_secs(2)),
        );
        assert!(
            outcome.stdout.contains("result = 24502500"),
            "{}: {}",
            choice.name(),
            outcome.stderr
        );
        assert!(outcome.timed_out);
        assert_contained(&outcome);
    }
}

#[test]
fn secrets_are_unreadable_and_the_user_has_no_power() {
    for (choice, sandbox) in sandboxes() {
        let outcome = run(
            &sandbox,
            Case {
                student: "honest",
                program: PathBuf::from("sh"),
                args: vec![
                    "-c".into(),
                    "id -u; grep -E '^(Cap|NoNewPrivs)' /proc/self/status; \
                     echo FDS $(ls /proc/self/fd); \
                     cat /etc/shadow && echo SHADOW; ls /root && echo ROOT; true"
                        .into(),
                ],
                readable: Vec::new(),
                env: Vec::new(),
                timeout: Duration::from_secs(10),
                network: None,
            },
        );
        let mut lines = outcome.stdout.lines();
        assert_ne!(
            lines.next(),
            Some("0"),
            "{}: runs as root: {}",
            choice.name(),
            outcome.stdout
        );
        // A user outside any namespace cannot empty its bounding set, and needs not: it holds
        // no capability, and no_new_privs keeps it from gaining one.
        let bounding = nix::unistd::Uid::effective().is_root() || sandbox.isolation().namespaces();
        let sets = ["CapInh", "CapPrm", "CapEff", "CapAmb"]
            .into_iter()
            .chain(bounding.then_some("CapBnd"));
        assert!(
            outcome.stdout.contains("NoNewPrivs:\t1"),
            "{}: {}",
            choice.name(),
            outcome.stdout
        );
        for set in sets {
            assert!(
                outcome
                    .stdout
                    .contains(&format!("{set}:\t0000000000000000")),
                "{}: {set} is not empty: {}{}",
                choice.name(),
                outcome.stdout,
                outcome.stderr
            );
        }
        assert!(!outcome.stdout.contains("SHADOW"), "{}", outcome.stdout);
        assert!(!outcome.stdout.contains("ROOT"), "{}", outcome.stdout);
        // Nothing of the grader's or the sandbox's is open in the program but its three
        // streams (3 is the folder `ls` itself reads).
        assert!(
            outcome.stdout.contains("FDS 0 1 2 3\n"),
            "{}: {}",
            choice.name(),
            outcome.stdout
        );
        assert_contained(&outcome);
    }
}

/// Calls a job must not make (keyrings, a user namespace) and those it must (a thread, a fork, a
/// program started through posix_spawn, which tries clone3 first).
const FORBIDDEN_CALLS: &str = r#"
import ctypes, os, subprocess, sys, threading
libc = ctypes.CDLL(None, use_errno=True)
keyctl = {"x86_64": 250, "aarch64": 219}[os.uname().machine]
# KEYCTL_GET_KEYRING_ID of the session keyring, which the job inherits from whoever ran grade.
answer = libc.syscall(keyctl, 0, -3, 0)
print("keyctl", "refused" if answer == -1 else "ALLOWED", ctypes.get_errno())
answer = libc.unshare(0x10000000)
print("unshare", "refused" if answer == -1 else "ALLOWED", ctypes.get_errno())
thread = threading.Thread(target=lambda: None)
thread.start()
thread.join()
print("thread ok")
pid = os.fork()
if pid == 0:
    os._exit(7)
print("fork ok" if os.waitpid(pid, 0)[1] >> 8 == 7 else "fork FAILED")
print("spawn ok" if subprocess.run([sys.executable, "-c", "pass"]).returncode == 0 else "spawn FAILED")
"#;

#[test]
fn keyrings_and_user_namespaces_are_refused_threads_and_forks_are_not() {
    for (choice, sandbox) in sandboxes() {
        let mut case = python_case("honest", Duration::from_secs(20));
        case.args = vec!["-c".into(), FORBIDDEN_CALLS.into()];
        let outcome = run(&sandbox, case);
        let name = choice.name();
        for line in [
            "keyctl refused 1",
            "unshare refused 1",
            "thread ok",
            "fork ok",
            "spawn ok",
        ] {
            assert!(
                outcome.stdout.contains(line),
                "{name}: no {line:?} in {}{}",
                outcome.stdout,
                outcome.stderr
            );
        }
        assert_contained(&outcome);
    }
}

#[test]
fn a_toolchain_closed_to_the_sandbox_user_is_refused_without_namespaces() {
    // Regression: root without namespaces ran a toolchain under /root (0700) as uid 0 without
    // capabilities, which could still chmod root's files and reach root's sockets.
    if !nix::unistd::Uid::effective().is_root() {
        eprintln!("skipped: only root's grade drops to another uid");
        return;
    }
    for (choice, sandbox) in sandboxes() {
        if choice != IsolationChoice::Landlock {
            continue;
        }
        let closed = tempfile::tempdir().expect("tempdir");
        let bin = closed.path().join("bin");
        fs::create_dir(&bin).expect("mkdir");
        fs::copy("/bin/sh", bin.join("sh")).expect("copy sh");
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(closed.path(), fs::Permissions::from_mode(0o700)).expect("chmod");
        let workdir = tempfile::tempdir().expect("workdir");
        let jail = Jail {
            program: &bin.join("sh"),
            args: &[],
            workdir: workdir.path(),
            readable: std::slice::from_ref(&bin),
            writable: &[],
            share_workdir: false,
            env: &[],
            network: None,
            keep: None,
            record: None,
        };
        let error = sandbox.contain(&jail).expect_err("refused");
        let message = error.to_string();
        assert!(
            message.contains(&format!(
                "cannot enter {} (mode 700)",
                closed.path().display()
            )),
            "{message}"
        );
        assert!(message.contains("setfacl -m u:65534:x"), "{message}");
        assert_eq!(
            sandbox.unreachable(&[bin.join("sh")]),
            vec![message.clone()],
            "the report says it before grading"
        );
    }
}

#[test]
fn rust_build_script_cannot_escape() {
    let sysroot = rust_sysroot();
    let cargo = sysroot.join("bin/cargo");
    for (choice, sandbox) in sandboxes() {
        if !active(&sandbox, choice, "filesystem allowlist") {
            continue;
        }
        let case = Case {
            student: "build_escape",
            program: cargo.clone(),
            args: [
                "build",
                "--release",
                "--offline",
                "--manifest-path",
                "cube/Cargo.toml",
            ]
            .map(OsString::from)
            .to_vec(),
            readable: vec![sysroot.clone()],
            env: vec![
                (
                    "PATH".into(),
                    format!("{}/bin:/usr/bin:/bin", sysroot.display()).into(),
                ),
                ("CARGO_HOME".into(), "{workdir}/.cargo-home".into()),
                ("CARGO_TARGET_DIR".into(), "{workdir}/target".into()),
            ],
            timeout: Duration::from_secs(300),
            network: None,
        };
        let outcome = run(&sandbox, case);
        assert!(
            outcome.stderr.contains("Finished"),
            "{}: {}",
            choice.name(),
            outcome.stderr
        );
        assert_eq!(wrote_to_host(&outcome.stderr, &sandbox), Vec::<&str>::new());
        assert!(
            outcome.stderr.contains("blocked write ../../"),
            "{}",
            outcome.stderr
        );
        assert!(
            !outcome.stderr.contains("READ /etc/shadow"),
            "{}",
            outcome.stderr
        );
        assert!(!outcome.stderr.contains("CONNECTED"), "{}", outcome.stderr);
        assert_contained(&outcome);
    }
}

#[test]
fn doctor_lists_every_protection() {
    for (choice, sandbox) in sandboxes() {
        let names: Vec<&str> = sandbox.protections().iter().map(|p| p.name).collect();
        for name in [
            "isolation",
            "filesystem allowlist",
            "no network",
            "process namespace",
            "unprivileged user",
            "kill every process",
            "memory limit",
            "task limit",
            "disk limit",
            "rlimits",
            "system calls",
            "dependency fetch",
        ] {
            assert!(names.contains(&name), "{name} missing from {names:?}");
        }
        let all_active = sandbox.protections().iter().all(|p| p.active);
        let code = grade::sandbox::doctor_command(&settings(choice), grade::lang::Lang::En);
        assert_eq!(code, if all_active { 0 } else { 1 }, "{}", choice.name());
    }
}
