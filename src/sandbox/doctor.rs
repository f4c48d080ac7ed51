//! `grade doctor`: how student code is contained on this machine, and what is missing and why.

use super::config::SandboxSettings;
use super::Sandbox;
use crate::lang::Lang;
use crate::msg;

/// Prints each protection, active or not, with how or why, in `lang`; 0 when all are active,
/// 1 otherwise.
pub fn doctor_command(settings: &SandboxSettings, lang: Lang) -> i32 {
    let sandbox = match Sandbox::detect(settings, lang) {
        Ok(sandbox) => sandbox,
        Err(error) => {
            println!(
                "{}",
                msg!(lang, "doctor-unprepared", reason = error.to_string())
            );
            return 2;
        }
    };
    println!("{}", msg!(lang, "doctor-heading"));
    let width = sandbox
        .protections()
        .iter()
        .map(|p| p.label.chars().count())
        .max()
        .unwrap_or(0);
    let active = msg!(lang, "doctor-active");
    let inactive = msg!(lang, "doctor-inactive");
    let state_width = active.chars().count().max(inactive.chars().count());
    for protection in sandbox.protections() {
        let state = if protection.active {
            &active
        } else {
            &inactive
        };
        println!(
            "  {state:state_width$}  {:width$}  {}",
            protection.label, protection.detail
        );
    }
    if let Some(startup) = sandbox.startup() {
        let millis = format!("{:.1}", startup.as_secs_f64() * 1000.0);
        println!("{}", msg!(lang, "doctor-startup", millis = millis));
    }
    let missing = sandbox.protections().iter().filter(|p| !p.active).count();
    if missing == 0 {
        println!("{}", msg!(lang, "doctor-all-active"));
        0
    } else {
        println!("{}", msg!(lang, "doctor-some-inactive", count = missing));
        1
    }
}
