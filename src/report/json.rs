//! The machine-readable report: the [`Report`] as JSON, documented in the README.

use std::path::Path;

use super::Report;

/// The report as pretty-printed JSON.
pub fn render(report: &Report) -> std::io::Result<String> {
    serde_json::to_string_pretty(report)
        .map_err(|err| std::io::Error::other(format!("cannot serialise the report: {err}")))
}

/// Writes the report to `path` atomically (see [`crate::export::write`]).
pub fn write(report: &Report, path: &Path) -> std::io::Result<()> {
    crate::export::write(path, &format!("{}\n", render(report)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Grader, Summary, SCHEMA_VERSION};
    use std::fs::Permissions;
    use std::os::unix::fs::PermissionsExt;

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
            similar: Vec::new(),
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
