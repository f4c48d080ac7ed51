//! `grade merge`: the reports of a class graded in shards (`--partition k/n`, one per CI job)
//! put together into the report of the whole class, scored and summed up as one run would.

use std::time::Duration;

use super::{Report, Submission};
use crate::lang::Lang;
use crate::msg;
use crate::score;

/// A shard's report and the file it was read from, for the errors.
pub struct Shard {
    pub file: String,
    pub report: Report,
}

/// The report of the whole class, or why the shards do not make one (in `lang`).
pub fn merge(shards: Vec<Shard>, lang: Lang) -> Result<Report, String> {
    let Some(first) = shards.first() else {
        return Err(msg!(lang, "merge-no-report"));
    };
    let (course, digest, version) = (
        first.report.course.clone(),
        first.report.course_digest.clone(),
        first.report.grader.version.clone(),
    );
    let first_file = first.file.clone();
    for shard in &shards {
        let report = &shard.report;
        if report.grader.version != version {
            return Err(msg!(
                lang,
                "merge-another-grader",
                file = shard.file.as_str(),
                version = report.grader.version.as_str(),
                first = first_file.as_str(),
                first_version = version.as_str()
            ));
        }
        if report.course != course || report.course_digest != digest {
            return Err(msg!(
                lang,
                "merge-another-course",
                file = shard.file.as_str(),
                first = first_file.as_str(),
                course = report.course.as_str(),
                first_course = course.as_str()
            ));
        }
    }
    check_shards(&shards, lang)?;
    let mut merged = Report {
        partition: None,
        submissions: Vec::new(),
        references: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        ..first.report.clone()
    };
    let mut elapsed = Duration::ZERO;
    let mut kept = 0;
    for shard in shards {
        let report = shard.report;
        for submission in report.submissions {
            if let Some(twin) = merged
                .submissions
                .iter()
                .find(|other: &&Submission| other.student == submission.student)
            {
                return Err(msg!(
                    lang,
                    "merge-student-twice",
                    file = shard.file.as_str(),
                    student = crate::text::printable(&submission.student).to_string(),
                    path = twin.path.display().to_string()
                ));
            }
            kept += usize::from(submission.kept);
            merged.submissions.push(submission);
        }
        // Every shard timed the references its students needed: each timing is kept.
        merged.references.extend(report.references);
        for error in report.errors {
            if !merged.errors.contains(&error) {
                merged.errors.push(error);
            }
        }
        for warning in report.warnings {
            if !merged.warnings.contains(&warning) {
                merged.warnings.push(warning);
            }
        }
        merged.interrupted |= report.interrupted;
        // The shards ran side by side: the class took as long as the longest.
        elapsed = elapsed.max(Duration::from_millis(report.summary.elapsed_ms));
    }
    merged
        .submissions
        .sort_by_cached_key(|submission| crate::discover::collation_key(&submission.student));
    for submission in &mut merged.submissions {
        submission.score = score::student_score(&submission.exercises);
    }
    merged.summary = score::summarize(&merged.submissions, kept, elapsed);
    Ok(merged)
}

/// Shards of one split, each once and none missing; reports of no split are taken as they are.
/// Why not is in `lang`.
fn check_shards(shards: &[Shard], lang: Lang) -> Result<(), String> {
    let split: Vec<(&Shard, super::Partition)> = shards
        .iter()
        .filter_map(|shard| shard.report.partition.map(|partition| (shard, partition)))
        .collect();
    let Some(&(first, partition)) = split.first() else {
        return Ok(());
    };
    let count = partition.count;
    for &(shard, partition) in &split {
        if partition.count != count {
            return Err(msg!(
                lang,
                "merge-another-split",
                file = shard.file.as_str(),
                shard = partition.to_string(),
                first = first.file.as_str(),
                first_shard = format!("{}/{count}", first.report.partition.map_or(0, |p| p.index))
            ));
        }
        if let Some(&(twin, _)) = split
            .iter()
            .find(|(other, p)| p.index == partition.index && other.file != shard.file)
        {
            return Err(msg!(
                lang,
                "merge-shard-twice",
                file = shard.file.as_str(),
                shard = partition.to_string(),
                twin = twin.file.as_str()
            ));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|index| !split.iter().any(|(_, p)| p.index == *index))
        .map(|index| format!("{index}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(msg!(
            lang,
            "merge-shards-missing",
            shards = missing.join(", ")
        ));
    }
    Ok(())
}
