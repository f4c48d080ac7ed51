//! `grade merge`: the reports of a class graded in shards (`--partition k/n`, one per CI job)
//! put together into the report of the whole class, scored and summed up as one run would.

use std::time::Duration;

use super::{Report, Submission};
use crate::score;

/// A shard's report and the file it was read from, for the errors.
pub struct Shard {
    pub file: String,
    pub report: Report,
}

/// The report of the whole class, or why the shards do not make one.
pub fn merge(shards: Vec<Shard>) -> Result<Report, String> {
    let Some(first) = shards.first() else {
        return Err("grade merge: give the JSON reports of the shards to merge".into());
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
            return Err(format!(
                "{}: graded by grade {}, {} by grade {version}: grade every shard with the same \
                 grader",
                shard.file, report.grader.version, first_file
            ));
        }
        if report.course != course || report.course_digest != digest {
            return Err(format!(
                "{}: graded with another course file or reference than {first_file} (course `{}`, \
                 `{course}`): grade every shard with the same course folder",
                shard.file, report.course
            ));
        }
    }
    check_shards(&shards)?;
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
                return Err(format!(
                    "{}: `{}` is graded in two shards (also at {}): merge each shard once",
                    shard.file,
                    crate::text::printable(&submission.student),
                    twin.path.display()
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
fn check_shards(shards: &[Shard]) -> Result<(), String> {
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
            return Err(format!(
                "{}: shard {partition} of another split than {} ({}/{count}): merge the shards \
                 of one split",
                shard.file,
                first.file,
                first.report.partition.map_or(0, |p| p.index)
            ));
        }
        if let Some(&(twin, _)) = split
            .iter()
            .find(|(other, p)| p.index == partition.index && other.file != shard.file)
        {
            return Err(format!(
                "{}: shard {partition} is also {}: merge each shard once",
                shard.file, twin.file
            ));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|index| !split.iter().any(|(_, p)| p.index == *index))
        .map(|index| format!("{index}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "shard {} missing: its students would be left out; give every shard's report",
            missing.join(", ")
        ));
    }
    Ok(())
}
