//! Placeholder: being written.
use crate::report::Report;
pub fn render(_report: &Report) -> Result<String, String> {
    unimplemented!("junit")
}
