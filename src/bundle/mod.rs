//! The course bundle: what a student's self-check needs of the course, without its solutions.
//!
//! `grade pack` (see [`pack`]) times the references as grading does and writes one JSON file:
//! the course file as written, each reference's printed result, times and workers figures, and
//! a [`Calibration`] of the instructor's machine. `grade .` in a student's folder reads it as it
//! reads `grader.toml` ([`Bundle::read`]): each reference's result and time come from it, and a
//! time is scaled by how much slower or faster this machine is ([`Bundle::baselines`]).
//!
//! A bundle is refused when its format or the grader that packed it differ from this one's
//! (their figures are not comparable), or when its digest does not match its content (edited by
//! hand). The digest is a checksum, not a signature: a student can always rewrite a bundle and
//! its digest, which fools only their own self-check, never the instructor's run.

pub mod calibrate;
pub mod pack;

use serde::{Deserialize, Serialize};

pub use calibrate::Calibration;

use crate::lang::Lang;
use crate::msg;
use crate::reference::Measured;
use crate::report::{Baseline, Estimate, Language};

/// The file looked for beside `grader.toml`, and written by `grade pack` unless `-o` says.
pub const FILE_NAME: &str = "grader.bundle.json";

/// The layout of the file and the calibration workload; a bundle of another is refused. Bumped
/// whenever either changes: figures of two workloads do not compare.
pub const FORMAT: u32 = 1;

/// The grader that packs or reads a bundle: its version, and how it was built (a debug build
/// runs the calibration's native work several times slower, so its figures compare only with
/// another debug build's).
pub fn grader_identity() -> String {
    let version = env!("CARGO_PKG_VERSION");
    if cfg!(debug_assertions) {
        format!("{version} (debug build)")
    } else {
        version.to_string()
    }
}

/// A course bundle, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: u32,
    /// [`grader_identity`] of the grader that packed it.
    pub grader: String,
    /// The name of the course file it was packed from (`grader.toml`), for messages.
    pub course_file: String,
    /// The course file's text, as the instructor wrote it.
    pub course: String,
    /// Each reference that was timed, in the course's order of exercises.
    pub references: Vec<Packed>,
    /// The instructor's machine, on the calibration workload.
    pub calibration: Calibration,
    /// SHA-256 of the bundle with this field empty, in hex.
    pub digest: String,
}

/// One reference, as timed when the bundle was packed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Packed {
    /// Its baseline: result, median time, every timing, workers figures.
    pub baseline: Baseline,
    /// The share of a CPU it kept busy (CPU time over wall time), when its cgroup counted it:
    /// how much of its time depends on the machine's speed, and how the scheduler places the
    /// students' runs of the exercise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_share: Option<f64>,
}

/// A reference's baseline on this machine, from the bundle.
pub struct Given {
    pub exercise: String,
    pub language: Language,
    pub measured: Measured,
    pub cpu_share: Option<f64>,
}

impl Bundle {
    /// A bundle of `references` and `calibration`, with its digest.
    pub fn new(
        course_file: &str,
        course: String,
        references: Vec<Packed>,
        calibration: Calibration,
    ) -> Bundle {
        let mut bundle = Bundle {
            format: FORMAT,
            grader: grader_identity(),
            course_file: course_file.to_string(),
            course,
            references,
            calibration,
            digest: String::new(),
        };
        bundle.digest = bundle.content_digest();
        bundle
    }

    /// Whether `text` is a bundle rather than a course file: a JSON object (a TOML file cannot
    /// start with `{`).
    pub fn looks_like(text: &str) -> bool {
        text.trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
    }

    /// The bundle in `text`; refused, with what to do, when it is not one this grader can use
    /// (the caller names the file).
    pub fn read(text: &str, lang: Lang) -> Result<Bundle, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|err| {
            msg!(
                lang,
                "bundle-not-json",
                line = err.line(),
                reason = err.to_string()
            )
        })?;
        // The format and the grader first: another version's bundle may not parse as ours.
        let format = value.get("format").and_then(serde_json::Value::as_u64);
        let grader = value.get("grader").and_then(serde_json::Value::as_str);
        let (Some(format), Some(grader)) = (format, grader) else {
            return Err(msg!(lang, "bundle-not-a-bundle"));
        };
        if format != u64::from(FORMAT) || grader != grader_identity() {
            // Two builds of one version may differ in format alone: then it is said.
            let (packed, ours) = if format == u64::from(FORMAT) {
                (grader.to_string(), grader_identity())
            } else {
                (
                    msg!(lang, "bundle-format", grader = grader, format = format),
                    msg!(
                        lang,
                        "bundle-format",
                        grader = grader_identity(),
                        format = FORMAT
                    ),
                )
            };
            return Err(msg!(
                lang,
                "bundle-other-grader",
                packed = packed,
                ours = ours
            ));
        }
        let bundle: Bundle = serde_json::from_value(value)
            .map_err(|err| msg!(lang, "bundle-edited", reason = err.to_string()))?;
        if bundle.digest != bundle.content_digest() {
            return Err(msg!(
                lang,
                "bundle-edited",
                reason = msg!(lang, "bundle-digest-differs")
            ));
        }
        Ok(bundle)
    }

    /// The bundle as a file's text.
    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a bundle serializes");
        text.push('\n');
        text
    }

    /// SHA-256 of the bundle with an empty digest, as compact JSON.
    fn content_digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let unsigned = Bundle {
            digest: String::new(),
            ..self.clone()
        };
        let bytes = serde_json::to_vec(&unsigned).expect("a bundle serializes");
        Sha256::digest(&bytes)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// The languages whose references the bundle holds.
    pub fn languages(&self) -> Vec<Language> {
        let mut languages: Vec<Language> = Vec::new();
        for packed in &self.references {
            if !languages.contains(&packed.baseline.language) {
                languages.push(packed.baseline.language);
            }
        }
        languages
    }

    /// Each reference's baseline on a machine whose calibration is `here`: the result as
    /// packed, the time scaled (see [`estimate`]).
    pub fn baselines(&self, here: &Calibration) -> Vec<Given> {
        self.references
            .iter()
            .map(|packed| {
                let baseline = &packed.baseline;
                let machine = here.ratio(&self.calibration, baseline.language);
                let estimate = estimate(baseline.elapsed_ms, machine, packed.cpu_share);
                Given {
                    exercise: baseline.exercise.clone(),
                    language: baseline.language,
                    measured: Ok(Baseline {
                        elapsed_ms: estimate.elapsed_ms(),
                        estimate: Some(estimate),
                        // The instructor's timeline means nothing in this session.
                        timeline: Vec::new(),
                        ..baseline.clone()
                    }),
                    cpu_share: packed.cpu_share,
                }
            })
            .collect()
    }
}

/// A reference's time on this machine: the `measured_ms` of the instructor's machine, scaled by
/// how much slower (above 1) or faster this machine is at the calibration (`machine`), in the
/// measure the reference keeps a CPU busy. A reference that mostly sleeps (the course's demo
/// sleeps 1 s per item) takes as long anywhere: only its busy share is scaled. Without a CPU
/// figure, all of it is.
pub fn estimate(measured_ms: u64, machine: f64, cpu_share: Option<f64>) -> Estimate {
    let busy = cpu_share.map_or(1.0, |share| share.clamp(0.0, 1.0));
    Estimate {
        measured_ms,
        machine,
        scale: 1.0 + (machine - 1.0) * busy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calibration(python_us: u64, native_us: u64) -> Calibration {
        Calibration {
            python: Some(calibrate::Figure {
                fastest_us: python_us,
                runs_us: vec![python_us],
            }),
            native: Some(calibrate::Figure {
                fastest_us: native_us,
                runs_us: vec![native_us],
            }),
        }
    }

    fn bundle() -> Bundle {
        let baseline = |exercise: &str, language, elapsed_ms| Baseline {
            exercise: exercise.to_string(),
            language,
            result: Some("24502500".to_string()),
            elapsed_ms,
            runs: 3,
            attempts: Vec::new(),
            timeline: Vec::new(),
            workers: None,
            estimate: None,
        };
        Bundle::new(
            "grader.toml",
            "[course]\nname = \"t\"\n".to_string(),
            vec![
                Packed {
                    baseline: baseline("cube", Language::Python, 100),
                    cpu_share: Some(1.6),
                },
                Packed {
                    baseline: baseline("pool", Language::Python, 2000),
                    cpu_share: Some(0.05),
                },
                Packed {
                    baseline: baseline("cube", Language::Rust, 10),
                    cpu_share: None,
                },
            ],
            calibration(100_000, 20_000),
        )
    }

    #[test]
    fn a_bundle_reads_back_as_written() {
        let bundle = bundle();
        let read = Bundle::read(&bundle.to_text(), Lang::En).expect("reads");
        assert_eq!(read, bundle);
    }

    #[test]
    fn an_edited_bundle_is_refused_and_named() {
        let text = bundle()
            .to_text()
            .replace("\"elapsed_ms\": 100", "\"elapsed_ms\": 900");
        let err = Bundle::read(&text, Lang::En).expect_err("edited");
        assert!(err.contains("changed after it was packed"), "{err}");
    }

    #[test]
    fn another_graders_bundle_is_refused_with_both_versions() {
        let text = bundle().to_text().replace(&grader_identity(), "0.0.1");
        let err = Bundle::read(&text, Lang::En).expect_err("other");
        assert!(
            err.contains("0.0.1") && err.contains(&grader_identity()),
            "{err}"
        );
    }

    #[test]
    fn another_format_of_the_same_grader_is_refused_saying_so() {
        let text = bundle().to_text().replacen(
            &format!("\"format\": {FORMAT}"),
            &format!("\"format\": {}", FORMAT + 1),
            1,
        );
        let err = Bundle::read(&text, Lang::En).expect_err("other format");
        assert!(
            err.contains(&format!("bundle format {}", FORMAT + 1))
                && err.contains(&format!("bundle format {FORMAT}")),
            "{err}"
        );
    }

    #[test]
    fn a_file_that_is_not_json_gets_its_line() {
        let err = Bundle::read("{\n\"format\": 1,\n oops", Lang::En).expect_err("not json");
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn times_scale_by_the_share_the_reference_keeps_a_cpu_busy() {
        let bundle = bundle();
        // This machine is twice as slow on Python's calibration, as fast on the native one.
        let given = bundle.baselines(&calibration(200_000, 20_000));
        let times: Vec<u64> = given
            .iter()
            .map(|given| given.measured.as_ref().expect("ok").elapsed_ms)
            .collect();
        // CPU-bound: twice as long; sleeps 95% of the time: 5% longer; native: as long.
        assert_eq!(times, [200, 2100, 10]);
        let estimate = given[1]
            .measured
            .as_ref()
            .expect("ok")
            .estimate
            .expect("estimate");
        assert_eq!((estimate.measured_ms, estimate.machine), (2000, 2.0));
    }
}
