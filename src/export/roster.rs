//! `--roster FILE`: who each student folder is, for the gradebooks a course platform imports.

/// Placeholder: being written.
#[derive(Debug)]
pub struct Roster;
