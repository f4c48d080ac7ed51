//! Ctrl-C and SIGTERM: the grader stops the run in progress, kills its processes, and writes the
//! report of what it graded so far. A second signal ends the grader at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use signal_hook::consts::{SIGINT, SIGTERM};

/// Conventional status of a program ended by SIGINT, used on the second signal.
const SECOND_SIGNAL_STATUS: i32 = 130;

fn flag() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| Arc::new(AtomicBool::new(false)))
}

/// Starts listening for SIGINT and SIGTERM.
pub fn install() -> std::io::Result<()> {
    for signal in [SIGINT, SIGTERM] {
        // Registered first, so it sees the flag still unset on the first signal, set on the second.
        signal_hook::flag::register_conditional_shutdown(
            signal,
            SECOND_SIGNAL_STATUS,
            Arc::clone(flag()),
        )?;
        signal_hook::flag::register(signal, Arc::clone(flag()))?;
    }
    Ok(())
}

/// Whether the grader was asked to stop.
pub fn requested() -> bool {
    flag().load(Ordering::SeqCst)
}
