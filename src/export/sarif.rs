//! SARIF 2.1.0, the format code scanning reads (GitHub `upload-sarif`): the lint findings of
//! every student, at their files and lines, with the rules that fired described from the lint
//! catalogue (`grade explain`).
//!
//! The subset written is ruff's, as hand-written serde structs; paths are URIs relative to where
//! grading ran (the student's folder joined with the file), so that code scanning places them in
//! the repository. Files the lint could not read, and the grader's own errors, are tool
//! notifications: they are no finding about the code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::lang::Lang;
use crate::lint::Severity;
use crate::report::{Details, LintFinding, Report};
use crate::text::printable;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The lint findings of the report as a SARIF log of one run.
pub fn render(report: &Report) -> String {
    let (findings, unreadable) = collect(report);
    let mut rules: BTreeMap<&str, &LintFinding> = BTreeMap::new();
    for (_, finding) in &findings {
        rules.entry(finding.rule.as_str()).or_insert(finding);
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, id)| (*id, i)).collect();
    let results = findings
        .iter()
        .map(|(uri, finding)| SarifResult {
            rule_id: finding.rule.clone(),
            rule_index: index[finding.rule.as_str()],
            level: level(finding.severity),
            message: Message {
                text: format!("{}\n{}", lines(&finding.message), lines(&finding.help)),
            },
            locations: vec![Location::at(uri.clone(), Some(region(finding)))],
        })
        .collect();
    let mut notifications: Vec<Notification> = unreadable
        .into_iter()
        .map(|(uri, reason)| Notification {
            level: "warning",
            message: Message {
                text: format!("not linted: {}", lines(&reason)),
            },
            locations: vec![Location::at(uri, None)],
        })
        .collect();
    notifications.extend(report.errors.iter().map(|error| Notification {
        level: "error",
        message: Message { text: lines(error) },
        locations: Vec::new(),
    }));
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "grade",
                    version: report.grader.version.clone(),
                    rules: rules.values().map(|finding| rule(finding)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
            invocations: [Invocation {
                execution_successful: report.errors.is_empty(),
                tool_execution_notifications: notifications,
            }],
        }],
    };
    // Plain data with string keys: serialising it cannot fail.
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

/// Every finding with the URI of its file, and every file not read with why; sorted, each once
/// (two exercises of a student may lint the same file).
type Collected<'a> = (Vec<(String, &'a LintFinding)>, Vec<(String, String)>);

fn collect(report: &Report) -> Collected<'_> {
    let mut findings = Vec::new();
    let mut unreadable = Vec::new();
    for submission in &report.submissions {
        for exercise in &submission.exercises {
            for check in &exercise.checks {
                let lint = match &check.details {
                    Details::Lint(lint) => lint,
                    Details::None
                    | Details::Build(_)
                    | Details::Run(_)
                    | Details::Result(_)
                    | Details::Time(_)
                    | Details::Workers(_) => continue,
                };
                for finding in &lint.findings {
                    findings.push((uri(&submission.path, &finding.file), finding));
                }
                for file in &lint.unreadable {
                    let uri = uri(&submission.path, &file.file);
                    unreadable.push((uri, file.reason.clone()));
                }
            }
        }
    }
    let key = |(uri, f): &(String, &LintFinding)| {
        let place = (f.line, f.column, f.end_line, f.end_column);
        (uri.clone(), place, f.rule.clone(), f.message.clone())
    };
    findings.sort_by_key(key);
    findings.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    unreadable.sort();
    unreadable.dedup();
    (findings, unreadable)
}

fn rule(finding: &LintFinding) -> Rule {
    let Some(meta) = crate::lint::find_rule(&finding.rule) else {
        // A report of another version may name a rule this one lacks: describe it by its name.
        return Rule {
            id: finding.rule.clone(),
            name: finding.name.clone(),
            short_description: Message {
                text: finding.name.clone(),
            },
            full_description: None,
            help: None,
            default_configuration: Configuration {
                level: level(finding.severity),
            },
        };
    };
    let explain = meta.explain.get(Lang::En);
    Rule {
        id: meta.code.to_string(),
        name: meta.name.to_string(),
        short_description: Message {
            text: meta.summary(Lang::En),
        },
        full_description: Some(Message {
            text: what_it_does(explain),
        }),
        help: Some(Help {
            text: explain.to_string(),
            markdown: explain.to_string(),
        }),
        default_configuration: Configuration {
            level: level(meta.severity),
        },
    }
}

/// The "What it does" section of a rule's documentation, as one paragraph.
fn what_it_does(explain: &str) -> String {
    let section = explain
        .split("## ")
        .find_map(|section| section.strip_prefix("What it does"))
        .unwrap_or(explain);
    section.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn region(finding: &LintFinding) -> Region {
    Region {
        start_line: finding.line,
        start_column: finding.column,
        end_line: finding.end_line,
        end_column: finding.end_column,
    }
}

/// Multi-line text with each line made printable: code scanning shows it on a page.
fn lines(text: &str) -> String {
    text.split('\n')
        .map(printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A file of a student's folder as a URI reference: relative when the folder is, forward
/// slashes, every byte but the unreserved ones and `/` percent-encoded (RFC 3986).
fn uri(folder: &Path, file: &str) -> String {
    let path: PathBuf = folder.join(file);
    let path = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::with_capacity(path.len());
    if path.starts_with('/') {
        uri.push_str("file://");
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(char::from(byte))
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
    invocations: [Invocation; 1],
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: String,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Message,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

impl Location {
    fn at(uri: String, region: Option<Region>) -> Location {
        Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri },
                region,
            },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Message,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;
    use crate::report::Unreadable;
    use serde_json::Value;

    /// The official schema, as serde-sarif 0.8.0 ships it.
    fn validator() -> jsonschema::Validator {
        let text = include_str!("../../tests/data/sarif-schema-2.1.0.json");
        // The schema's language pattern `-[a-zA-Z]{2}]?$` has an unescaped `]` after a class:
        // ECMA-262 reads it as a literal, the Rust regex engine refuses it. Escaping it keeps
        // the pattern's meaning and lets the validator compile.
        let text = text.replace(r#"-[a-zA-Z]{2}]?$""#, r#"-[a-zA-Z]{2}\\]?$""#);
        let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the schema compiles")
    }

    fn valid(log: &str) -> Value {
        let value: Value = serde_json::from_str(log).expect("SARIF is JSON");
        let validator = validator();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|err| format!("{} at {}", err, err.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}\n{log}");
        value
    }

    fn lint_findings(report: &Report) -> usize {
        report
            .submissions
            .iter()
            .flat_map(|s| &s.exercises)
            .flat_map(|e| &e.checks)
            .map(|check| match &check.details {
                Details::Lint(lint) => lint.findings.len(),
                _ => 0,
            })
            .sum()
    }

    #[test]
    fn the_sample_s_findings_are_valid_sarif_at_their_files_and_lines() {
        let report = sample();
        let log = valid(&render(&report));
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "grade");
        assert_eq!(run["tool"]["driver"]["version"], report.grader.version);
        let results = run["results"].as_array().expect("results");
        assert_eq!(results.len(), lint_findings(&report));
        assert_eq!(results.len(), 1);
        let result = &results[0];
        assert_eq!(result["ruleId"], "S001");
        assert_eq!(result["level"], "error");
        let text = result["message"]["text"].as_str().expect("a message");
        assert!(
            text.starts_with("impossible d'analyser ce fichier : erreur de syntaxe ici\n"),
            "{text}"
        );
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"]["uri"],
            "fixtures/submissions/l%C3%A9a%20moreau/cube_queue.py"
        );
        let region = &location["region"];
        assert_eq!(
            [
                &region["startLine"],
                &region["startColumn"],
                &region["endLine"],
                &region["endColumn"]
            ],
            [17, 1, 17, 11]
        );
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0]["id"], "S001");
        assert_eq!(rules[0]["name"], "syntax-error");
        assert_eq!(rules[0]["defaultConfiguration"]["level"], "error");
        assert_eq!(
            rules[0]["shortDescription"]["text"],
            "file that cannot be parsed: a syntax error"
        );
        let full = rules[0]["fullDescription"]["text"].as_str().expect("text");
        assert!(full.starts_with("Reports the first place where"), "{full}");
        assert!(rules[0]["help"]["markdown"]
            .as_str()
            .expect("help")
            .contains("## Why is this bad"));
        assert_eq!(result["ruleIndex"], 0);
        // The validator does refuse what SARIF does not allow.
        let mut wrong = log.clone();
        wrong["runs"][0]["results"][0]["level"] = "fatal".into();
        assert!(!validator().is_valid(&wrong));
        wrong["runs"][0]["results"][0]["level"] = "note".into();
        wrong["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
            0.into();
        assert!(!validator().is_valid(&wrong));
    }

    #[test]
    fn findings_are_sorted_and_listed_once_with_the_rules_that_fired() {
        let mut report = sample();
        let lea = report.submissions[4].clone();
        let finding = |rule: &str, name: &str, line: usize| LintFinding {
            rule: rule.to_string(),
            name: name.to_string(),
            line,
            end_line: line,
            ..match &lea.exercises[2].checks[5].details {
                Details::Lint(lint) => lint.findings[0].clone(),
                _ => panic!("léa's cube_queue lint"),
            }
        };
        if let Details::Lint(lint) = &mut report.submissions[4].exercises[2].checks[5].details {
            lint.findings
                .insert(0, finding("N005", "name-too-short", 30));
            lint.findings.push(finding("C001", "no-comments", 2));
            lint.findings.push(finding("X999", "future-rule", 1));
        }
        // The same file linted again by another exercise: its findings are not doubled.
        let again = report.submissions[4].exercises[2].checks[5].clone();
        report.submissions[4].exercises[1].checks.push(again);
        let first = render(&report);
        let log = valid(&first);
        let results = log["runs"][0]["results"].as_array().expect("results");
        let ids: Vec<&str> = results
            .iter()
            .map(|r| r["ruleId"].as_str().expect("id"))
            .collect();
        assert_eq!(ids, ["X999", "C001", "S001", "N005"]);
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules");
        let rule_ids: Vec<&str> = rules
            .iter()
            .map(|r| r["id"].as_str().expect("id"))
            .collect();
        assert_eq!(rule_ids, ["C001", "N005", "S001", "X999"]);
        for result in results {
            let index = result["ruleIndex"].as_u64().expect("index") as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
        assert_eq!(rules[3]["shortDescription"]["text"], "future-rule");
        assert_eq!(render(&report), first);
    }

    #[test]
    fn a_hostile_student_s_paths_and_messages_are_inert_and_valid() {
        let hostile = "eve\n PASS honest 20.00/20\u{1b}[2J\u{202e}";
        let mut report = sample();
        let mut eve = report.submissions[4].clone();
        eve.student = hostile.to_string();
        eve.path = format!("subs/{hostile}").into();
        if let Details::Lint(lint) = &mut eve.exercises[2].checks[5].details {
            lint.findings[0].file = "a b#?%.py".to_string();
            lint.findings[0].message = "name `x\u{202e}y` \u{1b}[31mred\r\nnext".to_string();
            lint.unreadable.push(Unreadable {
                file: "bad\u{0}.py".to_string(),
                reason: "not UTF-8\u{1b}[2J".to_string(),
            });
        }
        report.submissions.push(eve);
        report
            .errors
            .push("the reference of `cube` fails".to_string());
        let text = render(&report);
        let log = valid(&text);
        let run = &log["runs"][0];
        let results = run["results"].as_array().expect("results");
        assert_eq!(results.len(), 2);
        let eve = results
            .iter()
            .find(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .is_some_and(|uri| uri.starts_with("subs/"))
            })
            .expect("eve's finding");
        assert_eq!(
            eve["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "subs/eve%0A%20PASS%20honest%2020.00/20%1B%5B2J%E2%80%AE/a%20b%23%3F%25.py"
        );
        let message = eve["message"]["text"].as_str().expect("message");
        assert!(
            message.starts_with("name `x\\u{202e}y` \\u{1b}[31mred\\r\nnext\n"),
            "{message}"
        );
        assert!(!message
            .chars()
            .any(|c| crate::text::is_unsafe(c) && c != '\n'));
        let invocation = &run["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        let notes = invocation["toolExecutionNotifications"]
            .as_array()
            .expect("notifications");
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0]["level"], "warning");
        assert_eq!(
            notes[0]["message"]["text"],
            "not linted: not UTF-8\\u{1b}[2J"
        );
        assert!(
            notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .expect("uri")
                .ends_with("/bad%00.py")
        );
        assert_eq!(notes[1]["level"], "error");
    }

    #[test]
    fn a_folder_given_absolute_is_a_file_uri() {
        assert_eq!(
            uri(Path::new("/autograder/submission"), "cube.py"),
            "file:///autograder/submission/cube.py"
        );
        assert_eq!(
            uri(Path::new("subs/ana"), "src/main.rs"),
            "subs/ana/src/main.rs"
        );
    }
}
