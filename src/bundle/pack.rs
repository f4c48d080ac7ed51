//! `grade pack`: the course bundle of a course file, for students to check their work with.
//!
//! The references are built and timed as `grade check` does them (`reference-runs` times each,
//! in the sandbox, watched), this machine is calibrated, and the bundle is written only when
//! every reference built, ran and printed its result: a bundle never holds a half-measured
//! course. It holds no file of the reference folder: only what the references printed and how
//! they ran.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use super::{calibrate, Bundle, Packed};
use crate::checks::seconds;
use crate::config::Config;
use crate::course_check::{languages as languages_of, measure_all, problem, Bench};
use crate::lang::Lang;
use crate::msg;
use crate::report::{Baseline, Language};

/// Packs the course `config` into the bundle `output`, printing each reference and the
/// calibration to `out`: 0 when the bundle is written, 2 when a reference fails (nothing is
/// written then) or the file cannot be.
pub fn pack(config: &Config, output: &Path, out: &mut dyn Write, lang: Lang) -> i32 {
    let heading = msg!(
        lang,
        "pack-references",
        folder = config.course.reference.display().to_string(),
        runs = config.course.reference_runs
    );
    let _ = writeln!(out, "{heading}");
    let failed = |out: &mut dyn Write, problems: usize| {
        let _ = writeln!(out, "\n{}", msg!(lang, "pack-problem", problems = problems));
        crate::app::EXIT_ERROR
    };
    let bench = match Bench::prepare(config, lang) {
        Ok(bench) => bench,
        Err(why) => {
            let problems = problem(out, &why, lang);
            return failed(out, problems);
        }
    };
    // This machine is calibrated before the references and again after them: its speed drifts
    // (other virtual machines on the same host slow it by a third for seconds at a time), and
    // the fastest runs of both rounds are nearest to the speed the references were timed at.
    // Rounds far apart mean it drifted while it was measured: the instructor is told to pack
    // again.
    let mut languages: Vec<Language> = Vec::new();
    for language in config.exercises.iter().flat_map(languages_of) {
        if !languages.contains(&language) {
            languages.push(language);
        }
    }
    let python = bench.toolchain.python.as_deref();
    let before = calibrate::measure(&languages, python);
    let describe = |baseline: &Baseline, share: Option<f64>| describe(baseline, share, lang);
    let (mut problems, measured) =
        measure_all(config, &bench.context(config, lang), out, lang, &describe);
    // A baseline that had to keep slowed runs (the machine was never quiet for long) is too
    // long, and the students' limits with it.
    for (baseline, _) in &measured {
        let slowed = baseline
            .attempts
            .iter()
            .filter(|attempt| attempt.contaminated)
            .count();
        let kept_slowed = baseline.attempts.len() - slowed < baseline.runs as usize;
        if kept_slowed {
            let line = msg!(
                lang,
                "pack-reference-slowed",
                exercise = baseline.exercise.as_str(),
                language = baseline.language.name(),
                slowed = slowed,
                tries = baseline.attempts.len()
            );
            let _ = writeln!(out, "{line}");
        }
    }
    let rounds = before.and_then(|before| Ok((before, calibrate::measure(&languages, python)?)));
    let calibration = match rounds {
        Ok((before, after)) => {
            let calibration = before.with(&after);
            let _ = writeln!(out, "{}", calibration_line(&calibration, lang));
            let gap = before.gap(&after);
            if gap > calibrate::STEADY {
                let percent = format!("{:.0}", gap * 100.0);
                let _ = writeln!(
                    out,
                    "{}",
                    msg!(lang, "pack-machine-busy", percent = percent)
                );
            }
            Some(calibration)
        }
        Err(why) => {
            problems += problem(
                out,
                &msg!(lang, "bundle-calibration-failed", why = why),
                lang,
            );
            None
        }
    };
    let (Some(calibration), 0) = (calibration, problems) else {
        return failed(out, problems);
    };
    let course = match std::fs::read_to_string(&config.path) {
        Ok(course) => course,
        Err(err) => {
            let why = msg!(lang, "config-unreadable", reason = err.to_string());
            let problems = problem(out, &format!("{}: {why}", config.path.display()), lang);
            return failed(out, problems);
        }
    };
    let course_file = config.path.file_name().map_or_else(
        || crate::config::FILE_NAME.to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let references = measured
        .into_iter()
        .map(|(baseline, cpu_share)| Packed {
            baseline: Baseline {
                // Offsets into this session: meaningless in a student's.
                timeline: Vec::new(),
                ..baseline
            },
            cpu_share,
        })
        .collect();
    let bundle = Bundle::new(&course_file, course, references, calibration);
    let text = bundle.to_text();
    let file = output.display().to_string();
    if let Err(err) = write_whole(output, text.as_bytes()) {
        let why = msg!(
            lang,
            "pack-unwritable",
            file = file,
            reason = err.to_string()
        );
        let _ = writeln!(out, "{}", msg!(lang, "course-check-error", why = why));
        return crate::app::EXIT_ERROR;
    }
    let size = crate::units::format_size(text.len() as u64);
    let _ = writeln!(
        out,
        "\n{}",
        msg!(lang, "pack-written", file = file, size = size)
    );
    crate::app::EXIT_PASS
}

/// A packed reference, for people: its result, median time and spread, and how busy it kept a
/// CPU.
pub fn describe(baseline: &Baseline, cpu_share: Option<f64>, lang: Lang) -> String {
    let times = || baseline.attempts.iter().map(|attempt| attempt.elapsed_ms);
    let time = |ms: u64| seconds(Duration::from_millis(ms));
    let busy = cpu_share.map_or_else(String::new, |share| {
        msg!(lang, "pack-busy", ratio = format!("{share:.2}"))
    });
    msg!(
        lang,
        "pack-reference",
        result = baseline.result.as_deref().unwrap_or("-"),
        elapsed = time(baseline.elapsed_ms),
        fastest = time(times().min().unwrap_or(baseline.elapsed_ms)),
        slowest = time(times().max().unwrap_or(baseline.elapsed_ms)),
        busy = busy
    )
}

/// The calibration's figures, for people: `Python 98 ms, native 21 ms`.
fn calibration_line(calibration: &calibrate::Calibration, lang: Lang) -> String {
    let figures = [
        ("Python".to_string(), &calibration.python),
        (msg!(lang, "pack-native"), &calibration.native),
    ];
    let shown: Vec<String> = figures
        .iter()
        .filter_map(|(name, figure)| {
            let figure = figure.as_ref()?;
            Some(format!(
                "{name} {}",
                seconds(Duration::from_micros(figure.fastest_us))
            ))
        })
        .collect();
    let runs = figures
        .iter()
        .find_map(|(_, figure)| figure.as_ref())
        .map_or(0, |figure| figure.runs_us.len());
    msg!(
        lang,
        "pack-calibration",
        runs = runs,
        figures = shown.join(", ")
    )
}

/// Writes `bytes` to `path` whole or not at all: a bundle cut short by a full disk or a kill is
/// never left where students would pick it up.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(folder)?;
    file.write_all(bytes)?;
    // Readable by all, as a file written with the usual umask: it is handed out.
    std::fs::set_permissions(
        file.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )?;
    file.as_file().sync_all()?;
    file.persist(path).map(|_| ()).map_err(|err| err.error)
}
