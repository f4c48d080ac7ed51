//! The report in the formats other tools read: CI test reports, gradebooks, code scanning,
//! Gradescope, a page for people. Each format is a pure function of the final [`Report`], as
//! hyperfine's exporters are: a merged report renders exactly as the report of one run.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::report::Report;

pub mod csv;
pub mod github;
pub mod gradescope;
pub mod html;
pub mod junit;
pub mod roster;
pub mod sarif;

pub use roster::Roster;

/// A format of the report a file or stdout can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Today's JSON report (`.json`).
    Json,
    /// JUnit XML (`.xml`): a test suite per student, a test case per exercise.
    Junit,
    /// A gradebook (`.csv`): a row per student, a column per exercise and the total.
    Csv,
    /// SARIF 2.1.0 (`.sarif`): the lint findings, for code scanning.
    Sarif,
    /// One self-contained page (`.html`).
    Html,
    /// GitHub Actions workflow commands: annotations at the files and lines concerned.
    Github,
    /// The Markdown summary of a GitHub Actions job (`.md`).
    Markdown,
    /// Gradescope's `results.json`.
    Gradescope,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Json,
        Format::Junit,
        Format::Csv,
        Format::Sarif,
        Format::Html,
        Format::Github,
        Format::Markdown,
        Format::Gradescope,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Junit => "junit",
            Format::Csv => "csv",
            Format::Sarif => "sarif",
            Format::Html => "html",
            Format::Github => "github",
            Format::Markdown => "markdown",
            Format::Gradescope => "gradescope",
        }
    }

    /// The format a file's extension names.
    pub fn of_extension(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "json" => Format::Json,
            "xml" => Format::Junit,
            "csv" => Format::Csv,
            "sarif" => Format::Sarif,
            "html" | "htm" => Format::Html,
            "md" => Format::Markdown,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(name: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| {
                format!(
                    "`{name}` is not a format: one of {}",
                    Format::ALL.map(Format::name).join(", ")
                )
            })
    }
}

/// A file to write the report to, in a format: `-o FILE` (the format from its extension) or
/// `-o FORMAT:FILE` (`gradescope:results/results.json`, `junit:report.junit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub format: Format,
    pub path: PathBuf,
}

impl FromStr for Target {
    type Err = String;

    fn from_str(text: &str) -> Result<Target, String> {
        if let Some((prefix, path)) = text.split_once(':') {
            if let Ok(format) = prefix.parse::<Format>() {
                if path.is_empty() {
                    return Err(format!("`{text}`: give a file after `{prefix}:`"));
                }
                return Ok(Target {
                    format,
                    path: PathBuf::from(path),
                });
            }
        }
        let path = PathBuf::from(text);
        match Format::of_extension(&path) {
            Some(format) => Ok(Target { format, path }),
            None => Err(format!(
                "`{text}`: name the format by the file's extension (.json, .xml for JUnit, .csv, \
                 .sarif, .html, .md), or before it: `gradescope:{text}`, `junit:{text}`"
            )),
        }
    }
}

/// What a format may need besides the report.
#[derive(Debug, Default)]
pub struct Context {
    /// Who each student folder is, for the gradebook (`--roster`).
    pub roster: Option<Roster>,
    /// The language of the page's own words (`--lang`, else the course's, else the locale).
    pub lang: crate::lang::Lang,
}

/// The report in `format`.
pub fn render(format: Format, report: &Report, context: &Context) -> Result<String, String> {
    match format {
        Format::Json => crate::report::json::render(report).map_err(|err| err.to_string()),
        Format::Junit => junit::render(report),
        Format::Csv => csv::render(report, context.roster.as_ref()),
        Format::Sarif => Ok(sarif::render(report)),
        Format::Html => Ok(html::render(report, context.lang)),
        Format::Github => Ok(github::annotations(report)),
        Format::Markdown => Ok(github::summary(report)),
        Format::Gradescope => gradescope::render(report),
    }
}

/// Points as people write them: `8`, `2.4`, `13.33`; never `-0`.
pub(crate) fn points(value: f64) -> String {
    let text = format!("{value:.2}");
    match text.trim_end_matches('0').trim_end_matches('.') {
        "-0" => "0".to_string(),
        text => text.to_string(),
    }
}

/// Text a student controls as a Markdown code block: each line [`printable`], in a fence longer
/// than any run of backticks it holds, so that it can neither close the block nor be read as
/// Markdown or HTML.
///
/// [`printable`]: crate::text::printable
pub(crate) fn fenced(text: &str) -> String {
    let text = text
        .trim_end_matches('\n')
        .split('\n')
        .map(crate::text::printable)
        .collect::<Vec<_>>()
        .join("\n");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{text}\n{fence}")
}

/// Writes `text` to `path` atomically: a reader never sees half a file. A missing parent folder
/// is created (`gradescope:/autograder/results/results.json` on a fresh image).
///
/// The file gets the permissions of any file the user writes: 0666 less the umask when it is
/// new (a temporary file is private, 0600, which kept a teaching assistant or a CI job from
/// reading the report), and the permissions it had when it is rewritten.
pub fn write(path: &Path, text: &str) -> std::io::Result<()> {
    use std::fs::Permissions;
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;

    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
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
    file.write_all(text.as_bytes())?;
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A report of a real run of the fixtures: every kind of check and verdict.
    pub(crate) fn sample() -> Report {
        let text = include_str!("../../tests/data/report.json");
        serde_json::from_str(text).expect("tests/data/report.json is a report")
    }

    #[test]
    fn points_read_as_people_write_them() {
        assert_eq!(points(8.0), "8");
        assert_eq!(points(5.5), "5.5");
        assert_eq!(points(10.4), "10.4");
        assert_eq!(points(3.333), "3.33");
        assert_eq!(points(0.1 + 0.2), "0.3");
        assert_eq!(points(-0.0), "0");
    }

    #[test]
    fn a_fence_is_longer_than_any_backticks_inside() {
        assert_eq!(fenced("a\n"), "```text\na\n```");
        assert_eq!(
            fenced("x ```` y\u{1b}[2J"),
            "`````text\nx ```` y\\u{1b}[2J\n`````"
        );
    }

    #[test]
    fn a_file_names_its_format_by_its_extension_or_a_prefix() {
        let target: Target = "out/report.XML".parse().unwrap();
        assert_eq!(target.format, Format::Junit);
        let target: Target = "gradescope:/autograder/results/results.json"
            .parse()
            .unwrap();
        assert_eq!(
            target,
            Target {
                format: Format::Gradescope,
                path: "/autograder/results/results.json".into()
            }
        );
        // A colon in a file name is not a format.
        let target: Target = "run:2.csv".parse().unwrap();
        assert_eq!(target.path, PathBuf::from("run:2.csv"));
        let err = "report.txt".parse::<Target>().unwrap_err();
        assert!(err.contains(".xml for JUnit"), "{err}");
        assert!("junit:"
            .parse::<Target>()
            .unwrap_err()
            .contains("give a file"));
    }
}
