//! `--roster FILE`: who each student folder is, for the gradebooks a course platform imports.
//!
//! A roster is a CSV file the instructor writes or exports from the course platform: a `folder`
//! column (the student's folder as graded) and the columns the platform identifies students by
//! (Moodle's `Email address`, `ID number`; Canvas's `Student`, `ID`, `SIS User ID`,
//! `SIS Login ID`, `Section`). Those columns are copied to the gradebook as they are, in the
//! roster's order: the platform matches its students by them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::lang::Lang;
use crate::msg;
use crate::report::Report;

/// The column that names each student's folder; matched case-sensitively, as folders are.
const FOLDER: &str = "folder";

/// The first cell of the row under the header in a Canvas export: not a student.
const POINTS_POSSIBLE: &str = "Points Possible";

/// Who each student folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// The file read, for messages.
    path: PathBuf,
    /// Every column of the header, `folder` included, in the file's order.
    columns: Vec<String>,
    /// Where `folder` is among `columns`.
    folder: usize,
    /// The students, in the file's order.
    students: Vec<Entry>,
}

/// One student of the roster: their folder and the cells of every column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub folder: String,
    /// A cell per column of the roster, `folder` included.
    pub cells: Vec<String>,
}

/// The gradebook a roster's columns call for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Canvas's gradebook import: `Student` and `ID` first, `Section` last.
    Canvas,
    /// Moodle's grade import, or any platform that maps an identifier column.
    Moodle,
}

impl Roster {
    /// Reads a roster: UTF-8 (a byte-order mark tolerated), `,` or `;` between cells as the
    /// header line shows, a `folder` column, one row per student, each folder once. What is
    /// wrong with it is said in `lang`.
    pub fn read(path: &Path, lang: Lang) -> Result<Roster, String> {
        let bytes = std::fs::read(path).map_err(|err| {
            msg!(
                lang,
                "roster-unreadable",
                path = path.display().to_string(),
                reason = err.to_string()
            )
        })?;
        Roster::parse(path, &bytes, lang)
    }

    /// A roster from the bytes of the file at `path` (named in messages, which are in `lang`).
    pub fn parse(path: &Path, bytes: &[u8], lang: Lang) -> Result<Roster, String> {
        let name = path.display().to_string();
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|err| {
            let line = 1 + bytes[..err.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            msg!(
                lang,
                "roster-not-utf8",
                path = name.as_str(),
                line = line.to_string()
            )
        })?;
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(delimiter(text))
            .flexible(true)
            .from_reader(text.as_bytes());
        let columns: Vec<String> = reader
            .headers()
            .map_err(|err| {
                msg!(
                    lang,
                    "roster-not-csv",
                    path = name.as_str(),
                    reason = err.to_string()
                )
            })?
            .iter()
            .map(|column| column.trim().to_string())
            .collect();
        let folder = columns
            .iter()
            .position(|column| column == FOLDER)
            .ok_or_else(|| {
                msg!(
                    lang,
                    "roster-no-folder-column",
                    path = name.as_str(),
                    column = FOLDER,
                    columns = columns.join(", ")
                )
            })?;
        let mut roster = Roster {
            path: path.to_path_buf(),
            columns,
            folder,
            students: Vec::new(),
        };
        let mut lines: HashMap<String, u64> = HashMap::new();
        for record in reader.records() {
            let record = record.map_err(|err| {
                msg!(
                    lang,
                    "roster-not-csv",
                    path = name.as_str(),
                    reason = err.to_string()
                )
            })?;
            let line = record.position().map_or(0, ::csv::Position::line);
            if record.len() != roster.columns.len() {
                return Err(msg!(
                    lang,
                    "roster-cells",
                    path = name.as_str(),
                    line = line.to_string(),
                    cells = record.len().to_string(),
                    columns = roster.columns.len().to_string()
                ));
            }
            let cells: Vec<String> = record.iter().map(|cell| cell.trim().to_string()).collect();
            if roster.layout() == Layout::Canvas && cells[0] == POINTS_POSSIBLE {
                continue;
            }
            let folder = cells[roster.folder].clone();
            if folder.is_empty() {
                return Err(msg!(
                    lang,
                    "roster-no-folder",
                    path = name.as_str(),
                    line = line.to_string()
                ));
            }
            if let Some(first) = lines.insert(folder.clone(), line) {
                return Err(msg!(
                    lang,
                    "roster-folder-twice",
                    path = name.as_str(),
                    folder = folder.as_str(),
                    first = first.to_string(),
                    line = line.to_string()
                ));
            }
            roster.students.push(Entry { folder, cells });
        }
        Ok(roster)
    }

    /// The file it was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every column, `folder` included, in the file's order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Where the `folder` column is among [`Roster::columns`].
    pub fn folder_column(&self) -> usize {
        self.folder
    }

    /// The students in the file's order.
    pub fn students(&self) -> &[Entry] {
        &self.students
    }

    /// Canvas's layout when the columns other than `folder` start with `Student` and `ID`, as a
    /// Canvas gradebook export does; Moodle's otherwise.
    pub fn layout(&self) -> Layout {
        let mut others = self
            .identity_columns()
            .map(|index| self.columns[index].as_str());
        match (others.next(), others.next()) {
            (Some("Student"), Some("ID")) => Layout::Canvas,
            _ => Layout::Moodle,
        }
    }

    /// The indices of the columns other than `folder`, in the file's order.
    pub fn identity_columns(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.columns.len()).filter(|&index| index != self.folder)
    }

    /// The student whose folder is `folder`.
    pub fn find(&self, folder: &str) -> Option<&Entry> {
        self.students.iter().find(|entry| entry.folder == folder)
    }

    /// The folders graded that the roster lacks, and the roster's folders not graded, each in
    /// its own order.
    pub fn unmatched(&self, report: &Report) -> (Vec<String>, Vec<String>) {
        let graded: Vec<String> = report
            .submissions
            .iter()
            .filter(|submission| self.find(&submission.student).is_none())
            .map(|submission| submission.student.clone())
            .collect();
        let absent: Vec<String> = self
            .students
            .iter()
            .filter(|entry| {
                !report
                    .submissions
                    .iter()
                    .any(|submission| submission.student == entry.folder)
            })
            .map(|entry| entry.folder.clone())
            .collect();
        (graded, absent)
    }
}

/// `;` when the header line holds more semicolons than commas outside quotes (a spreadsheet
/// saved in a locale whose decimal mark is a comma), `,` otherwise.
fn delimiter(text: &str) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\n' | '\r' if !quoted => break,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> Result<Roster, String> {
        Roster::parse(Path::new("class/roster.csv"), text, Lang::En)
    }

    #[test]
    fn a_moodle_roster_with_semicolons_and_a_bom_is_read_in_its_order() {
        let roster =
            Roster::read(Path::new("tests/data/roster-moodle.csv"), Lang::En).expect("a roster");
        assert_eq!(roster.columns(), ["Email address", "ID number", "folder"]);
        assert_eq!(roster.layout(), Layout::Moodle);
        let folders: Vec<&str> = roster
            .students()
            .iter()
            .map(|e| e.folder.as_str())
            .collect();
        assert_eq!(
            folders,
            [
                "hugo bernard",
                "antoine girard",
                "camille lefèvre",
                "julien mercier",
                "zoé petit"
            ]
        );
        assert_eq!(
            roster.find("camille lefèvre").expect("listed").cells,
            ["camille.lefevre@uni.example", "20231235", "camille lefèvre"]
        );
    }

    #[test]
    fn a_canvas_roster_is_told_by_its_first_columns_and_its_points_row_skipped() {
        let roster =
            Roster::read(Path::new("tests/data/roster-canvas.csv"), Lang::En).expect("a roster");
        assert_eq!(roster.layout(), Layout::Canvas);
        assert_eq!(roster.students().len(), 5);
        assert!(roster
            .students()
            .iter()
            .all(|e| e.cells[0] != POINTS_POSSIBLE));
        assert_eq!(
            roster.find("léa moreau").expect("listed").cells[0],
            "Moreau, Léa"
        );
    }

    #[test]
    fn unmatched_lists_folders_graded_but_not_listed_and_listed_but_not_graded() {
        let roster =
            Roster::read(Path::new("tests/data/roster-moodle.csv"), Lang::En).expect("a roster");
        let report = crate::export::tests::sample();
        let (graded, absent) = roster.unmatched(&report);
        assert_eq!(graded, ["léa moreau"]);
        assert_eq!(absent, ["zoé petit"]);
    }

    #[test]
    fn a_header_without_a_folder_column_is_refused_with_the_header() {
        let err = parse(b"Email address,ID number,Folder\na@b.c,1,ana\n").unwrap_err();
        assert!(
            err.starts_with("class/roster.csv: no `folder` column"),
            "{err}"
        );
        assert!(err.ends_with("Email address, ID number, Folder"), "{err}");
    }

    #[test]
    fn a_folder_twice_is_refused_with_both_lines() {
        let err = parse(b"folder,email\nana,a@x\nbob,b@x\nana,c@x\n").unwrap_err();
        assert_eq!(
            err,
            "class/roster.csv: the folder `ana` is on line 2 and line 4"
        );
    }

    #[test]
    fn a_row_of_another_length_is_refused_with_its_line() {
        let err = parse(b"folder;email\nana;a@x\nbob;b@x;extra\n").unwrap_err();
        assert_eq!(
            err,
            "class/roster.csv, line 3: 3 cells where the header has 2 columns"
        );
    }

    #[test]
    fn a_roster_not_in_utf8_is_refused_with_the_line_of_the_first_bad_byte() {
        // "Léa" in Latin-1, as a spreadsheet may save it.
        let err = parse(b"folder,email\nana,a@x\nL\xe9a,l@x\n").unwrap_err();
        assert_eq!(
            err,
            "class/roster.csv, line 3: not UTF-8 text; save the roster as CSV in UTF-8"
        );
    }

    #[test]
    fn a_missing_file_is_named() {
        let err = Roster::read(Path::new("tests/data/no-such-roster.csv"), Lang::En).unwrap_err();
        assert!(err.contains("tests/data/no-such-roster.csv"), "{err}");
    }

    #[test]
    fn commas_inside_quotes_do_not_choose_the_delimiter() {
        assert_eq!(delimiter("\"a,b,c\";folder\nx;y"), b';');
        assert_eq!(delimiter("folder,email\n;;;;"), b',');
    }
}
