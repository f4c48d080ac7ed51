//! The `lint` check: the names, comments and parallel code of the entry's sources (see
//! [`crate::lint`]): a script with the local modules it imports, a crate with all its sources.

use std::collections::HashMap;
use std::path::Path;

use super::source;
use crate::discover::Entry;
use crate::lang::Lang;
use crate::lint::{self, LintSettings, Severity, SourceLanguage};
use crate::msg;
use crate::report::{
    Check, CheckKind, Details, Language, LintDetails, LintFinding, Unreadable, Verdict,
};

/// Findings listed in the check's message; the JSON carries them all.
const SHOWN: usize = 8;

/// The lint rule of files its parser cannot read.
const SYNTAX_ERROR: &str = "S001";

/// Lints the entry: the script and the files of `folder` it imports (see
/// [`source::python_files`]), or every source of the crate. Paths are relative to `folder`.
/// `compiled`: the interpreter or compiler accepted the entry; a file the lint's parser cannot
/// read is then the parser's shortcoming (a syntax newer than its grammar), not the student's.
pub fn lint_check(
    entry: &Entry,
    folder: &Path,
    settings: &LintSettings,
    lang: Lang,
    compiled: bool,
) -> Check {
    if !settings.enabled {
        return Check::skipped(CheckKind::Lint, msg!(lang, "lint-off"));
    }
    // A script with the modules it imports: code moved into a helper is linted all the same.
    // A crate with all its sources (target/ is skipped).
    let (paths, capped) = match entry.language {
        Language::Python => {
            let listed = source::python_files(&entry.path, folder);
            (listed.files, listed.capped)
        }
        Language::Rust => (vec![entry.path.clone()], false),
    };
    let mut report = lint::lint_paths(&paths, folder, settings, lang);
    if compiled {
        report
            .findings
            .retain(|finding| finding.rule != SYNTAX_ERROR);
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let mut lines: Vec<String> = report
        .unreadable
        .iter()
        .map(|(file, why)| {
            msg!(
                lang,
                "lint-unreadable",
                file = file.display().to_string(),
                why = why.as_str()
            )
        })
        .collect();
    let mut findings: Vec<&lint::Finding> = report.findings.iter().collect();
    // Errors first: they decide the verdict.
    findings.sort_by_key(|finding| {
        (
            finding.severity != Severity::Error,
            finding.file.clone(),
            finding.line,
        )
    });
    lines.extend(findings.iter().take(SHOWN).map(|finding| {
        format!(
            "{}:{}:{}: {}[{}] {}",
            finding.file.display(),
            finding.line,
            finding.column,
            finding.severity.name(lang),
            finding.rule,
            finding.message
        )
    }));
    if findings.len() > SHOWN {
        lines.push(msg!(lang, "lint-more", count = findings.len() - SHOWN));
    }
    if capped {
        lines.push(msg!(lang, "lint-capped", count = source::MAX_FILES));
    }
    // What to do of them: each finding with its fix, and why its rule matters.
    if let Some(first) = findings.first() {
        lines.push(msg!(
            lang,
            "lint-try",
            file = match entry.language {
                Language::Python => entry.relative.display().to_string(),
                // `grade lint` takes the crate's folder.
                Language::Rust => entry
                    .relative
                    .parent()
                    .unwrap_or(&entry.relative)
                    .display()
                    .to_string(),
            },
            code = first.rule
        ));
    }
    let verdict = if report.fails() {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
    let summary = match (errors, warnings, report.unreadable.len()) {
        (0, 0, 0) => msg!(lang, "lint-clean"),
        (_, _, 0) => msg!(lang, "lint-found", errors = errors, warnings = warnings),
        (_, _, unreadable) => msg!(
            lang,
            "lint-found-unreadable",
            unreadable = unreadable,
            errors = errors,
            warnings = warnings
        ),
    };
    let message = if lines.is_empty() {
        summary
    } else {
        format!("{summary}\n{}", lines.join("\n"))
    };
    let details = LintDetails {
        errors,
        warnings,
        findings: with_sources(&report.findings, folder, lang),
        unreadable: report
            .unreadable
            .iter()
            .map(|(file, why)| Unreadable {
                file: file.to_string_lossy().into_owned(),
                reason: why.clone(),
            })
            .collect(),
    };
    Check::new(CheckKind::Lint, verdict, message, Details::Lint(details))
}

/// The findings for the report, each with the source lines it points at, read and decoded as
/// the lint read them (each file once). A file gone since keeps its findings without lines.
fn with_sources(findings: &[lint::Finding], folder: &Path, lang: Lang) -> Vec<LintFinding> {
    let mut texts: HashMap<&Path, Option<String>> = HashMap::new();
    findings
        .iter()
        .map(|finding| {
            let mut shown = LintFinding::from(finding);
            let text = texts.entry(finding.file.as_path()).or_insert_with(|| {
                let language = SourceLanguage::of(&finding.file)?;
                lint::source::read(&folder.join(&finding.file), language, lang).ok()
            });
            if let Some(text) = text {
                shown.source = shown.lines_of(text);
            }
            shown
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_finding_carries_the_source_lines_it_points_at() {
        let folder = tempfile::tempdir().expect("a folder");
        let script = folder.path().join("cube.py");
        std::fs::write(&script, "import os\r\n\r\ndef main()\r\n    return 1\r\n").expect("write");
        let entry = Entry {
            language: Language::Python,
            path: script,
            relative: "cube.py".into(),
        };
        let check = lint_check(
            &entry,
            folder.path(),
            &LintSettings::default(),
            Lang::En,
            false,
        );
        let Details::Lint(details) = check.details else {
            panic!("lint figures: {check:?}");
        };
        let finding = details
            .findings
            .iter()
            .find(|finding| finding.rule == SYNTAX_ERROR)
            .expect("a syntax error");
        let first = finding.line;
        let lines: Vec<&str> = ["import os", "", "def main()", "    return 1"][first - 1..]
            .iter()
            .take(finding.end_line + 1 - first)
            .copied()
            .collect();
        assert_eq!(finding.source, lines.join("\n"), "{finding:?}");
        assert!(!finding.source.contains('\r'));
    }

    fn write(root: &Path, relative: &str, text: impl AsRef<[u8]>) {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn check_of(root: &Path, language: Language, relative: &str) -> Check {
        let entry = Entry {
            language,
            path: root.join(relative),
            relative: relative.into(),
        };
        lint_check(&entry, root, &LintSettings::default(), Lang::En, true)
    }

    /// (file, line, rule) of every finding, sorted.
    fn places(check: &Check) -> Vec<(String, usize, String)> {
        let Details::Lint(details) = &check.details else {
            panic!("lint figures: {check:?}");
        };
        let mut places: Vec<(String, usize, String)> = details
            .findings
            .iter()
            .map(|finding| (finding.file.clone(), finding.line, finding.rule.clone()))
            .collect();
        places.sort();
        places
    }

    /// A docstring, a comment and good names: no finding of its own.
    const CLEAN_IMPORTER: &str = "\"\"\"Print the sum.\"\"\"\n\nimport os\nfrom multiprocessing import Pool\n\nimport helper\nfrom utils import calc\n\n# The sum of the cubes.\nprint(helper.TOTAL, calc.TOTAL)\n";

    #[test]
    fn the_modules_a_script_imports_are_linted_at_their_own_lines() {
        let folder = tempfile::tempdir().expect("a folder");
        let root = folder.path();
        write(root, "cube.py", CLEAN_IMPORTER);
        write(
            root,
            "helper.py",
            "import cube\n\nTOTAL = 1\n\n\ndef Cube(l):\n    return l\n",
        );
        write(root, "utils/__init__.py", "\"\"\"Tools.\"\"\"\n");
        write(
            root,
            "utils/calc.py",
            "from .. import helper\nfoo = 2\nTOTAL = foo\n",
        );
        write(root, "unrelated.py", "def Bad(l):\n    return l\n");
        let check = check_of(root, Language::Python, "cube.py");
        let got = places(&check);
        let want: Vec<(String, usize, String)> = [
            ("helper.py", 6, "N002"),
            ("helper.py", 6, "N008"),
            ("utils/calc.py", 2, "N006"),
        ]
        .iter()
        .map(|(file, line, rule)| (file.to_string(), *line, rule.to_string()))
        .collect();
        assert_eq!(got, want, "{}", check.message);
        assert_eq!(check.verdict, Verdict::Fail);
        assert!(
            check.message.contains("helper.py:6:5: error[N002]"),
            "{}",
            check.message
        );
        let Details::Lint(details) = &check.details else {
            panic!("lint figures");
        };
        let cube = details
            .findings
            .iter()
            .find(|finding| finding.rule == "N002")
            .expect("N002");
        assert_eq!(cube.source, "def Cube(l):");
    }

    #[test]
    fn an_unreadable_module_is_reported_and_fails_the_check() {
        let folder = tempfile::tempdir().expect("a folder");
        let root = folder.path();
        write(root, "cube.py", CLEAN_IMPORTER);
        write(root, "helper.py", b"TOTAL = 1  # r\xE9sultat\n");
        write(
            root,
            "utils/__init__.py",
            "\"\"\"Tools.\"\"\"\n\nTOTAL = 2\n",
        );
        let check = check_of(root, Language::Python, "cube.py");
        let Details::Lint(details) = &check.details else {
            panic!("lint figures");
        };
        let unreadable: Vec<&str> = details
            .unreadable
            .iter()
            .map(|file| file.file.as_str())
            .collect();
        assert_eq!(unreadable, ["helper.py"]);
        assert_eq!(check.verdict, Verdict::Fail);
        assert!(
            check.message.contains("helper.py: cannot be read"),
            "{}",
            check.message
        );
    }

    #[test]
    fn too_many_imported_files_are_cut_with_a_note() {
        let folder = tempfile::tempdir().expect("a folder");
        let root = folder.path();
        let imports: String = (0..60).map(|n| format!("import m{n}\n")).collect();
        write(root, "cube.py", format!("\"\"\"Many.\"\"\"\n\n{imports}"));
        for n in 0..60 {
            write(root, &format!("m{n}.py"), "\"\"\"A module.\"\"\"\n");
        }
        let check = check_of(root, Language::Python, "cube.py");
        assert!(
            check
                .message
                .contains("only the first 50 files the script imports were linted"),
            "{}",
            check.message
        );
        write(root, "cube.py", "\"\"\"Few.\"\"\"\n\nimport m1\n");
        let check = check_of(root, Language::Python, "cube.py");
        assert_eq!(check.message, "names, comments and parallel code are clean");
    }

    #[test]
    fn a_crate_is_linted_with_its_modules_and_binaries_not_its_build_output() {
        let folder = tempfile::tempdir().expect("a folder");
        let root = folder.path();
        let bad = "fn Bad() {}\n";
        write(root, "cube/Cargo.toml", "[package]\nname = \"cube\"\n");
        write(
            root,
            "cube/src/main.rs",
            "//! Cube.\n\nmod work;\n\nfn main() {}\n",
        );
        write(root, "cube/src/work/mod.rs", bad);
        write(root, "cube/src/bin/other.rs", bad);
        write(root, "cube/target/debug/build/out.rs", bad);
        write(root, "cube/.hidden/x.rs", bad);
        let check = check_of(root, Language::Rust, "cube");
        let files: std::collections::BTreeSet<String> = places(&check)
            .into_iter()
            .map(|(file, _, _)| file)
            .collect();
        let want: std::collections::BTreeSet<String> =
            ["cube/src/bin/other.rs", "cube/src/work/mod.rs"]
                .iter()
                .map(|file| file.to_string())
                .collect();
        assert_eq!(files, want, "{}", check.message);
    }

    #[test]
    fn the_reference_scripts_and_their_imports_get_no_error() {
        let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("reference");
        for script in ["cube.py", "cube_queue.py", "pool.py"] {
            let check = check_of(&reference, Language::Python, script);
            let Details::Lint(details) = &check.details else {
                panic!("lint figures: {check:?}");
            };
            assert_eq!(details.errors, 0, "{script}: {}", check.message);
            assert_eq!(check.verdict, Verdict::Pass, "{script}: {}", check.message);
        }
    }

    #[test]
    fn a_finding_keeps_at_most_three_lines_each_cut_short() {
        let text = format!("a\nb\nc\nd\n{}\n", "x".repeat(600));
        let mut finding = LintFinding {
            rule: "N802".into(),
            name: "n".into(),
            category: lint::Category::Syntax,
            severity: Severity::Error,
            file: "cube.py".into(),
            line: 2,
            column: 1,
            end_line: 5,
            end_column: 1,
            message: String::new(),
            help: String::new(),
            source: String::new(),
        };
        assert_eq!(finding.lines_of(&text), "b\nc\nd");
        finding.line = 5;
        assert_eq!(
            finding.lines_of(&text).chars().count(),
            LintFinding::SOURCE_LINE_CHARS
        );
        finding.line = 9;
        assert_eq!(finding.lines_of(&text), "");
    }
}
