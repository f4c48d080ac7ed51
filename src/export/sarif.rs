//! Placeholder: being written.
use crate::report::Report;
pub fn render(_report: &Report) -> String {
    unimplemented!("sarif")
}
