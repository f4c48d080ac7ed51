//! The checks: each turns what a stage observed into a verdict and a message a student can act
//! on. They are pure functions, tested beside their code.

mod lint;
pub mod origin;
mod result;
mod run;
pub mod source;
mod time;
mod workers;

pub use lint::lint_check;
pub use result::{hint_for, read_result, result_check, same_value, Evidence, View};
pub use run::run_check;
pub use time::{time_check, time_limit, Timing};
pub use workers::{workers_check, Watch};

use crate::build::Built;
use crate::report::{BuildDetails, Check, CheckKind, Details, Verdict};

/// The `build` check, its message in `lang`.
pub fn build_check(built: &Built, lang: crate::lang::Lang) -> Check {
    let elapsed_ms = crate::report::millis(built.elapsed);
    match &built.result {
        Ok(_) => Check::new(
            CheckKind::Build,
            Verdict::Pass,
            crate::msg!(lang, "build-pass", elapsed = seconds(built.elapsed)),
            Details::Build(BuildDetails {
                elapsed_ms,
                compiled: built.compiled.clone(),
                file: None,
                line: None,
                column: None,
            }),
        ),
        Err(failure) => Check::new(
            CheckKind::Build,
            Verdict::Fail,
            failure.message.clone(),
            Details::Build(BuildDetails {
                elapsed_ms,
                compiled: built.compiled.clone(),
                file: failure.file.clone(),
                line: failure.line,
                column: failure.column,
            }),
        ),
    }
}

/// A duration as people read it: `850 ms`, `2.05 s`, `1 min 5 s`.
pub fn seconds(duration: std::time::Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1_000 {
        format!("{millis} ms")
    } else if millis < 60_000 {
        format!("{:.2} s", duration.as_secs_f64())
    } else {
        format!("{} min {} s", millis / 60_000, (millis % 60_000) / 1_000)
    }
}
