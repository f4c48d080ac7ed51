//! Python: the entry is compiled (not run) by the interpreter the runs will use.

use std::path::Path;

use super::{Context, Failure, Made, Program};
use crate::discover::Entry;
use crate::lang::Lang;
use crate::msg;
use crate::run::{Exit, Limits, NoObserver};
use crate::text::tail;

/// Compiles the script named by argv[1] and reports the first syntax error as
/// `file:line:column: Kind: message` followed by the offending line.
const CHECK: &str = r#"
import sys
path, shown = sys.argv[1], sys.argv[2]
try:
    with open(path, "rb") as handle:
        source = handle.read()
    compile(source, shown, "exec", dont_inherit=True)
except SyntaxError as error:
    print(f"{shown}:{error.lineno or 0}:{error.offset or 0}: {type(error).__name__}: {error.msg}")
    if error.text:
        print(error.text.rstrip("\n"))
    sys.exit(1)
except (ValueError, UnicodeDecodeError) as error:
    print(f"{shown}:0:0: {type(error).__name__}: {error}")
    sys.exit(1)
"#;

pub(super) fn check(entry: &Entry, folder: &Path, context: &Context) -> std::io::Result<Made> {
    let Some(python) = &context.toolchain.python else {
        return Ok(Made::failed(
            Failure::plain(msg!(context.lang, "build-no-python")),
            Vec::new(),
        ));
    };
    let size = std::fs::metadata(&entry.path)?.len();
    if size > crate::scratch::MAX_SOURCE_BYTES {
        return Ok(Made::failed(
            Failure::plain(msg!(
                context.lang,
                "build-file-too-large",
                file = entry.relative.display().to_string(),
                size = crate::units::format_size(size)
            )),
            Vec::new(),
        ));
    }
    let job_dir = context.scratch.job("python")?;
    let workdir = job_dir.join("work");
    // The solution is its Python files: a data file shipped beside them could hold the
    // answers worked out beforehand.
    let is_python = |path: &Path| path.extension().is_some_and(|extension| extension == "py");
    let left_out = crate::scratch::copy_sources(folder, &workdir, &is_python, "*.py")?;
    let shown = entry.relative.to_string_lossy().into_owned();
    let mut job = crate::launch::Job::new(
        python.clone(),
        vec![
            "-B".into(),
            "-c".into(),
            CHECK.into(),
            shown.clone().into(),
            shown.clone().into(),
        ],
        workdir.clone(),
    );
    job.env = context.toolchain.base_env();
    job.readable = context.toolchain.python_prefix.iter().cloned().collect();
    let limits = Limits {
        timeout: context.timeout,
        output: context.output_limit,
    };
    let outcome = context.launcher.launch(&job, limits, &mut NoObserver)?;
    let result = match outcome.exit {
        Exit::Code(0) => Ok(Program {
            program: python.clone(),
            args: vec!["-B".into(), "-s".into(), shown.into()],
            workdir,
            readable: Vec::new(),
        }),
        Exit::Code(1) => Err(syntax_error(
            &String::from_utf8_lossy(&outcome.stdout.bytes),
            context.lang,
        )),
        _ => Err(Failure::plain(format!(
            "{}{}",
            msg!(
                context.lang,
                "build-check-failed",
                file = shown.as_str(),
                how = outcome.describe(context.lang)
            ),
            match tail(&String::from_utf8_lossy(&outcome.stderr.bytes), 5) {
                quoted if quoted.is_empty() => String::new(),
                quoted => format!(":\n{quoted}"),
            }
        ))),
    };
    Ok(Made {
        result,
        left_out,
        compiled: Vec::new(),
        cpu: outcome.cpu,
    })
}

/// Reads the checker's `file:line:column: Kind: message` line and the source line after it:
/// where the error is, in `lang`, then Python's own words and the line, quoted, then how to see
/// it on the student's machine.
fn syntax_error(report: &str, lang: Lang) -> Failure {
    let mut lines = report.lines();
    let first = lines.next().unwrap_or_default();
    let source_line = lines.next().map(str::trim).filter(|line| !line.is_empty());
    let mut parts = first.splitn(4, ':');
    let file = parts.next().map(str::to_string);
    let line = parts
        .next()
        .and_then(|text| text.parse().ok())
        .filter(|&line| line > 0);
    let column = parts
        .next()
        .and_then(|text| text.parse().ok())
        .filter(|&column| column > 0);
    let what = parts.next().map_or(first, str::trim);
    let place = match (&file, line) {
        (Some(file), Some(line)) => format!("{file}:{line}:{}", column.unwrap_or(1)),
        (Some(file), None) => file.clone(),
        _ => "?".to_string(),
    };
    let mut message = msg!(lang, "build-syntax-error", place = place);
    message.push_str(&format!("\n    {what}"));
    if let Some(source_line) = source_line {
        message.push_str(&format!("\n        {source_line}"));
    }
    if let Some(file) = &file {
        message.push('\n');
        message.push_str(&msg!(lang, "build-syntax-error-try", file = file.as_str()));
    }
    Failure {
        message,
        file,
        line,
        column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_checker_report() {
        let report = "cube.py:4:24: SyntaxError: expected ':'\ndef cube(number)\n";
        let failure = syntax_error(report, Lang::En);
        assert_eq!(failure.file.as_deref(), Some("cube.py"));
        assert_eq!((failure.line, failure.column), (Some(4), Some(24)));
        assert_eq!(
            failure.message,
            "syntax error at cube.py:4:24:\n    SyntaxError: expected ':'\n        def cube(number)\n\
             check it on your machine with `python3 -m py_compile cube.py`"
        );
        let failure = syntax_error(report, Lang::Fr);
        assert_eq!(
            failure.message,
            "erreur de syntaxe à cube.py:4:24 :\n    SyntaxError: expected ':'\n        def cube(number)\n\
             vérifiez-la sur votre machine avec `python3 -m py_compile cube.py`"
        );
    }
}
