//! `--roster FILE`: who each student folder is, for the gradebooks a course platform imports.

/// Placeholder: being written.
#[derive(Debug)]
pub struct Roster;

impl Roster {
    /// Placeholder: being written.
    pub fn read(_path: &std::path::Path) -> Result<Roster, String> {
        Err("--roster: being written".into())
    }

    /// Placeholder: being written.
    pub fn unmatched(&self, _report: &crate::report::Report) -> (Vec<String>, Vec<String>) {
        (Vec::new(), Vec::new())
    }
}
