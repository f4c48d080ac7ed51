//! `grade doctor`: how student code is contained on this machine, and what is missing and why.

use super::config::SandboxSettings;
use super::Sandbox;

/// Prints each protection, active or not, with how or why; 0 when all are active, 1 otherwise.
pub fn doctor_command(settings: &SandboxSettings) -> i32 {
    let sandbox = match Sandbox::detect(settings) {
        Ok(sandbox) => sandbox,
        Err(error) => {
            println!("The sandbox cannot be prepared: {error}");
            return 2;
        }
    };
    println!("How student code is contained on this machine:");
    let width = sandbox
        .protections()
        .iter()
        .map(|p| p.name.len())
        .max()
        .unwrap_or(0);
    for protection in sandbox.protections() {
        let state = if protection.active {
            "active  "
        } else {
            "INACTIVE"
        };
        println!(
            "  {state}  {:width$}  {}",
            protection.name, protection.detail
        );
    }
    if let Some(startup) = sandbox.startup() {
        println!(
            "A job started and ran `true` in the sandbox in {:.1} ms.",
            startup.as_secs_f64() * 1000.0
        );
    }
    let missing = sandbox.protections().iter().filter(|p| !p.active).count();
    if missing == 0 {
        println!("Every protection is active.");
        0
    } else {
        println!("{missing} protection(s) inactive: grade falls back as described above.");
        1
    }
}
