//! Placeholder: being written.
use crate::report::Report;
pub fn annotations(_report: &Report) -> String {
    unimplemented!("github")
}
pub fn summary(_report: &Report) -> String {
    unimplemented!("markdown")
}
