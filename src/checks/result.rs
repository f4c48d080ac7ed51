//! The `result` check: the value the student printed equals the reference's, and was had by
//! doing the work: the same whatever the number of CPUs the program sees, not a constant of the
//! source, passed through what the exercise asks for, and (Python) added up from what the
//! workers sent the main process (see [`super::origin`]).

use regex::Regex;

use super::origin::{Channel, Number, Record};
use super::source::{
    build_time_work, compile_time_work, constant_in_source, constant_pieces, rust_channel,
};
use crate::config::{Exercise, Requirement, ResultFrom};
use crate::lang::Lang;
use crate::msg;
use crate::report::{Check, CheckKind, Details, Language, ResultDetails, Verdict, ViewDetails};

/// What the grader knows of how the program got its result.
pub struct Evidence<'a> {
    pub language: Language,
    /// Python: what crossed between the program's processes (`None`: not recorded).
    pub record: Option<&'a Record>,
    /// The solution's source files, relative path and text.
    pub sources: &'a [(String, String)],
    /// The CPU count of the graded run, and the runs with other CPU counts.
    pub cpus: u32,
    pub views: &'a [View],
}

/// A run of the program that saw another number of CPUs.
#[derive(Debug, Clone)]
pub struct View {
    pub cpus: u32,
    /// The value it printed (`None`: no line matched), or how the run failed.
    pub printed: Result<Option<String>, String>,
}

/// The value printed in `stdout`: the last line the exercise's regex matches, its group named
/// `value` or else its first group.
pub fn read_result(pattern: &Regex, stdout: &str) -> Option<String> {
    stdout
        .lines()
        .rev()
        .find_map(|line| pattern.captures(line))
        .and_then(|captures| captures.name("value").or_else(|| captures.get(1)))
        .map(|value| value.as_str().trim().to_string())
}

/// The hint the course attaches to `value`, a printed result, if any.
pub fn hint_for<'a>(exercise: &'a Exercise, value: &str) -> Option<&'a crate::config::Hint> {
    exercise
        .hints
        .iter()
        .find(|hint| same_value(&hint.result, value))
}

/// Whether two printed values are the same number (or the same text).
pub fn same_value(expected: &str, actual: &str) -> bool {
    if expected == actual {
        return true;
    }
    match (expected.parse::<i128>(), actual.parse::<i128>()) {
        (Ok(expected), Ok(actual)) => expected == actual,
        _ => match (expected.parse::<f64>(), actual.parse::<f64>()) {
            (Ok(expected), Ok(actual)) => expected == actual,
            _ => false,
        },
    }
}

pub fn result_check(
    exercise: &Exercise,
    stdout: &str,
    expected: Option<&str>,
    evidence: &Evidence,
    lang: Lang,
) -> Check {
    let actual = read_result(&exercise.result, stdout);
    let views: Vec<ViewDetails> = evidence
        .views
        .iter()
        .map(|view| ViewDetails {
            cpus: view.cpus,
            actual: view.printed.clone().ok().flatten(),
            failure: view.printed.clone().err(),
        })
        .collect();
    let details = |hint: Option<String>, origin: Option<String>| {
        Details::Result(ResultDetails {
            expected: expected.map(str::to_string),
            actual: actual.clone(),
            hint,
            origin,
            views: views.clone(),
        })
    };
    let Some(expected) = expected else {
        return Check::new(
            CheckKind::Result,
            Verdict::Skipped,
            msg!(lang, "result-no-reference"),
            details(None, None),
        );
    };
    let Some(value) = &actual else {
        let first_line = stdout.lines().find(|line| !line.trim().is_empty());
        let message = match first_line {
            Some(line) => msg!(
                lang,
                "result-none-found",
                pattern = exercise.result.as_str(),
                expected = expected,
                start = shorten(line)
            ),
            None => msg!(
                lang,
                "result-none-printed",
                pattern = exercise.result.as_str(),
                expected = expected
            ),
        };
        return Check::new(
            CheckKind::Result,
            Verdict::Fail,
            message,
            details(None, None),
        );
    };
    if same_value(expected, value) {
        return match how_it_was_had(exercise, value, evidence, lang) {
            Ok(origin) => {
                let message = match &origin {
                    Some(origin) => msg!(
                        lang,
                        "result-pass-origin",
                        value = value.as_str(),
                        origin = origin.as_str()
                    ),
                    None => msg!(lang, "result-pass", value = value.as_str()),
                };
                Check::new(
                    CheckKind::Result,
                    Verdict::Pass,
                    message,
                    details(None, origin),
                )
            }
            Err(why) => Check::new(CheckKind::Result, Verdict::Fail, why, details(None, None)),
        };
    }
    let hint = hint_for(exercise, value).map(|hint| hint.message.clone());
    let mut message = msg!(
        lang,
        "result-wrong",
        expected = expected,
        actual = value.as_str()
    );
    message.push('\n');
    message.push_str(&match &hint {
        Some(hint) => msg!(lang, "result-hint", hint = hint.as_str()),
        // No hint of the course's for this value: where a wrong sum usually comes from.
        None => msg!(lang, "result-try"),
    });
    Check::new(
        CheckKind::Result,
        Verdict::Fail,
        message,
        details(hint, None),
    )
}

/// How a right value was had: `Ok` with where it came from when the grader can tell, `Err`
/// when it was not had by the work the exercise asks for; in `lang`.
fn how_it_was_had(
    exercise: &Exercise,
    value: &str,
    evidence: &Evidence,
    lang: Lang,
) -> Result<Option<String>, String> {
    for view in evidence.views {
        let (seen, printed, failure) = match &view.printed {
            Ok(Some(printed)) if same_value(value, printed) => continue,
            Ok(Some(printed)) => ("printed", printed.as_str(), ""),
            Ok(None) => ("nothing", "", ""),
            Err(failure) => ("failed", "", failure.as_str()),
        };
        return Err(msg!(
            lang,
            "result-cpus-differ",
            cpus = view.cpus,
            seen = seen,
            printed = printed,
            failure = failure,
            graded = evidence.cpus,
            value = value
        ) + "\n"
            + &msg!(lang, "result-cpus-differ-try"));
    }
    if let Some(found) = constant_in_source(evidence.sources, evidence.language, value) {
        return Err(msg!(
            lang,
            "result-constant",
            value = value,
            place = place(&found.file, &[found.line], lang),
            text = found.text.as_str()
        ));
    }
    if let Some(found) = constant_pieces(evidence.sources, evidence.language, value) {
        let mut lines: Vec<u32> = found.pieces.iter().map(|piece| piece.place.line).collect();
        lines.dedup();
        return Err(msg!(
            lang,
            "result-pieces",
            value = value,
            place = place(&found.place.file, &lines, lang),
            sum = found.sum()
        ));
    }
    if evidence.language == Language::Rust {
        if let Some(found) = compile_time_work(evidence.sources) {
            return Err(msg!(
                lang,
                "result-compile-time",
                place = place(&found.file, &[found.line], lang),
                text = found.text.as_str()
            ));
        }
        if let Some(found) = build_time_work(evidence.sources) {
            return Err(msg!(
                lang,
                "result-build-time",
                place = place(&found.file, &[found.line], lang),
                text = found.text.as_str()
            ));
        }
    }
    let mut channel = None;
    if exercise.requires == Some(Requirement::Queue) {
        match (evidence.language, evidence.record) {
            (Language::Python, Some(record)) => {
                record
                    .used_queue(lang)
                    .map_err(|seen| msg!(lang, "result-no-queue", seen = seen))?;
                channel = Some(Channel::Queue);
            }
            (Language::Python, None) => {}
            (Language::Rust, _) => {
                if rust_channel(evidence.sources).is_none() {
                    return Err(msg!(lang, "result-no-channel"));
                }
            }
        }
    }
    match (exercise.result_from, evidence.language, evidence.record) {
        // Where no worker is asked for, the course's `result-from` default cannot ask for
        // values from them.
        (ResultFrom::Workers, Language::Python, Some(record)) if exercise.workers.min > 0 => {
            let Some(number) = Number::parse(value) else {
                return Ok(None);
            };
            if record.incomplete {
                // Too many messages to note them all: no proof either way, and no accusation.
                return Ok(Some(msg!(lang, "origin-not-traced")));
            }
            record
                .origin(number, channel, lang)
                .map(Some)
                .map_err(|why| format!("{why}\n{}", msg!(lang, "origin-try")))
        }
        _ => Ok(None),
    }
}

/// `file` and its `lines`, in `lang`: `cube.py, line 14`, `cube.py, lines 3, 7`.
fn place(file: &str, lines: &[u32], lang: Lang) -> String {
    let shown: Vec<String> = lines.iter().map(u32::to_string).collect();
    msg!(
        lang,
        "result-place",
        file = file,
        count = lines.len(),
        lines = shown.join(", ")
    )
}

fn shorten(line: &str) -> String {
    let mut short: String = line.trim().chars().take(60).collect();
    if line.trim().chars().count() > 60 {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise() -> Exercise {
        exercise_with("")
    }

    /// The exercise with these lines added to its table.
    fn exercise_with(lines: &str) -> Exercise {
        let text = format!(
            r#"
[course]
name = "t"
[exercises.cube]
python = "cube.py"
result = '^result = (?P<value>-?\d+(\.\d+)?)'
{lines}
[[exercises.cube.hints]]
result = "25502500"
message = "range(1, 101) was summed: the exercise asks for range(100)"
"#
        );
        let file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(file.path(), text).expect("write");
        let config = crate::config::Config::load(file.path()).expect("valid");
        config.exercises[0].clone()
    }

    fn plain() -> Evidence<'static> {
        Evidence {
            language: Language::Rust,
            record: None,
            sources: &[],
            cpus: 16,
            views: &[],
        }
    }

    fn result_check(exercise: &Exercise, stdout: &str, expected: Option<&str>) -> Check {
        super::result_check(exercise, stdout, expected, &plain(), Lang::En)
    }

    #[test]
    fn last_matching_line_wins() {
        let check = result_check(
            &exercise(),
            "debug 1\nresult = 5\nresult = 24502500\n",
            Some("24502500"),
        );
        assert_eq!(check.verdict, Verdict::Pass);
    }

    #[test]
    fn known_mistake_gets_its_hint() {
        let check = result_check(&exercise(), "result = 25502500\n", Some("24502500"));
        assert_eq!(check.verdict, Verdict::Fail);
        assert_eq!(
            check.message,
            "expected 24502500, got 25502500\nhint: range(1, 101) was summed: the exercise asks for range(100)"
        );
    }

    #[test]
    fn float_equal_to_the_integer_passes() {
        let check = result_check(&exercise(), "result = 24502500.0\n", Some("24502500"));
        assert_eq!(check.verdict, Verdict::Pass);
    }

    #[test]
    fn missing_line_says_what_to_print() {
        let check = result_check(&exercise(), "24502500\n", Some("24502500"));
        assert_eq!(check.verdict, Verdict::Fail);
        assert!(
            check.message.starts_with("no result found"),
            "{}",
            check.message
        );
        assert!(check.message.contains("the output starts with `24502500`"));
    }

    /// The result check's message on a right result, with this evidence, in `lang`.
    fn verdict(exercise: &Exercise, evidence: &Evidence, lang: Lang) -> String {
        let check = super::result_check(
            exercise,
            "result = 24502500\n",
            Some("24502500"),
            evidence,
            lang,
        );
        check.message
    }

    /// Evidence of these source files, in `language`, with no record and no other view.
    fn sources(language: Language, sources: &[(String, String)]) -> Evidence<'_> {
        Evidence {
            language,
            record: None,
            sources,
            cpus: 16,
            views: &[],
        }
    }

    fn files(files: &[(&str, &str)]) -> Vec<(String, String)> {
        files
            .iter()
            .map(|(file, text)| (file.to_string(), text.to_string()))
            .collect()
    }

    #[test]
    fn a_constant_of_the_source_is_named_with_its_file_and_line() {
        let files = files(&[(
            "cube.py",
            "from multiprocessing import Pool\nEXPECTED_SUM = 24502500\nprint(f\"result = {EXPECTED_SUM}\")\n",
        )]);
        let evidence = sources(Language::Python, &files);
        assert_eq!(
            verdict(&exercise(), &evidence, Lang::En),
            "24502500 is written in the source (cube.py, line 2: `EXPECTED_SUM = 24502500`): the \
             program must compute the result, not print it"
        );
        assert_eq!(
            verdict(&exercise(), &evidence, Lang::Fr),
            "24502500 est écrit dans le code source (cube.py, ligne 2 : `EXPECTED_SUM = \
             24502500`) : le programme doit calculer le résultat, pas l'afficher tout fait"
        );
    }

    #[test]
    fn a_constant_in_pieces_names_every_line_of_its_pieces() {
        let files = files(&[(
            "cube.py",
            "first = 12_000_000\nsecond = 12_502_500\nprint(f\"result = {first + second}\")\n",
        )]);
        let evidence = sources(Language::Python, &files);
        let english = verdict(&exercise(), &evidence, Lang::En);
        assert!(
            english.contains("in pieces (cube.py, lines 1, 2: 12_000_000 + 12_502_500)"),
            "{english}"
        );
        let french = verdict(&exercise(), &evidence, Lang::Fr);
        assert_eq!(
            french,
            "24502500 est écrit en morceaux dans le code source (cube.py, lignes 1, 2 : \
             12_000_000 + 12_502_500) : le programme doit calculer le résultat, pas additionner \
             des nombres écrits dans son code"
        );
    }

    #[test]
    fn a_result_that_changes_with_the_cpus_shown_says_what_each_printed() {
        let views = [View {
            cpus: 3,
            printed: Ok(Some("24502501".to_string())),
        }];
        let evidence = Evidence {
            views: &views,
            ..plain()
        };
        assert_eq!(
            verdict(&exercise(), &evidence, Lang::Fr),
            "avec 3 CPU visibles, le programme a affiché 24502501 ; avec 16 CPU visibles, il a \
             affiché 24502500 : le résultat ne doit pas dépendre du nombre de CPU que voit le \
             programme (la machine qui corrige en a un nombre bien à elle)\n\
             découpez le travail selon les données (`range(100)` en tranches de taille fixe), \
             pas selon le nombre de CPU"
        );
        let views = [View {
            cpus: 1,
            printed: Ok(None),
        }];
        let evidence = Evidence {
            views: &views,
            ..plain()
        };
        assert!(verdict(&exercise(), &evidence, Lang::En).starts_with(
            "with 1 CPU shown, the program printed no result; with 16 CPUs shown, 24502500: the \
             result must not depend on how many CPUs the program sees"
        ));
        assert!(verdict(&exercise(), &evidence, Lang::Fr)
            .starts_with("avec 1 CPU visible, le programme n'a affiché aucun résultat ;"));
    }

    #[test]
    fn work_done_by_the_compiler_or_the_build_script_is_named_with_its_place() {
        let files = files(&[(
            "cube/src/main.rs",
            "const fn total(n: u64) -> u64 { n }\nconst TOTAL: u64 = total(24);\nfn main() {}\n",
        )]);
        let evidence = sources(Language::Rust, &files);
        assert_eq!(
            verdict(&exercise(), &evidence, Lang::Fr),
            "le compilateur calcule le résultat (cube/src/main.rs, ligne 2 : `const TOTAL: u64 = \
             total(24);` appelle une `const fn` de la crate) : le travail doit se faire quand le \
             programme s'exécute, dans ses threads"
        );
        let files = files_of_a_build_script();
        let evidence = sources(Language::Rust, &files);
        let french = verdict(&exercise(), &evidence, Lang::Fr);
        assert!(
            french.starts_with(
                "le script de build calcule le résultat (cube/src/main.rs, ligne 1 : `include!"
            ),
            "{french}"
        );
        assert!(
            french.contains("inclut ce que build.rs a généré"),
            "{french}"
        );
    }

    /// A crate whose program includes what its build script generated.
    fn files_of_a_build_script() -> Vec<(String, String)> {
        files(&[
            (
                "cube/src/main.rs",
                "include!(concat!(env!(\"OUT_DIR\"), \"/cubes.rs\"));\nfn main() {}\n",
            ),
            ("cube/build.rs", "fn main() {}\n"),
        ])
    }

    #[test]
    fn a_missing_queue_or_channel_says_what_the_exercise_asks_for() {
        let queue = exercise_with("requires = \"queue\"\nworkers = { min = 2, max = 4 }");
        let evidence = sources(Language::Rust, &[]);
        assert_eq!(
            verdict(&queue, &evidence, Lang::Fr),
            "l'exercice demande un canal : la crate ne crée aucun canal std::sync::mpsc, \
             crossbeam ou flume sur lequel elle envoie ; les threads envoient leurs valeurs sur \
             un canal, le thread principal les reçoit"
        );
        let pool = Record::parse(
            "{\"p\":10,\"m\":false,\"s\":false,\"k\":\"pool\",\"r\":\"result\",\"v\":[[\"\",1,\"24502500\"]]}\n\
             {\"p\":1,\"m\":true,\"s\":false,\"k\":\"pool\",\"r\":\"result\",\"v\":[[\"\",1,\"24502500\"]]}",
        );
        let evidence = Evidence {
            language: Language::Python,
            record: Some(&pool),
            ..plain()
        };
        assert_eq!(
            verdict(&queue, &evidence, Lang::Fr),
            "l'exercice demande une file de multiprocessing : aucun processus de travail n'a mis \
             quoi que ce soit dans une file ; les valeurs sont revenues par un pool ; les \
             processus de travail mettent leurs valeurs dans une Queue de multiprocessing, le \
             processus principal les y prend"
        );
    }

    #[test]
    fn a_record_too_long_to_trace_is_said_in_french() {
        let workers = exercise_with("workers = { min = 2, max = 4 }");
        let record = Record::parse(
            "{\"p\":1,\"m\":true,\"s\":false,\"k\":\"pool\",\"r\":\"result\",\"v\":[],\"full\":true}",
        );
        let evidence = Evidence {
            language: Language::Python,
            record: Some(&record),
            ..plain()
        };
        assert_eq!(
            verdict(&workers, &evidence, Lang::Fr),
            "24502500, comme attendu : non rattaché aux processus de travail : le programme a \
             échangé plus de messages que l'enregistrement n'en garde"
        );
    }
}
