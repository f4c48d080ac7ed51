//! Copies across a class: every pair of solutions of the same exercise and language compared by
//! their fingerprints, as MOSS and Dolos do. A solution's files become one token stream per
//! file, identifiers and literals normalised, comments, docstrings and imports dropped
//! ([`tokens`]); k-grams of it are winnowed into fingerprints ([`winnow`]); an index from
//! fingerprint to solutions gives the pairs that share any, and only those are scored, so a
//! class costs what its shared code costs, not the square of its size. Fingerprints of the base
//! (the reference, a starter file) and those most of the class holds count for no one.

mod collect;
pub mod render;
mod tokens;
mod winnow;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

pub use collect::{collect, Collected, Sources};

use crate::lint::SourceLanguage;
use crate::report::Language;

/// One solution: a student's entry for an exercise, its files and their fingerprints.
#[derive(Debug, Clone)]
pub struct Document {
    pub student: String,
    pub exercise: String,
    pub language: Language,
    /// Where it comes from: this class, a past year's (`--against`), or the base.
    pub origin: Origin,
    /// Paths relative to the student's folder, with their lines.
    pub files: Vec<SourceFile>,
    prints: Vec<Print>,
}

/// Whose a document is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Class,
    /// A past year's submission, from the folder given (compared with the class only).
    Past(String),
    /// Code every solution may share (the reference, a starter file): it counts for no pair.
    Base,
}

/// A file of a solution.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub lines: Vec<String>,
}

/// A fingerprint where it sits: which file, its place in that file's stream, its lines.
#[derive(Debug, Clone, Copy)]
struct Print {
    hash: u64,
    file: usize,
    at: usize,
    first_line: u32,
    last_line: u32,
}

impl Document {
    /// A solution from its files (path relative to the student's folder, text).
    pub fn new(
        student: &str,
        exercise: &str,
        language: Language,
        origin: Origin,
        files: Vec<(String, String)>,
    ) -> Document {
        let source_language = match language {
            Language::Python => SourceLanguage::Python,
            Language::Rust => SourceLanguage::Rust,
        };
        let mut prints = Vec::new();
        let mut kept = Vec::new();
        for (index, (path, text)) in files.into_iter().enumerate() {
            let stream = tokens::tokens(&text, source_language);
            prints.extend(
                winnow::fingerprints(&stream, winnow::K, winnow::W)
                    .into_iter()
                    .map(|print| Print {
                        hash: print.hash,
                        file: index,
                        at: print.at,
                        first_line: print.first_line,
                        last_line: print.last_line,
                    }),
            );
            kept.push(SourceFile {
                path,
                lines: text.lines().map(str::to_string).collect(),
            });
        }
        Document {
            student: student.to_string(),
            exercise: exercise.to_string(),
            language,
            origin,
            files: kept,
            prints,
        }
    }
}

/// What is set aside before scoring.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// A fingerprint held by more than this share of the class's solutions of an exercise, and
    /// by more than [`Settings::common_least`] of them, is what everyone writes, not evidence.
    pub common_share: f64,
    /// Solutions a fingerprint must be held by, beyond, to be set aside as common: in a class
    /// of four, three students sharing code is the finding, not boilerplate.
    pub common_least: usize,
    /// Fragments shown per pair, the longest first.
    pub fragments: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            common_share: 0.5,
            common_least: 3,
            fragments: 6,
        }
    }
}

/// Two solutions of one exercise that share fingerprints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub exercise: String,
    pub language: Language,
    pub a: Side,
    pub b: Side,
    /// Twice the shared fingerprints over the fingerprints of both (Dice's coefficient, as
    /// Dolos), 0 to 1: an exact copy is 1, a copy with a few statements added stays near it, and
    /// a short solution whose few fingerprints all appear in a long one scores low.
    pub score: f64,
    /// Fingerprints the two share, once the base and the common ones are set aside.
    pub shared: usize,
    /// The matching code, the longest first.
    pub fragments: Vec<Fragment>,
}

/// One side of a pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub student: String,
    pub origin: Origin,
    /// Share of this solution's fingerprints found in the other, 0 to 1.
    pub coverage: f64,
}

/// Matching code: lines of a file on each side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fragment {
    pub a: Span,
    pub b: Span,
    /// Fingerprints in the run.
    pub fingerprints: usize,
}

/// Lines of a file, 1-based, inclusive, with their text (at most [`SPAN_LINES`]): a report
/// shows both sides without the students' folders at hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Span {
    pub file: String,
    pub first_line: u32,
    pub last_line: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<String>,
}

impl Span {
    /// `cube.py:3-20`, or `cube.py:7` for one line.
    pub fn place(&self) -> String {
        if self.first_line == self.last_line {
            format!("{}:{}", self.file, self.first_line)
        } else {
            format!("{}:{}-{}", self.file, self.first_line, self.last_line)
        }
    }
}

/// Lines of a fragment's text a report keeps.
pub const SPAN_LINES: usize = 40;

/// Every pair of `documents` of the same exercise and language that shares fingerprints, the
/// most similar first. Two past documents are never paired; base documents are never paired
/// and take their fingerprints out of every pair.
pub fn compare(documents: &[Document], settings: Settings) -> Vec<Pair> {
    let mut groups: HashMap<(&str, Language), Vec<&Document>> = HashMap::new();
    for document in documents {
        groups
            .entry((document.exercise.as_str(), document.language))
            .or_default()
            .push(document);
    }
    let mut pairs: Vec<Pair> = groups
        .into_values()
        .flat_map(|group| compare_group(&group, settings))
        .collect();
    pairs.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(y.shared.cmp(&x.shared))
            .then(x.exercise.cmp(&y.exercise))
            .then(x.a.student.cmp(&y.a.student))
            .then(x.b.student.cmp(&y.b.student))
    });
    pairs
}

/// The pairs among the documents of one exercise and language.
fn compare_group(group: &[&Document], settings: Settings) -> Vec<Pair> {
    let ignored = ignored(group, settings);
    let kept: Vec<HashSet<u64>> = group
        .iter()
        .map(|document| match document.origin {
            Origin::Base => HashSet::new(),
            Origin::Class | Origin::Past(_) => document
                .prints
                .iter()
                .map(|print| print.hash)
                .filter(|hash| !ignored.contains(hash))
                .collect(),
        })
        .collect();
    // The index: which documents hold each kept fingerprint.
    let mut holders: HashMap<u64, Vec<usize>> = HashMap::new();
    for (index, hashes) in kept.iter().enumerate() {
        for &hash in hashes {
            holders.entry(hash).or_default().push(index);
        }
    }
    // The pairs that share any fingerprint: the only ones scored.
    let mut candidates: HashSet<(usize, usize)> = HashSet::new();
    for documents in holders.values() {
        for (position, &a) in documents.iter().enumerate() {
            for &b in &documents[position + 1..] {
                let both_past = matches!(group[a].origin, Origin::Past(_))
                    && matches!(group[b].origin, Origin::Past(_));
                if !both_past {
                    candidates.insert((a, b));
                }
            }
        }
    }
    candidates
        .into_iter()
        .map(|(a, b)| {
            let both = (kept[a].len() + kept[b].len()).max(1);
            let common: HashSet<u64> = kept[a].intersection(&kept[b]).copied().collect();
            let count = common.len();
            Pair {
                exercise: group[a].exercise.clone(),
                language: group[a].language,
                a: side(group[a], count, kept[a].len()),
                b: side(group[b], count, kept[b].len()),
                score: 2.0 * count as f64 / both as f64,
                shared: count,
                fragments: fragments(group[a], group[b], &common, settings.fragments),
            }
        })
        .collect()
}

fn side(document: &Document, shared: usize, total: usize) -> Side {
    Side {
        student: document.student.clone(),
        origin: document.origin.clone(),
        coverage: shared as f64 / total.max(1) as f64,
    }
}

/// The fingerprints that count for no pair: the base's, and those held by more than
/// `settings.common_share` of the class's documents and more than `settings.common_least`.
fn ignored(group: &[&Document], settings: Settings) -> HashSet<u64> {
    let mut ignored: HashSet<u64> = group
        .iter()
        .filter(|document| document.origin == Origin::Base)
        .flat_map(|document| document.prints.iter().map(|print| print.hash))
        .collect();
    let class: Vec<&&Document> = group
        .iter()
        .filter(|document| document.origin == Origin::Class)
        .collect();
    let mut held: HashMap<u64, usize> = HashMap::new();
    for document in &class {
        let hashes: HashSet<u64> = document.prints.iter().map(|print| print.hash).collect();
        for hash in hashes {
            *held.entry(hash).or_default() += 1;
        }
    }
    let limit = (class.len() as f64 * settings.common_share).max(settings.common_least as f64);
    ignored.extend(
        held.into_iter()
            .filter(|&(_, count)| count as f64 > limit)
            .map(|(hash, _)| hash),
    );
    ignored
}

/// The runs of fingerprints `a` and `b` share, in the same order on both sides, as lines of a
/// file on each side; the longest `most` first.
fn fragments(a: &Document, b: &Document, common: &HashSet<u64>, most: usize) -> Vec<Fragment> {
    let mut in_b: HashMap<u64, Vec<&Print>> = HashMap::new();
    for print in b.prints.iter().filter(|print| common.contains(&print.hash)) {
        in_b.entry(print.hash).or_default().push(print);
    }
    let mut matches: Vec<(&Print, &Print)> = a
        .prints
        .iter()
        .filter(|print| common.contains(&print.hash))
        .flat_map(|print| {
            in_b.get(&print.hash)
                .into_iter()
                .flatten()
                .map(move |other| (print, *other))
        })
        .collect();
    matches.sort_by_key(|(x, y)| (x.file, x.at, y.file, y.at));
    // Winnowing selects a fingerprint at least every W positions: further apart on either
    // side, two matches belong to different fragments.
    let gap = 2 * winnow::W;
    let mut runs: Vec<Vec<(&Print, &Print)>> = Vec::new();
    for (x, y) in matches {
        let continues = runs
            .last()
            .and_then(|run| run.last())
            .is_some_and(|(px, py)| {
                px.file == x.file
                    && py.file == y.file
                    && x.at > px.at
                    && x.at - px.at <= gap
                    && y.at > py.at
                    && y.at - py.at <= gap
            });
        match runs.last_mut() {
            Some(run) if continues => run.push((x, y)),
            _ => runs.push(vec![(x, y)]),
        }
    }
    runs.sort_by_key(|run| std::cmp::Reverse(run.len()));
    runs.into_iter()
        .take(most)
        .map(|run| Fragment {
            a: span(a, run.iter().map(|(x, _)| *x)),
            b: span(b, run.iter().map(|(_, y)| *y)),
            fingerprints: run.len(),
        })
        .collect()
}

/// The lines `prints` cover, in the file of the first.
fn span<'p>(document: &Document, prints: impl Iterator<Item = &'p Print>) -> Span {
    let prints: Vec<&Print> = prints.collect();
    let file = prints
        .first()
        .and_then(|print| document.files.get(print.file));
    let first_line = prints
        .iter()
        .map(|print| print.first_line)
        .min()
        .unwrap_or(1);
    let last_line = prints
        .iter()
        .map(|print| print.last_line)
        .max()
        .unwrap_or(1);
    Span {
        file: file.map(|file| file.path.clone()).unwrap_or_default(),
        first_line,
        last_line,
        lines: file
            .map(|file| {
                file.lines
                    .iter()
                    .skip(first_line.saturating_sub(1) as usize)
                    .take((last_line + 1).saturating_sub(first_line) as usize)
                    .take(SPAN_LINES)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The pairs of the class in `root` scoring at least `min` (0 to 1), in `exercises` (all when
/// empty), the course's reference set aside: the section of the grading's report. Solutions
/// that cannot be read are left out; the report's own checks say why.
pub fn class_pairs(
    config: &crate::config::Config,
    root: &std::path::Path,
    exercises: &[String],
    min: f64,
) -> Vec<Pair> {
    let sources = Sources {
        class: root.to_path_buf(),
        // A course bundle has no reference folder: nothing is common code then.
        base: if config.bundle.is_some() {
            Vec::new()
        } else {
            vec![config.course.reference.clone()]
        },
        against: Vec::new(),
        exercises: exercises.to_vec(),
    };
    let Ok(collected) = collect(config, &sources) else {
        return Vec::new();
    };
    let mut pairs = compare(&collected.documents, Settings::default());
    pairs.retain(|pair| pair.score >= min);
    pairs
}

/// The pairs a report shows, from 30% of shared code: below, honest solutions of a small
/// exercise meet (see `fixtures/similar/`).
pub const REPORT_MIN: f64 = 0.3;

#[cfg(test)]
mod tests;
