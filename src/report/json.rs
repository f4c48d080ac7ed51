//! The machine-readable report: the [`Report`] as JSON, documented in the README.

use std::io::Write;
use std::path::Path;

use super::Report;

/// The report as pretty-printed JSON.
pub fn render(report: &Report) -> std::io::Result<String> {
    serde_json::to_string_pretty(report)
        .map_err(|err| std::io::Error::other(format!("cannot serialise the report: {err}")))
}

/// Writes the report to `path` atomically: a reader never sees half a file.
pub fn write(report: &Report, path: &Path) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(render(report)?.as_bytes())?;
    file.write_all(b"\n")?;
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}
