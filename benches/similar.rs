//! `grade similar` on a generated class: 200 students, each with the course's 3 exercises in
//! Python, written from the fixtures' solutions with their names changed and a few statements
//! of their own, and a few copies among them; then read, fingerprinted and compared (the work
//! of `grade similar DIR`) several times. Prints the best time; the goal is a few seconds.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use grade::config::Config;
use grade::similar::{collect, compare, Settings, Sources};

const STUDENTS: usize = 200;
const RUNS: u32 = 3;

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = match Config::load(&repo.join("grader.toml")) {
        Ok(config) => config,
        Err(error) => fail(&format!("grader.toml: {error}")),
    };
    let seeds: Vec<Vec<(String, String)>> = ["pool.py", "cube.py", "cube_queue.py"]
        .iter()
        .map(|file| seeds(&repo.join("fixtures"), file))
        .collect();
    let dir = tempfile::tempdir().unwrap_or_else(|error| fail(&error.to_string()));
    for student in 0..STUDENTS {
        let folder = dir.path().join(format!("student{student:03}"));
        std::fs::create_dir_all(&folder).unwrap_or_else(|error| fail(&error.to_string()));
        for (exercise, seeds) in seeds.iter().enumerate() {
            let (name, text) = &seeds[(student * 7 + exercise * 3) % seeds.len()];
            // One student in twenty hands in the previous student's file.
            let text = if student % 20 == 19 {
                seeds[((student - 1) * 7 + exercise * 3) % seeds.len()]
                    .1
                    .clone()
            } else {
                own_version(text, student)
            };
            std::fs::write(folder.join(name), text)
                .unwrap_or_else(|error| fail(&error.to_string()));
        }
    }
    let sources = Sources {
        class: dir.path().to_path_buf(),
        base: vec![config.course.reference.clone()],
        against: Vec::new(),
        exercises: Vec::new(),
    };
    let mut best = Duration::MAX;
    let mut pairs = 0;
    let mut solutions = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let collected = collect(&config, &sources).unwrap_or_else(|error| fail(&error));
        let found = compare(&collected.documents, Settings::default());
        best = best.min(start.elapsed());
        pairs = found.iter().filter(|pair| pair.score >= 0.3).count();
        solutions = collected.documents.len();
    }
    println!(
        "similar: {STUDENTS} students, {solutions} solutions, {pairs} pairs at 30% or more: \
         {:.2} s (best of {RUNS})",
        best.as_secs_f64()
    );
}

/// Every Python solution named `file` under the fixtures, as (file name, text).
fn seeds(fixtures: &Path, file: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut pending = vec![fixtures.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.file_name().is_some_and(|name| name == file) {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    found.push((file.to_string(), text));
                }
            }
        }
    }
    if found.is_empty() {
        fail(&format!("no {file} under {}", fixtures.display()));
    }
    found
}

/// `text` as one student would write it: a statement of their own every few lines.
fn own_version(text: &str, student: usize) -> String {
    text.lines()
        .enumerate()
        .map(|(index, line)| {
            if index % 9 == student % 9 && line.starts_with("    ") && !line.trim().is_empty() {
                let indent: String = line.chars().take_while(|c| *c == ' ').collect();
                format!("{line}\n{indent}trace_{student} = {index}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2)
}
