//! The machine-readable report: the [`Report`] as JSON, documented in the README.

use std::fs::Permissions;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::Report;

/// The report as pretty-printed JSON.
pub fn render(report: &Report) -> std::io::Result<String> {
    serde_json::to_string_pretty(report)
        .map_err(|err| std::io::Error::other(format!("cannot serialise the report: {err}")))
}

/// Writes the report to `path` atomically: a reader never sees half a file.
///
/// The file gets the permissions of any file the user writes: 0666 less the umask when it is
/// new (a temporary file is private, 0600, which kept a teaching assistant or a CI job from
/// reading the report), and the permissions it had when it is rewritten.
pub fn write(report: &Report, path: &Path) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // The mode is given to open(2), so the umask applies to it.
    let mut file = tempfile::Builder::new()
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(dir)?;
    if let Ok(existing) = std::fs::metadata(path) {
        if existing.is_file() {
            let mode = existing.permissions().mode() & 0o777;
            file.as_file()
                .set_permissions(Permissions::from_mode(mode))?;
        }
    }
    file.write_all(render(report)?.as_bytes())?;
    file.write_all(b"\n")?;
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Grader, Summary, SCHEMA_VERSION};

    fn report() -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            grader: Grader {
                name: "grade".into(),
                version: "0".into(),
            },
            course: "test".into(),
            config: "grader.toml".into(),
            course_digest: String::new(),
            exercises: Vec::new(),
            partition: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            protections: Vec::new(),
            references: Vec::new(),
            submissions: Vec::new(),
            summary: Summary::default(),
            interrupted: false,
        }
    }

    /// The process's umask, read without changing it (umask(2) would, for every thread).
    fn umask() -> u32 {
        let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
        status
            .lines()
            .find_map(|line| line.strip_prefix("Umask:"))
            .and_then(|mask| u32::from_str_radix(mask.trim(), 8).ok())
            .expect("Umask: line")
    }

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    }

    // Regression: the report file was created 0600, like the temporary file it is renamed from.
    #[test]
    fn a_new_report_is_readable_as_the_umask_allows() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("report.json");
        write(&report(), &path).expect("write");
        assert_eq!(mode(&path), 0o666 & !umask());
    }

    #[test]
    fn a_rewritten_report_keeps_its_permissions() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("report.json");
        std::fs::write(&path, "{}").expect("write");
        std::fs::set_permissions(&path, Permissions::from_mode(0o640)).expect("chmod");
        write(&report(), &path).expect("write");
        assert_eq!(mode(&path), 0o640);
        assert!(std::fs::read_to_string(&path)
            .expect("read")
            .contains("\"schema_version\""));
    }
}
