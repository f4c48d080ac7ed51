//! `grade __sandbox PLAN`: the helper that starts one program in its sandbox.
//!
//! The grader spawns its own binary with this argument (its `pre_exec` has already put the
//! process in the run's cgroups and in a process group of its own); the helper is a fresh,
//! single-threaded process, which namespaces and Landlock need. With namespaces it creates them,
//! builds the job's root, starts the program under an init of its own and mirrors its end
//! (`namespaces`); without, it confines itself with Landlock and becomes the program (`program`).
//!
//! Nothing in the helper reads what the program writes, except the executables a build hands on,
//! which it copies without following links (`init`).

mod filesystem;
mod init;
mod landlock;
mod namespaces;
mod program;
mod seccomp;

use std::ffi::OsString;
use std::fs;
use std::os::unix::ffi::OsStrExt;

use nix::sys::prctl;
use nix::sys::signal::Signal;

use super::plan::{Isolation, Plan, Status};

/// Exit status of a helper whose sandbox could not be set up (as `env` and `timeout` do when
/// they cannot start the program).
pub(crate) const SETUP_FAILED: i32 = 125;

/// The first argument that makes `grade` the helper.
pub const HELPER_ARGUMENT: &str = "__sandbox";

/// Runs the helper with the arguments that follow [`HELPER_ARGUMENT`]; returns only on failure.
pub fn main(args: &[OsString]) -> i32 {
    // The name the workers monitor knows the sandbox's own processes by.
    let _ = prctl::set_name(&std::ffi::CString::new(super::HELPER_NAME).unwrap_or_default());
    close_inherited_files();
    let plan: Plan = match args
        .first()
        .map(|arg| serde_json::from_slice(arg.as_bytes()))
    {
        Some(Ok(plan)) => plan,
        Some(Err(error)) => {
            eprintln!("grade {HELPER_ARGUMENT}: the plan is not valid: {error}");
            return SETUP_FAILED;
        }
        None => {
            eprintln!("grade {HELPER_ARGUMENT}: no plan given");
            return SETUP_FAILED;
        }
    };
    if let Some(path) = &plan.record {
        if let Err(error) = program::open_record(path.path()) {
            return fail(
                &plan,
                format!("cannot open {}: {error}", path.path().display()),
            );
        }
    }
    // The grader may die at any moment: so does its helper then, and with it the program.
    if let Err(error) = die_with_parent() {
        return fail(&plan, format!("cannot follow the grader's death: {error}"));
    }
    match plan.isolation {
        Isolation::Namespaces { .. } => namespaces::run(&plan),
        Isolation::Landlock | Isolation::Bare => {
            // Opened now: once the helper is the sandbox user under Landlock, it could not be.
            let report = match fs::File::create(plan.status.path()) {
                Ok(report) => report,
                Err(error) => {
                    eprintln!(
                        "grade {HELPER_ARGUMENT}: cannot write {}: {error}",
                        plan.status.path().display()
                    );
                    return SETUP_FAILED;
                }
            };
            match program::become_program(&plan, Some(&report)) {
                Ok(never) => match never {},
                Err(error) => {
                    report_to(&report, &Status::failed(error));
                    SETUP_FAILED
                }
            }
        }
    }
}

/// Writes the status into the file opened for it.
fn report_to(mut report: &fs::File, status: &Status) {
    use std::io::Write;
    let _ = report.write_all(&serde_json::to_vec(status).unwrap_or_default());
}

/// Reports a setup failure where the grader reads it, and returns the exit status to use.
fn fail(plan: &Plan, error: String) -> i32 {
    write_status(plan, &Status::failed(error));
    SETUP_FAILED
}

fn write_status(plan: &Plan, status: &Status) {
    let text = serde_json::to_vec(status).unwrap_or_default();
    if let Err(error) = fs::write(plan.status.path(), text) {
        eprintln!(
            "grade {HELPER_ARGUMENT}: cannot write {}: {error}",
            plan.status.path().display()
        );
    }
}

/// Closes every file but the three streams: whatever ran `grade` may have left some open
/// across exec (a jobserver's pipe, a CI runner's socket), and the program must get none.
fn close_inherited_files() {
    // SAFETY: close_range takes three integers and only closes descriptors.
    let closed = unsafe { nix::libc::syscall(nix::libc::SYS_close_range, 3u32, u32::MAX, 0u32) };
    if closed == 0 {
        return;
    }
    // Before Linux 5.9: the list first, since closing changes it.
    let open: Vec<i32> = fs::read_dir("/proc/self/fd")
        .map(|listing| {
            listing
                .flatten()
                .filter_map(|item| item.file_name().to_str()?.parse().ok())
                .filter(|fd| *fd > 2)
                .collect()
        })
        .unwrap_or_default();
    for fd in open {
        let _ = nix::unistd::close(fd);
    }
}

/// PR_SET_PDEATHSIG, checked against a parent that died before it was set.
fn die_with_parent() -> nix::Result<()> {
    let parent = nix::unistd::getppid();
    prctl::set_pdeathsig(Signal::SIGKILL)?;
    if nix::unistd::getppid() != parent {
        std::process::exit(SETUP_FAILED);
    }
    Ok(())
}
