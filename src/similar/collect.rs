//! The solutions to compare, found as grading finds them: the class's student folders, the
//! base (the course's reference folder or starter files), past years' classes.

use std::path::{Path, PathBuf};

use super::{Document, Origin};
use crate::checks::source::solution_sources;
use crate::config::{Config, Exercise};
use crate::discover::{self, Problem};

/// Where the solutions come from.
#[derive(Debug, Clone)]
pub struct Sources {
    /// A folder of student folders, or one student's folder.
    pub class: PathBuf,
    /// Folders shaped like a student's whose code counts for no pair.
    pub base: Vec<PathBuf>,
    /// Folders of past years' student folders, compared with the class.
    pub against: Vec<PathBuf>,
    /// Only these exercises (all when empty).
    pub exercises: Vec<String>,
}

/// The solutions found, and what could not be read on the way (which never stops the others).
#[derive(Debug)]
pub struct Collected {
    pub documents: Vec<Document>,
    pub problems: Vec<String>,
}

/// Every solution `sources` hold for the course's exercises. `Err` when the class folder itself
/// cannot be read.
pub fn collect(config: &Config, sources: &Sources) -> Result<Collected, String> {
    let exercises: Vec<&Exercise> = config
        .exercises
        .iter()
        .filter(|exercise| {
            sources.exercises.is_empty() || sources.exercises.contains(&exercise.name)
        })
        .collect();
    let mut collected = Collected {
        documents: Vec::new(),
        problems: Vec::new(),
    };
    let (students, problems) = discover::students(&sources.class, config)?;
    collected.problems.extend(problems.into_iter().map(problem));
    for student in &students {
        add(
            &mut collected,
            &student.path,
            &student.name,
            Origin::Class,
            &exercises,
        );
    }
    for base in &sources.base {
        let name = base.display().to_string();
        add(&mut collected, base, &name, Origin::Base, &exercises);
    }
    for past in &sources.against {
        match discover::students(past, config) {
            Ok((students, problems)) => {
                collected.problems.extend(problems.into_iter().map(problem));
                let origin = Origin::Past(past.display().to_string());
                for student in &students {
                    add(
                        &mut collected,
                        &student.path,
                        &student.name,
                        origin.clone(),
                        &exercises,
                    );
                }
            }
            Err(why) => collected.problems.push(why),
        }
    }
    Ok(collected)
}

/// The solutions of the student whose folder is `folder`, one per exercise and language.
fn add(
    collected: &mut Collected,
    folder: &Path,
    student: &str,
    origin: Origin,
    exercises: &[&Exercise],
) {
    for exercise in exercises {
        for entry in discover::entries(folder, exercise) {
            let files = solution_sources(&entry, folder);
            collected.documents.push(Document::new(
                student,
                &exercise.name,
                entry.language,
                origin.clone(),
                files,
            ));
        }
    }
}

fn problem(problem: Problem) -> String {
    match problem {
        Problem::Error(message) | Problem::Warning(message) => message,
    }
}
