//! Placeholder: being written.
use crate::report::Report;
pub fn render(_report: &Report, _roster: Option<&super::Roster>) -> Result<String, String> {
    unimplemented!("csv")
}
