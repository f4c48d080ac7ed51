//! Lines linted per second: the fixtures copied into a temporary folder until it holds about
//! 200,000 lines of Python and Rust, then linted several times with the default settings.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use grade::lang::Lang;
use grade::lint::{lint_paths, LintSettings};

const TARGET_LINES: usize = 200_000;
const RUNS: u32 = 5;

fn main() {
    let sources = fixture_sources();
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(error) => {
            eprintln!("cannot create a temporary folder: {error}");
            std::process::exit(2);
        }
    };
    let mut lines = 0;
    let mut copies = 0;
    while lines < TARGET_LINES && !sources.is_empty() {
        for (name, text) in &sources {
            let path = dir.path().join(format!("{copies:05}_{name}"));
            if let Err(error) = std::fs::write(&path, text) {
                eprintln!("{}: {error}", path.display());
                std::process::exit(2);
            }
            lines += text.lines().count();
            copies += 1;
        }
    }
    let settings = LintSettings::default();
    let paths = vec![dir.path().to_path_buf()];
    let mut best = Duration::MAX;
    let mut findings = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let report = lint_paths(&paths, dir.path(), &settings, Lang::En);
        best = best.min(start.elapsed());
        findings = report.findings.len();
    }
    let per_second = lines as f64 / best.as_secs_f64();
    println!(
        "lint: {lines} lines in {copies} files, best of {RUNS}: {:.1} ms, {per_second:.0} lines/s ({findings} findings)",
        best.as_secs_f64() * 1000.0
    );
}

/// Every .py and .rs fixture, with its name.
fn fixture_sources() -> Vec<(String, String)> {
    let mut sources = Vec::new();
    let mut folders = vec![PathBuf::from("fixtures/lint")];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let extension = path.extension().and_then(|ext| ext.to_str());
            if matches!(extension, Some("py") | Some("rs")) {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    let name = path.to_string_lossy().replace('/', "_");
                    sources.push((name, text));
                }
            }
        }
    }
    sources.sort();
    sources
}
